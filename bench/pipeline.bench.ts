import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { Agent, request } from 'undici';
import { runLocalScan, type LocalScanResult } from '../services/cli/local-scan.js';
import { createScanService, openRuntime } from '../services/core/runtime.js';
import { loadCatalog } from '../shared/catalog/catalog.loader.js';
import type { SourceEntry, SourceOverrides } from '../shared/catalog/catalog.schema.js';
import { loadConfig } from '../shared/config.js';
import { generateMasterKey } from '../shared/crypto/envelope.js';
import { assignIdentifierIds } from '../shared/domain/identifier.js';
import { scanRequestSchema } from '../shared/domain/scan.js';
import { createLogger } from '../shared/log.js';
import { compileProfile, matchText } from '../shared/matching/index.js';
import { BullJobRunner, DEFAULT_CONCURRENCY } from '../shared/queue/bullmq.runner.js';
import { resolveBrowserExecutable } from '../workers/fetchers/browser-pool.js';
import { InProcessSourceGate } from '../workers/fetchers/source-gate.js';
import { startWorkers } from '../workers/main.js';
import { getAdapter } from '../workers/sources/adapter.registry.js';
import { startReplicaFarm } from '../test/replicas/farm.js';
import type { PasteSeed } from '../test/replicas/pastebin.replica.js';
import { demoPastes, demoProfile } from '../test/replicas/personas/demo.persona.js';

/**
 * Pipeline throughput against loopback replicas, each figure beside references measured in the same
 * run: the bare HTTP fetch of the same pages, and the adapter's post extraction plus the matcher over
 * the same bodies in memory (the ceiling for parsing and matching). Then the browser path on the same
 * pages, and a scan of the whole replica farm with its proof-of-work gate, with where each page went.
 *
 * The bare fetch runs twice. The reference the targets are judged against keeps the rules the
 * product must keep: the same requests in flight and the source's politeness, each start spaced by
 * the very gate local mode uses (InProcessSourceGate). A mode can never read a source faster than
 * its politeness allows, so a reference that ignores it would measure the rule, not the engine. The
 * unspaced fetch is printed as well, labelled as such: what the source could serve if no politeness
 * held, and so how much of the gap to it is the politeness rather than the engine.
 *
 * The plain-HTTP scans read 2000 pastes: a scan's fixed costs (creating it, the archive search,
 * finalizing) would be a good part of a few hundred pages' time, and the figure is meant to be the
 * steady rate of the page path. Both scans are timed by the scan's own created and finished times.
 */
const WORDS =
  'the a thread stream art commission drama post said about her his they were going lol anyway link archive old new'.split(
    ' ',
  );
/** Requests in flight to the source, in the references and in the pipeline (the source's politeness). */
const CONCURRENCY = 8;
/**
 * Fetch jobs the pipeline runs at once: in both modes the runners' default, as the commands run them
 * (more than the requests in flight, see DEFAULT_CONCURRENCY): with the database in another thread
 * (local mode) or server, jobs waiting on their statements leave room for others' fetching and matching.
 */
const FETCH_JOBS = { local: DEFAULT_CONCURRENCY.fetch, service: DEFAULT_CONCURRENCY.fetch };
const silent = createLogger({ level: 'silent' });
/**
 * The "Engine speed" targets: each mode's pages/s as a share of the polite fetch-only reference's
 * (same pages, same requests in flight, same politeness as the modes keep).
 */
const OF_FETCH_ONLY = { service: 0.5, local: 0.4 };

export function syntheticPastes(count: number): PasteSeed[] {
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

/** The Pastebin replica on its own thread (replica.worker.ts): a source is another machine. */
export interface ReplicaThread {
  baseUrl: string;
  /** How busy the replica's thread has been since `from` (and a new mark when called without). */
  loop(from?: EventLoopUtilization): EventLoopUtilization;
  close(): Promise<void>;
}

export async function startReplicaThread(pastes: PasteSeed[]): Promise<ReplicaThread> {
  const worker = new Worker(new URL('./replica.worker.js', import.meta.url), { workerData: { pastes } });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    baseUrl,
    loop: (from) => worker.performance.eventLoopUtilization(from),
    close: async () => {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}

/**
 * What held a scan back, from how busy the thread running the pipeline was meanwhile: near 100 %, its
 * own work per page; well below, waiting on what it talks to (the source, PostgreSQL, Redis, local
 * mode's database thread), or on the processes it shares the cores with.
 */
const limit = (busy: number) =>
  `thread busy ${(busy * 100).toFixed(0)} %: ${busy >= 0.9 ? 'limited by its own work per page' : 'partly waiting'}`;

export const rate = (pages: number, ms: number) => `${((pages * 1000) / ms).toFixed(0).padStart(7)} pages/s`;

/**
 * The bench source's rate: the catalog's highest. Both gates hold a source to its requestsPerSecond,
 * so neither mode can read more than this many pages a second from one source; the polite fetch-only
 * reference keeps it too, the unspaced one does not.
 */
const BENCH_REQUESTS_PER_SECOND = 1000;

export function pastebinOverride(baseUrl: string, pages: number, fetch?: 'browser'): SourceOverrides {
  return {
    pastebin: {
      baseUrl,
      allowPrivateNetwork: true,
      ...(fetch ? { fetch } : {}),
      politeness: {
        requestsPerSecond: BENCH_REQUESTS_PER_SECOND,
        concurrency: CONCURRENCY,
        maxPagesPerScan: pages,
      },
    },
  };
}

export async function localScan(
  overrides: SourceOverrides,
  sources: string[] | undefined,
  chromium?: string,
  concurrency?: number,
): Promise<LocalScanResult & { scanMs: number; busy: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'exposure-bench-'));
  try {
    const config = loadConfig({
      EXPOSURE_DATA_DIR: dataDir,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      ...(chromium ? { BROWSER_EXECUTABLE_PATH: chromium } : {}),
    });
    // The thread's busy share from the first progress report (the scan under way) to the last.
    let from: EventLoopUtilization | undefined;
    let busy = 0;
    const result = await runLocalScan({
      config,
      onProgress: () => {
        if (from) busy = performance.eventLoopUtilization(from).utilization;
        else from = performance.eventLoopUtilization();
      },
      masterKey: config.masterKey!,
      request: scanRequestSchema.parse({
        identifiers: demoProfile.identifiers,
        allowDirect: true,
        ...(sources ? { sources } : {}),
      }),
      outDir: join(dataDir, 'report'),
      log: silent,
      overrides,
      ...(concurrency ? { concurrency: { fetch: concurrency } } : {}),
    });
    const { createdAt, finishedAt } = result.report.scan;
    return { ...result, scanMs: Date.parse(finishedAt!) - Date.parse(createdAt), busy };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Service mode: the API's scan service, BullMQ on Redis, workers in this process, PostgreSQL. */
export async function serviceScan(
  baseUrl: string,
  pages: number,
  fetchJobs = FETCH_JOBS.service,
): Promise<{ ms: number; fetched: number; busy: number } | string> {
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
  const workers = await startWorkers({ config, log: silent, concurrency: { fetch: fetchJobs } });
  try {
    const scans = createScanService(runtime, { jobs: producer, log: silent, mode: 'service', config });
    const caller = { orgId: null, actor: 'bench' };
    const consent = {
      subject: 'self',
      attestedBy: 'bench',
      method: 'electronic',
      obtainedAt: new Date().toISOString(),
    } as const;
    const { id } = await scans.create(
      scanRequestSchema.parse({
        identifiers: demoProfile.identifiers,
        sources: ['pastebin'],
        allowDirect: true,
        consent,
      }),
      caller,
    );
    // Timed by the scan's own created and finished times, as local mode is: how often this loop
    // looks changes nothing but its own load on the process.
    const from = performance.eventLoopUtilization();
    for (;;) {
      const status = await scans.status(id, caller);
      if (['completed', 'partial', 'failed'].includes(status.status)) {
        return {
          ms: Date.parse(status.finishedAt!) - Date.parse(status.createdAt),
          fetched: status.sources.reduce((n, s) => n + s.pages.fetched, 0),
          busy: performance.eventLoopUtilization(from).utilization,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
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

interface FetchRun {
  ms: number;
  /** How busy this thread and the replica's were meanwhile (shares of `ms`). */
  busy: number;
  replicaBusy: number;
  bodies: string[];
}

/**
 * The bare fetch of every page: CONCURRENCY requests always in flight, each started as another ends,
 * as the pipeline's are, on an undici Agent of its own. Given a gate, each request waits for its turn
 * and gives it back once its body is read, as the pipeline's HTTP fetcher does, so the loop keeps the
 * source's politeness exactly as the product keeps it.
 */
async function fetchAll(
  replica: ReplicaThread,
  urls: string[],
  polite?: { gate: InProcessSourceGate; source: SourceEntry },
): Promise<FetchRun> {
  const agent = new Agent({ connections: CONCURRENCY });
  const bodies: string[] = [];
  let next = 0;
  const fetchLoop = performance.eventLoopUtilization();
  const replicaLoop = replica.loop();
  const t = performance.now();
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < urls.length) {
          const i = next++;
          const release = polite ? await polite.gate.acquire(polite.source) : undefined;
          try {
            bodies[i] = await (await request(urls[i]!, { dispatcher: agent })).body.text();
          } finally {
            await release?.();
          }
        }
      }),
    );
    return {
      ms: performance.now() - t,
      busy: performance.eventLoopUtilization(fetchLoop).utilization,
      replicaBusy: replica.loop(replicaLoop).utilization,
      bodies,
    };
  } finally {
    await agent.close();
  }
}

export async function pipelineBench(pages = 2000): Promise<string[]> {
  const pastes = [...demoPastes, ...syntheticPastes(pages - demoPastes.length)];
  const replica = await startReplicaThread(pastes);
  const { baseUrl } = replica;
  const lines: string[] = [];
  const chromium = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);
  try {
    const urls = pastes.map((paste) => `${baseUrl}/raw/${paste.key}`);
    // The source as both modes read it: the catalog entry with the bench's politeness.
    const source = loadCatalog({ overrides: pastebinOverride(baseUrl, pages) }).get('pastebin');
    // Unspaced first, as it always ran: it also warms the replica and gives the bodies for the matcher.
    const unspaced = await fetchAll(replica, urls);
    const polite = await fetchAll(replica, urls, { gate: new InProcessSourceGate(), source });
    const { bodies } = unspaced;

    // What the fetch processor does to a page it holds: the adapter's posts, each matched.
    const adapter = getAdapter(source.adapter);
    const profile = compileProfile(assignIdentifierIds([...demoProfile.identifiers]));
    const matchAll = (): number => {
      const started = performance.now();
      bodies.forEach((body, i) => {
        for (const post of adapter.extractPosts(source, body, urls[i]!))
          matchText(profile, post.text, { otherPii: 'with-matches' });
      });
      return performance.now() - started;
    };
    // Warm, as the pipeline's matcher is after its first pages: the best of three after one round.
    matchAll();
    const matchOnlyMs = Math.min(matchAll(), matchAll(), matchAll());
    const ceiling = (pages * 1000) / matchOnlyMs;
    const ofCeiling = (pagesPerSecond: number) => `${(pagesPerSecond / ceiling).toFixed(2)} of the ceiling`;
    // What no pipeline on this machine can beat, whatever it stores or queues. It fetches the same
    // pages from the same replica under the same politeness, so at most at the polite fetch-only
    // rate, and each page costs at least the client's and the replica's share of a fetch (their
    // threads' busy time in the polite reference) plus the matching: on one thread (the pipeline's),
    // or spread perfectly over both cores. The polite reference, not the unspaced one: the pipeline's
    // client waits at the same gate and pays the same timers per page, and a bound from the unspaced
    // fetch would allow rates that no pipeline keeping the source's politeness can reach.
    const clientMs = polite.ms * polite.busy;
    const replicaMs = polite.ms * polite.replicaBusy;
    const oneThread = Math.min((pages * 1000) / polite.ms, (pages * 1000) / (clientMs + matchOnlyMs));
    const bothCores = Math.min(
      (pages * 1000) / polite.ms,
      (2 * pages * 1000) / (clientMs + replicaMs + matchOnlyMs),
    );

    const local = await localScan(
      pastebinOverride(baseUrl, pages),
      ['pastebin'],
      undefined,
      FETCH_JOBS.local,
    );
    const localRate = (local.report.counts.pagesFetched * 1000) / local.scanMs;
    const service = await serviceScan(baseUrl, pages);
    const politeRate = (pages * 1000) / polite.ms;
    const unspacedRate = (pages * 1000) / unspaced.ms;
    // Judged against the polite reference; the share of the unspaced fetch is printed beside it,
    // named, so that nobody reads it as the target's measure.
    const ofFetchOnly = (mode: keyof typeof OF_FETCH_ONLY, pagesPerSecond: number) => {
      const share = pagesPerSecond / politeRate;
      return `${share.toFixed(2)} of polite fetch-only, target >= ${OF_FETCH_ONLY[mode]}: ${share >= OF_FETCH_ONLY[mode] ? 'met' : 'NOT MET'}; ${(pagesPerSecond / unspacedRate).toFixed(2)} of unspaced fetch-only`;
    };
    const replicaShare = (run: FetchRun) =>
      `the replica's thread ${(run.replicaBusy * 100).toFixed(0)} % busy`;
    lines.push(
      `plain HTTP, ${pages} pastes of ~4 KB, ${CONCURRENCY} requests in flight (fetch jobs at once: ${FETCH_JOBS.local} local, ${FETCH_JOBS.service} service), the replica serving from a thread of its own:`,
      `  fetch only, polite (reference)    ${rate(pages, polite.ms)}  (at the source's politeness: each start spaced by local mode's gate, ${BENCH_REQUESTS_PER_SECOND} requests/s (the catalog's highest), ${CONCURRENCY} at once, as both modes keep it; ${limit(polite.busy)}; ${replicaShare(polite)})`,
      `  fetch only, unspaced              ${rate(pages, unspaced.ms)}  (no politeness held: what the source could serve, not a target's measure; the source's ${BENCH_REQUESTS_PER_SECOND} requests/s, which no mode may pass, is ${(BENCH_REQUESTS_PER_SECOND / unspacedRate).toFixed(2)} of it in this run; ${limit(unspaced.busy)}; ${replicaShare(unspaced)})`,
      `  posts + matcher only (ceiling)    ${rate(pages, matchOnlyMs)}  (the adapter's post extraction and the matcher over the same bodies, in memory)`,
      `  bound, one thread                 ${rate(oneThread, 1000)}  (${ofCeiling(oneThread)}: no pipeline running in one thread beats fetching politely and matching alone)`,
      `  bound, both cores                 ${rate(bothCores, 1000)}  (${ofCeiling(bothCores)}: the client's, the replica's and the matcher's time per page spread over 2 cores)`,
      `  local mode (PGlite, own thread)   ${rate(local.report.counts.pagesFetched, local.scanMs)}  (${ofFetchOnly('local', localRate)}; ${ofCeiling(localRate)}; ${(local.scanMs / 1000).toFixed(2)} s from scan created to finished, ${(local.elapsedMs / 1000).toFixed(2)} s with database start; ${limit(local.busy)})`,
      typeof service === 'string'
        ? `  service mode                      ${service}`
        : `  service mode (PostgreSQL, BullMQ) ${rate(service.fetched, service.ms)}  (${ofFetchOnly('service', (service.fetched * 1000) / service.ms)}; ${ofCeiling((service.fetched * 1000) / service.ms)}; ${(service.ms / 1000).toFixed(2)} s from scan created to finished, workers in this process; ${limit(service.busy)})`,
    );

    if (!chromium) {
      lines.push('full replica farm: skipped (no Chromium; set BROWSER_EXECUTABLE_PATH)');
    } else {
      // The browser path's pages/s beside a bare playwright-core loop is its own section (browser.bench.ts).
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
          `  scan time                         ${(full.scanMs / 1000).toFixed(2)} s, ${farm.queryLog.length} requests, ${full.report.counts.pagesFetched} pages read, status ${full.report.scan.status}`,
          `  plain HTTP                        ${c.http.pages} requests (${why(c.http.byReason)})`,
          `  browser                           ${c.browser.pages} pages (${why(c.browser.byReason)}), ${c.handoffs} clearance hand-off(s) to HTTP`,
        );
      } finally {
        await farm.close();
      }
    }
  } finally {
    await replica.close();
  }
  return lines;
}
