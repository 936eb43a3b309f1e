import { loadConfig, requireMasterKey, type Config } from '../shared/config.js';
import { createLogger, type Logger } from '../shared/log.js';
import { BullJobRunner } from '../shared/queue/bullmq.runner.js';
import { QUEUE_NAMES, type QueueName } from '../shared/queue/jobs.js';
import { openRuntime } from '../shared/runtime.js';
import { removeLeftoverBrowserFolders } from './fetchers/browser-launch.js';
import { createPipelineDeps } from './pipeline-wiring.js';
import { createProcessors } from './processors/index.js';

/** How often the maintenance queue's scheduler runs the retention purge (reads hide expired scans at once). */
export const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * A worker process: serves the given queues (all by default) until SIGTERM, then lets the jobs in
 * hand finish before closing. Any number of these may run against one Redis and one PostgreSQL.
 * Every one serves the maintenance queue too (unless `maintenance: false`), so the retention purge
 * runs whichever workers are deployed.
 */
export async function startWorkers(
  options: {
    config?: Config;
    queues?: readonly QueueName[];
    concurrency?: Partial<Record<QueueName, number>>;
    log?: Logger;
    backoffMs?: number;
    /** Serve the maintenance queue besides `queues` (default true). */
    maintenance?: boolean;
    /** Interval of the retention purge's job scheduler (default hourly). */
    purgeEveryMs?: number;
  } = {},
): Promise<{ close(): Promise<void> }> {
  const config = options.config ?? loadConfig();
  const masterKey = requireMasterKey(config);
  const log = options.log ?? createLogger({ level: config.logLevel, name: 'worker' });
  // docs/safety.md §4: a worker killed mid-scan could not delete its browsers' folders; the next one
  // to start on the machine does, leaving those of live processes alone.
  const leftovers = await removeLeftoverBrowserFolders();
  if (leftovers.length > 0)
    log.info({ removed: leftovers.length }, 'browser folders of stopped processes removed');
  const runtime = await openRuntime({ config, masterKey, log });
  const runner = new BullJobRunner({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    log,
    role: 'worker',
    lockMs: config.jobLockMs,
    storageWaitMs: config.storageWaitMs,
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
  });
  const asked = options.queues ?? QUEUE_NAMES;
  const queues: readonly QueueName[] =
    options.maintenance !== false && !asked.includes('maintenance') ? [...asked, 'maintenance'] : asked;
  // Only a worker that serves the browser queue starts Chromium; the others send such pages there.
  const deps = createPipelineDeps(runtime, {
    jobs: runner,
    log,
    config,
    mode: 'service',
    browser: queues.includes('fetch-browser'),
  });
  runner.startWorkers(createProcessors(deps), queues, options.concurrency);
  // Retention (docs/safety.md §4): one scheduler in Redis, upserted by every worker serving the queue.
  if (queues.includes('maintenance')) await runner.schedulePurge(options.purgeEveryMs ?? PURGE_EVERY_MS);
  log.info({ queues }, 'workers started');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await runner.close();
      await deps.fetcher.close();
      await deps.gate.close?.();
      await runtime.close();
    })());
  return { close };
}
