import {
  DelayedError,
  FlowProducer,
  Queue,
  UnrecoverableError,
  Worker,
  type Job,
  type JobsOptions,
} from 'bullmq';
import { Redis } from 'ioredis';
import { isFinalError, pacedRetryDelay, safeErrorMessage, SourceError } from '../errors.js';
import type { Logger } from '../log.js';
import { DEFAULT_STORAGE_WAIT_MS, storageWaitBound, storageWaitDelay } from './storage-wait.js';
import {
  fetchJobName,
  JOB_ATTEMPTS,
  JOB_QUEUE,
  jobIds,
  MAX_PACED_RETRIES,
  parseJobPayload,
  QUEUE_NAMES,
  type FetchJob,
  type JobContext,
  type JobName,
  type JobPayload,
  type JobSink,
  type Processors,
  type QueuedJobRef,
  type QueueName,
  type RoutedFetch,
  type SearchJob,
} from './jobs.js';

/**
 * The one module that speaks BullMQ. Service mode: the API produces plan jobs, workers run the
 * processors, and a scan is a flow whose finalize parent waits for every search and fetch child.
 */
export interface BullRunnerOptions {
  redisUrl: string;
  prefix: string;
  log: Logger;
  /**
   * Producers in the API refuse to queue while Redis is down (so the API answers 503 at once instead
   * of hanging); workers wait for Redis to come back.
   */
  role: 'producer' | 'worker';
  /** Base delay of the exponential backoff between attempts. */
  backoffMs?: number;
  /** A worker's lock on a job; a dead worker's jobs are taken up again after it expires. */
  lockMs?: number;
  /** How long, in total, a job waits for the database or Redis before its attempts count (storage-wait.ts). */
  storageWaitMs?: number;
}

/**
 * How often a job may lose its lock and be taken up again before BullMQ fails it. A hung Redis (or a
 * worker paused longer than its lock) lets locks expire without any worker dying; the job then runs
 * again, which repeats only idempotent work (ids derived from pages and searches, counters keyed).
 */
const MAX_STALLED_COUNT = 5;

/**
 * Jobs a worker runs at once per queue. A fetch job spends most of its time waiting on the source,
 * PostgreSQL and Redis; each source's gate bounds the requests it receives whatever this number, so
 * more fetch jobs than requests in flight keep the worker's thread busy instead of waiting on round
 * trips (measured: 8 left it a quarter idle, 32 about 4 %), and their page writes are batched.
 */
export const DEFAULT_CONCURRENCY: Record<QueueName, number> = {
  scan: 4,
  search: 4,
  fetch: 32,
  'fetch-browser': 2,
  maintenance: 1,
};

/** The one job scheduler of the maintenance queue: the retention purge (docs/safety.md §4). */
export const PURGE_SCHEDULER_ID = 'retention-purge';

export class BullJobRunner implements JobSink {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  /** Blocking connections of the workers: BullMQ does not close connections it was handed. */
  private readonly workerConnections: Redis[] = [];
  private flowProducer: FlowProducer | undefined;

  constructor(private readonly options: BullRunnerOptions) {
    this.connection = new Redis(options.redisUrl, {
      maxRetriesPerRequest: options.role === 'worker' ? null : 1,
      enableOfflineQueue: options.role === 'worker',
      // A producer answers a caller: a Redis that accepts and never answers must not hold it (the API
      // turns the error into a 503). Workers keep waiting for Redis instead.
      ...(options.role === 'producer' ? { commandTimeout: 2_000, connectTimeout: 2_000 } : {}),
    });
    this.connection.on('error', (error) =>
      options.log.warn({ err: error.message }, 'redis connection error'),
    );
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.options.prefix });
      queue.on('error', (error) => this.options.log.warn({ queue: name, err: error.message }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private flow(): FlowProducer {
    this.flowProducer ??= new FlowProducer({ connection: this.connection, prefix: this.options.prefix });
    return this.flowProducer;
  }

  private jobOptions(name: JobName, jobId: string): JobsOptions {
    return {
      jobId,
      attempts: JOB_ATTEMPTS[name],
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? 2_000, jitter: 0.5 },
      // Data is ids only, so keeping finished jobs a while costs nothing and lets their ids dedupe retries.
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /** A child that fails for good must not block its scan: finalize runs anyway and reports it. */
  private childOptions(name: JobName, jobId: string): JobsOptions {
    return { ...this.jobOptions(name, jobId), ignoreDependencyOnFailure: true };
  }

  async enqueuePlan(scanId: string): Promise<void> {
    await this.queue('scan').add('plan', { scanId }, this.jobOptions('plan', jobIds.plan({ scanId })));
  }

  async startScanFlow(scanId: string, searches: SearchJob[], fetches: RoutedFetch[] = []): Promise<void> {
    await this.flow().add({
      name: 'finalize',
      queueName: JOB_QUEUE.finalize,
      data: { scanId },
      opts: this.jobOptions('finalize', jobIds.finalize({ scanId })),
      children: [
        ...searches.map((search) => ({
          name: 'search',
          queueName: JOB_QUEUE.search,
          data: search,
          opts: this.childOptions('search', jobIds.search(search)),
        })),
        ...fetches.map(({ fetch, via }) => {
          const name = fetchJobName(via);
          return {
            name,
            queueName: JOB_QUEUE[name],
            data: fetch,
            opts: this.childOptions(name, jobIds[name](fetch)),
          };
        }),
      ],
    });
  }

  async addFetches(fetches: FetchJob[], via: 'http' | 'browser' = 'http'): Promise<void> {
    const name = fetchJobName(via);
    await this.addChildren(name, fetches, (fetch) => jobIds[name](fetch));
  }

  async addBrowserSearches(searches: SearchJob[]): Promise<void> {
    await this.addChildren('browseSearch', searches, jobIds.browseSearch);
  }

  /** Jobs added to the running flow of their scan: children of its finalize, which waits for them. */
  private async addChildren<P extends { scanId: string }>(
    name: 'fetch' | 'browse' | 'browseSearch',
    payloads: P[],
    jobId: (payload: P) => string,
  ): Promise<void> {
    if (payloads.length === 0) return;
    const parentQueue = `${this.options.prefix}:${JOB_QUEUE.finalize}`;
    await this.queue(JOB_QUEUE[name]).addBulk(
      payloads.map((payload) => ({
        name,
        data: payload,
        opts: {
          ...this.childOptions(name, jobId(payload)),
          parent: { id: jobIds.finalize({ scanId: payload.scanId }), queue: parentQueue },
        },
      })),
    );
  }

  async removeJobs(jobs: QueuedJobRef[]): Promise<void> {
    // A finalize goes with its children (every fetch job of its scan among them): their ids are read
    // first, so that their events are forgotten too.
    const children = (await Promise.all(jobs.map((job) => this.childrenOf(job)))).flat();
    for (const job of jobs) {
      try {
        await this.queue(job.queue).remove(job.id, { removeChildren: true });
      } catch (error) {
        // A job that is running holds a lock and cannot be removed; it finds its scan gone and ends.
        this.options.log.debug({ job: job.id, err: (error as Error).message }, 'job not removed');
      }
    }
    // BullMQ's event streams still name the removed jobs (and so the scan); a deletion leaves nothing.
    const byQueue = new Map<QueueName, Set<string>>();
    for (const job of [...jobs, ...children])
      byQueue.set(job.queue, (byQueue.get(job.queue) ?? new Set()).add(job.id));
    for (const [queueName, ids] of byQueue) await this.forgetEvents(this.queue(queueName).keys.events!, ids);
  }

  /** The jobs whose parent is this one, whatever their state (BullMQ keeps them in four places). */
  private async childrenOf(job: QueuedJobRef): Promise<QueuedJobRef[]> {
    if (job.queue !== JOB_QUEUE.finalize) return [];
    const key = this.queue(job.queue).toKey(job.id);
    const [processed, failed, unsuccessful, pending] = await Promise.all([
      this.connection.hkeys(`${key}:processed`),
      this.connection.hkeys(`${key}:failed`),
      this.connection.zrange(`${key}:unsuccessful`, 0, -1),
      this.connection.smembers(`${key}:dependencies`),
    ]);
    // A child's key is "<prefix>:<queue>:<job id>"; job ids hold no ":".
    const queuePart = `${this.options.prefix}:`;
    return [...processed, ...failed, ...unsuccessful, ...pending].flatMap((childKey) => {
      const [queue, id] = childKey.slice(queuePart.length).split(':');
      return QUEUE_NAMES.includes(queue as QueueName) && id ? [{ queue: queue as QueueName, id }] : [];
    });
  }

  private async forgetEvents(streamKey: string, jobIds: Set<string>): Promise<void> {
    let start = '-';
    for (;;) {
      const entries = await this.connection.xrange(streamKey, start, '+', 'COUNT', 1000);
      const doomed = entries
        .filter(([, fields]) => fields.some((field) => jobIds.has(field)))
        .map(([entryId]) => entryId);
      if (doomed.length > 0) await this.connection.xdel(streamKey, ...doomed);
      if (entries.length < 1000) return;
      start = `(${entries[entries.length - 1]![0]}`;
    }
  }

  /** Starts one worker per queue this process serves. */
  startWorkers(
    processors: Processors,
    queues: readonly QueueName[] = QUEUE_NAMES,
    concurrency: Partial<Record<QueueName, number>> = {},
  ): void {
    for (const queueName of queues) {
      const connection = this.connection.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
      this.workerConnections.push(connection);
      const worker = new Worker(
        queueName,
        (job: Job, token?: string) => this.dispatch(processors, job, token),
        {
          connection,
          prefix: this.options.prefix,
          concurrency: concurrency[queueName] ?? DEFAULT_CONCURRENCY[queueName],
          lockDuration: this.options.lockMs ?? 30_000,
          stalledInterval: this.options.lockMs ?? 30_000,
          maxStalledCount: MAX_STALLED_COUNT,
        },
      );
      worker.on('error', (error) =>
        this.options.log.warn({ queue: queueName, err: error.message }, 'worker error'),
      );
      worker.on('failed', (job, error) => {
        if (job)
          this.options.log.warn({ job: job.id, attempt: job.attemptsMade, err: error.message }, 'job failed');
      });
      this.workers.push(worker);
    }
  }

  private async dispatch(processors: Processors, job: Job, token: string | undefined): Promise<void> {
    const name = job.name as JobName;
    if (!(name in processors)) throw new UnrecoverableError(`unknown job ${job.name}`);
    const attempts = job.opts.attempts ?? 1;
    // attemptsStarted also counts paced retries, which do not spend an attempt.
    const pacedSoFar = Math.max(0, (job.attemptsStarted ?? 0) - job.attemptsMade - 1);
    let payload: JobPayload<JobName>;
    try {
      payload = parseJobPayload(name, job.data);
    } catch {
      throw new UnrecoverableError('invalid job payload');
    }
    const waitBound = storageWaitBound(name, this.options.storageWaitMs ?? DEFAULT_STORAGE_WAIT_MS);
    const waited = { waits: 0, waitedMs: 0 };
    for (;;) {
      const ctx = {
        attempt: job.attemptsMade + 1,
        finalAttempt: job.attemptsMade + 1 >= attempts,
        paceAllowed: pacedSoFar < MAX_PACED_RETRIES && token !== undefined,
      };
      try {
        await (processors[name] as (p: JobPayload<JobName>, c: JobContext) => Promise<void>)(payload, ctx);
        return;
      } catch (error) {
        // The database or Redis is out: wait for it here, holding the job (its lock is renewed
        // meanwhile), and run it again without spending an attempt; moving it to delayed would need
        // the very Redis that may be the one out.
        const delay = storageWaitDelay(error, waited, waitBound);
        if (delay === undefined) return await this.settleFailure(job, token, ctx, error);
        this.options.log.warn({ job: job.id, delayMs: delay }, 'storage unreachable; job waits for it');
        await new Promise((resolve) => setTimeout(resolve, delay));
        waited.waits++;
        waited.waitedMs += delay;
      }
    }
  }

  /** What a failed run of a job becomes: a paced retry, an attempt spent, or a failure for good. */
  private async settleFailure(
    job: Job,
    token: string | undefined,
    ctx: JobContext,
    error: unknown,
  ): Promise<never> {
    if (isFinalError(error)) throw new UnrecoverableError(safeErrorMessage(error));
    const delay = pacedRetryDelay(error);
    if (delay !== undefined && ctx.paceAllowed) {
      // The source asked us to wait: come back later without spending an attempt (the source is
      // paused for every worker meanwhile, so the other sources' jobs keep flowing).
      this.options.log.info({ job: job.id, delayMs: delay }, 'source asked us to wait; job paced');
      await job.moveToDelayed(Date.now() + delay + Math.random() * 1000, token);
      throw new DelayedError();
    }
    // BullMQ keeps the message and stack in Redis: only our own sentences go there.
    if (error instanceof SourceError) throw error;
    throw new Error(safeErrorMessage(error));
  }

  /**
   * Schedules the retention purge every `everyMs` on the maintenance queue. The scheduler lives in
   * Redis, so it runs whichever workers are up; every worker serving the queue upserts it at start,
   * which leaves one scheduler however many do.
   */
  async schedulePurge(everyMs: number): Promise<void> {
    await this.queue('maintenance').upsertJobScheduler(
      PURGE_SCHEDULER_ID,
      { every: everyMs },
      {
        name: 'purge',
        data: {},
        opts: {
          attempts: JOB_ATTEMPTS.purge,
          removeOnComplete: { count: 10 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      },
    );
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Drains: workers finish the jobs they hold, then every connection closes. */
  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((worker) => worker.close()));
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    await this.flowProducer?.close();
    for (const connection of this.workerConnections) connection.disconnect();
    this.connection.disconnect();
  }
}
