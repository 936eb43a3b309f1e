import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../services/core/runtime.js';
import type { ScanService } from '../../services/core/scan.service.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { compareWithDemoTruth, expectedPostCount } from '../support/expectations.js';
import { bin, startOwnRedis, startProcess, type Managed } from '../support/processes.js';
import { writeFileSync, readFileSync } from 'node:fs';
import { writeFarmOverrides } from '../support/overrides-file.js';
import {
  openServiceProducer,
  testCaller,
  testConsent,
  type ServiceProducer,
} from '../support/service-stack.js';

/**
 * A worker killed in the middle of a scan, and Redis killed and restarted in the middle of one, lose
 * nothing: the scan finishes with every finding exactly once. Workers are real processes
 * of the built command; Redis is the test's own, with its append-only file on as in production.
 */
const caller = testCaller;
const consent = testConsent;

describe('faults: a scan survives a killed worker and a Redis restart', () => {
  let farm: ReplicaFarm;
  let pgDb: TestPostgres;
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;
  let service: ServiceProducer;
  let runtime: Runtime;
  let scans: ScanService;
  let workerEnv: Record<string, string>;
  const workers: Managed[] = [];

  beforeAll(async () => {
    farm = await startReplicaFarm();
    pgDb = await createTestPostgres();
    redis = await startOwnRedis();
    // Slow politeness so the scan lasts long enough to be interrupted.
    const overridesPath = writeFarmOverrides(farm);
    const slowed = JSON.parse(readFileSync(overridesPath, 'utf8')) as Record<string, { politeness: object }>;
    for (const entry of Object.values(slowed)) entry.politeness = { requestsPerSecond: 3, concurrency: 1 };
    writeFileSync(overridesPath, JSON.stringify(slowed));
    workerEnv = {
      DATABASE_URL: pgDb.url,
      REDIS_URL: redis.url,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_QUEUE_PREFIX: `esfault${randomBytes(3).toString('hex')}`,
      EXPOSURE_SOURCE_OVERRIDES: overridesPath,
      EXPOSURE_JOB_LOCK_MS: '2000',
      LOG_LEVEL: 'info',
    };
    service = await openServiceProducer(loadConfig(workerEnv));
    ({ runtime, scans } = service);
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await service?.close();
    await redis?.stop();
    await pgDb?.drop();
    await farm?.close();
  });

  function startWorker(): Managed {
    const worker = startProcess(process.execPath, [bin, 'worker'], workerEnv);
    workers.push(worker);
    return worker;
  }

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; workers said: ${workers.map((w) => w.output().slice(-800)).join('\n---\n')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const pagesDone = async (id: string) =>
    (await scans.status(id, caller)).sources.reduce((n, s) => n + s.pages.fetched, 0);
  const finished = async (id: string) => {
    const status = await scans.status(id, caller);
    return ['completed', 'partial', 'failed'].includes(status.status) ? status : undefined;
  };

  async function expectExactFindings(id: string): Promise<void> {
    const report = await scans.report(id, caller);
    // Pastebin can only be read through its archive of the newest pastes: checked in part, said so.
    expect(report.scan.status).toBe('partial');
    expect(report.sources.find((s) => s.id === 'pastebin')).toMatchObject({
      coverage: 'partial',
      reason: expect.stringMatching(/only the newest \d+ pastes of its public archive/),
    });
    expect(compareWithDemoTruth(report)).toEqual([]);
    expect(await runtime.repositories.findings.countByScan(id)).toBe(
      expectedPostCount(['kiwifarms', 'pastebin']),
    );
  }

  it('a worker killed mid-scan: another takes its jobs over and the scan finishes with every finding once', async () => {
    const first = startWorker();
    const { id } = await scans.create(
      {
        identifiers: [...demoProfile.identifiers],
        consent,
        allowDirect: true,
        remoteSearchOptIn: [],
        sources: ['kiwifarms', 'pastebin'],
      },
      caller,
    );
    await waitFor('the first pages', async () => ((await pagesDone(id)) >= 2 ? true : undefined));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await finished(id)).toBeUndefined();
    startWorker();
    await waitFor('the scan to finish', () => finished(id));
    await expectExactFindings(id);
  });

  it('Redis killed and restarted mid-scan: the queue comes back from its append-only file and the scan finishes', async () => {
    startWorker();
    const { id } = await scans.create(
      {
        identifiers: [...demoProfile.identifiers],
        consent,
        allowDirect: true,
        remoteSearchOptIn: [],
        sources: ['kiwifarms', 'pastebin'],
      },
      caller,
    );
    await waitFor('the first pages', async () => ((await pagesDone(id)) >= 2 ? true : undefined));
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await redis.start();
    await waitFor('the scan to finish', () => finished(id));
    await expectExactFindings(id);
  });
});
