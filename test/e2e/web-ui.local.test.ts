import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidencePack } from '../../shared/evidence/verify.js';
import { SCAN_STATUS_LABELS } from '../../shared/report/report.words.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { findLeaks, leakNeedles } from '../support/leaks.js';
import { writeFarmOverrides } from '../support/overrides-file.js';
import { bin, startProcess, stopProcesses, type Managed } from '../support/processes.js';
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
 * Local mode's pages through the real command (`npm test` builds first): `exposure-scanner ui --port 0`
 * on PGlite with the in-process runner, pointed at the replica farm, driven in Chromium through the
 * one-time link it prints. No Redis, no PostgreSQL, no key.
 */
const SOURCES = ['kiwifarms', 'pastebin'];
const LINK = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/g;

describe('web UI, local mode (exposure-scanner ui), in Chromium', () => {
  let farm: ReplicaFarm;
  let ui: Managed;
  let browser: Browser;
  let person: BrowserContext;
  let page: Page;
  let base: string;
  let firstLink: string;
  let scanId: string;
  let firstFindingId: string;
  const visited: string[] = [];

  /** Links the command has printed so far, oldest first. */
  const links = () => [...ui.output().matchAll(LINK)].map((match) => match[1]!);

  async function nextLink(): Promise<string> {
    const before = links().length;
    ui.child.stdin!.write('\n');
    await expect.poll(() => links().length, { timeout: 10_000 }).toBeGreaterThan(before);
    return links().at(-1)!;
  }

  beforeAll(async () => {
    farm = await startReplicaFarm();
    const work = mkdtempSync(join(tmpdir(), 'exposure-ui-'));
    ui = startProcess(
      process.execPath,
      [bin, 'ui', '--port', '0', '--no-open', '--source-overrides', writeFarmOverrides(farm)],
      { EXPOSURE_DATA_DIR: join(work, 'data'), HOME: work, LOG_LEVEL: 'debug', DISPLAY: ':99' },
    );
    for (let waited = 0; links().length === 0; waited += 100) {
      if (waited > 60_000 || ui.child.exitCode !== null) throw new Error(`ui did not start: ${ui.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    firstLink = links()[0]!;
    base = new URL(firstLink).origin;
    browser = await launchChromium();
    person = await newTestContext(browser, { acceptDownloads: true });
    person.on('request', (request) => visited.push(request.url()));
    page = await person.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stopProcesses([ui]);
    await farm?.close();
  });

  it('serves only on 127.0.0.1 and opens once through the printed link', async () => {
    expect(ui.output()).toMatch(/The link works once/);
    expect(new URL(firstLink).hostname).toBe('127.0.0.1');
    const stranger = await newTestContext(browser);
    try {
      const strangerPage = await stranger.newPage();
      await strangerPage.goto(`${base}/scans`);
      expect(new URL(strangerPage.url()).pathname).toBe('/sign-in');
      expect(await strangerPage.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Open exposure-scanner',
      );

      await page.goto(firstLink);
      expect(page.url()).toBe(`${base}/scans`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Scans');
      // The link is dead once used: another browser cannot use it again.
      const reused = await strangerPage.goto(firstLink);
      expect(reused!.status()).toBe(401);
      expect(await strangerPage.getByText('already been used').count()).toBe(1);
    } finally {
      await stranger.close();
    }
    // A page elsewhere that rebinds its own name to 127.0.0.1 gets nothing.
    expect(await statusWithHost(`${base}/scans`, 'rebound.example')).toBe(421);
  });

  it('asks for no consent, shows a bad field beside it and keeps what was typed', async () => {
    await page.goto(`${base}/scans/new`);
    expect(await page.locator('#consent-attestedBy').count()).toBe(0);
    expect(await page.locator('#reference').count()).toBe(0);
    await fillIdentifiers(page, [
      { kind: 'handle', value: 'mothlantern' },
      { kind: 'email', value: 'not an e-mail' },
    ]);
    await chooseSources(page, SOURCES);
    await page.getByLabel(/go ahead without a proxy/).check();
    await page.getByRole('button', { name: 'Start the scan' }).click();
    await page.locator('#identifiers-1-value-error').waitFor();
    const value = page.locator('#identifiers-1-value');
    expect(await value.getAttribute('aria-invalid')).toBe('true');
    expect(await value.getAttribute('aria-describedby')).toContain('identifiers-1-value-error');
    expect(await value.inputValue()).toBe('not an e-mail');
    expect(await page.locator('#identifiers-0-value').inputValue()).toBe('mothlantern');
    expect(await page.locator('#source-kiwifarms').isChecked()).toBe(true);
    expect(await page.locator('#source-4chan').isChecked()).toBe(false);
    expect(await page.locator('#allowDirect').isChecked()).toBe(true);
  });

  it('scans the demo persona in the background of the command and follows it live to the report', async () => {
    await page.goto(`${base}/scans/new`);
    await fillIdentifiers(page, demoProfile.identifiers);
    await chooseSources(page, SOURCES);
    await page.getByLabel(/go ahead without a proxy/).check();
    await page.getByRole('button', { name: 'Start the scan' }).click();
    await page.waitForURL(/\/scans\/[0-9a-f-]{36}$/);
    scanId = new URL(page.url()).pathname.split('/')[2]!;
    const { updates } = await watchScanToTheEnd(page);
    expect(updates.length).toBeGreaterThan(0);
    // Pastebin is read through its archive of the newest pastes only: the scan is partial, and says so.
    expect(await page.locator('[data-progress-status]').textContent()).toBe(`${SCAN_STATUS_LABELS.partial}.`);
    await page.getByRole('link', { name: 'Open the report' }).click();
    await page.waitForURL(`${base}/scans/${scanId}/report`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your exposure report');
    expect(await page.locator('article.finding').count()).toBeGreaterThan(3);
    firstFindingId = (await page.locator('article.finding').first().getAttribute('id'))!.replace(
      /^finding-/,
      '',
    );
  });

  it('reveals a finding and keeps a remediation status across reloads', async () => {
    const first = () => page.locator('article.finding').first();
    await first().getByRole('button', { name: 'Show what this post says' }).click();
    await page.waitForURL(/#finding-/);
    expect(await first().locator('.post-content').count()).toBe(1);
    await first().locator('select[name="status"]').selectOption('requested');
    await first().getByRole('button', { name: /^Save/ }).click();
    await page.waitForURL(/saved=/);
    await page.goto(`${base}/scans/${scanId}/report`);
    expect(await first().locator('select[name="status"]').inputValue()).toBe('requested');
  });

  it('downloads an evidence pack that verifies', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Download the evidence pack' }).click(),
    ]);
    const verdict = verifyEvidencePack(new Uint8Array(readFileSync(await download.path())));
    expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
  });

  it('refuses a forged CSRF token with 403 and changes nothing', async () => {
    const forged = await person.request.post(
      `${base}/scans/${scanId}/findings/${firstFindingId}/remediation`,
      {
        form: { _csrf: 'forged', status: 'removed' },
      },
    );
    expect(forged.status()).toBe(403);
    const deletion = await person.request.post(`${base}/scans/${scanId}/delete`, { form: {} });
    expect(deletion.status()).toBe(403);
    await page.goto(`${base}/scans/${scanId}/report`);
    expect(await page.locator('article.finding').first().locator('select[name="status"]').inputValue()).toBe(
      'requested',
    );
  });

  it('leaves quickly by button and by Escape, replacing the history entry', async () => {
    await expectQuickExitReplacesHistory(page, base, '/scans', `/scans/${scanId}`);
  });

  it('passes axe-core on the local pages (no serious or critical violation)', async () => {
    const context = await newTestContext(browser, { bypassCSP: true });
    try {
      const axePage = await context.newPage();
      const go = (path: string) => (target: Page) => target.goto(`${base}${path}`);
      await expectAccessiblePages(axePage, [{ name: 'the way in', open: go('/sign-in') }]);
      // A new link from the terminal (Enter), for this browser.
      await axePage.goto(await nextLink());
      await expectAccessiblePages(axePage, [
        { name: 'scan list', open: go('/scans') },
        { name: 'new scan', open: go('/scans/new') },
        { name: 'progress', open: go(`/scans/${scanId}`) },
        { name: 'report', open: go(`/scans/${scanId}/report`) },
        { name: 'delete confirmation', open: go(`/scans/${scanId}/delete`) },
      ]);
    } finally {
      await context.close();
    }
  });

  it('deletes the scan after a confirmation', async () => {
    await page.goto(`${base}/scans/${scanId}`);
    await page.getByRole('link', { name: 'Delete this scan' }).click();
    await page.getByRole('button', { name: 'Yes, delete this scan' }).click();
    await page.waitForURL(`${base}/scans?notice=deleted`);
    expect(await page.locator(`[data-scan-id="${scanId}"]`).count()).toBe(0);
    expect((await page.goto(`${base}/scans/${scanId}/report`))!.status()).toBe(404);
  });

  it('kept the person out of URLs, cookies and its debug log, and stops cleanly', async () => {
    const needles = leakNeedles(demoProfile.identifiers.map((identifier) => identifier.value));
    expect(findLeaks(visited.join('\n'), needles)).toEqual([]);
    expect(findLeaks(JSON.stringify(await person.cookies()), needles)).toEqual([]);
    expect(ui.output()).toContain('page matched');
    expect(findLeaks(ui.output(), needles)).toEqual([]);
    ui.child.kill('SIGTERM');
    expect(await ui.exited).toBe(0);
  });
});

function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
