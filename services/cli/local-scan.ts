import type { SourceOverrides } from '../../shared/catalog/catalog.schema.js';
import type { Config } from '../../shared/config.js';
import type { ScanRequest } from '../../shared/domain/scan.js';
import type { Logger } from '../../shared/log.js';
import { InlineJobRunner } from '../../shared/queue/inline.runner.js';
import type { QueueName } from '../../shared/queue/jobs.js';
import type { Report } from '../../shared/report/report.schema.js';
import type { EscalationCounters } from '../../workers/fetchers/escalating.fetcher.js';
import { createProcessors } from '../../workers/processors/index.js';
import { writeEvidencePack } from '../core/evidence-pack.js';
import { ReportPdfRenderer } from '../core/report-pdf.js';
import {
  createEvidenceService,
  createScanService,
  openRuntime,
  reportBrowserLauncher,
} from '../core/runtime.js';
import { createPipelineDeps } from '../../workers/pipeline-wiring.js';
import type { ScanStatusView } from '../core/scan.service.js';
import { writeReportFiles, type ReportFiles } from './report-files.js';

/**
 * Local mode end to end: the same processors as the workers, run by the in-process runner on the
 * embedded database, then the report written to `outDir`.
 */
export interface LocalScanOptions {
  config: Config;
  masterKey: string;
  /** A new scan of this request, or (resume) the scan to finish: one of the two. */
  request?: ScanRequest;
  /** The id of a finished scan of this data folder to resume instead (ScanService.resume). */
  resumeScanId?: string;
  outDir: string;
  log: Logger;
  overrides?: SourceOverrides;
  onProgress?: (status: ScanStatusView) => void;
  backoffMs?: number;
  /** Jobs run at once per queue (the in-process runner's defaults otherwise). */
  concurrency?: Partial<Record<QueueName, number>>;
  /** Also print report.pdf (through Chromium, a few seconds): what the commands ask for. */
  pdf?: boolean;
  /** Also write the evidence pack (services/core/evidence-pack.ts) into `outDir`. */
  evidence?: boolean;
}

export interface LocalScanResult {
  scanId: string;
  report: Report;
  files: ReportFiles;
  /** The evidence pack, when asked for. */
  evidence?: { path: string; bytes: number; manifestSha256: string };
  /** From start to the report built: the scan's own time, without writing the files. */
  elapsedMs: number;
  /** Pages through plain HTTP and through the browser, and why (for the benchmark and the curious). */
  fetchCounters: EscalationCounters | undefined;
}

const CALLER = { orgId: null, actor: 'cli' } as const;

export async function runLocalScan(options: LocalScanOptions): Promise<LocalScanResult> {
  const started = Date.now();
  const { config, log } = options;
  const runtime = await openRuntime({
    config,
    masterKey: options.masterKey,
    log,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const runner = new InlineJobRunner({
    log,
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  const deps = createPipelineDeps(runtime, { jobs: runner, log, config, mode: 'local', browser: true });
  const scans = createScanService(runtime, { jobs: runner, log, mode: 'local', config });
  let ticker: NodeJS.Timeout | undefined;
  try {
    runner.start(createProcessors(deps));
    // Local scans expire like the service's (docs/safety.md §4): the person's old scans go first.
    await scans.purgeExpired();
    const { id } = options.request
      ? await scans.create(options.request, CALLER)
      : await scans.resume(options.resumeScanId ?? '', CALLER);
    if (options.onProgress) {
      const tick = () => void scans.status(id, CALLER).then(options.onProgress, () => undefined);
      ticker = setInterval(tick, 250);
    }
    await runner.idle();
    if (ticker) clearInterval(ticker);
    options.onProgress?.(await scans.status(id, CALLER));
    const report = await scans.report(id, CALLER);
    const elapsedMs = Date.now() - started;
    const pdf = new ReportPdfRenderer(reportBrowserLauncher(config));
    const files = await writeReportFiles(
      report,
      options.outDir,
      options.pdf ? (html) => pdf.render(html) : null,
    );
    const evidence = options.evidence
      ? await writeEvidencePack(
          createEvidenceService(runtime, { scans, log, config, pdf }),
          id,
          CALLER,
          options.outDir,
        )
      : undefined;
    const fetchCounters = deps.fetchCounters?.();
    return {
      scanId: id,
      report,
      files,
      ...(evidence ? { evidence } : {}),
      elapsedMs,
      fetchCounters,
    };
  } finally {
    if (ticker) clearInterval(ticker);
    runner.close();
    await deps.fetcher.close();
    await runtime.close();
  }
}
