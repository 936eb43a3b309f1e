/**
 * `exposure-scanner ui --demo`: a newcomer tries the pages offline. Every place of the form is a
 * replica on loopback (sources without one are switched off); no key, no server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, startProcess, stopProcesses, type Managed } from '../support/processes.js';

const LINK = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/;

describe('exposure-scanner ui --demo', () => {
  let ui: Managed;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'exposure-ui-demo-'));
    ui = startProcess(process.execPath, [bin, 'ui', '--demo', '--port', '0', '--no-open'], {
      HOME: home,
      EXPOSURE_DATA_DIR: join(home, 'data'),
    });
    for (let waited = 0; !LINK.test(ui.output()); waited += 100) {
      if (waited > 60_000 || ui.child.exitCode !== null) throw new Error(`ui did not start: ${ui.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const link = LINK.exec(ui.output())![1]!;
    base = new URL(link).origin;
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    cookie = opened.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
  }, 90_000);
  afterAll(async () => {
    await stopProcesses([ui]);
  });

  it('says it is a demo, names the invented person to try, and offers only the replicas', async () => {
    expect(ui.output()).toMatch(/Demo: every place is a local imitation/);
    expect(ui.output()).toContain('mothlantern');
    const form = await fetch(`${base}/scans/new`, { headers: { cookie } });
    expect(form.status).toBe(200);
    const html = await form.text();
    const offered = [...html.matchAll(/id="source-([a-z0-9-]+)"/g)].map((match) => match[1]);
    expect(offered).toEqual(expect.arrayContaining(['kiwifarms', 'pastebin', '4chan', 'wayback']));
  });

  it('scans the invented person and shows a report that finds her', async () => {
    const form = await (await fetch(`${base}/scans/new`, { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
    expect(token).toBeTruthy();
    const body = new URLSearchParams({ _csrf: token! });
    body.append('identifiers[0][kind]', 'handle');
    body.append('identifiers[0][value]', 'mothlantern');
    body.append('identifiers[1][kind]', 'name');
    body.append('identifiers[1][value]', 'Sorrel Quistgarde');
    for (const source of ['kiwifarms', 'pastebin']) body.append('sources', source);
    body.append('allowDirect', 'on');
    const created = await fetch(`${base}/scans`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(created.status).toBe(303);
    const scanPath = created.headers.get('location')!;
    expect(scanPath).toMatch(/^\/scans\/[0-9a-f-]{36}$/);
    // Identifiers travel in the form body only: never in an address.
    expect(scanPath).not.toContain('mothlantern');
    let report = '';
    await expect
      .poll(
        async () => {
          const response = await fetch(`${base}${scanPath}/report`, { headers: { cookie } });
          report = await response.text();
          return /class="[^"]*\bfinding\b/.test(report) && !/still running/.test(report);
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe(true);
    expect(report).toContain('Kiwi Farms');
    expect(report).toContain('Your details are posted in');
  }, 120_000);
});
