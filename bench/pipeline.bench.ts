import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { runLocalScan, type LocalScanResult } from '../services/cli/local-scan.js';
import { createScanService, openRuntime } from '../services/core/runtime.js';
import type { SourceOverrides } from '../shared/catalog/catalog.schema.js';
import { loadConfig } from '../shared/config.js';
import { generateMasterKey } from '../shared/crypto/envelope.js';
import { assignIdentifierIds } from '../shared/domain/identifier.js';
import { scanRequestSchema } from '../shared/domain/scan.js';
import { createLogger } from '../shared/log.js';
import { compileProfile, matchText } from '../shared/matching/index.js';
import { BullJobRunner } from '../shared/queue/bullmq.runner.js';
import { resolveBrowserExecutable } from '../workers/fetchers/browser-pool.js';
import { startWorkers } from '../workers/main.js';
import { startReplicaFarm } from '../test/replicas/farm.js';
import { createPastebinReplica, type PasteSeed } from '../test/replicas/pastebin.replica.js';
import { demoPastes, demoProfile } from '../test/replicas/personas/demo.persona.js';

/**
 * Pipeline throughput against loopback replicas, each figure beside references measured in the same
 * run: the bare HTTP fetch of the same pages (what waiting alone costs) and the matcher alone over the
 * same texts in memory (the ceiling for parsing and matching). Then the browser path on the same
 * pages, and a scan of the whole replica farm with its proof-of-work gate, with where each page went.
 */
const WORDS =
  'the a thread stream art commission drama post said about her his they were going lol anyway link archive old new'.split(
    ' ',
  );
const CONCURRENCY = 8;
const silent = createLogger({ level: 'silent' });

function syntheticPastes(count: number): PasteSeed[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, i) => {
    const lines = Array.from({ length: 60 + Math.floor(next() * 60) }, () =>
      Array.from({ length: 12 }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' '),
    );
    return {
      key: `B${String(i).padStart(7, '0')}`,
      title: `untitled ${i}`,
      syntax: { slug: 'text', label: 'None' },
      postedAgo: `${i} min ago`,
      body: lines.join('\n'),
    };
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const rate = (pages: number, ms: number) => `${((pages * 1000) / ms).toFixed(0).padStart(7)} pages/s`;

function pastebinOverride(baseUrl: string, pages: number, fetch?: 'browser'): SourceOverrides {
  return {
    pastebin: {
      baseUrl,
      allowPrivateNetwork: true,
      ...(fetch ? { fetch } : {}),
      politeness: { requestsPerSecond: 1000, concurrency: CONCURRENCY, maxPagesPerScan: pages },
    },
  };
}

async function localScan(
  overrides: SourceOverrides,
  sources: string[] | undefined,
  chromium?: string,
): Promise<LocalScanResult & { scanMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'exposure-bench-'));
  try {
    const config = loadConfig({
      EXPOSURE_DATA_DIR: dataDir,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      ...(chromium ? { BROWSER_EXECUTABLE_PATH: chromium } : {}),
    });
    const result = await runLocalScan({
      config,
      masterKey: config.masterKey!,
      request: scanRequestSchema.parse({
        identifiers: demoProfile.identifiers,
        allowDirect: true,
        ...(sources ? { sources } : {}),
      }),
      outDir: join(dataDir, 'report'),
      log: silent,
      overrides,
    });
    const { createdAt, finishedAt } = result.report.scan;
    return { ...result, scanMs: Date.parse(finishedAt!) - Date.parse(createdAt) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Service mode: the API's scan service, BullMQ on Redis, workers in this process, PostgreSQL. */
async function serviceScan(
  baseUrl: string,
  pages: number,
): Promise<{ ms: number; fetched: number } | string> {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `es_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    return `skipped (no PostgreSQL: ${(error as Error).message})`;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'exposure-bench-'));
  writeFileSync(join(dir, 'sources.json'), JSON.stringify(pastebinOverride(baseUrl, pages)));
  const config = loadConfig({
    DATABASE_URL: url.toString(),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    EXPOSURE_MASTER_KEY: generateMasterKey(),
    EXPOSURE_QUEUE_PREFIX: `esbench${randomBytes(3).toString('hex')}`,
    EXPOSURE_SOURCE_OVERRIDES: join(dir, 'sources.json'),
  });
  const runtime = await openRuntime({ config, masterKey: config.masterKey!, log: silent });
  const producer = new BullJobRunner({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    log: silent,
    role: 'producer',
  });
  const workers = await startWorkers({ config, log: silent, concurrency: { fetch: CONCURRENCY } });
  try {
    const scans = createScanService(runtime, { jobs: producer, log: silent, mode: 'service', config });
    const caller = { orgId: null, actor: 'bench' };
    const consent = {
      subject: 'self',
      attestedBy: 'bench',
      method: 'electronic',
      obtainedAt: new Date().toISOString(),
    } as const;
    const started = Date.now();
    const { id } = await scans.create(
      scanRequestSchema.parse({
        identifiers: demoProfile.identifiers,
        sources: ['pastebin'],
        allowDirect: true,
        consent,
      }),
      caller,
    );
    for (;;) {
      const status = await scans.status(id, caller);
      if (['completed', 'partial', 'failed'].includes(status.status)) {
        return { ms: Date.now() - started, fetched: status.sources.reduce((n, s) => n + s.pages.fetched, 0) };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await workers.close();
    await producer.close();
    await runtime.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function pipelineBench(pages = 400, browserPages = 30): Promise<string[]> {
  const pastes = [...demoPastes, ...syntheticPastes(pages - demoPastes.length)];
  const server = createServer(createPastebinReplica(pastes));
  const baseUrl = await listen(server);
  const lines: string[] = [];
  const chromium = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);
  try {
    const agent = new Agent({ connections: CONCURRENCY });
    const urls = pastes.map((paste) => `${baseUrl}/raw/${paste.key}`);
    const bodies: string[] = [];
    let t = performance.now();
    for (let i = 0; i < urls.length; i += CONCURRENCY) {
      const batch = await Promise.all(
        urls
          .slice(i, i + CONCURRENCY)
          .map(async (url) => (await request(url, { dispatcher: agent })).body.text()),
      );
      bodies.push(...batch);
    }
    const fetchOnlyMs = performance.now() - t;
    await agent.close();

    const profile = compileProfile(assignIdentifierIds([...demoProfile.identifiers]));
    t = performance.now();
    for (const body of bodies) matchText(profile, body);
    const matchOnlyMs = performance.now() - t;

    const local = await localScan(pastebinOverride(baseUrl, pages), ['pastebin']);
    const service = await serviceScan(baseUrl, pages);
    lines.push(
      `plain HTTP, ${pages} pastes of ~4 KB, concurrency ${CONCURRENCY}:`,
      `  fetch only (reference)            ${rate(pages, fetchOnlyMs)}`,
      `  matcher only (ceiling)            ${rate(pages, matchOnlyMs)}`,
      `  local mode (PGlite, in-process)   ${rate(local.report.summary.pagesFetched, local.scanMs)}  (${(local.scanMs / 1000).toFixed(2)} s scan, ${(local.elapsedMs / 1000).toFixed(2)} s with database start)`,
      typeof service === 'string'
        ? `  service mode                      ${service}`
        : `  service mode (PostgreSQL, BullMQ) ${rate(service.fetched, service.ms)}  (${(service.ms / 1000).toFixed(2)} s)`,
    );

    if (!chromium) {
      lines.push('browser path: skipped (no Chromium; set BROWSER_EXECUTABLE_PATH)');
    } else {
      const browser = await localScan(
        pastebinOverride(baseUrl, browserPages, 'browser'),
        ['pastebin'],
        chromium,
      );
      const counters = browser.fetchCounters!;
      lines.push(
        `browser path, ${browserPages} of the same pastes through Chromium (local mode):`,
        `  whole pipeline                    ${rate(counters.browser.pages, browser.scanMs)}  (${counters.browser.pages} pages by browser, ${counters.http.pages} by HTTP)`,
      );

      const farm = await startReplicaFarm({ kiwiflare: true });
      try {
        const overrides = Object.fromEntries(
          Object.entries(farm.overrides).map(([id, o]) => [
            id,
            { ...o, politeness: { requestsPerSecond: 100, concurrency: 4 } },
          ]),
        );
        const full = await localScan(overrides, undefined, chromium);
        const c = full.fetchCounters!;
        const why = (byReason: Record<string, number | undefined>) =>
          Object.entries(byReason)
            .map(([reason, n]) => `${reason} ${n}`)
            .join(', ');
        lines.push(
          `full replica farm (${full.report.sources.length} sources, the forum behind a proof-of-work gate), local mode:`,
          `  scan time                         ${(full.scanMs / 1000).toFixed(2)} s, ${farm.queryLog.length} requests, ${full.report.summary.pagesFetched} pages read, status ${full.report.scan.status}`,
          `  plain HTTP                        ${c.http.pages} requests (${why(c.http.byReason)})`,
          `  browser                           ${c.browser.pages} pages (${why(c.browser.byReason)}), ${c.handoffs} clearance hand-off(s) to HTTP`,
        );
      } finally {
        await farm.close();
      }
    }
  } finally {
    server.close();
  }
  return lines;
}
