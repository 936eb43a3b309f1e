import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../services/api/app.js';
import { verifyAuditLog } from '../../services/cli/commands/audit.command.js';
import { migrateDatabase } from '../../services/cli/commands/migrate.command.js';
import { createOrgKey, revokeOrgKey } from '../../services/cli/commands/org.command.js';
import {
  createEvidenceService,
  createScanService,
  openRuntime,
  type Runtime,
} from '../../services/core/runtime.js';
import type { ScanService } from '../../services/core/scan.service.js';
import { WebSessions } from '../../services/web/session/web-sessions.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { openDatabase } from '../../shared/db/database.js';
import { AuditRepository } from '../../shared/db/repositories/audit.repository.js';
import { WebSessionRepository } from '../../shared/db/repositories/web-session.repository.js';
import { createLogger } from '../../shared/log.js';
import { InlineJobRunner } from '../../shared/queue/inline.runner.js';
import type { Report } from '../../shared/report/report.schema.js';
import { createPipelineDeps } from '../../workers/pipeline-wiring.js';
import { createProcessors } from '../../workers/processors/index.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { findLeaks, leakNeedles } from '../support/leaks.js';
import { writeFarmOverrides } from '../support/overrides-file.js';
import { createTwoRolePostgres, type TwoRolePostgres } from '../support/two-roles.js';

/**
 * Every audited action writes its entry, through the real API and web pages on the real PostgreSQL,
 * deployed as docs/safety.md §3 says: migrated by the owner, run as a role that may only append to the
 * audit log. A scan of the demo persona against the replica farm (run in this process by the inline
 * runner) gives findings to reveal, mark and export. Then GET /v1/audit: each organisation reads its own
 * entries only, a page at a time, and no entry holds an identifier.
 */
const consent = {
  subject: 'client',
  attestedBy: 'case worker 17',
  method: 'written',
  obtainedAt: '2026-11-20T10:00:00Z',
} as const;

type Entry = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  scanId: string | null;
  findingId: string | null;
  keyId: string | null;
  rowHash: string;
};

describe('audit trail through the API and the pages (application role on PostgreSQL)', () => {
  let farm: ReplicaFarm;
  let roles: TwoRolePostgres;
  let runtime: Runtime;
  let runner: InlineJobRunner;
  let fetcher: { close(): Promise<void> };
  let scans: ScanService;
  let app: FastifyInstance;
  let orgId: string;
  let otherOrgId: string;
  const keys = { mine: { id: '', key: '' }, other: { id: '', key: '' }, spare: { id: '', key: '' } };
  let scanId: string;
  let expiringScanId: string;
  const log = createLogger({ level: 'silent' });

  beforeAll(async () => {
    farm = await startReplicaFarm();
    roles = await createTwoRolePostgres();
    const config = loadConfig({
      DATABASE_URL: roles.appUrl,
      DATABASE_OWNER_URL: roles.ownerUrl,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_SOURCE_OVERRIDES: writeFarmOverrides(farm),
    });
    await migrateDatabase(config);
    // Everything below runs as the application's role.
    runtime = await openRuntime({ config, masterKey: config.masterKey!, log });
    runner = new InlineJobRunner({ log, backoffMs: 50 });
    const deps = createPipelineDeps(runtime, { jobs: runner, log, config, mode: 'local', browser: true });
    fetcher = deps.fetcher;
    runner.start(createProcessors(deps));
    scans = createScanService(runtime, { jobs: runner, log, mode: 'service', config });
    app = await buildApp({
      scans,
      orgs: runtime.repositories.orgs,
      log,
      evidence: createEvidenceService(runtime, { scans, log, config }),
      readiness: { database: async () => true, queue: async () => true },
      web: {
        sessions: new WebSessions(new WebSessionRepository(runtime.database.db)),
        proxyConfigured: false,
      },
    });
    const repositories = runtime.repositories;
    orgId = (await repositories.orgs.createOrg('Safety Line')).id;
    otherOrgId = (await repositories.orgs.createOrg('Other Org')).id;
    keys.mine = await createOrgKey(repositories, orgId, 'tests');
    keys.spare = await createOrgKey(repositories, orgId, 'spare');
    keys.other = await createOrgKey(repositories, otherOrgId, 'tests');
  });

  afterAll(async () => {
    await app?.close();
    runner?.close();
    await fetcher?.close();
    await runtime?.close();
    await roles?.drop();
    await farm?.close();
  });

  const auth = (key = keys.mine.key) => ({ authorization: `Bearer ${key}` });

  async function startScan(key = keys.mine.key): Promise<string> {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/scans',
      headers: auth(key),
      payload: { identifiers: demoProfile.identifiers, consent, allowDirect: true, sources: ['kiwifarms'] },
    });
    expect(created.statusCode, created.body).toBe(202);
    return created.json().id;
  }

  async function auditPage(query: string, key = keys.mine.key): Promise<LightMyRequestResponse> {
    return app.inject({ method: 'GET', url: `/v1/audit${query}`, headers: auth(key) });
  }

  async function allEntries(key = keys.mine.key): Promise<Entry[]> {
    const response = await auditPage('?limit=200', key);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().entries;
  }

  function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
    return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]));
  }

  it('records scan create, report view, reveal, remediation, export and delete, with the finding ids', async () => {
    scanId = await startScan();
    await runner.idle();
    const viewed = await app.inject({ method: 'GET', url: `/v1/scans/${scanId}/report`, headers: auth() });
    expect(viewed.statusCode, viewed.body).toBe(200);
    const report: Report = viewed.json();
    expect(report.findings.length).toBeGreaterThan(0);
    const findingId = report.findings[0]!.id;
    const revealed = await app.inject({
      method: 'POST',
      url: `/v1/scans/${scanId}/findings/${findingId}/reveal`,
      headers: auth(),
    });
    expect(revealed.statusCode).toBe(204);
    const marked = await app.inject({
      method: 'PUT',
      url: `/v1/scans/${scanId}/findings/${findingId}/remediation`,
      headers: auth(),
      payload: { status: 'requested' },
    });
    expect(marked.statusCode).toBe(200);
    const exported = await app.inject({ method: 'GET', url: `/v1/scans/${scanId}/export`, headers: auth() });
    expect(exported.statusCode).toBe(200);
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/scans/${scanId}`, headers: auth() });
    expect(deleted.statusCode).toBe(204);

    const actor = `api-key:${keys.mine.id}`;
    const ofScan = (await allEntries())
      .filter((entry) => entry.scanId === scanId)
      .reverse()
      .map((entry) => [entry.action, entry.actor, entry.findingId]);
    expect(ofScan).toEqual([
      ['scan.create', actor, null],
      ['report.view', actor, null],
      ['finding.reveal', actor, findingId],
      ['finding.remediation', actor, findingId],
      ['scan.export', actor, null],
      ['scan.delete', actor, null],
    ]);
  });

  it('records expiry by the retention purge', async () => {
    expiringScanId = await startScan();
    await runner.idle();
    expect(await scans.purgeExpired(new Date(Date.now() + 3650 * 24 * 3600 * 1000))).toBeGreaterThanOrEqual(
      1,
    );
    const expired = (await allEntries()).filter((entry) => entry.scanId === expiringScanId);
    expect(expired.map((entry) => [entry.action, entry.actor])).toEqual([
      ['scan.expire', 'system:retention'],
      ['scan.create', `api-key:${keys.mine.id}`],
    ]);
  });

  it('records sign-in and sign-out of the web pages', async () => {
    const form = await app.inject({ method: 'GET', url: '/sign-in' });
    const formToken = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const signedIn = await app.inject({
      method: 'POST',
      url: '/sign-in',
      cookies: { es_signin: cookiesOf(form).es_signin! },
      payload: new URLSearchParams({ _csrf: formToken, apiKey: keys.mine.key }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signedIn.statusCode).toBe(303);
    const cookie = `es_session=${cookiesOf(signedIn).es_session}`;
    const list = await app.inject({ method: 'GET', url: '/scans', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(list.body)![1]!;
    const signedOut = await app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(signedOut.statusCode).toBe(303);
    const [out, inn] = await allEntries();
    expect([inn!.action, out!.action]).toEqual(['session.sign-in', 'session.sign-out']);
    expect(inn!.actor).toBe(`api-key:${keys.mine.id}`);
    expect(out!.actor).toBe(`api-key:${keys.mine.id}`);
  });

  it('records key creation and revocation with the key id, never the key', async () => {
    await revokeOrgKey(runtime.repositories, keys.spare.id);
    const entries = await allEntries();
    const ofKeys = entries.filter((entry) => entry.action.startsWith('key.'));
    expect(ofKeys.map((entry) => [entry.action, entry.keyId, entry.actor])).toEqual([
      ['key.revoke', keys.spare.id, 'cli'],
      ['key.create', keys.spare.id, 'cli'],
      ['key.create', keys.mine.id, 'cli'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(keys.mine.key);
    expect(JSON.stringify(entries)).not.toContain(keys.spare.key);
  });

  it('GET /v1/audit: an organisation reads its own entries only, and none holds an identifier', async () => {
    const otherScan = await startScan(keys.other.key);
    const mine = await allEntries();
    const theirs = await allEntries(keys.other.key);
    expect(theirs.map((entry) => [entry.action, entry.scanId ?? entry.keyId])).toEqual([
      ['scan.create', otherScan],
      ['key.create', keys.other.id],
    ]);
    const theirSeqs = new Set(theirs.map((entry) => entry.seq));
    expect(mine.some((entry) => theirSeqs.has(entry.seq))).toBe(false);
    expect(mine.some((entry) => entry.scanId === otherScan || entry.keyId === keys.other.id)).toBe(false);
    // Keys made (2), the first scan (6), the expired one (2), a session (2), a revocation (1).
    expect(mine).toHaveLength(13);
    // Ids, actions and times: nothing the person gave.
    expect(findLeaks(JSON.stringify(mine), leakNeedles(demoProfile.identifiers.map((i) => i.value)))).toEqual(
      [],
    );
    // The whole log, read as the owner, is one intact chain.
    const owner = await openDatabase({ url: roles.ownerUrl, maxConnections: 1 });
    try {
      expect(await verifyAuditLog(new AuditRepository(owner.db))).toMatchObject({ ok: true });
    } finally {
      await owner.close();
    }
  });

  it('GET /v1/audit pages newest first with limit and before, and validates its query', async () => {
    const all = await allEntries();
    const seqs = all.map((entry) => entry.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    const first = await auditPage('?limit=3');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.entries.map((entry: Entry) => entry.seq)).toEqual(seqs.slice(0, 3));
    expect(page1.next).toBe(seqs[2]);
    const page2 = (await auditPage(`?limit=3&before=${page1.next}`)).json();
    expect(page2.entries.map((entry: Entry) => entry.seq)).toEqual(seqs.slice(3, 6));
    const last = (await auditPage(`?limit=200&before=${seqs.at(-1)}`)).json();
    expect(last).toEqual({ entries: [], next: null });
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=201', 'limit'],
      ['?before=abc', 'before'],
      ['?before=-4', 'before'],
      ['?org=' + otherOrgId, 'org'],
    ] as const) {
      const refused = await auditPage(query);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.json().error.code).toBe('VALIDATION_FAILED');
      expect(refused.json().error.message).toContain(field);
    }
    expect((await app.inject({ method: 'GET', url: '/v1/audit' })).statusCode).toBe(401);
    const openapi = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys(openapi.json().paths)).toContain('/v1/audit');
  });

  it("records each key's last use, and shows it in the key list", async () => {
    const listed = await runtime.repositories.orgs.listApiKeys(orgId);
    const mine = listed.find((key) => key.id === keys.mine.id)!;
    expect(mine.last_used_at).toBeInstanceOf(Date);
    expect(mine.key_prefix).toBe(keys.mine.key.slice(0, 12));
    expect(listed.find((key) => key.id === keys.spare.id)!.last_used_at).toBeNull();
  });
});
