import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalScan } from '../../services/cli/local-scan.js';
import type { ScanService } from '../../services/core/scan.service.js';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { scanRequestSchema } from '../../shared/domain/scan.js';
import { isPublicIdentifier } from '../../shared/domain/identifier.js';
import { createLogger } from '../../shared/log.js';
import { resolveBrowserExecutable } from '../../workers/fetchers/browser-pool.js';
import { startWorkers } from '../../workers/main.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { withBurstLimit, withFlakiness, withFloodControl } from '../replicas/misbehaviour.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { compareWithDemoTruth } from '../support/expectations.js';
import { leakNeedles } from '../support/leaks.js';
import { testRedisUrl } from '../support/redis-dump.js';
import { openServiceProducer, waitForScanEnd, type ServiceProducer } from '../support/service-stack.js';
import { startSocksProxy, type SocksProxy } from '../support/socks-proxy.js';

/**
 * The whole replica farm, as a deployment meets the real sites: the forum behind a proof-of-work
 * gate only Chromium passes, a paste site that answers bursts with 429 and Retry-After, flood control
 * on the forum search, a flaky imageboard (5xx, cut-off bodies, slow answers) and a dead paste site.
 */
const chromium = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);
const consent = {
  subject: 'client',
  attestedBy: 'case worker 4',
  method: 'written',
  obtainedAt: '2026-11-20T10:00:00Z',
} as const;
const caller = { orgId: null, actor: 'test' };
const DEAD = 'justpaste';

function overridesFile(
  farm: ReplicaFarm,
  politeness: object,
  perSource: Record<string, object> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'exposure-farm-'));
  const path = join(dir, 'sources.json');
  writeFileSync(
    path,
    JSON.stringify(
      Object.fromEntries(
        Object.entries(farm.overrides).map(([id, o]) => [
          id,
          { ...o, politeness: perSource[id] ?? politeness },
        ]),
      ),
    ),
  );
  return path;
}

/** The persona's sensitive values in every spelling a query could carry them. */
const sensitiveNeedles = leakNeedles(
  demoProfile.identifiers
    .filter((identifier) => !isPublicIdentifier(identifier))
    .map((identifier) => identifier.value),
);

function queriesSentTo(farm: ReplicaFarm, hostile: Set<string>): string[] {
  return farm.queryLog
    .filter((request) => hostile.has(request.sourceId))
    .map((request) =>
      decodeURIComponent(`${request.path}?${new URLSearchParams(request.query)}`).toLowerCase(),
    );
}

describe.skipIf(!chromium)('the whole replica farm in service mode', () => {
  let farm: ReplicaFarm;
  let pgDb: TestPostgres;
  let service: ServiceProducer;
  let scans: ScanService;
  let workers: { close(): Promise<void> };
  const pastebinBursts = { limited: () => 0 };
  const forumFlood = { flooded: () => 0 };

  beforeAll(async () => {
    farm = await startReplicaFarm({
      kiwiflare: true,
      dead: [DEAD],
      wrap: {
        pastebin: (handler) => {
          const limited = withBurstLimit(handler, { max: 3, windowMs: 1000, retryAfterSeconds: 1 });
          pastebinBursts.limited = limited.limited;
          return limited;
        },
        kiwifarms: (handler) => {
          const flood = withFloodControl(handler, {
            pathPrefix: '/search/search',
            // Long enough that the second search lands inside it however loaded the machine is: 8 s
            // was not, with the whole suite running on a slow machine (the wait is what is tested).
            minIntervalMs: 20_000,
          });
          forumFlood.flooded = flood.flooded;
          return flood;
        },
        lolcow: (handler) => withFlakiness(handler, { slowMs: 300 }),
      },
    });
    pgDb = await createTestPostgres();
    const config = loadConfig({
      DATABASE_URL: pgDb.url,
      REDIS_URL: testRedisUrl,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_QUEUE_PREFIX: `esfarm${randomBytes(3).toString('hex')}`,
      // The forum one request at a time, two a second: its second search still lands inside the
      // flood-control interval once, and must be waited out, not failed.
      EXPOSURE_SOURCE_OVERRIDES: overridesFile(
        farm,
        { requestsPerSecond: 50, concurrency: 4 },
        { kiwifarms: { requestsPerSecond: 2, concurrency: 1 } },
      ),
      ...(chromium ? { BROWSER_EXECUTABLE_PATH: chromium } : {}),
    });
    service = await openServiceProducer(config);
    scans = service.scans;
    workers = await startWorkers({
      config,
      log: createLogger({ level: 'silent' }),
      backoffMs: 200,
    });
  }, 120_000);

  afterAll(async () => {
    await workers?.close();
    await service?.close();
    await pgDb?.drop();
    await farm?.close();
  });

  it('finds exactly the seeded exposures on every live source, the gated forum included, and ends partial naming the dead source', async () => {
    const { id } = await scans.create(
      scanRequestSchema.parse({ identifiers: demoProfile.identifiers, consent, allowDirect: true }),
      caller,
    );
    const status = await waitForScanEnd(scans, id, caller, { timeoutMs: 150_000 });
    expect(status.status).toBe('partial');
    const dead = status.sources.find((source) => source.id === DEAD)!;
    expect(dead.status).toBe('failed');
    expect(dead.error).toMatch(/connection refused/);
    for (const source of status.sources.filter((s) => s.id !== DEAD)) {
      expect([source.id, source.status, source.error]).toEqual([source.id, 'done', null]);
      expect([source.id, source.pages.failed]).toEqual([source.id, 0]);
    }

    const report = await scans.report(id, caller);
    expect(compareWithDemoTruth(report, { except: [DEAD] })).toEqual([]);
    expect(report.findings.some((finding) => finding.sourceId === 'kiwifarms')).toBe(true);

    // Only a browser passes the gate: it solved the challenge, and later plain requests carried its clearance.
    const forum = farm.queryLog.filter((request) => request.sourceId === 'kiwifarms');
    expect(forum.some((request) => request.method === 'POST' && request.path === '/.sssg/api/answer')).toBe(
      true,
    );
    expect(forum.some((request) => String(request.headers.cookie ?? '').includes('sssg_clearance'))).toBe(
      true,
    );
    // The unhappy paths really happened, and were waited out.
    expect(pastebinBursts.limited()).toBeGreaterThan(0);
    expect(forumFlood.flooded()).toBeGreaterThan(0);
  }, 200_000);

  it('never sent a sensitive identifier to a hostile source', () => {
    const hostile = new Set(
      loadCatalog()
        .list()
        .filter((s) => s.trust === 'hostile')
        .map((s) => s.id),
    );
    const queries = queriesSentTo(farm, hostile);
    expect(queries.length).toBeGreaterThan(20);
    for (const needle of sensitiveNeedles) {
      expect(
        queries.filter((query) => query.includes(needle)),
        needle,
      ).toEqual([]);
    }
  });
});

describe.skipIf(!chromium)('every request through a SOCKS5 proxy, plain HTTP and browser alike', () => {
  const PROXY_EXIT = '127.0.0.2';
  let farm: ReplicaFarm;
  let socks: SocksProxy;

  beforeAll(async () => {
    farm = await startReplicaFarm({ kiwiflare: true });
    socks = await startSocksProxy({ bindAddress: PROXY_EXIT });
  }, 120_000);
  afterAll(async () => {
    await socks?.close();
    await farm?.close();
  });

  it('a local scan of the gated forum and Pastebin reaches the farm only from the proxy', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'exposure-socks-'));
    const config = loadConfig({
      EXPOSURE_DATA_DIR: dataDir,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_PROXY: socks.url,
      ...(chromium ? { BROWSER_EXECUTABLE_PATH: chromium } : {}),
    });
    const result = await runLocalScan({
      config,
      masterKey: config.masterKey!,
      request: scanRequestSchema.parse({
        identifiers: demoProfile.identifiers,
        sources: ['kiwifarms', 'pastebin'],
      }),
      outDir: join(dataDir, 'report'),
      log: createLogger({ level: 'silent' }),
      overrides: Object.fromEntries(
        ['kiwifarms', 'pastebin'].map((id) => [
          id,
          { ...farm.overrides[id], politeness: { requestsPerSecond: 50, concurrency: 4 } },
        ]),
      ),
    });
    expect(result.report.scan.ranDirect).toBe(false);
    expect(compareWithDemoTruth(result.report)).toEqual([]);
    const forum = farm.queryLog.filter((request) => request.sourceId === 'kiwifarms');
    expect(forum.some((request) => request.method === 'POST' && request.path === '/.sssg/api/answer')).toBe(
      true,
    );
    const addresses = new Set(farm.queryLog.map((request) => request.remoteAddress));
    expect(farm.queryLog.length).toBeGreaterThan(10);
    expect([...addresses]).toEqual([PROXY_EXIT]);
  }, 120_000);
});
