import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import type { ScanVault } from '../../shared/crypto/scan-vault.js';
import type { PageRepository } from '../../shared/db/repositories/page.repository.js';
import type { ScanRepository } from '../../shared/db/repositories/scan.repository.js';
import { AppError } from '../../shared/errors.js';
import { MAX_PACK_PAGES } from '../../shared/evidence/manifest.js';
import {
  assembleEvidencePack,
  selectPackPages,
  type EvidencePack,
  type PackPage,
} from '../../shared/evidence/pack.js';
import { screenshotSource, snapshotKind } from '../../shared/evidence/snapshot-file.js';
import type { Logger } from '../../shared/log.js';
import { renderReportCsv } from '../../shared/report/report.csv.js';
import { renderReportHtml } from '../../shared/report/report.html.js';
import type { ReportBrowserLauncher } from './report-pdf.js';
import type { Caller, ScanService } from './scan.service.js';
import { drawSnapshots, type ScreenshotOptions } from './snapshot-screenshots.js';

/**
 * The evidence pack of a scan (shared/evidence): the report in every rendering, each page with a
 * finding exactly as fetched, a picture of each drawn offline from that copy, a cover page and a
 * manifest of hashes. The API, the web pages and the CLI all make it here. Making one is recorded in
 * the audit log (`scan.export`) before anything is read, and another organisation's scan is a 404.
 */
export interface EvidenceServiceDeps {
  scans: ScanService;
  scanRows: ScanRepository;
  pages: PageRepository;
  vault: ScanVault;
  catalog: Catalog;
  /** The report's HTML printed to PDF (report-pdf.ts). */
  renderPdf(html: string): Promise<Uint8Array>;
  /** A sealed Chromium for the screenshots, launched only when a pack is made. */
  launchBrowser: ReportBrowserLauncher;
  log: Logger;
  screenshots?: ScreenshotOptions;
  /** At most this many pages per pack (MAX_PACK_PAGES). */
  maxPages?: number;
  now?: () => Date;
}

export class EvidenceService {
  /** Each pack runs Chromium: one at a time per process, however many callers ask. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: EvidenceServiceDeps) {}

  /** The pack as bytes, with its file name and manifest. */
  exportPack(id: string, caller: Caller): Promise<EvidencePack> {
    const run = this.#queue.then(() => this.#export(id, caller));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #export(id: string, caller: Caller): Promise<EvidencePack> {
    const { deps } = this;
    const started = Date.now();
    const createdAt = deps.now?.() ?? new Date();
    // Tenancy and the audit entry first: nothing of the scan is opened for a caller who may not see it.
    const report = await deps.scans.report(id, caller, 'scan.export');
    const scan = await deps.scanRows.get(id);
    if (!scan) throw new AppError('SCAN_NOT_FOUND', `no scan with id ${id}`);

    const limit = deps.maxPages ?? MAX_PACK_PAGES;
    const selection = selectPackPages(report.findings, limit);
    const stored: Array<Omit<PackPage, 'screenshot' | 'screenshotCutAtPx'>> = [];
    for (const { pageId, findingIds } of selection.pages) {
      const page = await deps.pages.get(pageId);
      // A page of another scan never joins the pack, whatever a report says.
      if (!page || page.scan_id !== id || !page.sealed_snapshot || !page.content_sha256 || !page.fetched_at)
        continue;
      const source = deps.catalog.has(page.source_id) ? deps.catalog.get(page.source_id) : undefined;
      stored.push({
        pageId,
        url: deps.vault.open<string>(scan, page.sealed_url),
        sourceId: page.source_id,
        sourceName: source?.name ?? page.source_id,
        fetchedAt: new Date(page.fetched_at).toISOString(),
        httpStatus: page.http_status,
        contentSha256: page.content_sha256,
        body: deps.vault.openText(scan, page.sealed_snapshot),
        findingIds,
      });
    }

    const drawing = Date.now();
    const pictures = await drawSnapshots(
      deps.launchBrowser,
      stored.map((page) => ({
        pageId: page.pageId,
        html: screenshotSource(page.body, snapshotKind(page.body)),
      })),
      deps.log,
      deps.screenshots,
    );
    const drawMs = Date.now() - drawing;
    const html = renderReportHtml(report);
    // Printed paper cannot be clicked open: the PDF shows every finding's content.
    const printing = Date.now();
    const pdf = await deps.renderPdf(renderReportHtml(report, { revealAll: true }));
    const printMs = Date.now() - printing;
    const pack = assembleEvidencePack({
      scannerVersion: report.scannerVersion,
      scanId: id,
      createdAt,
      requestedVia: report.scan.mode,
      report: { json: `${JSON.stringify(report, null, 2)}\n`, html, pdf, csv: renderReportCsv(report) },
      pages: stored.map((page) => {
        const picture = pictures.get(page.pageId);
        return { ...page, screenshot: picture?.png ?? null, screenshotCutAtPx: picture?.cutAtPx ?? null };
      }),
      pagesWithFindings: selection.withFindings,
      limit,
    });
    deps.log.info(
      {
        scanId: id,
        pages: stored.length,
        screenshots: pictures.size,
        bytes: pack.bytes.byteLength,
        ms: Date.now() - started,
        drawMs,
        printMs,
      },
      'evidence pack made',
    );
    return pack;
  }
}

/**
 * Writes a scan's evidence pack into `outDir` (readable by its owner only) and says where: what the
 * CLI's `--evidence` calls after a local scan.
 */
export async function writeEvidencePack(
  evidence: EvidenceService,
  scanId: string,
  caller: Caller,
  outDir: string,
): Promise<{ path: string; bytes: number; manifestSha256: string }> {
  const pack = await evidence.exportPack(scanId, caller);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, pack.fileName);
  await writeFile(path, pack.bytes, { mode: 0o600 });
  return { path, bytes: pack.bytes.byteLength, manifestSha256: pack.manifestSha256 };
}
