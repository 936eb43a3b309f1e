import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../services/api/app.js';
import {
  createEvidenceService,
  createScanService,
  openRuntime,
  type Runtime,
} from '../../services/core/runtime.js';
import { WEB_CONTENT_SECURITY_POLICY } from '../../services/web/security-headers.js';
import { WebSessions } from '../../services/web/session/web-sessions.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { WebSessionRepository } from '../../shared/db/repositories/web-session.repository.js';
import { createLogger } from '../../shared/log.js';
import type { JobSink } from '../../shared/queue/jobs.js';

/**
 * The web pages over HTTP without a browser (the browser tests are test/e2e/web-ui.*.test.ts): headers,
 * cookies, the session guard, CSRF refusals, tenancy and the form's round trip, on PGlite with a job
 * sink that only records (no scan runs here).
 */
describe('web pages (service mode, no browser)', () => {
  let dir: string;
  let runtime: Runtime;
  let app: FastifyInstance;
  let sessions: WebSessions;
  let key: string;
  let otherKey: string;
  const planned: string[] = [];
  const flows: string[] = [];
  let queueDown = false;
  const jobs: JobSink = {
    enqueuePlan: async (scanId) => {
      if (queueDown) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      planned.push(scanId);
    },
    startScanFlow: async (scanId) => {
      flows.push(scanId);
    },
    addFetches: async () => undefined,
    addBrowserSearches: async () => undefined,
    removeJobs: async () => undefined,
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'exposure-web-pages-'));
    const config = loadConfig({ EXPOSURE_DATA_DIR: dir, EXPOSURE_MASTER_KEY: generateMasterKey() });
    const log = createLogger({ level: 'silent' });
    runtime = await openRuntime({ config, masterKey: config.masterKey!, log });
    const scans = createScanService(runtime, { jobs, log, mode: 'service', config });
    sessions = new WebSessions(new WebSessionRepository(runtime.database.db));
    app = await buildApp({
      scans,
      orgs: runtime.repositories.orgs,
      log,
      readiness: { database: async () => true, queue: async () => true },
      evidence: createEvidenceService(runtime, { scans, log, config }),
      web: { sessions, proxyConfigured: false },
    });
    const org = await runtime.repositories.orgs.createOrg('Safety Line');
    key = (await runtime.repositories.orgs.createApiKey(org.id, 'web')).key;
    const other = await runtime.repositories.orgs.createOrg('Other');
    otherKey = (await runtime.repositories.orgs.createApiKey(other.id, 'web')).key;
  });

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
    return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]));
  }

  /** Signs in through the form; returns the session cookie and the CSRF token of its pages. */
  async function signIn(apiKey: string): Promise<{ cookie: string; csrf: string }> {
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
    const cookie = `es_session=${cookiesOf(signedIn).es_session}`;
    const list = await app.inject({ method: 'GET', url: '/scans', headers: { cookie } });
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(list.body)![1]! };
  }

  function post(url: string, cookie: string, fields: Record<string, string> | URLSearchParams) {
    return app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
  }

  function scanForm(csrf: string, overrides: Record<string, string> = {}): URLSearchParams {
    return new URLSearchParams({
      _csrf: csrf,
      reference: 'case 4411',
      'identifiers[0][kind]': 'handle',
      'identifiers[0][value]': 'mothlantern',
      'identifiers[1][kind]': 'email',
      'identifiers[1][value]': '',
      'consent[attestedBy]': 'case worker 17',
      'consent[method]': 'written',
      'consent[obtainedAt]': '2026-11-20',
      'consent[confirmed]': 'on',
      sources: 'kiwifarms',
      allowDirect: 'on',
      ...overrides,
    });
  }

  it('serves every page with the strict headers, and sends a request without a session to sign-in', async () => {
    const response = await app.inject({ method: 'GET', url: '/scans' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
    const signInPage = await app.inject({ method: 'GET', url: '/sign-in' });
    expect(signInPage.statusCode).toBe(200);
    for (const page of [response, signInPage]) {
      expect(page.headers['content-security-policy']).toBe(WEB_CONTENT_SECURITY_POLICY);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['x-robots-tag']).toMatch(/noindex/);
    }
    expect(signInPage.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(signInPage.body).not.toMatch(/\sstyle=/);
    const css = await app.inject({ method: 'GET', url: '/assets/report.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    // The API keeps its own answers.
    const api = await app.inject({ method: 'GET', url: '/v1/scans' });
    expect(api.statusCode).toBe(401);
    expect(api.json().error.code).toBe('UNAUTHORIZED');
  });

  it('signs in with an API key into an HttpOnly, SameSite=Strict session cookie, Secure behind HTTPS', async () => {
    const form = await app.inject({ method: 'GET', url: '/sign-in' });
    const formToken = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const wrong = await app.inject({
      method: 'POST',
      url: '/sign-in',
      cookies: { es_signin: cookiesOf(form).es_signin! },
      payload: new URLSearchParams({ _csrf: formToken, apiKey: 'es_not-a-key' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('aria-invalid="true"');
    expect(wrong.body).toContain('id="apiKey-error"');
    expect(wrong.body).not.toContain('es_not-a-key');
    expect(cookiesOf(wrong).es_session).toBeUndefined();

    const forged = await app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: new URLSearchParams({ _csrf: formToken, apiKey: key }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.statusCode).toBe(403);

    // Another site's form, even with a valid pair of tokens, signs nobody in.
    const sessionRows = async () =>
      (
        await runtime.database.db
          .withTables<{ web_sessions: { id: string } }>()
          .selectFrom('web_sessions')
          .select('id')
          .execute()
      ).length;
    const rowsBefore = await sessionRows();
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }]) {
      const crossSite = await app.inject({
        method: 'POST',
        url: '/sign-in',
        cookies: { es_signin: cookiesOf(form).es_signin! },
        payload: new URLSearchParams({ _csrf: formToken, apiKey: key }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
      expect(crossSite.statusCode).toBe(403);
      expect(cookiesOf(crossSite).es_session).toBeUndefined();
    }
    const notAForm = await app.inject({
      method: 'POST',
      url: '/sign-in',
      cookies: { es_signin: cookiesOf(form).es_signin! },
      payload: { _csrf: formToken, apiKey: key },
    });
    expect(notAForm.statusCode).toBe(403);
    expect(cookiesOf(notAForm).es_session).toBeUndefined();
    expect(await sessionRows()).toBe(rowsBefore);

    const viaHttps = await app.inject({
      method: 'POST',
      url: '/sign-in',
      cookies: { es_signin: cookiesOf(form).es_signin! },
      payload: new URLSearchParams({ _csrf: formToken, apiKey: key }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
    });
    expect(viaHttps.statusCode).toBe(303);
    const cookie = viaHttps.cookies.find((c) => c.name === 'es_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: true });
    const plain = await signIn(key);
    expect(plain.cookie).toMatch(/^es_session=/);
  });

  it('keeps what was typed and shows each problem beside its field', async () => {
    const { cookie, csrf } = await signIn(key);
    const response = await post(
      '/scans',
      cookie,
      scanForm(csrf, {
        'consent[attestedBy]': '',
        'consent[obtainedAt]': '',
        'identifiers[1][value]': 'sorrelq@example.org',
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="consent-attestedBy-error"');
    expect(response.body).toMatch(
      /id="consent-attestedBy"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="consent-attestedBy"/,
    );
    expect(response.body).toContain('id="consent-obtainedAt-error"');
    expect(response.body).toContain('value="mothlantern"');
    expect(response.body).toContain('value="sorrelq@example.org"');
    expect(response.body).toContain('value="case 4411"');
    expect(planned).toEqual([]);

    // The scan service's own check (an impossible date of birth) lands on its row too.
    const badDob = await post(
      '/scans',
      cookie,
      scanForm(csrf, { 'identifiers[1][kind]': 'dob', 'identifiers[1][value]': '31/02/1994' }),
    );
    expect(badDob.statusCode).toBe(400);
    expect(badDob.body).toContain('id="identifiers-1-value-error"');
    expect(planned).toEqual([]);
  });

  it('keeps what was typed when the scan service refuses for reasons beyond one field', async () => {
    const { cookie, csrf } = await signIn(key);
    const kept = (body: string) => {
      expect(body).toContain('value="mothlantern"');
      expect(body).toContain('value="case 4411"');
      expect(body).toContain('value="case worker 17"');
      expect(body).toMatch(/id="consent-confirmed"[^>]*checked/);
    };

    // No proxy and going direct not acknowledged: the problem sits beside the checkbox.
    const form = scanForm(csrf);
    form.delete('allowDirect');
    const direct = await post('/scans', cookie, form);
    expect(direct.statusCode).toBe(400);
    expect(direct.body).toContain('id="allowDirect-error"');
    expect(direct.body).toMatch(/id="allowDirect"[^>]*aria-invalid="true"/);
    kept(direct.body);

    const unknown = await post('/scans', cookie, scanForm(csrf, { sources: 'no-such-place' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('id="sources-error"');
    kept(unknown.body);

    // The queue is down: nothing stored, a calm word at the top, the form as it was.
    queueDown = true;
    try {
      const down = await post('/scans', cookie, scanForm(csrf));
      expect(down.statusCode).toBe(503);
      expect(down.body).toContain('id="new-scan-notice"');
      expect(down.body).toContain('nothing was saved');
      expect(down.body).toContain('<title>Problem: new scan');
      kept(down.body);
    } finally {
      queueDown = false;
    }
    expect(planned).toEqual([]);
    const list = await app.inject({ method: 'GET', url: '/scans', headers: { cookie } });
    expect(list.body).not.toContain('case 4411');
  });

  it('starts a scan, hides it from another organisation (404 everywhere), and refuses forged forms', async () => {
    const { cookie, csrf } = await signIn(key);
    const created = await post('/scans', cookie, scanForm(csrf));
    expect(created.statusCode).toBe(303);
    const id = /^\/scans\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!;
    expect(planned).toEqual([id]);
    const list = await app.inject({ method: 'GET', url: '/scans', headers: { cookie } });
    expect(list.body).toContain('case 4411');
    // The API gives the client reference back, in the scan's status and in the list.
    const bearer = { authorization: `Bearer ${key}` };
    const status = await app.inject({ method: 'GET', url: `/v1/scans/${id}`, headers: bearer });
    expect(status.json()).toMatchObject({ id, reference: 'case 4411' });
    const apiList = await app.inject({ method: 'GET', url: '/v1/scans', headers: bearer });
    expect(apiList.json().scans).toContainEqual(expect.objectContaining({ id, reference: 'case 4411' }));
    const viaApi = await app.inject({
      method: 'POST',
      url: '/v1/scans',
      headers: bearer,
      payload: {
        identifiers: [{ kind: 'handle', value: 'mothlantern' }],
        consent: {
          subject: 'client',
          attestedBy: 'case worker 17',
          method: 'written',
          obtainedAt: '2026-11-20T00:00:00Z',
        },
        sources: ['kiwifarms'],
        allowDirect: true,
      },
    });
    expect(viaApi.statusCode).toBe(202);
    const unreferenced = await app.inject({
      method: 'GET',
      url: `/v1/scans/${viaApi.json().id}`,
      headers: bearer,
    });
    expect(unreferenced.json().reference).toBeNull();

    const other = await signIn(otherKey);
    for (const url of [`/scans/${id}`, `/scans/${id}/report`, `/scans/${id}/delete`, `/scans/${id}/events`]) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: other.cookie } });
      expect([url, response.statusCode]).toEqual([url, 404]);
    }
    for (const url of [
      `/scans/${id}/delete`,
      `/scans/${id}/export`,
      `/scans/${id}/findings/f1/remediation`,
    ]) {
      const response = await post(url, other.cookie, { _csrf: other.csrf, status: 'removed' });
      expect([url, response.statusCode]).toEqual([url, 404]);
    }
    // A status not on the list for a finding the report does not have: the 404 page, not a redirect.
    const invalidStatus = await post(`/scans/${id}/findings/${randomUUID()}/remediation`, cookie, {
      _csrf: csrf,
      status: 'gone-fishing',
    });
    expect(invalidStatus.statusCode).toBe(404);
    const otherList = await app.inject({ method: 'GET', url: '/scans', headers: { cookie: other.cookie } });
    expect(otherList.body).not.toContain(id);

    const forged = await post(`/scans/${id}/delete`, cookie, { _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    const missing = await post(`/scans/${id}/delete`, cookie, {});
    expect(missing.statusCode).toBe(403);
    const otherSessionsToken = await post(`/scans/${id}/delete`, cookie, { _csrf: other.csrf });
    expect(otherSessionsToken.statusCode).toBe(403);
    const crossSite = await app.inject({
      method: 'POST',
      url: `/scans/${id}/delete`,
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(crossSite.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/scans/${id}`, headers: { cookie } })).statusCode).toBe(
      200,
    );

    const deleted = await post(`/scans/${id}/delete`, cookie, { _csrf: csrf });
    expect(deleted.statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: `/scans/${id}`, headers: { cookie } })).statusCode).toBe(
      404,
    );
  });

  it('offers to finish a scan that ended with work undone, and runs again only for its organisation', async () => {
    const { cookie, csrf } = await signIn(key);
    const created = await post('/scans', cookie, scanForm(csrf, { reference: 'case 5120' }));
    const id = /^\/scans\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!;
    const progressPage = () => app.inject({ method: 'GET', url: `/scans/${id}`, headers: { cookie } });
    // While it runs there is nothing to finish.
    await runtime.repositories.scans.startRunning(id, [{ sourceId: 'kiwifarms', searches: 1 }]);
    expect((await progressPage()).body).not.toContain('data-resume');
    await runtime.repositories.scans.failSource(id, 'kiwifarms', 'Kiwi Farms could not be reached');
    await runtime.repositories.scans.finish(id, 'failed', {
      severity: 'none',
      findings: 0,
      pagesWithFindings: 0,
      pagesFetched: 0,
      identifiersExposed: [],
    });
    const ended = await progressPage();
    expect(ended.body).toContain('Finish this scan');
    expect(ended.body).toContain(`action="/scans/${id}/resume"`);

    const other = await signIn(otherKey);
    const foreign = await post(`/scans/${id}/resume`, other.cookie, { _csrf: other.csrf });
    expect(foreign.statusCode).toBe(404);
    expect((await post(`/scans/${id}/resume`, cookie, { _csrf: 'forged' })).statusCode).toBe(403);
    expect(flows).not.toContain(id);

    const resumed = await post(`/scans/${id}/resume`, cookie, { _csrf: csrf });
    expect([resumed.statusCode, resumed.headers.location]).toEqual([303, `/scans/${id}`]);
    expect(flows.filter((flow) => flow === id)).toHaveLength(1);
    expect((await runtime.repositories.scans.get(id))?.status).toBe('running');
    // Asked again while it runs: back to its progress, nothing queued twice.
    const again = await post(`/scans/${id}/resume`, cookie, { _csrf: csrf });
    expect([again.statusCode, again.headers.location]).toEqual([303, `/scans/${id}`]);
    expect(flows.filter((flow) => flow === id)).toHaveLength(1);
    expect((await progressPage()).body).not.toContain('data-resume');
  });

  it('ends a live-progress stream once its session ends (sign-out, key revoked)', async () => {
    const org = await runtime.repositories.orgs.createOrg('Streaming');
    const apiKey = await runtime.repositories.orgs.createApiKey(org.id, 'web');
    for (const endSession of ['sign-out', 'revoke'] as const) {
      const { cookie, csrf } = await signIn(apiKey.key);
      const created = await post('/scans', cookie, scanForm(csrf));
      expect(created.statusCode).toBe(303);
      // The scan stays queued here (no worker): only the session's end can close its stream.
      const started = Date.now();
      const stream = app.inject({
        method: 'GET',
        url: `${created.headers.location as string}/events`,
        headers: { cookie, accept: 'text/event-stream' },
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      if (endSession === 'sign-out') {
        expect((await post('/sign-out', cookie, { _csrf: csrf })).statusCode).toBe(303);
      } else {
        await runtime.repositories.orgs.revokeApiKey(apiKey.id);
      }
      const response = await stream;
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('event: progress');
      expect(response.body).toMatch(/event: gone\n/);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it('ends a session on sign-out, after its idle time, and when its key is revoked', async () => {
    const { cookie, csrf } = await signIn(key);
    const out = await post('/sign-out', cookie, { _csrf: csrf });
    expect(out.statusCode).toBe(303);
    const after = await app.inject({ method: 'GET', url: '/scans', headers: { cookie } });
    expect(after.headers.location).toBe('/sign-in?notice=ended');

    let now = Date.now();
    const clocked = new WebSessions(
      new WebSessionRepository(runtime.database.db),
      undefined,
      () => new Date(now),
    );
    const org = await runtime.repositories.orgs.createOrg('Clocked');
    const apiKey = await runtime.repositories.orgs.createApiKey(org.id, null);
    const { token } = await clocked.start({ kind: 'org', orgId: org.id, apiKeyId: apiKey.id });
    now += clocked.policy.idleMs - 1000;
    expect(await clocked.resume(token, 'org')).not.toBeNull();
    now += clocked.policy.idleMs + 1000;
    expect(await clocked.resume(token, 'org')).toBeNull();

    // A live-progress stream asks whether the session is live without keeping it alive.
    const watched = await clocked.start({ kind: 'org', orgId: org.id, apiKeyId: apiKey.id });
    now += clocked.policy.idleMs - 1000;
    expect(await clocked.isLive(watched.token, 'org')).toBe(true);
    now += 2000;
    expect(await clocked.isLive(watched.token, 'org')).toBe(false);

    const revoked = await clocked.start({ kind: 'org', orgId: org.id, apiKeyId: apiKey.id });
    expect(await clocked.resume(revoked.token, 'local')).toBeNull();
    expect(await clocked.resume(revoked.token, 'org')).not.toBeNull();
    await runtime.repositories.orgs.revokeApiKey(apiKey.id);
    expect(await clocked.resume(revoked.token, 'org')).toBeNull();
  });
});
