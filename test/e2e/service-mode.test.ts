import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../services/api/app.js';
import { createScanService, openRuntime, type Runtime } from '../../services/core/runtime.js';
import { loadConfig, type Config } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { BullJobRunner } from '../../shared/queue/bullmq.runner.js';
import type { Report } from '../../shared/report/report.schema.js';
import { startWorkers } from '../../workers/main.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { decoyValues, demoProfile, demoSearchQueries } from '../replicas/personas/demo.persona.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { compareWithDemoTruth } from '../support/expectations.js';
import { findLeaks, leakNeedles } from '../support/leaks.js';
import { captureLogs } from '../support/log-capture.js';
import { writeFarmOverrides } from '../support/overrides-file.js';
import { dumpRedis, testRedisUrl } from '../support/redis-dump.js';

/**
 * Service mode end to end on real parts: the Fastify API, BullMQ on the real Redis, workers, the
 * real PostgreSQL, and the replica farm. The scan of the demo persona must report exactly the seeded
 * exposures, and neither the logs nor Redis may ever hold one of her identifiers in clear.
 */
const consent = {
  subject: 'client',
  attestedBy: 'case worker 17',
  method: 'written',
  obtainedAt: '2026-11-20T10:00:00Z',
} as const;

describe('service mode: API -> BullMQ -> workers -> PostgreSQL', () => {
  let farm: ReplicaFarm;
  let pgDb: TestPostgres;
  let runtime: Runtime;
  let producer: BullJobRunner;
  let app: FastifyInstance;
  let workers: { close(): Promise<void> };
  let apiKey: string;
  let otherOrgKey: string;
  let config: Config;
  const prefix = `estest${randomBytes(4).toString('hex')}`;
  const apiLogs = captureLogs('api');
  const workerLogs = captureLogs('worker');
  const redisSnapshots: string[] = [];

  beforeAll(async () => {
    farm = await startReplicaFarm();
    pgDb = await createTestPostgres();
    config = loadConfig({
      DATABASE_URL: pgDb.url,
      REDIS_URL: testRedisUrl,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_QUEUE_PREFIX: prefix,
      EXPOSURE_SOURCE_OVERRIDES: writeFarmOverrides(farm),
    });
    runtime = await openRuntime({ config, masterKey: config.masterKey!, log: apiLogs.log });
    producer = new BullJobRunner({ redisUrl: config.redisUrl, prefix, log: apiLogs.log, role: 'producer' });
    const scans = createScanService(runtime, { jobs: producer, log: apiLogs.log, mode: 'service', config });
    app = await buildApp({
      scans,
      orgs: runtime.repositories.orgs,
      log: apiLogs.log,
      readiness: { database: async () => true, queue: () => producer.ping() },
    });
    workers = await startWorkers({ config, log: workerLogs.log, backoffMs: 200 });
    const org = await runtime.repositories.orgs.createOrg('Safety Line');
    apiKey = (await runtime.repositories.orgs.createApiKey(org.id, 'tests')).key;
    const other = await runtime.repositories.orgs.createOrg('Other Org');
    otherOrgKey = (await runtime.repositories.orgs.createApiKey(other.id, 'tests')).key;
  });

  afterAll(async () => {
    await workers?.close();
    await app?.close();
    await producer?.close();
    await runtime?.close();
    await pgDb?.drop();
    await farm?.close();
  });

  const auth = () => ({ authorization: `Bearer ${apiKey}` });

  async function waitForEnd(
    id: string,
  ): Promise<{ status: string; sources: Array<{ id: string; status: string }> }> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const response = await app.inject({ method: 'GET', url: `/v1/scans/${id}`, headers: auth() });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      if (['completed', 'partial', 'failed'].includes(body.status)) return body;
      redisSnapshots.push(await dumpRedis(testRedisUrl, prefix));
      if (Date.now() > deadline) throw new Error(`scan ${id} still ${body.status} after 90 s`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  let report: Report;

  it('scans the demo persona and reports exactly the seeded exposures on both sources', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/scans',
      headers: auth(),
      payload: {
        identifiers: demoProfile.identifiers,
        consent,
        allowDirect: true,
        sources: ['kiwifarms', 'pastebin'],
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    const { id } = created.json();

    const final = await waitForEnd(id);
    // Pastebin is read through its archive of the newest pastes only: the scan is partial, and says so.
    expect(final.status).toBe('partial');
    expect(final.sources.map((s) => s.status).sort()).toEqual(['done', 'done']);

    const response = await app.inject({ method: 'GET', url: `/v1/scans/${id}/report`, headers: auth() });
    expect(response.statusCode).toBe(200);
    report = response.json();
    expect(compareWithDemoTruth(report)).toEqual([]);
    expect(new Set(report.findings.map((finding) => finding.sourceId))).toEqual(
      new Set(['kiwifarms', 'pastebin']),
    );
    expect(report.verdict.state).toBe('exposed');
    expect(report.verdict.severity).not.toBe('none');

    const html = await app.inject({
      method: 'GET',
      url: `/v1/scans/${id}/report?format=html`,
      headers: auth(),
    });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain(report.verdict.headline);
  });

  it('sent only public handles to the hostile forum search', () => {
    const searches = farm.queryLog.filter((r) => r.sourceId === 'kiwifarms' && r.path === '/search/search');
    expect(searches.map((r) => r.query.keywords).sort()).toEqual([...demoSearchQueries].sort());
  });

  it('never wrote an identifier in clear to the logs or to Redis, and never a decoy to the report', async () => {
    redisSnapshots.push(await dumpRedis(testRedisUrl, prefix));
    expect(redisSnapshots.length).toBeGreaterThan(1);
    const needles = leakNeedles(demoProfile.identifiers.map((i) => i.value));
    expect(workerLogs.text()).toContain('page matched');
    expect(findLeaks(apiLogs.text() + workerLogs.text(), needles)).toEqual([]);
    expect(findLeaks(redisSnapshots.join('\n'), needles)).toEqual([]);
    expect(findLeaks(JSON.stringify(report), leakNeedles(decoyValues))).toEqual([]);
  });

  it('stores nothing of the persona in clear in PostgreSQL', async () => {
    const pool = new pg.Pool({ connectionString: pgDb.url, max: 1 });
    const { rows } = await pool
      .query<{ dump: string }>(
        `select string_agg(t, ' ') as dump from (
           select row_to_json(s)::text as t from scans s union all
           select row_to_json(p)::text from scan_pages p union all
           select row_to_json(f)::text from findings f union all
           select row_to_json(a)::text from audit_log a) x`,
      )
      .finally(() => pool.end());
    const dump = rows[0]!.dump;
    expect(dump.length).toBeGreaterThan(100);
    expect(findLeaks(dump, leakNeedles(demoProfile.identifiers.map((i) => i.value)))).toEqual([]);
  });

  it('hides a scan from another organisation (404) and refuses calls without a key (401)', async () => {
    const list = report.scan.id;
    const other = await app.inject({
      method: 'GET',
      url: `/v1/scans/${list}`,
      headers: { authorization: `Bearer ${otherOrgKey}` },
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('SCAN_NOT_FOUND');
    const anonymous = await app.inject({ method: 'GET', url: `/v1/scans/${list}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHORIZED');
    // Percent-encoded paths reach the same routes and are checked the same.
    for (const url of [`/%761/scans/${list}`, `/v%31/scans/${list}`, '/%761/sources', '/v1/%73cans']) {
      const encoded = await app.inject({ method: 'GET', url });
      expect([url, encoded.statusCode]).toEqual([url, 401]);
    }
  });

  it("lists the caller's scans and the sources", async () => {
    const list = await app.inject({ method: 'GET', url: '/v1/scans?limit=5', headers: auth() });
    expect(list.statusCode).toBe(200);
    expect(list.json().scans.map((s: { id: string }) => s.id)).toContain(report.scan.id);
    const otherList = await app.inject({
      method: 'GET',
      url: '/v1/scans',
      headers: { authorization: `Bearer ${otherOrgKey}` },
    });
    expect(otherList.json().scans).toEqual([]);
    const sources = await app.inject({ method: 'GET', url: '/v1/sources', headers: auth() });
    expect(sources.json().sources.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['kiwifarms', 'pastebin']),
    );
  });

  describe('bad scan requests get a 4xx naming the field, and nothing is stored or queued', () => {
    const cases: Array<{
      name: string;
      payload: string;
      contentType?: string;
      status: number;
      code: string;
      field?: string;
    }> = [
      {
        name: 'unknown identifier kind',
        payload: JSON.stringify({ identifiers: [{ kind: 'shoe-size', value: '42' }], consent }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'identifiers[0].kind',
      },
      {
        name: 'empty value',
        payload: JSON.stringify({ identifiers: [{ kind: 'handle', value: '   ' }], consent }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'identifiers[0].value',
      },
      {
        name: 'no identifiers',
        payload: JSON.stringify({ identifiers: [], consent }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'identifiers',
      },
      {
        name: 'an id that spells out a value',
        payload: JSON.stringify({
          identifiers: [{ id: 'velvetfox', kind: 'handle', value: 'VelvetFox' }],
          consent,
          allowDirect: true,
        }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'identifiers[0].id',
      },
      {
        name: 'bad JSON',
        payload: '{"identifiers": [',
        status: 400,
        code: 'INVALID_JSON',
        field: 'body',
      },
      {
        name: 'oversized body',
        payload: JSON.stringify({ identifiers: [{ kind: 'handle', value: 'x'.repeat(100_000) }], consent }),
        status: 413,
        code: 'BODY_TOO_LARGE',
        field: 'body',
      },
      {
        name: 'no consent',
        payload: JSON.stringify({ identifiers: [{ kind: 'handle', value: 'someone' }], allowDirect: true }),
        status: 400,
        code: 'CONSENT_REQUIRED',
        field: 'consent',
      },
      {
        name: 'unknown source',
        payload: JSON.stringify({
          identifiers: [{ kind: 'handle', value: 'someone' }],
          consent,
          sources: ['nowhere'],
        }),
        status: 400,
        code: 'UNKNOWN_SOURCE',
        field: 'sources[0]',
      },
      {
        name: 'hostile sources without a proxy and without allowDirect',
        payload: JSON.stringify({ identifiers: [{ kind: 'handle', value: 'someone' }], consent }),
        status: 400,
        code: 'PROXY_REQUIRED',
        field: 'allowDirect',
      },
    ];

    it.each(cases)('$name -> $status $code', async ({ payload, status, code, field }) => {
      const scansBefore = await countRows('scans');
      const queuedBefore = await dumpRedis(testRedisUrl, `${prefix}:scan:`);
      const response = await app.inject({
        method: 'POST',
        url: '/v1/scans',
        headers: { ...auth(), 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode, response.body).toBe(status);
      const body = response.json();
      expect(body.error.code).toBe(code);
      if (field) expect(body.error.message.startsWith(`${field}:`), body.error.message).toBe(true);
      // Nothing of the request is echoed.
      expect(response.body).not.toContain('nowhere');
      expect(await countRows('scans')).toBe(scansBefore);
      expect(await dumpRedis(testRedisUrl, `${prefix}:scan:`)).toBe(queuedBefore);
    });
  });

  async function countRows(table: 'scans'): Promise<number> {
    const row = await runtime.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('deletes a scan with everything derived from it: nothing of it remains in PostgreSQL or Redis', async () => {
    const id = report.scan.id;
    expect(await dumpRedis(testRedisUrl, prefix)).toContain(id);
    const other = await app.inject({
      method: 'DELETE',
      url: `/v1/scans/${id}`,
      headers: { authorization: `Bearer ${otherOrgKey}` },
    });
    expect(other.statusCode).toBe(404);
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/scans/${id}`, headers: auth() });
    expect(deleted.statusCode).toBe(204);
    const after = await dumpRedis(testRedisUrl, prefix);
    expect(after.split('\n').filter((line) => line.includes(id))).toEqual([]);
    const pool = new pg.Pool({ connectionString: pgDb.url, max: 1 });
    try {
      for (const table of ['scans', 'scan_sources', 'scan_pages', 'findings']) {
        const column = table === 'scans' ? 'id' : 'scan_id';
        const { rows } = await pool.query(`select count(*)::int as n from ${table} where ${column} = $1`, [
          id,
        ]);
        expect(rows[0].n, table).toBe(0);
      }
      const audit = await pool.query(`select action from audit_log where scan_id = $1 order by id`, [id]);
      expect(audit.rows.map((r) => r.action)).toEqual([
        'scan.create',
        'report.view',
        'report.view',
        'scan.delete',
      ]);
    } finally {
      await pool.end();
    }
    const gone = await app.inject({ method: 'GET', url: `/v1/scans/${id}`, headers: auth() });
    expect(gone.statusCode).toBe(404);
  });

  it('purges scans past their retention period with everything derived from them', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/scans',
      headers: auth(),
      payload: {
        identifiers: [{ kind: 'handle', value: 'mothlantern' }],
        consent,
        allowDirect: true,
        sources: ['pastebin'],
      },
    });
    const { id } = created.json();
    await waitForEnd(id);
    const scans = createScanService(runtime, { jobs: producer, log: apiLogs.log, mode: 'service', config });
    expect(await scans.purgeExpired(new Date())).toBe(0);
    expect(await scans.purgeExpired(new Date(Date.now() + 31 * 24 * 3600 * 1000))).toBe(1);
    expect((await app.inject({ method: 'GET', url: `/v1/scans/${id}`, headers: auth() })).statusCode).toBe(
      404,
    );
    expect(await runtime.repositories.findings.countByScan(id)).toBe(0);
    expect((await dumpRedis(testRedisUrl, prefix)).split('\n').filter((line) => line.includes(id))).toEqual(
      [],
    );
    const audit = await runtime.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('scan_id', '=', id)
      .execute();
    expect(audit.at(-1)).toEqual({ action: 'scan.expire', actor: 'system:retention' });
  });

  it('serves its OpenAPI description and health endpoints', async () => {
    const docs = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json().paths)).toEqual(
      expect.arrayContaining(['/v1/scans', '/v1/scans/{id}', '/v1/scans/{id}/report']),
    );
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({ status: 'ready', queue: true });
  });
});
