import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanService } from '../../services/core/scan.service.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
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
 * docs/safety.md §5 across processes: two worker processes of the built command scan the same sources
 * together. Pastebin is configured for 4 requests a second: the replica's own clock shows the two
 * workers never exceeded it, and a 429 with Retry-After seen by one worker held the other back too.
 */
const RATE = 4;
const consent = testConsent;
const caller = testCaller;

describe('politeness holds across two worker processes', () => {
  let farm: ReplicaFarm;
  let pgDb: TestPostgres;
  let service: ServiceProducer;
  let scans: ScanService;
  const workers: Managed[] = [];
  let refusedAt = 0;
  const retryAfterSeconds = 2;

  beforeAll(async () => {
    farm = await startReplicaFarm({
      wrap: {
        // The site tells one of the workers to slow down once, on the third request of the scan.
        pastebin: (handler) => {
          let seen = 0;
          return (req, res) => {
            if (++seen === 3) {
              refusedAt = Date.now();
              res.writeHead(429, { 'retry-after': String(retryAfterSeconds), 'content-type': 'text/plain' });
              res.end('Please slow down');
              return;
            }
            handler(req, res);
          };
        },
      },
    });
    pgDb = await createTestPostgres();
    const dir = mkdtempSync(join(tmpdir(), 'exposure-polite-'));
    const overrides = {
      pastebin: { ...farm.overrides.pastebin, politeness: { requestsPerSecond: RATE, concurrency: 4 } },
      kiwifarms: { ...farm.overrides.kiwifarms, politeness: { requestsPerSecond: 50, concurrency: 1 } },
    };
    writeFileSync(join(dir, 'sources.json'), JSON.stringify(overrides));
    const env = {
      DATABASE_URL: pgDb.url,
      REDIS_URL: testRedisUrl,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_QUEUE_PREFIX: `espolite${randomBytes(3).toString('hex')}`,
      EXPOSURE_SOURCE_OVERRIDES: join(dir, 'sources.json'),
      LOG_LEVEL: 'info',
    };
    service = await openServiceProducer(loadConfig(env));
    scans = service.scans;
    for (let i = 0; i < 2; i++)
      // Few jobs each, so that one worker cannot take every page of the scan at once: a fetch job
      // carries a batch of pages, and the scan's pages make about as many batches as the source's
      // concurrency (4), so each worker holds at most half of them.
      workers.push(
        startProcess(
          process.execPath,
          [bin, 'worker', '--queues', 'scan,search,fetch', '--fetch-jobs', '2'],
          env,
        ),
      );
  });

  afterAll(async () => {
    await stopProcesses(workers);
    await service?.close();
    await pgDb?.drop();
    await farm?.close();
  });

  it('never exceed the configured rate together, and a 429 seen by one pauses both', async () => {
    const { id } = await scans.create(
      {
        identifiers: [...demoProfile.identifiers],
        consent,
        allowDirect: true,
        remoteSearchOptIn: [],
        sources: ['pastebin', 'kiwifarms'],
      },
      caller,
    );
    await waitForScanEnd(scans, id, caller, {
      describe: () => `workers: ${workers.map((w) => w.output().slice(-600)).join('\n---\n')}`,
    });
    const report = await scans.report(id, caller);
    // Pastebin can only be read through its archive of the newest pastes: checked in part, said so.
    expect(report.scan.status).toBe('partial');
    expect(report.sources.find((s) => s.id === 'pastebin')).toMatchObject({
      coverage: 'partial',
      reason: expect.stringMatching(/only the newest \d+ pastes of its public archive/),
    });
    expect(compareWithDemoTruth(report)).toEqual([]);

    // Both workers did part of the work.
    const done = workers.map((worker) => (worker.output().match(/"msg":"page matched"/g) ?? []).length);
    expect(
      done.every((n) => n > 0),
      `pages per worker: ${done}`,
    ).toBe(true);

    // Rate: in any window of one second, at most RATE (+1 for a window's edge) Pastebin requests.
    const times = farm.queryLog
      .filter((r) => r.sourceId === 'pastebin')
      .map((r) => r.at)
      .sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(6);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
      expect(inWindow, `requests in the second after ${times[i]! - times[0]!} ms`).toBeLessThanOrEqual(
        RATE + 1,
      );
    }

    // The 429: after it, neither worker asked Pastebin anything for Retry-After seconds.
    expect(refusedAt).toBeGreaterThan(0);
    const next = times.find((t) => t > refusedAt)!;
    expect(next - refusedAt).toBeGreaterThanOrEqual(retryAfterSeconds * 1000 - 50);
  }, 120_000);
});
