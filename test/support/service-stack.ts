import { createScanService, openRuntime, type Runtime } from '../../services/core/runtime.js';
import type { Caller, ScanService } from '../../services/core/scan.service.js';
import type { Config } from '../../shared/config.js';
import { createLogger } from '../../shared/log.js';
import { BullJobRunner } from '../../shared/queue/bullmq.runner.js';

/**
 * The producing side of service mode, as the API builds it (database, queue producer, scan service),
 * for tests whose workers run elsewhere: in this process or as processes of the built command.
 */
/** The consent and caller of scans that tests start through the service (no organisation). */
export const testConsent = {
  subject: 'client',
  attestedBy: 'tester',
  method: 'written',
  obtainedAt: '2026-11-20T10:00:00Z',
} as const;
export const testCaller = { orgId: null, actor: 'test' };

export interface ServiceProducer {
  runtime: Runtime;
  producer: BullJobRunner;
  scans: ScanService;
  close(): Promise<void>;
}

export async function openServiceProducer(config: Config): Promise<ServiceProducer> {
  const log = createLogger({ level: 'silent' });
  const runtime = await openRuntime({ config, masterKey: config.masterKey!, log });
  const producer = new BullJobRunner({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    log,
    role: 'producer',
  });
  const scans = createScanService(runtime, { jobs: producer, log, mode: 'service', config });
  return {
    runtime,
    producer,
    scans,
    async close() {
      await producer.close();
      await runtime.close();
    },
  };
}

/** Waits until the scan has ended (completed, partial or failed); `describe` says what to print on a timeout. */
export async function waitForScanEnd(
  scans: ScanService,
  id: string,
  caller: Caller,
  options: { timeoutMs?: number; describe?: () => string } = {},
): Promise<Awaited<ReturnType<ScanService['status']>>> {
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    const status = await scans.status(id, caller);
    if (['completed', 'partial', 'failed'].includes(status.status)) return status;
    if (Date.now() > deadline) {
      throw new Error(
        `scan still ${status.status}: ${JSON.stringify(status.sources)} ${options.describe?.() ?? ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
