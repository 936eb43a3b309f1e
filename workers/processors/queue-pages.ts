import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ScanKeyRef } from '../../shared/crypto/scan-vault.js';
import { fetchBatches } from '../../shared/queue/jobs.js';
import { fetchQueueOf } from '../fetchers/fetch-route.js';
import type { PipelineDeps } from './pipeline.deps.js';

/**
 * Records pages to fetch (URL sealed, keyed by a hash of it) and queues their fetches, in batches
 * (fetchBatches). Page ids are derived from the URL, so a retried search queues the same batches again
 * and both runners drop the twins; pages already stored are queued again for that reason (a crash may have come between the
 * insert and the queueing). Only new pages count against the source's per-scan cap; pages left out
 * by it make the source's coverage partial.
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
  const fresh = unseen.slice(0, room);
  if (unseen.length > fresh.length) {
    // Pages past the cap are not read: the report must not call this place checked completely.
    await deps.scans.markPartial(scan.id, source.id, pageCapReason(source));
  }
  const pages = fresh.map(([urlKey, url]) => ({
    id: deps.vault.pageId(scan.id, url),
    urlKey,
    sealedUrl: deps.vault.seal(scan, url),
  }));
  if (pages.length > 0) await deps.pages.addPages(scan.id, source.id, pages);
  // In the order the URLs came, so that the same URLs queued again make the same batches.
  const freshKeys = new Set(fresh.map(([urlKey]) => urlKey));
  const queued = [...candidates]
    .filter(([urlKey]) => known.has(urlKey) || freshKeys.has(urlKey))
    .map(([, url]) => deps.vault.pageId(scan.id, url));
  await deps.jobs.addFetches(
    fetchBatches(scan.id, source.id, queued, source.politeness.concurrency),
    fetchQueueOf(source),
  );
}

/** The coverage sentence of pages left out by the source's per-scan page cap (also said by a search). */
export function pageCapReason(source: Pick<SourceEntry, 'politeness'>): string {
  return `only the first ${source.politeness.maxPagesPerScan} pages found were read`;
}
