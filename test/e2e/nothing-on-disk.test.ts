import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanService } from '../../services/core/scan.service.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { isScanFinished } from '../../shared/domain/scan.js';
import { resolveBrowserExecutable } from '../../workers/fetchers/browser-launch.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { diskNeedles, identifiersOnDisk, needlesIn } from '../support/disk-scan.js';
import { bin, startProcess, stopProcesses, type Managed } from '../support/processes.js';
import { testRedisUrl } from '../support/redis-dump.js';
import {
  openServiceProducer,
  testCaller as caller,
  testConsent as consent,
  waitForScanEnd,
  type ServiceProducer,
} from '../support/service-stack.js';

/**
 * docs/safety.md §4, nothing in clear on disk: worker processes of the built command (one for the plain
 * queues, one for the browser's) scan the forum behind the proof-of-work gate and the browser-only dox
 * site, with their temp folder, home and data folder fresh and searched byte by byte for every one of
 * the person's details after the scan, after DELETE, and after the browser worker is killed mid-scan
 * and another takes its place. The search itself is checked first on bytes that do hold them.
 */
const chromium = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);
if (!chromium) throw new Error('no Chromium: run scripts/install-system.sh or set BROWSER_EXECUTABLE_PATH');
const SOURCES = ['kiwifarms', 'doxbin'];
const needles = diskNeedles(demoProfile.identifiers.map((identifier) => identifier.value));

describe('nothing about a scan in clear on disk', () => {
  let farm: ReplicaFarm;
  let pgDb: TestPostgres;
  let service: ServiceProducer;
  let scans: ScanService;
  let plain: Managed | undefined;
  let browser: Managed | undefined;
  let env: Record<string, string>;
  // Everything the worker processes may write to: their temp folder, home (Chromium's ~/.config,
  // ~/.cache, ~/.pki) and data folder.
  const root = mkdtempSync(join(tmpdir(), 'exposure-disk-'));
  const tmp = join(root, 'tmp');
  const leftovers = {
    // What an older version's killed worker left: a persistent profile with a cached dox page.
    oldProfile: join(tmp, 'exposure-chromium-Xq3vTb'),
    deadProcess: '',
    liveProcess: join(tmp, `exposure-chromium-${process.pid}-live01`),
  };

  const workerEnv = () => env;
  const startWorker = (queues: string) =>
    startProcess(process.execPath, [bin, 'worker', '--queues', queues], workerEnv());
  const started = async (worker: Managed) => {
    for (let i = 0; i < 300 && !worker.output().includes('"msg":"workers started"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(worker.output(), worker.output().slice(-1500)).toContain('"msg":"workers started"');
  };
  const onDisk = () => identifiersOnDisk(root, needles);

  beforeAll(async () => {
    farm = await startReplicaFarm({ kiwiflare: true });
    pgDb = await createTestPostgres();
    for (const folder of ['tmp', 'home', 'data']) mkdirSync(join(root, folder));
    // The overrides (addresses of the replicas, nothing about the person) stay outside the searched folders.
    const settings = mkdtempSync(join(tmpdir(), 'exposure-disk-settings-'));
    const overrides = Object.fromEntries(
      SOURCES.map((id) => [
        id,
        {
          ...farm.overrides[id],
          // The forum slow enough that the browser worker is still at it when it is killed.
          politeness:
            id === 'kiwifarms'
              ? { requestsPerSecond: 2, concurrency: 1 }
              : { requestsPerSecond: 50, concurrency: 2 },
        },
      ]),
    );
    writeFileSync(join(settings, 'sources.json'), JSON.stringify(overrides));

    // A killed process's folder: the id of a process that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    leftovers.deadProcess = join(tmp, `exposure-chromium-${gone}-k1ll3d`);
    for (const folder of Object.values(leftovers))
      mkdirSync(join(folder, 'Default', 'Cache'), { recursive: true });
    writeFileSync(
      join(leftovers.oldProfile, 'Default', 'Cache', 'data_1'),
      Buffer.from(
        `GET /search?q=${demoProfile.identifiers[0].value} ${demoProfile.identifiers[2].value}`,
        'utf16le',
      ),
    );
    writeFileSync(
      join(leftovers.deadProcess, 'Default', 'Cache', 'data_1'),
      demoProfile.identifiers[3].value,
    );
    writeFileSync(join(leftovers.liveProcess, 'Default', 'Cache', 'marker'), 'a live process');
    // Left an hour ago: a folder this young could be one whose Chromium is still starting.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(leftovers.oldProfile, anHourAgo, anHourAgo);

    env = {
      DATABASE_URL: pgDb.url,
      REDIS_URL: testRedisUrl,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_QUEUE_PREFIX: `esdisk${randomBytes(3).toString('hex')}`,
      EXPOSURE_SOURCE_OVERRIDES: join(settings, 'sources.json'),
      BROWSER_EXECUTABLE_PATH: chromium,
      // A killed worker's jobs come back to the others this soon.
      EXPOSURE_JOB_LOCK_MS: '3000',
      EXPOSURE_DATA_DIR: join(root, 'data'),
      TMPDIR: tmp,
      HOME: join(root, 'home'),
      LOG_LEVEL: 'info',
    };
    service = await openServiceProducer(loadConfig(env));
    scans = service.scans;
  }, 60_000);

  afterAll(async () => {
    await stopProcesses([plain, browser]);
    await service?.close();
    await pgDb?.drop();
    await farm?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds a detail in the bytes that hold it, in either encoding and any case', () => {
    const blob = Buffer.concat([Buffer.from([0, 255, 7]), Buffer.from('x SORREL QUISTGARDE y', 'utf16le')]);
    expect(needlesIn(blob, needles)).toContain('Sorrel Quistgarde (utf-16le: sorrel quistgarde)');
    expect(needlesIn(Buffer.from('call 503-555-0167 or 5035550167'), needles).length).toBeGreaterThan(0);
    expect(needlesIn(Buffer.from('q=Sorrel%20Quistgarde'), needles).length).toBeGreaterThan(0);
    expect(needlesIn(Buffer.from('nothing of hers'), needles)).toEqual([]);
  });

  it('a starting worker removes the browser folders of dead processes and keeps those of live ones', async () => {
    expect((await onDisk()).leaks.length).toBeGreaterThan(0);
    plain = startWorker('scan,search,fetch');
    browser = startWorker('fetch-browser');
    await Promise.all([started(plain), started(browser)]);
    expect(existsSync(leftovers.oldProfile)).toBe(false);
    expect(existsSync(leftovers.deadProcess)).toBe(false);
    expect(existsSync(leftovers.liveProcess)).toBe(true);
    expect((await onDisk()).leaks).toEqual([]);
  }, 60_000);

  it('leaves no detail on disk after a scan through the browser, nor after DELETE', async () => {
    const { id } = await scans.create(
      {
        identifiers: [...demoProfile.identifiers],
        consent,
        allowDirect: true,
        remoteSearchOptIn: [],
        sources: SOURCES,
      },
      caller,
    );
    const status = await waitForScanEnd(scans, id, caller, {
      timeoutMs: 120_000,
      describe: () => `plain: ${plain!.output().slice(-800)}\n---\nbrowser: ${browser!.output().slice(-800)}`,
    });
    expect(status.status).toBe('completed');
    const report = await scans.report(id, caller);
    expect(report.findings.some((finding) => finding.sourceId === 'doxbin')).toBe(true);
    expect(report.findings.some((finding) => finding.sourceId === 'kiwifarms')).toBe(true);
    const afterScan = await onDisk();
    expect(afterScan.files).toBeGreaterThan(0);
    expect(afterScan.leaks).toEqual([]);
    // The browser worker did the browser's pages, and its Chromium is still up (idle, not yet closed).
    expect(browser!.output()).toMatch(/"msg":"search done"/);
    expect(browserFolders(browser!)).toHaveLength(1);

    await scans.delete(id, caller);
    expect((await onDisk()).leaks).toEqual([]);
  }, 150_000);

  it('leaves nothing after the browser worker is killed mid-scan; the next worker clears its folders and the scan ends', async () => {
    const { id } = await scans.create(
      {
        identifiers: [...demoProfile.identifiers],
        consent,
        allowDirect: true,
        remoteSearchOptIn: [],
        sources: SOURCES,
      },
      caller,
    );
    const killed = browser!;
    // Killed as soon as it is working on this scan: its logs name the scan.
    for (let i = 0; i < 600 && !killed.output().includes(id); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(killed.output()).toContain(id);
    const folders = browserFolders(killed);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(isScanFinished((await scans.status(id, caller)).status)).toBe(false);
    // What it could not clean up is there, and holds nothing about her.
    expect((await onDisk()).leaks).toEqual([]);
    expect(folders.length).toBeGreaterThan(0);
    expect(folders.every((folder) => existsSync(folder))).toBe(true);

    browser = startWorker('fetch-browser');
    await started(browser);
    expect(folders.filter((folder) => existsSync(folder))).toEqual([]);
    expect(existsSync(leftovers.liveProcess)).toBe(true);

    const status = await waitForScanEnd(scans, id, caller, {
      timeoutMs: 120_000,
      describe: () => `plain: ${plain!.output().slice(-800)}\n---\nbrowser: ${browser!.output().slice(-800)}`,
    });
    expect(status.status).toBe('completed');
    expect((await onDisk()).leaks).toEqual([]);
    await scans.delete(id, caller);
    expect((await onDisk()).leaks).toEqual([]);
  }, 240_000);

  it('local mode: a scan with its PDF and evidence pictures leaves no detail in the temp, home or data folder', async () => {
    // The person's own files (the profile given, the reports asked for) are written where they said,
    // outside the folders searched: they are the product, not something left behind.
    const local = mkdtempSync(join(tmpdir(), 'exposure-disk-local-'));
    const own = mkdtempSync(join(tmpdir(), 'exposure-disk-own-'));
    try {
      for (const folder of ['tmp', 'home', 'data']) mkdirSync(join(local, folder));
      writeFileSync(join(own, 'profile.json'), JSON.stringify(demoProfile));
      const cli = startProcess(
        process.execPath,
        [
          bin,
          'scan',
          '--profile',
          join(own, 'profile.json'),
          '--sources',
          SOURCES.join(','),
          '--allow-direct',
          '--evidence',
          '--out',
          join(own, 'report'),
        ],
        {
          EXPOSURE_SOURCE_OVERRIDES: env.EXPOSURE_SOURCE_OVERRIDES!,
          BROWSER_EXECUTABLE_PATH: chromium,
          EXPOSURE_DATA_DIR: join(local, 'data'),
          TMPDIR: join(local, 'tmp'),
          HOME: join(local, 'home'),
        },
      );
      expect(await cli.exited, cli.output().slice(-1500)).toBe(0);
      expect(readdirSync(join(own, 'report'))).toEqual(expect.arrayContaining(['report.pdf', 'report.json']));
      expect(readdirSync(join(own, 'report')).some((name) => name.startsWith('exposure-evidence-'))).toBe(
        true,
      );
      // The report does hold her details: the search below would see them.
      expect(needlesIn(readFileSync(join(own, 'report', 'report.json')), needles).length).toBeGreaterThan(0);
      const left = await identifiersOnDisk(local, needles);
      expect(left.files).toBeGreaterThan(0);
      expect(left.leaks).toEqual([]);
      expect(readdirSync(join(local, 'tmp'))).toEqual([]);
    } finally {
      rmSync(local, { recursive: true, force: true });
      rmSync(own, { recursive: true, force: true });
    }
  }, 180_000);

  /** The browser folders of one worker process, by the process id their names carry. */
  function browserFolders(worker: Managed): string[] {
    return readdirSync(tmp)
      .filter((name) => name.startsWith(`exposure-chromium-${worker.child.pid}-`))
      .map((name) => join(tmp, name));
  }
});
