import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chromiumReportLauncher,
  renderReportPdf,
  type ReportBrowserLauncher,
} from '../../services/core/report-pdf.js';
import {
  launchChromium,
  removeLeftoverBrowserFolders,
  resolveBrowserExecutable,
} from '../../workers/fetchers/browser-launch.js';

/**
 * docs/safety.md §4 at the level of one browser: what Chromium writes outside its (unused) profile goes
 * to a folder of the process's own, deleted on close; the PDF never passes through a file; and a
 * starting process removes only the folders of processes that are gone.
 */
const executablePath = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);
if (!executablePath)
  throw new Error('no Chromium: run scripts/install-system.sh or set BROWSER_EXECUTABLE_PATH');

const scratch = mkdtempSync(join(tmpdir(), 'browser-launch-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('launching Chromium', () => {
  it("keeps Chromium's own files (crash reports, caches, temporary files) in a folder named after the process, deleted on close", async () => {
    const launched = await launchChromium({ executablePath: executablePath! });
    try {
      expect(launched.folder).toMatch(new RegExp(`/exposure-chromium-${process.pid}-[^/]+$`));
      const context = await launched.browser.newContext();
      await (await context.newPage()).setContent('<p>hello</p>');
      await context.close();
      // Crashpad's database: where a crash would write the pages' memory.
      expect(existsSync(join(launched.folder, 'config', 'chromium', 'Crash Reports'))).toBe(true);
    } finally {
      await launched.close();
    }
    expect(existsSync(launched.folder)).toBe(false);
  });

  it('prints the PDF without any file appearing in the browser folder while it prints', async () => {
    const launch = chromiumReportLauncher({ executablePath: executablePath! });
    const created: string[] = [];
    const watching: ReportBrowserLauncher = async () => {
      const browser = await launch();
      const watcher = watch(browser.profileDir, (_event, name) => {
        if (name) created.push(name);
      });
      return {
        ...browser,
        dispose: async () => {
          watcher.close();
          await browser.dispose();
        },
      };
    };
    const body = '<p>Marguerite Oakhollow, 14 Quillon Row</p>'.repeat(2_000);
    const pdf = await renderReportPdf(`<!doctype html><html><body>${body}</body></html>`, watching);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    // Chromium spools a PDF asked for as a stream through `.org.chromium.Chromium.XXXXXX` here. (Its
    // configuration and cache folders appear as it needs them, with nothing of the page.)
    expect(created.filter((name) => name !== 'cache' && name !== 'config')).toEqual([]);
  });
});

describe('removing what killed processes left', () => {
  const make = (name: string, ageMs = 3_600_000): string => {
    const path = join(scratch, name);
    mkdirSync(join(path, 'Default'), { recursive: true });
    const when = new Date(Date.now() - ageMs);
    utimesSync(path, when, when);
    return path;
  };

  it("removes dead processes' folders and unused old profiles, and keeps what live processes use", async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const inUse = make('exposure-chromium-aB3dE6');
    // A running process started with that profile, as an older version's Chromium would be.
    const holder = spawn(process.execPath, [
      '-e',
      'setTimeout(() => {}, 60000)',
      '--',
      `--user-data-dir=${inUse}`,
    ]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const folders = {
        dead: make(`exposure-chromium-${dead}-k1ll3d`),
        // This process's id, but not launched by it: a previous process's (a restarted container).
        reusedId: make(`exposure-chromium-${process.pid}-b3f0r3`),
        live: make(`exposure-chromium-${holder.pid}-al1ve0`),
        oldUnused: make('exposure-chromium-Zz9yX8'),
        oldStarting: make('exposure-chromium-Nn1wQ2', 0),
        playwrightUnused: make('playwright_chromiumdev_profile-Pp4rR5'),
        unrelated: make('someone-elses-folder'),
        inUse,
      };
      const removed = await removeLeftoverBrowserFolders(scratch);
      expect(removed.sort()).toEqual(
        [folders.dead, folders.reusedId, folders.oldUnused, folders.playwrightUnused]
          .map((path) => path.slice(scratch.length + 1))
          .sort(),
      );
      for (const kept of [folders.live, folders.oldStarting, folders.unrelated, folders.inUse]) {
        expect(existsSync(kept), kept).toBe(true);
      }
    } finally {
      holder.kill();
    }
  });

  it("never removes a folder of this process's running browser", async () => {
    const own = join(scratch, 'own');
    mkdirSync(own);
    // os.tmpdir() follows TMPDIR: the browser's folder goes into this test's own folder.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = own;
    let launched: Awaited<ReturnType<typeof launchChromium>>;
    try {
      launched = await launchChromium({ executablePath: executablePath! });
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    try {
      expect(launched.folder.startsWith(own)).toBe(true);
      const removed = await removeLeftoverBrowserFolders(own);
      expect(existsSync(launched.folder)).toBe(true);
      // Playwright's own profile folder for this browser is in use by it too.
      expect(removed).toEqual([]);
    } finally {
      await launched.close();
    }
  });

  it('returns nothing for a folder that does not exist', async () => {
    expect(await removeLeftoverBrowserFolders(join(scratch, 'missing'))).toEqual([]);
    expect(readdirSync(scratch).includes('missing')).toBe(false);
  });
});
