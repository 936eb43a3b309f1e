import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isFinalError, isDependencyOutage, pacedRetryDelay } from '../errors.js';

/**
 * Every job of the pipeline, declared in one place. Payloads carry ids only: BullMQ stores job data in
 * Redis in clear, and Redis must never hold a person's identifiers (docs/safety.md §4). A search names the
 * identifier by its id; the worker opens the sealed request to learn its value.
 */
export const QUEUE_NAMES = ['scan', 'search', 'fetch', 'fetch-browser', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const scanId = z.uuid();

/**
 * Pages one fetch job reads, at most. A job costs the queue a few Redis round trips however many pages
 * it carries (adding it, taking it, finishing it), and its pages' targets are read in one statement;
 * a batch is read one page after another, so a scan's pages are spread over several jobs
 * (fetchBatches) to keep as many requests in flight as the source allows.
 */
export const MAX_PAGES_PER_FETCH_JOB = 32;
/** The pages of one source a fetch job reads, by id: their sealed URLs are read from the database. */
const fetchPayload = z.strictObject({
  scanId,
  sourceId: z.string().min(1),
  pageIds: z.array(z.uuid()).min(1).max(MAX_PAGES_PER_FETCH_JOB),
});

export const jobPayloadSchemas = {
  plan: z.strictObject({ scanId }),
  search: z.strictObject({
    scanId,
    sourceId: z.string().min(1),
    /** The public identifier searched for; null for listing sources, which are walked without a query. */
    identifierId: z.string().min(1).nullable(),
  }),
  fetch: fetchPayload,
  /** The same page fetches, on the browser queue: for sources that need Chromium, which scales apart. */
  browse: fetchPayload,
  /** The same search, on the browser queue: met a challenge (or needs Chromium) on a worker without one. */
  browseSearch: z.strictObject({
    scanId,
    sourceId: z.string().min(1),
    identifierId: z.string().min(1).nullable(),
  }),
  finalize: z.strictObject({ scanId }),
  /** Erases the scans past their retention period (docs/safety.md §4); produced by a job scheduler. */
  purge: z.strictObject({}),
} as const;

export type JobName = keyof typeof jobPayloadSchemas;
export type JobPayload<N extends JobName> = z.infer<(typeof jobPayloadSchemas)[N]>;
export type SearchJob = JobPayload<'search'>;
export type FetchJob = JobPayload<'fetch'>;
/** One page to fetch, as the rows name it (a fetch job carries a batch of these, fetchBatches). */
export interface PageFetch {
  scanId: string;
  sourceId: string;
  pageId: string;
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  plan: 'scan',
  search: 'search',
  fetch: 'fetch',
  browse: 'fetch-browser',
  browseSearch: 'fetch-browser',
  finalize: 'scan',
  purge: 'maintenance',
};

/** Deterministic job ids: a retried producer adds nothing twice. BullMQ forbids ":" in custom ids. */
export const jobIds = {
  plan: (p: JobPayload<'plan'>) => `plan-${p.scanId}`,
  search: (p: SearchJob) => `search-${p.scanId}-${p.sourceId}-${p.identifierId ?? 'listing'}`,
  fetch: (p: FetchJob) => `fetch-${p.scanId}-${batchKey(p.pageIds)}`,
  browse: (p: FetchJob) => `browse-${p.scanId}-${batchKey(p.pageIds)}`,
  browseSearch: (p: SearchJob) => `browse-search-${p.scanId}-${p.sourceId}-${p.identifierId ?? 'listing'}`,
  finalize: (p: JobPayload<'finalize'>) => `finalize-${p.scanId}`,
};

/**
 * A batch's part of its job id, from its pages: the same pages queued again (a retried search) make
 * the same id, which both runners drop. A page alone keeps its own id.
 */
function batchKey(pageIds: string[]): string {
  if (pageIds.length === 1) return pageIds[0]!;
  return createHash('sha256').update(pageIds.join(',')).digest('hex').slice(0, 32);
}

/**
 * A source's pages of a scan as fetch jobs: consecutive runs of the list, at most
 * MAX_PAGES_PER_FETCH_JOB each, and at least `lanes` jobs when there are that many pages (a job reads
 * its pages one after another; `lanes` is how many requests the source takes at once). The same list
 * always makes the same batches, so their job ids dedupe as a page's did.
 */
export function fetchBatches(scanId: string, sourceId: string, pageIds: string[], lanes: number): FetchJob[] {
  const perJob = Math.min(
    MAX_PAGES_PER_FETCH_JOB,
    Math.max(1, Math.floor(pageIds.length / Math.max(1, lanes))),
  );
  const batches: FetchJob[] = [];
  for (let i = 0; i < pageIds.length; i += perJob) {
    batches.push({ scanId, sourceId, pageIds: pageIds.slice(i, i + perJob) });
  }
  return batches;
}

/** Attempts per job before it fails for good (the failure is then recorded against the source). */
export const JOB_ATTEMPTS: Record<JobName, number> = {
  plan: 5,
  search: 4,
  fetch: 4,
  browse: 3,
  browseSearch: 3,
  finalize: 5,
  // The scheduler produces the next run anyway; a scan left behind is found again then.
  purge: 1,
};

export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return jobPayloadSchemas[name].parse(data) as JobPayload<N>;
}

/** What a processor learns about the attempt it runs in. */
export interface JobContext {
  attempt: number;
  finalAttempt: boolean;
  /**
   * Whether a throttled failure of this attempt will be retried later without spending an attempt
   * (the runner paces it). When false, a throttled failure counts like any other.
   */
  paceAllowed: boolean;
}

/** Paced retries per job before throttling counts as failing: a source that never lets up is down. */
export const MAX_PACED_RETRIES = 10;

/**
 * Whether a failure ends the job for good, so the processor must record it against its source or
 * page before rethrowing. A database or Redis outage never is: the runner waits it out
 * (storage-wait.ts), and past that wait the work is left unrecorded rather than blamed on the source
 * or the page, so finalize names it as unfinished and a resume runs it again.
 */
export function failsForGood(error: unknown, ctx: JobContext): boolean {
  if (isFinalError(error)) return true;
  if (!ctx.finalAttempt || isDependencyOutage(error)) return false;
  return !(ctx.paceAllowed && pacedRetryDelay(error) !== undefined);
}

export type Processor<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>;
export type Processors = { [N in JobName]: Processor<N> };

/**
 * The only way processors add work. Both runners implement it: finalize waits until every search,
 * and every fetch those searches add, has ended (done or failed for good).
 */
export interface JobSink {
  /** Queues the plan of a new scan. */
  enqueuePlan(scanId: string): Promise<void>;
  /**
   * Starts a scan's flow: a finalize that waits for these searches (and, when a scan is resumed, for
   * the fetches of its pages still pending).
   */
  startScanFlow(scanId: string, searches: SearchJob[], fetches?: RoutedFetch[]): Promise<void>;
  /**
   * Adds fetches to the running flow of their scan (finalize waits for them too): on the plain-HTTP
   * queue, or on the browser queue for pages that need Chromium.
   */
  addFetches(fetches: FetchJob[], via?: 'http' | 'browser'): Promise<void>;
  /** Moves searches to the browser queue, in the same flow (finalize waits for them too). */
  addBrowserSearches(searches: SearchJob[]): Promise<void>;
  /** Removes every job of a deleted scan that is not running right now (a running one ends on its own). */
  removeJobs(jobs: QueuedJobRef[]): Promise<void>;
}

/** A fetch with the queue it goes to (pages of browser-only sources go to the browser queue). */
export interface RoutedFetch {
  fetch: FetchJob;
  via: 'http' | 'browser';
}

/** The job that reads a fetch sent `via` this path: `fetch` on the plain-HTTP queue, `browse` on the browser one. */
export function fetchJobName(via: RoutedFetch['via']): 'fetch' | 'browse' {
  return via === 'browser' ? 'browse' : 'fetch';
}

export interface QueuedJobRef {
  queue: QueueName;
  id: string;
}

/**
 * Every job a scan can have had, from what its rows say: its plan, searches, fetches and finalize.
 * Fetch jobs carrying several pages are not named here: every fetch job is a child of its scan's
 * finalize, and both runners remove a finalize with its children. A page fetched alone (sent to the
 * browser queue) is named too, in case its finalize is gone already, and so are `batches` (those about
 * to be queued again): a batch that failed for good outlives a finalize removed before it, and its id
 * would turn the same batch away.
 */
export function scanJobRefs(
  scanId: string,
  searches: SearchJob[],
  pages: PageFetch[],
  batches: FetchJob[] = [],
): QueuedJobRef[] {
  const alone = pages.map((page) => ({ scanId, sourceId: page.sourceId, pageIds: [page.pageId] }));
  const fetches = [...alone, ...batches];
  return [
    ...fetches.map((fetch) => ({ queue: JOB_QUEUE.fetch, id: jobIds.fetch(fetch) })),
    ...fetches.map((fetch) => ({ queue: JOB_QUEUE.browse, id: jobIds.browse(fetch) })),
    ...searches.map((search) => ({ queue: JOB_QUEUE.search, id: jobIds.search(search) })),
    ...searches.map((search) => ({ queue: JOB_QUEUE.browseSearch, id: jobIds.browseSearch(search) })),
    { queue: JOB_QUEUE.finalize, id: jobIds.finalize({ scanId }) },
    { queue: JOB_QUEUE.plan, id: jobIds.plan({ scanId }) },
  ];
}
