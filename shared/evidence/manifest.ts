import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The evidence pack's manifest: what the pack holds, where each page came from, and the SHA-256 of
 * every other file in it, so anyone can check that nothing was changed after the pack was made
 * (`exposure-scanner verify`, or any sha256 tool by hand). It names pages by id and URL; the person's
 * identifiers are never in it.
 */

export const MANIFEST_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

/** Which pages a pack holds: those with at least one finding, most severe first, at most this many. */
export const PAGE_SELECTION_RULE = 'pages-with-findings';
export const MAX_PACK_PAGES = 200;

/**
 * Paths inside the pack: plain relative names, so an unpacking tool cannot be led outside its folder
 * and a reader can type them.
 */
const packPath = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/, 'a relative path of plain names')
  .refine((path) => !path.split('/').includes('..'), 'must not climb out of the pack');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
const utcTimestamp = z.iso.datetime({ offset: false });

export const manifestPageSchema = z.strictObject({
  pageId: z.string().min(1),
  url: z.string(),
  sourceId: z.string(),
  sourceName: z.string(),
  /** When the scanner received the page, UTC. */
  fetchedAt: utcTimestamp,
  /** What the server answered; null for pages fetched before the scanner recorded it. */
  httpStatus: z.number().int().min(100).max(599).nullable(),
  /** SHA-256 of the page as fetched: the same value the report gives, and the hash of `snapshot`. */
  contentSha256: sha256,
  /** What the page is (text/html, application/json, text/plain), read from its content. */
  mediaType: z.string(),
  snapshot: packPath,
  /** The page as Chromium drew it from the snapshot, offline; null when it could not be drawn. */
  screenshot: packPath.nullable(),
  /** The page was taller than a picture may be: the screenshot shows its top this many CSS pixels. */
  screenshotCutAtPx: z.number().int().positive().nullable(),
  /** The report's findings on this page (report.json `findings[].id`). */
  findingIds: z.array(z.string()),
});
export type ManifestPage = z.infer<typeof manifestPageSchema>;

export const manifestFileSchema = z.strictObject({
  path: packPath,
  sha256,
  bytes: z.number().int().min(0),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const manifestSchema = z.strictObject({
  manifestVersion: z.literal(MANIFEST_VERSION),
  scannerVersion: z.string(),
  scanId: z.string(),
  createdAt: utcTimestamp,
  hashAlgorithm: z.literal('sha256'),
  pageSelection: z.strictObject({
    rule: z.literal(PAGE_SELECTION_RULE),
    description: z.string(),
    /** Pages of the scan with findings, included or not. */
    pagesWithFindings: z.number().int().min(0),
    included: z.number().int().min(0),
    /** Left out by the bound below (the least severe go first). */
    omitted: z.number().int().min(0),
    limit: z.number().int().positive(),
  }),
  pages: z.array(manifestPageSchema),
  /** Every file of the pack but this manifest, in the order they are stored. */
  files: z.array(manifestFileSchema),
});
export type EvidenceManifest = z.infer<typeof manifestSchema>;

export function sha256Hex(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

export function describeFile(path: string, content: Uint8Array): ManifestFile {
  return { path, sha256: sha256Hex(content), bytes: content.byteLength };
}

export function pageSelectionDescription(limit: number): string {
  return (
    `Every fetched page of the scan that has at least one finding, most severe first, up to ${limit} pages. ` +
    'Pages fetched without a finding are not included.'
  );
}

/** The manifest as stored in the pack: stable key order, two-space indent, a final newline. */
export function serialiseManifest(manifest: EvidenceManifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifestSchema.parse(manifest), null, 2)}\n`);
}
