import { isFinalError, pacedRetryDelay, safeErrorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import {
  fetchJobName,
  JOB_ATTEMPTS,
  JOB_QUEUE,
  jobIds,
  MAX_PACED_RETRIES,
  parseJobPayload,
  type FetchJob,
  type JobName,
  type JobPayload,
  type JobSink,
  type Processors,
  type QueuedJobRef,
  type QueueName,
  type RoutedFetch,
  type SearchJob,
} from './jobs.js';
import { DEFAULT_STORAGE_WAIT_MS, storageWaitBound, storageWaitDelay } from './storage-wait.js';

/**
 * Local mode's runner: the same processors, the same flow semantics as BullMQ (finalize waits for
 * every search and fetch of its scan, failed children included), retries with backoff, a concurrency
 * per queue — in this process, with no Redis.
 */
export interface InlineRunnerOptions {
  log: Logger;
  concurrency?: Partial<Record<QueueName, number>>;
  backoffMs?: number;
  /** How long, in total, a job waits for the database before its attempts count (storage-wait.ts). */
  storageWaitMs?: number;
}

interface QueuedJob {
  id: string;
  name: JobName;
  payload: unknown;
  attempt: number;
  paced: number;
  /** Waits for storage so far, and their total time (storage-wait.ts). */
  storageWaits?: { waits: number; waitedMs: number };
}

// Local mode purges expired scans before each scan (ScanService.purgeExpired), not on a schedule.
const DEFAULT_CONCURRENCY: Record<QueueName, number> = {
  scan: 1,
  search: 2,
  fetch: 4,
  'fetch-browser': 1,
  maintenance: 1,
};

export class InlineJobRunner implements JobSink {
  private processors: Processors | undefined;
  private readonly waiting = new Map<QueueName, QueuedJob[]>();
  private readonly running = new Map<QueueName, number>();
  /** Children still open per scan flow; finalize is queued when it falls to zero. */
  private readonly openChildren = new Map<string, number>();
  private readonly seenJobIds = new Set<string>();
  /** The ids of each flow's children, by the id of its finalize: removing a finalize removes them too, as in BullMQ. */
  private readonly flowChildren = new Map<string, Set<string>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: InlineRunnerOptions) {}

  start(processors: Processors): void {
    this.processors = processors;
    this.pump();
  }

  async enqueuePlan(scanId: string): Promise<void> {
    this.push('plan', { scanId }, jobIds.plan({ scanId }));
  }

  async startScanFlow(scanId: string, searches: SearchJob[], fetches: RoutedFetch[] = []): Promise<void> {
    if (this.openChildren.has(scanId)) return;
    this.openChildren.set(scanId, 0);
    for (const search of searches) this.pushChild('search', search, jobIds.search(search));
    for (const { fetch, via } of fetches) {
      const name = fetchJobName(via);
      this.pushChild(name, fetch, jobIds[name](fetch));
    }
    if (this.openChildren.get(scanId) === 0) this.finishFlow(scanId);
  }

  async addFetches(fetches: FetchJob[], via: 'http' | 'browser' = 'http'): Promise<void> {
    const name = fetchJobName(via);
    for (const fetch of fetches) this.pushChild(name, fetch, jobIds[name](fetch));
  }

  async addBrowserSearches(searches: SearchJob[]): Promise<void> {
    for (const search of searches) this.pushChild('browseSearch', search, jobIds.browseSearch(search));
  }

  async removeJobs(jobs: QueuedJobRef[]): Promise<void> {
    const doomed = new Set(jobs.map((job) => job.id));
    for (const job of jobs) {
      for (const child of this.flowChildren.get(job.id) ?? []) doomed.add(child);
      this.flowChildren.delete(job.id);
    }
    // Their ids may be queued again (a resumed scan), as BullMQ allows once a job is removed.
    for (const id of doomed) this.seenJobIds.delete(id);
    for (const [queue, list] of this.waiting) {
      this.waiting.set(
        queue,
        list.filter((job) => !doomed.has(job.id)),
      );
    }
  }

  /** Resolves once nothing is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: nothing more starts, pending retries are dropped, and anyone waiting for idle is released. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private changeOpen(scanId: string, delta: number): void {
    const open = (this.openChildren.get(scanId) ?? 0) + delta;
    this.openChildren.set(scanId, open);
    if (delta < 0 && open === 0) this.finishFlow(scanId);
  }

  private finishFlow(scanId: string): void {
    this.openChildren.delete(scanId);
    this.push('finalize', { scanId }, jobIds.finalize({ scanId }));
  }

  /** A job its scan's finalize waits for. */
  private pushChild(name: JobName, payload: { scanId: string }, jobId: string): void {
    if (!this.push(name, payload, jobId)) return;
    this.changeOpen(payload.scanId, +1);
    const finalize = jobIds.finalize({ scanId: payload.scanId });
    const children = this.flowChildren.get(finalize) ?? new Set<string>();
    this.flowChildren.set(finalize, children.add(jobId));
  }

  /** Returns false when a job with that id was already queued (the same dedupe BullMQ does by job id). */
  private push(name: JobName, payload: unknown, jobId: string): boolean {
    if (this.seenJobIds.has(jobId)) return false;
    this.seenJobIds.add(jobId);
    this.enqueue({ id: jobId, name, payload, attempt: 1, paced: 0 });
    return true;
  }

  private enqueue(job: QueuedJob): void {
    const queue = JOB_QUEUE[job.name];
    const list = this.waiting.get(queue) ?? [];
    list.push(job);
    this.waiting.set(queue, list);
    this.pump();
  }

  private pump(): void {
    if (!this.processors || this.closed) return;
    for (const [queue, list] of this.waiting) {
      const limit = this.options.concurrency?.[queue] ?? DEFAULT_CONCURRENCY[queue];
      while (list.length > 0 && (this.running.get(queue) ?? 0) < limit) {
        const job = list.shift()!;
        this.running.set(queue, (this.running.get(queue) ?? 0) + 1);
        void this.run(job).finally(() => {
          this.running.set(queue, (this.running.get(queue) ?? 1) - 1);
          this.pump();
          this.checkIdle();
        });
      }
    }
  }

  private async run(job: QueuedJob): Promise<void> {
    const attempts = JOB_ATTEMPTS[job.name];
    const waited = job.storageWaits ?? { waits: 0, waitedMs: 0 };
    const waitBound = storageWaitBound(job.name, this.options.storageWaitMs ?? DEFAULT_STORAGE_WAIT_MS);
    const ctx = {
      attempt: job.attempt,
      finalAttempt: job.attempt >= attempts,
      paceAllowed: job.paced < MAX_PACED_RETRIES,
    };
    try {
      const payload = parseJobPayload(job.name, job.payload);
      const processor = this.processors![job.name] as (
        p: JobPayload<JobName>,
        c: typeof ctx,
      ) => Promise<void>;
      await processor(payload, ctx);
      this.childEnded(job);
    } catch (error) {
      const message = safeErrorMessage(error);
      this.options.log.warn({ job: job.name, attempt: job.attempt, err: message }, 'job failed');
      const paceMs = pacedRetryDelay(error);
      const storageMs = storageWaitDelay(error, waited, waitBound);
      if (storageMs !== undefined) {
        // The database is out: run again later without spending an attempt (bounded).
        this.later(
          { ...job, storageWaits: { waits: waited.waits + 1, waitedMs: waited.waitedMs + storageMs } },
          storageMs,
        );
      } else if (paceMs !== undefined && ctx.paceAllowed) {
        this.later({ ...job, paced: job.paced + 1 }, paceMs);
      } else if (!isFinalError(error) && job.attempt < attempts) {
        this.retryLater({ ...job, attempt: job.attempt + 1 });
      } else {
        this.childEnded(job);
      }
    }
  }

  private retryLater(job: QueuedJob): void {
    const base = this.options.backoffMs ?? 1_000;
    this.later(job, base * 2 ** (job.attempt - 2) * (0.75 + Math.random() * 0.5));
  }

  private later(job: QueuedJob, delay: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(job);
    }, delay);
    this.timers.add(timer);
  }

  private childEnded(job: QueuedJob): void {
    if (job.name !== 'plan' && job.name !== 'finalize') {
      this.changeOpen((job.payload as { scanId: string }).scanId, -1);
    }
  }

  private isIdle(): boolean {
    const queued = [...this.waiting.values()].some((list) => list.length > 0);
    const running = [...this.running.values()].some((n) => n > 0);
    return !queued && !running && this.timers.size === 0;
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
