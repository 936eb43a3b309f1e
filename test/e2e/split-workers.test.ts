import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanService } from '../../services/core/scan.service.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { resolveBrowserExecutable } from '../../workers/fetchers/browser-pool.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { compareWithDemoTruth } from '../support/expectations.js';
import { bin, startProcess, stopProcesses, type Managed } from '../support/processes.js';
import { testRedisUrl } from '../support/redis-dump.js';
import {
  openServiceProducer,
  testCaller,
  testConsent,
  waitForScanEnd,
  type ServiceProducer,
} from '../support/service-stack.js';

/**
 * A deployment that scales HTTP and browser work apart: one worker process serves the plain queues and
 * runs no Chromium, another serves only the browser queue. Searches of the forum behind the
 * proof-of-work gate and of the browser-only dox site must reach the browser worker, not fail, and
 * the clearance the browser earns must serve the plain worker too.
 */
const chromium = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);
const consent = testConsent;
const caller = testCaller;
const SOURCES = ['kiwifarms', 'doxbin'];

describe.skipIf(!chromium)('HTTP and browser work on separate worker processes', () => {
  let farm: ReplicaFarm;
  let pgDb: TestPostgres;
  let service: ServiceProducer;
  let scans: ScanService;
  let plain: Managed;
  let browser: Managed;

  beforeAll(async () => {
    farm = await startReplicaFarm({ kiwiflare: true });
    pgDb = await createTestPostgres();
    const dir = mkdtempSync(join(tmpdir(), 'exposure-split-'));
    const overrides = Object.fromEntries(
      SOURCES.map((id) => [
        id,
        { ...farm.overrides[id], politeness: { requestsPerSecond: 50, concurrency: 2 } },
      ]),
    );
    writeFileSync(join(dir, 'sources.json'), JSON.stringify(overrides));
    const env = {
      DATABASE_URL: pgDb.url,
      REDIS_URL: testRedisUrl,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_QUEUE_PREFIX: `essplit${randomBytes(3).toString('hex')}`,
      EXPOSURE_SOURCE_OVERRIDES: join(dir, 'sources.json'),
      BROWSER_EXECUTABLE_PATH: chromium!,
      LOG_LEVEL: 'info',
    };
    service = await openServiceProducer(loadConfig(env));
    scans = service.scans;
    plain = startProcess(process.execPath, [bin, 'worker', '--queues', 'scan,search,fetch'], env);
    browser = startProcess(process.execPath, [bin, 'worker', '--queues', 'fetch-browser'], env);
  }, 60_000);

  afterAll(async () => {
    await stopProcesses([plain, browser]);
    await service?.close();
    await pgDb?.drop();
    await farm?.close();
  });

  it('hands searches that need a browser to the browser worker and finds every seeded exposure', async () => {
    const { id } = await scans.create(
      {
        identifiers: [...demoProfile.identifiers],
        consent,
        allowDirect: true,
        remoteSearchOptIn: [],
        sources: SOURCES,
      },
      caller,
    );
    const status = await waitForScanEnd(scans, id, caller, {
      timeoutMs: 120_000,
      describe: () => `plain: ${plain.output().slice(-800)}\n---\nbrowser: ${browser.output().slice(-800)}`,
    });
    expect(status.status).toBe('completed');
    const report = await scans.report(id, caller);
    expect(compareWithDemoTruth(report)).toEqual([]);
    expect(report.findings.some((finding) => finding.sourceId === 'kiwifarms')).toBe(true);
    expect(report.findings.some((finding) => finding.sourceId === 'doxbin')).toBe(true);

    // The plain worker handed every search of both sources on, and the browser worker ran each.
    const handed = plain.output().match(/"msg":"search sent to the browser queue"/g)?.length ?? 0;
    expect(handed).toBeGreaterThanOrEqual(SOURCES.length);
    expect(plain.output()).not.toMatch(/"msg":"search done"/);
    expect(browser.output().match(/"msg":"search done"/g)?.length).toBe(handed);
    // The clearance the browser worker earned went over Redis to the plain worker, which then read
    // forum pages over plain HTTP instead of sending every one of them to the browser.
    expect(plain.output()).toMatch(/"sourceId":"kiwifarms"[^\n]*"msg":"page matched"/);
  }, 150_000);
});
