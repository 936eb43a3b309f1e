import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../services/api/app.js';
import { createEvidenceService, createScanService, type Runtime } from '../../services/core/runtime.js';
import type { Caller, ScanService } from '../../services/core/scan.service.js';
import { WebSessions } from '../../services/web/session/web-sessions.js';
import { loadConfig, type Config } from '../../shared/config.js';
import {
  generateMasterKey,
  parseMasterKey,
  SealedDataError,
  unwrapDataKey,
} from '../../shared/crypto/envelope.js';
import { ScanVault } from '../../shared/crypto/scan-vault.js';
import { WebSessionRepository } from '../../shared/db/repositories/web-session.repository.js';
import type { SealedScanRequest } from '../../shared/domain/scan.js';
import { createLogger } from '../../shared/log.js';
import { PURGE_SCHEDULER_ID } from '../../shared/queue/bullmq.runner.js';
import { jobIds } from '../../shared/queue/jobs.js';
import { startWorkers } from '../../workers/main.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { testRedisUrl } from '../support/redis-dump.js';
import { openServiceProducer, testConsent, type ServiceProducer } from '../support/service-stack.js';

/**
 * Retention and erasure (docs/safety.md §4) on real PostgreSQL and Redis: an expired scan is a 404 on
 * every read path at once, before any purge; the maintenance queue's job scheduler purges it with a
 * worker serving only that queue; and once a scan is deleted or expired, a copy of its rows taken
 * before cannot be opened with the master key, because its data key went with it.
 */
describe('retention and erasure', () => {
  let database: TestPostgres;
  let config: Config;
  let stack: ServiceProducer;
  let runtime: Runtime;
  let scans: ScanService;
  let app: FastifyInstance;
  let apiKey: string;
  let caller: Caller;
  const prefix = `es-retention-${randomBytes(4).toString('hex')}`;
  const handle = 'quillmarrow';
  const email = 'quill.marrow@example.org';

  beforeAll(async () => {
    database = await createTestPostgres();
    config = loadConfig({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl,
      EXPOSURE_QUEUE_PREFIX: prefix,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      LOG_LEVEL: 'silent',
    });
    // Scans are queued on real Redis (BullMQ): no worker serves the scan queue here, so each scan's
    // plan job waits there, and erasure must remove it.
    stack = await openServiceProducer(config);
    runtime = stack.runtime;
    const log = createLogger({ level: 'silent' });
    scans = createScanService(runtime, { jobs: stack.producer, log, mode: 'service', config });
    app = await buildApp({
      scans,
      orgs: runtime.repositories.orgs,
      log,
      readiness: { database: async () => true, queue: async () => true },
      evidence: createEvidenceService(runtime, { scans, log, config }),
      web: {
        sessions: new WebSessions(new WebSessionRepository(runtime.database.db)),
        proxyConfigured: false,
      },
    });
    const org = await runtime.repositories.orgs.createOrg('Safety Line');
    const created = await runtime.repositories.orgs.createApiKey(org.id, 'retention');
    apiKey = created.key;
    caller = { orgId: org.id, actor: `api-key:${created.id}` };
  });

  afterAll(async () => {
    await app?.close();
    await stack?.close();
    await database?.drop();
  });

  async function newScan(): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/scans',
      headers: { authorization: `Bearer ${apiKey}` },
      payload: {
        identifiers: [
          { kind: 'handle', value: handle },
          { kind: 'email', value: email },
        ],
        consent: testConsent,
        sources: ['pastebin', 'kiwifarms'],
        allowDirect: true,
      },
    });
    expect(response.statusCode).toBe(202);
    return response.json<{ id: string }>().id;
  }

  /** Time passing, without waiting for it: the scan's retention period ended a second ago. */
  async function expire(scanId: string): Promise<void> {
    await sql`update scans set expires_at = now() - interval '1 second' where id = ${scanId}`.execute(
      runtime.database.db,
    );
  }

  async function rowsOf(scanId: string) {
    const { db } = runtime.database;
    const scanRows = await db.selectFrom('scans').select('id').where('id', '=', scanId).execute();
    const keyRows = await db
      .selectFrom('data_keys')
      .select('scan_id')
      .where('scan_id', '=', scanId)
      .execute();
    return { scans: scanRows.length, keys: keyRows.length };
  }

  function codeOf(response: LightMyRequestResponse): string | undefined {
    try {
      return response.json<{ error?: { code?: string } }>().error?.code;
    } catch {
      return undefined;
    }
  }

  function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
    return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]));
  }

  async function signIn(): Promise<string> {
    const form = await app.inject({ method: 'GET', url: '/sign-in' });
    const formToken = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const signedIn = await app.inject({
      method: 'POST',
      url: '/sign-in',
      cookies: { es_signin: cookiesOf(form).es_signin! },
      payload: new URLSearchParams({ _csrf: formToken, apiKey }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signedIn.statusCode).toBe(303);
    return `es_session=${cookiesOf(signedIn).es_session}`;
  }

  it('answers 404 SCAN_NOT_FOUND for an expired scan on every read path at once, before any purge', async () => {
    const scanId = await newScan();
    const kept = await newScan();
    const cookie = await signIn();
    const api = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${apiKey}` },
        ...(payload ? { payload } : {}),
      });
    const web = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
    const missingFinding = randomUUID();

    // Before: the same calls reach the scan (a finding id it lacks is its own 404).
    expect((await api('GET', `/v1/scans/${scanId}`)).statusCode).toBe(200);
    expect((await api('GET', `/v1/scans/${scanId}/report`)).statusCode).toBe(200);
    expect(codeOf(await api('POST', `/v1/scans/${scanId}/findings/${missingFinding}/reveal`))).toBe(
      'FINDING_NOT_FOUND',
    );
    expect((await web(`/scans/${scanId}`)).statusCode).toBe(200);
    expect((await web('/scans')).body).toContain(scanId);

    await expire(scanId);
    expect(await rowsOf(scanId)).toEqual({ scans: 1, keys: 1 }); // no purge has run

    for (const response of [
      await api('GET', `/v1/scans/${scanId}`),
      await api('GET', `/v1/scans/${scanId}/report`),
      await api('GET', `/v1/scans/${scanId}/report?format=csv`),
      await api('GET', `/v1/scans/${scanId}/report?format=html`),
      await api('PUT', `/v1/scans/${scanId}/findings/${missingFinding}/remediation`, { status: 'requested' }),
      await api('POST', `/v1/scans/${scanId}/findings/${missingFinding}/reveal`),
      await api('GET', `/v1/scans/${scanId}/export`),
      await api('DELETE', `/v1/scans/${scanId}`),
    ]) {
      expect(response.statusCode, response.body).toBe(404);
      expect(codeOf(response)).toBe('SCAN_NOT_FOUND');
      expect(response.body).not.toContain(handle);
    }
    const list = await api('GET', '/v1/scans');
    const listed = list.json<{ scans: Array<{ id: string }> }>().scans.map((scan) => scan.id);
    expect(listed).toContain(kept);
    expect(listed).not.toContain(scanId);

    for (const url of [
      `/scans/${scanId}`,
      `/scans/${scanId}/report`,
      `/scans/${scanId}/events`,
      `/scans/${scanId}/delete`,
    ]) {
      const page = await web(url);
      expect(page.statusCode, url).toBe(404);
      expect(page.body).not.toContain(handle);
    }
    const scanList = await web('/scans');
    expect(scanList.body).toContain(kept);
    expect(scanList.body).not.toContain(scanId);
    // The one that has not expired still reads.
    expect((await api('GET', `/v1/scans/${kept}`)).statusCode).toBe(200);
  });

  it('purges expired scans through the maintenance queue’s job scheduler, with a worker serving only that queue', async () => {
    const doomed = await newScan();
    const kept = await newScan();
    const plans = new Queue('scan', { connection: { url: testRedisUrl }, prefix });
    const maintenance = new Queue('maintenance', { connection: { url: testRedisUrl }, prefix });
    try {
      expect(await plans.getJob(jobIds.plan({ scanId: doomed }))).toBeDefined();
      await expire(doomed);
      const workers = await startWorkers({
        config,
        queues: ['maintenance'],
        purgeEveryMs: 300,
        log: createLogger({ level: 'silent' }),
      });
      try {
        const deadline = Date.now() + 20_000;
        while ((await rowsOf(doomed)).scans > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(await maintenance.getJobScheduler(PURGE_SCHEDULER_ID)).toMatchObject({ every: 300 });
      } finally {
        await workers.close();
      }
      expect(await rowsOf(doomed)).toEqual({ scans: 0, keys: 0 });
      expect(await rowsOf(kept)).toEqual({ scans: 1, keys: 1 });
      // Its queue jobs went with it; the live scan's stay.
      expect(await plans.getJob(jobIds.plan({ scanId: doomed }))).toBeUndefined();
      expect(await plans.getJob(jobIds.plan({ scanId: kept }))).toBeDefined();
      const audit = await runtime.database.db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'org_id'])
        .where('scan_id', '=', doomed)
        .where('action', '=', 'scan.expire')
        .execute();
      expect(audit).toEqual([{ actor: 'system:retention', action: 'scan.expire', org_id: caller.orgId }]);
    } finally {
      await plans.close();
      await maintenance.close();
    }
  }, 40_000);

  it("dates a scan's expiry by its organisation's own retention period, else EXPOSURE_RETENTION_DAYS", async () => {
    const { orgs } = runtime.repositories;
    const shortOrg = await orgs.createOrg('Short memory', 3);
    const plainOrg = await orgs.createOrg('Plain');
    const expiryOf = async (orgId: string) => {
      const { id } = await scans.create(
        {
          identifiers: [{ kind: 'handle', value: handle }],
          consent: testConsent,
          sources: ['pastebin'],
          allowDirect: true,
          remoteSearchOptIn: [],
        },
        { orgId, actor: 'test' },
      );
      const row = await runtime.repositories.scans.getForOrg(id, orgId);
      return (row!.expires_at.getTime() - Date.now()) / (24 * 3600 * 1000);
    };
    expect(await expiryOf(shortOrg.id)).toBeCloseTo(3, 2);
    expect(await expiryOf(plainOrg.id)).toBeCloseTo(config.retentionDays, 2);
    expect(await orgs.setRetentionDays(plainOrg.id, 90)).toBe(true);
    expect(await expiryOf(plainOrg.id)).toBeCloseTo(90, 2);
    expect(await orgs.setRetentionDays(shortOrg.id, null)).toBe(true);
    expect(await expiryOf(shortOrg.id)).toBeCloseTo(config.retentionDays, 2);
  });

  describe.each([
    ['deleted', (scanId: string) => scans.delete(scanId, caller)],
    [
      'expired and purged',
      async (scanId: string) => {
        await expire(scanId);
        expect(await scans.purgeExpired()).toBeGreaterThanOrEqual(1);
      },
    ],
  ] as const)('once a scan is %s', (_how, erase) => {
    it('a copy of its rows taken before cannot be opened with the master key', async () => {
      const scanId = await newScan();
      const other = await newScan();
      const { db } = runtime.database;
      // The copy: every row of the scan, as a backup, a replica or a saved `select *` would hold it.
      const copy = await db
        .selectFrom('scans')
        .selectAll()
        .where('id', '=', scanId)
        .executeTakeFirstOrThrow();
      const copiedSources = await db
        .selectFrom('scan_sources')
        .selectAll()
        .where('scan_id', '=', scanId)
        .execute();
      expect(copiedSources.length).toBe(2);
      // Another process holding the master key (not this one's cached data key).
      const vault = new ScanVault(config.masterKey!);
      const openWith = (key: { wrapped_key: Uint8Array; master_key_id: string | null }) =>
        vault.open<SealedScanRequest>(
          { id: scanId, wrapped_key: key.wrapped_key, key_id: key.master_key_id },
          copy.sealed_request,
        );
      // While the key row exists the copy opens: the check below can fail.
      const keyRow = await db
        .selectFrom('data_keys')
        .selectAll()
        .where('scan_id', '=', scanId)
        .executeTakeFirstOrThrow();
      expect(openWith(keyRow).identifiers.map((identifier) => identifier.value)).toEqual([handle, email]);

      await erase(scanId);

      expect(await db.selectFrom('data_keys').selectAll().where('scan_id', '=', scanId).execute()).toEqual(
        [],
      );
      expect(await rowsOf(scanId)).toEqual({ scans: 0, keys: 0 });
      // Every key left in the database fails on the copy (each is bound to its own scan)...
      const remaining = await db.selectFrom('data_keys').selectAll().execute();
      expect(remaining.map((row) => row.scan_id)).toContain(other);
      for (const row of remaining) {
        expect(() =>
          new ScanVault(config.masterKey!).open(
            { id: scanId, wrapped_key: row.wrapped_key, key_id: row.master_key_id },
            copy.sealed_request,
          ),
        ).toThrow(SealedDataError);
      }
      // ...and the copied row itself holds nothing the master key unwraps.
      const master = parseMasterKey(config.masterKey!);
      const byteColumns = Object.values(copy).filter(
        (value): value is Uint8Array => value instanceof Uint8Array,
      );
      expect(byteColumns.length).toBeGreaterThan(0);
      for (const bytes of byteColumns) {
        expect(() => unwrapDataKey(master, bytes, scanId)).toThrow(SealedDataError);
      }
      expect(Object.keys(copy)).not.toContain('wrapped_key');
    });
  });
});
