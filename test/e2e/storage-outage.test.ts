import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../services/api/app.js';
import type { Caller } from '../../services/core/scan.service.js';
import { loadConfig, type Config } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { createLogger } from '../../shared/log.js';
import type { Report } from '../../shared/report/report.schema.js';
import { startWorkers } from '../../workers/main.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { compareWithDemoTruth } from '../support/expectations.js';
import { captureLogs } from '../support/log-capture.js';
import { writeFarmOverrides } from '../support/overrides-file.js';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { startOwnRedis } from '../support/processes.js';
import {
  openServiceProducer,
  testCaller,
  testConsent,
  type ServiceProducer,
} from '../support/service-stack.js';

/**
 * No silent loss: a PostgreSQL stopped for 30 s and a Redis hung (SIGSTOP) for 30 s in the middle of
 * a service-mode scan change nothing in its outcome, which must equal an undisturbed run's; and when
 * the jobs' wait for storage is cut to nothing, so that their attempts run out while the database is
 * down, the scan ends saying what it could not finish, and a resume finishes it with exactly the
 * undisturbed run's findings. PostgreSQL and Redis are the test's own; workers run in this process.
 */
const SOURCES = ['kiwifarms', 'pastebin', 'doxbin'];
const OUTAGE_MS = 30_000;
const silent = createLogger({ level: 'silent' });
const workerLogs = captureLogs('worker');

interface Fingerprint {
  status: string;
  findings: string[];
  sources: string[];
}

/** What a report says, without the times and ids that differ between runs. */
function fingerprint(report: Report): Fingerprint {
  return {
    status: report.scan.status,
    findings: report.findings
      .map((f) => `${f.sourceId}/${f.postId} ${f.severity} ${[...f.identifierIds].sort().join(',')}`)
      .sort(),
    sources: report.sources.map(
      (s) =>
        `${s.id} ${s.coverage} searches ${s.searches.done}/${s.searches.total} pages ${s.pages.fetched}+${s.pages.failed}/${s.pages.total}`,
    ),
  };
}

describe('no silent loss: the database or Redis out in the middle of a scan', () => {
  let farm: ReplicaFarm;
  let pg: OwnPostgres;
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;
  let service: ServiceProducer;
  let workers: { close(): Promise<void> } | undefined;
  let app: FastifyInstance;
  let orgKey: string;
  let orgId: string;
  let otherOrgKey: string;
  let env: Record<string, string>;
  let baseline: Fingerprint;
  let baselineRows: number;

  const configWith = (extra: Record<string, string> = {}): Config => loadConfig({ ...env, ...extra });

  beforeAll(async () => {
    farm = await startReplicaFarm();
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    // Slow politeness, so that a scan is still running when storage goes away.
    const overridesPath = writeFarmOverrides(farm);
    const slowed = JSON.parse(readFileSync(overridesPath, 'utf8')) as Record<string, { politeness: object }>;
    for (const entry of Object.values(slowed)) entry.politeness = { requestsPerSecond: 4, concurrency: 1 };
    writeFileSync(overridesPath, JSON.stringify(slowed));
    env = {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_QUEUE_PREFIX: `esoutage${randomBytes(3).toString('hex')}`,
      EXPOSURE_SOURCE_OVERRIDES: overridesPath,
      // Short locks: a hung Redis lets every lock expire, so the jobs it held run again (idempotently).
      EXPOSURE_JOB_LOCK_MS: '5000',
    };
    service = await openServiceProducer(configWith());
    app = await buildApp({
      scans: service.scans,
      orgs: service.runtime.repositories.orgs,
      log: silent,
      readiness: { database: async () => true, queue: () => service.producer.ping() },
    });
    const org = await service.runtime.repositories.orgs.createOrg('Safety Line');
    orgId = org.id;
    orgKey = (await service.runtime.repositories.orgs.createApiKey(org.id, 'tests')).key;
    const other = await service.runtime.repositories.orgs.createOrg('Other Org');
    otherOrgKey = (await service.runtime.repositories.orgs.createApiKey(other.id, 'tests')).key;
    workers = await startWorkers({ config: configWith(), log: workerLogs.log, backoffMs: 200 });
  }, 120_000);

  afterAll(async () => {
    await workers?.close();
    await app?.close();
    await service?.close();
    await redis?.stop();
    await pg?.destroy();
    await farm?.close();
  }, 60_000);

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // While the database is out, a probe fails: that is "not yet", not an answer.
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  }

  const startScan = async () =>
    (
      await service.scans.create(
        {
          identifiers: [...demoProfile.identifiers],
          consent: testConsent,
          allowDirect: true,
          remoteSearchOptIn: [],
          sources: SOURCES,
        },
        testCaller,
      )
    ).id;

  const pagesFetched = async (id: string) =>
    (await service.scans.status(id, testCaller)).sources.reduce((n, s) => n + s.pages.fetched, 0);

  async function ended(id: string, caller: Caller = testCaller) {
    const status = await service.scans.status(id, caller);
    return ['completed', 'partial', 'failed'].includes(status.status) ? status : undefined;
  }

  /** Waits until the scan has read a few pages and is still running: the middle of the scan. */
  async function midScan(id: string, caller: Caller = testCaller): Promise<void> {
    await waitFor('the first pages', async () =>
      (await service.scans.status(id, caller)).sources.reduce((n, s) => n + s.pages.fetched, 0) >= 3
        ? true
        : undefined,
    );
    expect(await ended(id, caller)).toBeUndefined();
  }

  it('an undisturbed scan: the baseline', async () => {
    const id = await startScan();
    await waitFor('the baseline scan to end', () => ended(id));
    const report = await service.scans.report(id, testCaller);
    expect(compareWithDemoTruth(report)).toEqual([]);
    baseline = fingerprint(report);
    baselineRows = await service.runtime.repositories.findings.countByScan(id);
    expect(baseline.findings.length).toBeGreaterThan(0);
    expect(report.sources.every((s) => s.pages.fetched > 0)).toBe(true);
  }, 90_000);

  it('PostgreSQL stopped for 30 s mid-scan: the scan ends with exactly the baseline findings', async () => {
    const id = await startScan();
    await midScan(id);
    const before = await pagesFetched(id);
    const logsFrom = workerLogs.text().length;
    await pg.stop();
    await sleep(OUTAGE_MS);
    await pg.start();
    const end = await waitFor('the scan to end', () => ended(id));
    expect(end.sources.map((s) => s.status)).toEqual(SOURCES.map(() => 'done'));
    const report = await service.scans.report(id, testCaller);
    expect(fingerprint(report)).toEqual(baseline);
    expect(await service.runtime.repositories.findings.countByScan(id)).toBe(baselineRows);
    expect(before).toBeLessThan(report.counts.pagesFetched);
    // Jobs met the outage and waited it out; none spent an attempt on it.
    const logs = workerLogs.text().slice(logsFrom);
    expect(logs).toContain('storage unreachable; job waits for it');
    expect(logs).not.toContain('could not be reached');
  }, 150_000);

  it('Redis hung (SIGSTOP) for 30 s mid-scan: the scan ends with exactly the baseline findings', async () => {
    const id = await startScan();
    await midScan(id);
    redis.signal('SIGSTOP');
    try {
      await sleep(OUTAGE_MS);
    } finally {
      redis.signal('SIGCONT');
    }
    await waitFor('the scan to end', () => ended(id));
    const report = await service.scans.report(id, testCaller);
    expect(fingerprint(report)).toEqual(baseline);
    expect(await service.runtime.repositories.findings.countByScan(id)).toBe(baselineRows);
  }, 150_000);

  it('attempts run out while the database is down: the scan says what is missing, and a resume finishes it', async () => {
    // Workers that do not wait for storage at all: every job met by the outage spends its attempts.
    await workers?.close();
    workers = await startWorkers({
      config: configWith({ EXPOSURE_STORAGE_WAIT_MS: '0' }),
      log: workerLogs.log,
      backoffMs: 200,
    });
    const auth = (key: string) => ({ authorization: `Bearer ${key}` });
    const created = await app.inject({
      method: 'POST',
      url: '/v1/scans',
      headers: auth(orgKey),
      payload: {
        identifiers: demoProfile.identifiers,
        consent: testConsent,
        allowDirect: true,
        sources: SOURCES,
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    const { id } = created.json<{ id: string }>();
    const caller = { orgId, actor: 'test' };

    // A scan still running is not resumed.
    const early = await app.inject({ method: 'POST', url: `/v1/scans/${id}/resume`, headers: auth(orgKey) });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('SCAN_STILL_RUNNING');

    await midScan(id, caller);
    const logsFrom = workerLogs.text().length;
    await pg.stop();
    await sleep(8_000);
    await pg.start();
    await waitFor('the scan to end', () => ended(id, caller));
    // The jobs met by the outage spent their attempts on it (what this run forces).
    expect(workerLogs.text().slice(logsFrom)).toContain('the database or the job queue could not be reached');

    const lossy = (
      await app.inject({ method: 'GET', url: `/v1/scans/${id}/report`, headers: auth(orgKey) })
    ).json<Report>();
    const lost = lossy.sources.filter((s) => s.coverage !== 'complete' && /resume the scan/.test(s.reason));
    expect(lost.length, JSON.stringify(lossy.sources)).toBeGreaterThan(0);
    expect(lossy.scan.status).toBe('partial');
    expect(lossy.verdict.headline).toMatch(/ended before finishing its work on \d+ place/);
    for (const source of lost) expect(lossy.verdict.notChecked.map((s) => s.sourceId)).toContain(source.id);
    const status = await service.scans.status(id, caller);
    for (const source of lost)
      expect(status.sources.find((s) => s.id === source.id)?.status).not.toBe('done');
    expect(fingerprint(lossy)).not.toEqual(baseline);

    // Another organisation's scan does not exist for the caller.
    const foreign = await app.inject({
      method: 'POST',
      url: `/v1/scans/${id}/resume`,
      headers: auth(otherOrgKey),
    });
    expect(foreign.statusCode).toBe(404);

    const resumed = await app.inject({
      method: 'POST',
      url: `/v1/scans/${id}/resume`,
      headers: auth(orgKey),
    });
    expect(resumed.statusCode, resumed.body).toBe(202);
    expect(resumed.json()).toMatchObject({ id, status: 'running' });
    expect(resumed.json().searches + resumed.json().pages).toBeGreaterThan(0);
    await waitFor('the resumed scan to end', () => ended(id, caller));
    const report = await service.scans.report(id, caller);
    expect(fingerprint(report)).toEqual(baseline);
    // Findings stored before the outage were kept, not written again.
    expect(await service.runtime.repositories.findings.countByScan(id)).toBe(baselineRows);
  }, 150_000);
});
