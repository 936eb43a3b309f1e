import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/log.js';
import type { JobSink } from '../../shared/queue/jobs.js';
import type { Runtime } from '../../shared/runtime.js';
import { EvidenceService } from './evidence-pack.js';
import { chromiumReportLauncher, ReportPdfRenderer, type ReportBrowserLauncher } from './report-pdf.js';
import { ScanService } from './scan.service.js';

export { openRuntime, type Runtime, type RuntimeOptions } from '../../shared/runtime.js';

export function createScanService(
  runtime: Runtime,
  options: { jobs: JobSink; log: Logger; mode: 'local' | 'service'; config: Config },
): ScanService {
  return new ScanService({
    ...runtime.repositories,
    catalog: runtime.catalog,
    vault: runtime.vault,
    jobs: options.jobs,
    log: options.log,
    mode: options.mode,
    retentionDays: options.config.retentionDays,
    proxyConfigured: Boolean(options.config.proxy),
  });
}

/** The sealed Chromium for PDFs and evidence pictures, as configured; it starts only when asked for. */
export function reportBrowserLauncher(config: Pick<Config, 'browserExecutablePath'>): ReportBrowserLauncher {
  return chromiumReportLauncher(
    config.browserExecutablePath ? { executablePath: config.browserExecutablePath } : {},
  );
}

/**
 * Evidence packs for the API, the web pages and the CLI. Chromium (screenshots, the PDF) starts only
 * when a pack is made; `pdf` shares a PDF renderer's concurrency bound with the caller's other PDFs.
 */
export function createEvidenceService(
  runtime: Runtime,
  options: { scans: ScanService; log: Logger; config: Config; pdf?: ReportPdfRenderer },
): EvidenceService {
  const { config } = options;
  const launchBrowser = reportBrowserLauncher(config);
  const pdf = options.pdf ?? new ReportPdfRenderer(launchBrowser);
  return new EvidenceService({
    scans: options.scans,
    scanRows: runtime.repositories.scans,
    pages: runtime.repositories.pages,
    vault: runtime.vault,
    catalog: runtime.catalog,
    renderPdf: (html) => pdf.render(html),
    launchBrowser,
    log: options.log,
  });
}
