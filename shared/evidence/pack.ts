import { zipSync, type Zippable } from 'fflate';
import { coverText, COVER_PATH } from './cover.js';
import {
  describeFile,
  MANIFEST_PATH,
  MANIFEST_VERSION,
  PAGE_SELECTION_RULE,
  pageSelectionDescription,
  serialiseManifest,
  sha256Hex,
  type EvidenceManifest,
  type ManifestFile,
  type ManifestPage,
} from './manifest.js';
import { screenshotPath, snapshotKind, snapshotPath } from './snapshot-file.js';

/**
 * The evidence pack as bytes, from what the service gathered: a pure function (no clock, no disk),
 * so the same input always gives the same ZIP and tests can check every byte of it.
 */

/** The report findings as far as the pack needs them: which pages hold each one. */
export interface FindingPages {
  id: string;
  pageId: string;
  archivedCopies: ReadonlyArray<{ pageId: string }>;
}

/**
 * Which pages go into the pack: every page holding a finding (its own page, then the archived copies
 * of the same post), in the report's order (most severe first), at most `limit`.
 */
export function selectPackPages(
  findings: readonly FindingPages[],
  limit: number,
): { pages: Array<{ pageId: string; findingIds: string[] }>; withFindings: number } {
  const byPage = new Map<string, string[]>();
  for (const finding of findings) {
    for (const pageId of [finding.pageId, ...finding.archivedCopies.map((copy) => copy.pageId)]) {
      const ids = byPage.get(pageId) ?? [];
      if (!ids.includes(finding.id)) ids.push(finding.id);
      byPage.set(pageId, ids);
    }
  }
  const pages = [...byPage].map(([pageId, findingIds]) => ({ pageId, findingIds }));
  return { pages: pages.slice(0, Math.max(0, limit)), withFindings: pages.length };
}

export interface PackPage {
  pageId: string;
  url: string;
  sourceId: string;
  sourceName: string;
  /** UTC, ISO 8601. */
  fetchedAt: string;
  httpStatus: number | null;
  /** As stored when the page was fetched; the snapshot must hash to it. */
  contentSha256: string;
  /** The page as fetched. */
  body: string;
  /** A PNG drawn from `body`, or null when it could not be drawn. */
  screenshot: Uint8Array | null;
  /** Set when the picture shows only the top of a long page. */
  screenshotCutAtPx: number | null;
  findingIds: string[];
}

export interface PackInput {
  scannerVersion: string;
  scanId: string;
  createdAt: Date;
  requestedVia: 'service' | 'local';
  report: { json: string; html: string; pdf: Uint8Array; csv: string };
  pages: readonly PackPage[];
  /** How many pages of the scan have findings, before the bound. */
  pagesWithFindings: number;
  limit: number;
}

export interface EvidencePack {
  fileName: string;
  bytes: Uint8Array;
  manifest: EvidenceManifest;
  /** SHA-256 of manifest.json: what a reader keeps apart from the pack to check the manifest itself. */
  manifestSha256: string;
}

/** Thrown when a stored page no longer hashes to the SHA-256 stored with it: no pack is better than a false one. */
export class EvidenceIntegrityError extends Error {
  override name = 'EvidenceIntegrityError';
}

const STORED = { level: 0 } as const;
const DEFLATED = { level: 6 } as const;

export function assembleEvidencePack(input: PackInput): EvidencePack {
  const createdAt = input.createdAt.toISOString();
  const encoder = new TextEncoder();
  const entries: Array<{ path: string; content: Uint8Array; compress: boolean }> = [];
  const add = (path: string, content: Uint8Array | string, compress = true) =>
    entries.push({
      path,
      content: typeof content === 'string' ? encoder.encode(content) : content,
      compress,
    });

  const pages: ManifestPage[] = [];
  const pageFiles: typeof entries = [];
  const screenshots: typeof entries = [];
  for (const page of input.pages) {
    const content = encoder.encode(page.body);
    if (sha256Hex(content) !== page.contentSha256) {
      throw new EvidenceIntegrityError(
        `page ${page.pageId} of scan ${input.scanId} no longer matches the SHA-256 stored when it was fetched`,
      );
    }
    const kind = snapshotKind(page.body);
    const snapshot = snapshotPath(page.pageId, kind);
    pageFiles.push({ path: snapshot, content, compress: true });
    const screenshot = page.screenshot ? screenshotPath(page.pageId) : null;
    if (page.screenshot && screenshot)
      screenshots.push({ path: screenshot, content: page.screenshot, compress: false });
    pages.push({
      pageId: page.pageId,
      url: page.url,
      sourceId: page.sourceId,
      sourceName: page.sourceName,
      fetchedAt: page.fetchedAt,
      httpStatus: page.httpStatus,
      contentSha256: page.contentSha256,
      mediaType: kind.mediaType,
      snapshot,
      screenshot,
      screenshotCutAtPx: screenshot ? page.screenshotCutAtPx : null,
      findingIds: page.findingIds,
    });
  }

  const omitted = Math.max(0, input.pagesWithFindings - pages.length);
  add(
    COVER_PATH,
    coverText({
      scannerVersion: input.scannerVersion,
      scanId: input.scanId,
      createdAt,
      requestedVia: input.requestedVia,
      pages: pages.length,
      screenshots: screenshots.length,
      omitted,
      limit: input.limit,
    }),
  );
  add('report.json', input.report.json);
  add('report.html', input.report.html);
  add('report.pdf', input.report.pdf, false);
  add('report.csv', input.report.csv);
  entries.push(...pageFiles, ...screenshots);

  const files: ManifestFile[] = entries.map((entry) => describeFile(entry.path, entry.content));
  const manifest: EvidenceManifest = {
    manifestVersion: MANIFEST_VERSION,
    scannerVersion: input.scannerVersion,
    scanId: input.scanId,
    createdAt,
    hashAlgorithm: 'sha256',
    pageSelection: {
      rule: PAGE_SELECTION_RULE,
      description: pageSelectionDescription(input.limit),
      pagesWithFindings: input.pagesWithFindings,
      included: pages.length,
      omitted,
      limit: input.limit,
    },
    pages,
    files,
  };
  const manifestBytes = serialiseManifest(manifest);

  const zippable: Zippable = {};
  const mtime = input.createdAt;
  for (const entry of entries) {
    zippable[entry.path] = [entry.content, { ...(entry.compress ? DEFLATED : STORED), mtime }];
  }
  zippable[MANIFEST_PATH] = [manifestBytes, { ...DEFLATED, mtime }];
  return {
    fileName: packFileName(input.scanId, input.createdAt),
    bytes: zipSync(zippable),
    manifest,
    manifestSha256: sha256Hex(manifestBytes),
  };
}

/** `exposure-evidence-<scan id>-20261125T083314Z.zip`: sortable, and nothing in it names the person. */
export function packFileName(scanId: string, createdAt: Date): string {
  const stamp = createdAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `exposure-evidence-${scanId}-${stamp}.zip`;
}
