import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import type { ScanVault } from '../../shared/crypto/scan-vault.js';
import type { ScanRepository, ScanRow } from '../../shared/db/repositories/scan.repository.js';
import { isScanFinished, type SealedScanRequest } from '../../shared/domain/scan.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import {
  fetchBatches,
  scanJobRefs,
  type JobSink,
  type RoutedFetch,
  type SearchJob,
} from '../../shared/queue/jobs.js';
import { fetchQueueOf } from '../../workers/fetchers/fetch-route.js';
import { planSearches } from '../../workers/planning.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';

export interface ResumeDeps {
  scans: ScanRepository;
  catalog: Catalog;
  vault: ScanVault;
  jobs: JobSink;
  log: Logger;
  /** Whether a proxy is configured for outbound fetches now (docs/safety.md §2). */
  proxyConfigured: boolean;
}

/** What a resume queued: the searches not recorded done and the pages still to fetch. */
export interface ResumeOutcome {
  id: string;
  status: 'running';
  searches: number;
  pages: number;
}

/**
 * Resumes a finished scan: runs again what it left undone (the searches of its sources not recorded
 * done, every page still pending, the sources that failed) and nothing it has stored (pages fetched
 * and findings stay; the searches recorded done are not sent again). The scan's old jobs are removed
 * before new ones are queued, since the queue takes a job id it still holds (a failed job's) as
 * already queued.
 */
export async function resumeScan(deps: ResumeDeps, scan: ScanRow): Promise<ResumeOutcome> {
  if (!isScanFinished(scan.status)) {
    throw new AppError(
      'SCAN_STILL_RUNNING',
      `id: scan ${scan.id} is still ${scan.status}; a scan can be resumed once it has ended`,
    );
  }
  // A scan that went through a proxy never goes on without one: its hostile sources would see this
  // machine's address, which its requester did not accept.
  const hostile = scan.options.sources.some(
    (sourceId) => !deps.catalog.has(sourceId) || deps.catalog.get(sourceId).trust === 'hostile',
  );
  if (hostile && !scan.options.ranDirect && !deps.proxyConfigured) {
    throw new AppError(
      'PROXY_REQUIRED',
      'proxy: this scan ran through a proxy; configure EXPOSURE_PROXY (or --proxy) to resume it',
    );
  }
  const id = scan.id;
  const request = deps.vault.open<SealedScanRequest>(scan, scan.sealed_request);
  const plans = planSearches({
    scanId: id,
    sources: scan.options.sources
      .filter((sourceId) => deps.catalog.has(sourceId))
      .map((sourceId) => {
        const source = deps.catalog.get(sourceId);
        return { id: source.id, searchMode: getAdapter(source.adapter).searchMode };
      }),
    identifiers: request.identifiers,
    remoteSearchOptIn: scan.options.remoteSearchOptIn,
  });
  const pending = await deps.scans.pendingPages(id);
  const pendingFetches = pending.map((page) => ({ scanId: id, sourceId: page.sourceId, pageId: page.id }));
  const planned = plans.flatMap((plan) => plan.searches);

  // Reopening is the claim: of two resumes at once, one reopens and the other is refused before it
  // touches the queue (it would remove the jobs the first has just queued).
  const reopened = await deps.scans.reopen(
    id,
    plans.map((plan) => ({
      sourceId: plan.sourceId,
      searches: plan.searches.length,
      skippedBecause: plan.skippedBecause ?? null,
    })),
  );
  if (!reopened) {
    throw new AppError('SCAN_STILL_RUNNING', `id: scan ${id} is already running again`);
  }
  const progress = await deps.scans.sourceProgress(id);
  const rerun = new Map(
    progress
      .filter((row) => row.status === 'running')
      .map((row) => [row.source_id, new Set(row.searches_done_keys)]),
  );
  const searches: SearchJob[] = planned.filter((search) => {
    const done = rerun.get(search.sourceId);
    return done !== undefined && !done.has(search.identifierId ?? 'listing');
  });
  // The pages still pending, in batches per source as a search queues them.
  const pendingBySource = new Map<string, string[]>();
  for (const page of pending) {
    const pageIds = pendingBySource.get(page.sourceId) ?? [];
    pendingBySource.set(page.sourceId, pageIds);
    pageIds.push(page.id);
  }
  const fetches: RoutedFetch[] = [...pendingBySource].flatMap(([sourceId, pageIds]) => {
    const source = deps.catalog.has(sourceId) ? deps.catalog.get(sourceId) : undefined;
    const via = source ? fetchQueueOf(source) : 'http';
    return fetchBatches(id, sourceId, pageIds, source?.politeness.concurrency ?? 1).map((fetch) => ({
      fetch,
      via,
    }));
  });
  try {
    await deps.jobs.removeJobs(
      scanJobRefs(
        id,
        planned,
        pendingFetches,
        fetches.map((routed) => routed.fetch),
      ),
    );
    await deps.jobs.startScanFlow(id, searches, fetches);
  } catch (error) {
    // Nothing will run it: the scan ends again as it was (finished, as checked above), and the caller
    // is told to retry.
    if (scan.summary) {
      await deps.scans
        .finish(id, scan.status as 'completed' | 'partial' | 'failed', scan.summary)
        .catch(() => undefined);
    }
    deps.log.error({ scanId: id, err: (error as Error).message }, 'could not queue the resumed scan');
    throw new AppError(
      'QUEUE_UNAVAILABLE',
      'the job queue is unavailable; the scan was not resumed, try again shortly',
    );
  }
  deps.log.info({ scanId: id, searches: searches.length, pages: pending.length }, 'scan resumed');
  return { id, status: 'running', searches: searches.length, pages: pending.length };
}
