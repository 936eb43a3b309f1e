import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../services/api/app.js';
import {
  createEvidenceService,
  createScanService,
  openRuntime,
  type Runtime,
} from '../../services/core/runtime.js';
import { WebSessions } from '../../services/web/session/web-sessions.js';
import { loadConfig, type Config } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { WebSessionRepository } from '../../shared/db/repositories/web-session.repository.js';
import { verifyEvidencePack } from '../../shared/evidence/verify.js';
import { BullJobRunner } from '../../shared/queue/bullmq.runner.js';
import { SCAN_STATUS_LABELS } from '../../shared/report/report.words.js';
import { startWorkers } from '../../workers/main.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { decoyValues, demoProfile } from '../replicas/personas/demo.persona.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { findLeaks, leakNeedles } from '../support/leaks.js';
import { captureLogs } from '../support/log-capture.js';
import { writeFarmOverrides } from '../support/overrides-file.js';
import { testRedisUrl } from '../support/redis-dump.js';
import {
  chooseSources,
  expectAccessiblePages,
  expectQuickExitReplacesHistory,
  fillIdentifiers,
  launchChromium,
  newTestContext,
  watchScanToTheEnd,
} from '../support/web-browser.js';

/**
 * The web pages of service mode in real Chromium, on the real stack: the API app with its pages,
 * BullMQ workers on Redis, PostgreSQL, and the replica farm. An advocate signs in with the
 * organisation's key, scans the demo persona with consent, watches it finish, reads and acts on the
 * report, downloads the evidence pack and deletes the scan; another organisation sees none of it.
 */
const SCREENSHOT = fileURLToPath(new URL('../../docs/screenshots/report.png', import.meta.url));
const FINDING_SCREENSHOT = fileURLToPath(new URL('../../docs/screenshots/finding.png', import.meta.url));
const SOURCES = ['kiwifarms', 'pastebin'];

describe('web UI, service mode, in Chromium', () => {
  let farm: ReplicaFarm;
  let pgDb: TestPostgres;
  let config: Config;
  let runtime: Runtime;
  let producer: BullJobRunner;
  let app: FastifyInstance;
  let workers: { close(): Promise<void> };
  let browser: Browser;
  let advocate: BrowserContext;
  let page: Page;
  let base: string;
  let key: string;
  let otherKey: string;
  let scanId: string;
  let firstFindingId: string;
  const apiLogs = captureLogs('api');
  const visited: string[] = [];
  const needles = leakNeedles(demoProfile.identifiers.map((identifier) => identifier.value));

  beforeAll(async () => {
    farm = await startReplicaFarm();
    pgDb = await createTestPostgres();
    config = loadConfig({
      DATABASE_URL: pgDb.url,
      REDIS_URL: testRedisUrl,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_QUEUE_PREFIX: `esweb${randomBytes(4).toString('hex')}`,
      EXPOSURE_SOURCE_OVERRIDES: writeFarmOverrides(farm),
      BROWSER_EXECUTABLE_PATH: '/usr/bin/chromium',
    });
    const log = apiLogs.log;
    runtime = await openRuntime({ config, masterKey: config.masterKey!, log });
    producer = new BullJobRunner({
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      log,
      role: 'producer',
    });
    const scans = createScanService(runtime, { jobs: producer, log, mode: 'service', config });
    app = await buildApp({
      scans,
      orgs: runtime.repositories.orgs,
      log,
      readiness: { database: async () => true, queue: () => producer.ping() },
      evidence: createEvidenceService(runtime, { scans, log, config }),
      web: {
        sessions: new WebSessions(new WebSessionRepository(runtime.database.db)),
        proxyConfigured: false,
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    workers = await startWorkers({ config, log: captureLogs('worker').log, backoffMs: 200 });
    const org = await runtime.repositories.orgs.createOrg('Safety Line');
    key = (await runtime.repositories.orgs.createApiKey(org.id, 'web')).key;
    const other = await runtime.repositories.orgs.createOrg('Other Org');
    otherKey = (await runtime.repositories.orgs.createApiKey(other.id, 'web')).key;

    browser = await launchChromium();
    advocate = await newTestContext(browser, { acceptDownloads: true });
    advocate.on('request', (request) => visited.push(request.url()));
    page = await advocate.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await workers?.close();
    await app?.close();
    await producer?.close();
    await runtime?.close();
    await pgDb?.drop();
    await farm?.close();
  });

  async function signIn(target: Page, apiKey: string): Promise<void> {
    await target.goto(`${base}/sign-in`);
    await target.getByLabel('API key').fill(apiKey);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.waitForURL(`${base}/scans`);
  }

  it('sends a visitor without a session to sign-in, and shows a wrong key beside the field without keeping it', async () => {
    await page.goto(`${base}/scans/new`);
    expect(page.url()).toBe(`${base}/sign-in`);
    await page.getByLabel('API key').fill('es_wrong-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const field = page.locator('#apiKey');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain('apiKey-error');
    expect(await page.locator('#apiKey-error').textContent()).toMatch(/not recognised/);
    expect(await field.inputValue()).toBe('');
    await signIn(page, key);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Scans');
  });

  it('shows each bad field beside it and keeps what was typed', async () => {
    await page.goto(`${base}/scans/new`);
    await page.getByLabel('Your reference (optional)').fill('case 4411');
    await fillIdentifiers(page, [
      { kind: 'handle', value: 'mothlantern' },
      { kind: 'email', value: 'sorrelq.commissions@example.org' },
    ]);
    await page.getByLabel('Who confirms the consent').fill('   ');
    await page.getByRole('button', { name: 'Start the scan' }).click();
    await page.waitForURL(`${base}/scans`);
    expect(await page.title()).toMatch(/^Problem/);
    const attestedBy = page.locator('#consent-attestedBy');
    expect(await attestedBy.getAttribute('aria-invalid')).toBe('true');
    expect(await attestedBy.getAttribute('aria-describedby')).toContain('consent-attestedBy-error');
    expect(await page.locator('#consent-attestedBy-error').isVisible()).toBe(true);
    expect(await page.locator('#consent-obtainedAt').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#consent-confirmed-error').isVisible()).toBe(true);
    // The list of problems links to each field and has the focus.
    expect(await page.locator('.error-summary a[href="#consent-attestedBy"]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.locator('#identifiers-0-value').inputValue()).toBe('mothlantern');
    expect(await page.locator('#identifiers-1-kind').inputValue()).toBe('email');
    expect(await page.locator('#identifiers-1-value').inputValue()).toBe('sorrelq.commissions@example.org');
    expect(await page.locator('#reference').inputValue()).toBe('case 4411');
    expect(await runtime.repositories.scans.list(null, { limit: 5 })).toEqual([]);
  });

  it('starts a scan of the demo persona with consent and follows its progress live to the report', async () => {
    await page.goto(`${base}/scans/new`);
    await page.getByLabel('Your reference (optional)').fill('case 4411');
    await fillIdentifiers(page, demoProfile.identifiers);
    await page.getByLabel('Who confirms the consent').fill('case worker 17');
    await page.getByLabel('How consent was given').selectOption('written');
    await page.getByLabel('Date consent was given').fill('2026-11-20');
    await page.getByLabel(/agreed to this scan/).check();
    await chooseSources(page, SOURCES);
    await page.getByLabel(/go ahead without a proxy/).check();
    await page.getByRole('button', { name: 'Start the scan' }).click();
    await page.waitForURL(/\/scans\/[0-9a-f-]{36}$/);
    scanId = new URL(page.url()).pathname.split('/')[2]!;
    expect(await page.getByText('Reference: case 4411').count()).toBe(1);

    const { updates } = await watchScanToTheEnd(page);
    expect(updates.length).toBeGreaterThan(0);
    // Pastebin is read through its archive of the newest pastes only: the scan is partial, and says so.
    expect(await page.locator('[data-progress-status]').textContent()).toBe(`${SCAN_STATUS_LABELS.partial}.`);
    for (const source of SOURCES) {
      expect(await page.locator(`tr[data-source="${source}"] [data-field="status"]`).textContent()).toBe(
        'Done',
      );
    }
    await page.getByRole('link', { name: 'Open the report' }).click();
    await page.waitForURL(`${base}/scans/${scanId}/report`);
    expect(await page.locator('article.finding').count()).toBeGreaterThan(3);
    firstFindingId = (await page.locator('article.finding').first().getAttribute('id'))!.replace(
      /^finding-/,
      '',
    );
  });

  it('reveals a finding (audited), and keeps a remediation status across reloads', async () => {
    const first = page.locator('article.finding').first();
    expect(await first.locator('.post-content').count()).toBe(0);
    await first.getByRole('button', { name: 'Show what this post says' }).click();
    await page.waitForURL(new RegExp(`/scans/${scanId}/report#finding-`));
    expect(await page.locator('article.finding').first().locator('.post-content').count()).toBe(1);
    const entries = await runtime.database.db
      .selectFrom('audit_log')
      .select(['action', 'scan_id', 'finding_id'])
      .where('scan_id', '=', scanId)
      .execute();
    expect(entries).toContainEqual({ action: 'finding.reveal', scan_id: scanId, finding_id: firstFindingId });

    const status = page.locator('article.finding').first().locator('select[name="status"]');
    await status.selectOption('requested');
    await page.locator('article.finding').first().getByRole('button', { name: /^Save/ }).click();
    await page.waitForURL(/saved=/);
    expect(await page.locator('article.finding').first().getByRole('status').textContent()).toBe('Saved.');
    await page.reload();
    expect(await page.locator('article.finding').first().locator('select[name="status"]').inputValue()).toBe(
      'requested',
    );
    await page.goto(`${base}/scans/${scanId}/report`);
    expect(await page.locator('article.finding').first().locator('select[name="status"]').inputValue()).toBe(
      'requested',
    );
    // Still revealed in this session.
    expect(await page.locator('article.finding').first().locator('.post-content').count()).toBe(1);

    // A status not on the list is a 400 with the problem beside its finding, and changes nothing.
    const csrf = (await page.locator('input[name="_csrf"]').first().getAttribute('value'))!;
    const invalid = await advocate.request.post(
      `${base}/scans/${scanId}/findings/${firstFindingId}/remediation`,
      { form: { _csrf: csrf, status: 'gone-fishing' } },
    );
    expect(invalid.status()).toBe(400);
    const body = await invalid.text();
    expect(body).toContain('That status was not saved');
    expect(body).toMatch(/id="finding-[^"]+-status-error"/);
    expect(body).toMatch(/<select[^>]*aria-invalid="true"/);
    await page.reload();
    expect(await page.locator('article.finding').first().locator('select[name="status"]').inputValue()).toBe(
      'requested',
    );
  });

  it('takes screenshots of the report: its first screen, and a finding revealed', async () => {
    await page.goto(`${base}/scans/${scanId}/report`);
    const findings = page.locator('article.finding');
    expect(await findings.count()).toBeGreaterThan(0);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    // The first screen a person sees (verdict, first actions, what is exposed where), for the README.
    await page.screenshot({
      path: SCREENSHOT,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 1400 },
    });
    expect(readFileSync(SCREENSHOT).length).toBeGreaterThan(50_000);
    // The finding revealed earlier in this session: its snippet with the matched words marked.
    const revealed = findings.filter({ has: page.locator('.post-content mark') }).first();
    expect(await revealed.count()).toBe(1);
    await revealed.screenshot({ path: FINDING_SCREENSHOT });
    expect(readFileSync(FINDING_SCREENSHOT).length).toBeGreaterThan(20_000);
    // Other people's details on the seeded pages never appear in clear, revealed finding included.
    expect(findLeaks(await page.content(), leakNeedles(decoyValues))).toEqual([]);
  });

  it('downloads an evidence pack that verifies', async () => {
    await page.goto(`${base}/scans/${scanId}/report`);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Download the evidence pack' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const path = await download.path();
    const verdict = verifyEvidencePack(new Uint8Array(readFileSync(path)));
    expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
  });

  it('shows another organisation a 404 on every page and action of the scan', async () => {
    const context = await newTestContext(browser);
    try {
      const other = await context.newPage();
      await signIn(other, otherKey);
      expect(await other.locator(`[data-scan-id="${scanId}"]`).count()).toBe(0);
      for (const path of [`/scans/${scanId}`, `/scans/${scanId}/report`, `/scans/${scanId}/delete`]) {
        const response = await other.goto(`${base}${path}`);
        expect([path, response!.status()]).toEqual([path, 404]);
        expect(await other.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
      }
      const events = await context.request.get(`${base}/scans/${scanId}/events`, {
        headers: { accept: 'text/event-stream' },
      });
      expect(events.status()).toBe(404);
      await other.goto(`${base}/scans/new`);
      const csrf = (await other.locator('input[name="_csrf"]').first().getAttribute('value'))!;
      for (const path of [
        `/scans/${scanId}/findings/${firstFindingId}/reveal`,
        `/scans/${scanId}/findings/${firstFindingId}/remediation`,
        `/scans/${scanId}/export`,
        `/scans/${scanId}/delete`,
      ]) {
        const response = await context.request.post(`${base}${path}`, {
          form: { _csrf: csrf, status: 'removed' },
        });
        expect([path, response.status()]).toEqual([path, 404]);
      }
    } finally {
      await context.close();
    }
  });

  it('refuses a forged or missing CSRF token with 403 and changes nothing', async () => {
    const forms: Array<Record<string, string>> = [
      { _csrf: 'forged', status: 'removed' },
      { status: 'removed' },
    ];
    for (const form of forms) {
      const response = await advocate.request.post(
        `${base}/scans/${scanId}/findings/${firstFindingId}/remediation`,
        { form },
      );
      expect(response.status()).toBe(403);
    }
    const deletion = await advocate.request.post(`${base}/scans/${scanId}/delete`, {
      form: { _csrf: 'forged' },
    });
    expect(deletion.status()).toBe(403);
    await page.goto(`${base}/scans/${scanId}/report`);
    expect(await page.locator('article.finding').first().locator('select[name="status"]').inputValue()).toBe(
      'requested',
    );
  });

  it('leaves quickly by button and by Escape, replacing the history entry', async () => {
    await expectQuickExitReplacesHistory(page, base, '/scans/new', `/scans/${scanId}/report`);
  });

  it('passes axe-core on every page (no serious or critical violation)', async () => {
    const context = await newTestContext(browser, { bypassCSP: true });
    try {
      const axePage = await context.newPage();
      const go = (path: string) => (target: Page) => target.goto(`${base}${path}`);
      await expectAccessiblePages(axePage, [
        { name: 'sign-in', open: go('/sign-in') },
        {
          name: 'sign-in with a problem',
          open: async (target) => {
            await target.goto(`${base}/sign-in`);
            await target.getByRole('button', { name: 'Sign in' }).click();
            await target.locator('#apiKey-error').waitFor();
          },
        },
      ]);
      await signIn(axePage, key);
      await expectAccessiblePages(axePage, [
        { name: 'scan list', open: go('/scans') },
        { name: 'new scan', open: go('/scans/new') },
        {
          name: 'new scan with problems',
          open: async (target) => {
            await target.goto(`${base}/scans/new`);
            await chooseSources(target, []);
            await target.getByRole('button', { name: 'Start the scan' }).click();
            await target.locator('.error-summary').waitFor();
          },
        },
        { name: 'progress', open: go(`/scans/${scanId}`) },
        { name: 'report', open: go(`/scans/${scanId}/report`) },
        { name: 'delete confirmation', open: go(`/scans/${scanId}/delete`) },
        { name: 'not found', open: go('/scans/00000000-0000-4000-8000-000000000000') },
      ]);
    } finally {
      await context.close();
    }
  });

  it('deletes the scan after a confirmation', async () => {
    await page.goto(`${base}/scans/${scanId}/report`);
    await page.getByRole('link', { name: 'Delete this scan' }).click();
    await page.waitForURL(`${base}/scans/${scanId}/delete`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Delete this scan?');
    await page.getByRole('button', { name: 'Yes, delete this scan' }).click();
    await page.waitForURL(`${base}/scans?notice=deleted`);
    expect(await page.getByRole('status').textContent()).toMatch(/deleted/);
    expect(await page.locator(`[data-scan-id="${scanId}"]`).count()).toBe(0);
    const gone = await page.goto(`${base}/scans/${scanId}`);
    expect(gone!.status()).toBe(404);
  });

  it('signs out, after which the pages send the browser to sign-in', async () => {
    await page.goto(`${base}/scans`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/sign-in?notice=signed-out`);
    await page.goto(`${base}/scans`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('never put a person\u2019s identifier in a URL, a cookie or a log line', async () => {
    expect(visited.length).toBeGreaterThan(20);
    expect(findLeaks(visited.join('\n'), needles)).toEqual([]);
    const cookies = await advocate.cookies();
    expect(findLeaks(JSON.stringify(cookies), needles)).toEqual([]);
    expect(findLeaks(apiLogs.text(), needles)).toEqual([]);
  });
});
