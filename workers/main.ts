import { loadConfig, requireMasterKey, type Config } from '../shared/config.js';
import { createLogger, type Logger } from '../shared/log.js';
import { BullJobRunner } from '../shared/queue/bullmq.runner.js';
import { QUEUE_NAMES, type QueueName } from '../shared/queue/jobs.js';
import { createScanService } from '../services/core/runtime.js';
import { openRuntime } from '../shared/runtime.js';
import { removeLeftoverBrowserFolders } from './fetchers/browser-launch.js';
import { createPipelineDeps } from './pipeline-wiring.js';
import { createProcessors } from './processors/index.js';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * A worker process: serves the given queues (all by default) until SIGTERM, then lets the jobs in
 * hand finish before closing. Any number of these may run against one Redis and one PostgreSQL.
 */
export async function startWorkers(
  options: {
    config?: Config;
    queues?: readonly QueueName[];
    concurrency?: Partial<Record<QueueName, number>>;
    log?: Logger;
    backoffMs?: number;
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
  const queues = options.queues ?? QUEUE_NAMES;
  // Only a worker that serves the browser queue starts Chromium; the others send such pages there.
  const deps = createPipelineDeps(runtime, {
    jobs: runner,
    log,
    config,
    mode: 'service',
    browser: queues.includes('fetch-browser'),
  });
  runner.startWorkers(createProcessors(deps), queues, options.concurrency);
  log.info({ queues }, 'workers started');

  // Retention (docs/safety.md §4): every worker that serves the scan queue purges expired scans now and
  // then; deleting is idempotent, so several workers doing it at once is harmless.
  const scans = createScanService(runtime, { jobs: runner, log, mode: 'service', config });
  const purge = () =>
    void scans
      .purgeExpired()
      .then((n) => n > 0 && log.info({ purged: n }, 'expired scans purged'))
      .catch((error: Error) => log.warn({ err: error.message }, 'retention purge failed'));
  const purgeTimer = queues.includes('scan') ? setInterval(purge, PURGE_EVERY_MS) : undefined;
  purgeTimer?.unref();
  const firstPurge = purgeTimer ? setTimeout(purge, 5_000).unref() : undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(purgeTimer);
      clearTimeout(firstPurge);
      await runner.close();
      await deps.fetcher.close();
      await deps.gate.close?.();
      await runtime.close();
    })());
  return { close };
}
