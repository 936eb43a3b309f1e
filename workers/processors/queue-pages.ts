import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ScanKeyRef } from '../../shared/crypto/scan-vault.js';
import { fetchBatches, MAX_PAGES_PER_FETCH_JOB } from '../../shared/queue/jobs.js';
import { rowBatches } from '../../shared/db/row-batches.js';
import { fetchQueueOf } from '../fetchers/fetch-route.js';
import type { PipelineDeps } from './pipeline.deps.js';

/**
 * Records pages to fetch (URL sealed, keyed by a hash of it) and queues their fetches, in batches
 * (fetchBatches). Page ids are derived from the URL, so a retried search queues the same batches again
 * and both runners drop the twins; pages already stored are queued again for that reason (a crash may have come between the
 * insert and the queueing). Only new pages count against the source's per-scan cap; pages left out
 * by it make the source's coverage partial.
 *
 * A long list (a paste archive lists thousands) is recorded and queued in parts: the first part's
 * fetches start while the rest is being stored, instead of after every page is (storing 2000 pages
 * kept local mode's fetches waiting most of a second). The parts are cut from the list alone, so the
 * same list queued again makes the same parts and the same batches.
 */
export async function queuePages(
  deps: Pick<PipelineDeps, 'pages' | 'vault' | 'jobs' | 'scans'>,
  scan: ScanKeyRef,
  source: SourceEntry,
  urls: string[],
): Promise<void> {
  const candidates = new Map<string, string>();
  for (const url of urls) candidates.set(deps.vault.urlKey(scan.id, url), url);
  if (candidates.size === 0) return;
  const known = new Set(await deps.pages.existingUrlKeys(scan.id, [...candidates.keys()]));
  const stored = await deps.pages.countBySource(scan.id, source.id);
  const room = Math.max(0, source.politeness.maxPagesPerScan - stored);
  const unseen = [...candidates.entries()].filter(([urlKey]) => !known.has(urlKey));
  const fresh = new Set(unseen.slice(0, room).map(([urlKey]) => urlKey));
  if (unseen.length > fresh.size) {
    // Pages past the cap are not read: the report must not call this place checked completely.
    await deps.scans.markPartial(scan.id, source.id, pageCapReason(source));
  }
  // In the order the URLs came, so that the same URLs queued again make the same batches.
  const queued = [...candidates]
    .filter(([urlKey]) => known.has(urlKey) || fresh.has(urlKey))
    .map(([urlKey, url]) => ({ urlKey, url, id: deps.vault.pageId(scan.id, url) }));
  const lanes = source.politeness.concurrency;
  for (const part of listParts(queued, lanes)) {
    // Stored before queued: a fetch job finds its pages.
    const pages = part
      .filter(({ urlKey }) => fresh.has(urlKey))
      .map(({ urlKey, url, id }) => ({ id, urlKey, sealedUrl: deps.vault.seal(scan, url) }));
    if (pages.length > 0) await deps.pages.addPages(scan.id, source.id, pages);
    await deps.jobs.addFetches(
      fetchBatches(
        scan.id,
        source.id,
        part.map(({ id }) => id),
        lanes,
      ),
      fetchQueueOf(source),
    );
  }
}

/**
 * A list of pages in the parts queuePages records and queues one after another: one part up to
 * twice a full fetch job per lane, else parts of one full fetch job per lane. Small parts also keep
 * this thread from sealing thousands of addresses at once while the first fetches wait for it.
 */
function listParts<T>(items: T[], lanes: number): T[][] {
  const part = Math.max(1, lanes) * MAX_PAGES_PER_FETCH_JOB;
  if (items.length <= 2 * part) return [items];
  return rowBatches(items, part);
}

/** The coverage sentence of pages left out by the source's per-scan page cap (also said by a search). */
export function pageCapReason(source: Pick<SourceEntry, 'politeness'>): string {
  return `only the first ${source.politeness.maxPagesPerScan} pages found were read`;
}
