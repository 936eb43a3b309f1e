/**
 * Real Chromium against the real replica farm with the KiwiFlare gate on: the browser passes the
 * proof of work, plain HTTP cannot, and an `auto` source escalates once and then goes back to HTTP with
 * the browser's clearance. Skips only when there is no Chromium on the machine (CI installs it).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import { sourceEntrySchema, type SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { PermanentJobError, SourceError } from '../../shared/errors.js';
import { BROWSER_HEADERS } from '../../workers/fetchers/browser-headers.js';
import {
  BrowserPool,
  resolveBrowserExecutable,
  toPlaywrightProxy,
} from '../../workers/fetchers/browser-pool.js';
import { BrowserFetcher } from '../../workers/fetchers/browser.fetcher.js';
import { ChallengeStopError, detectChallenge } from '../../workers/fetchers/challenge.js';
import { SourceCookieJar, type CookieHeaderSource } from '../../workers/fetchers/cookie-jar.js';
import { EscalatingFetcher } from '../../workers/fetchers/escalating.fetcher.js';
import { HttpFetcher, type FetchResult, type PageFetcher } from '../../workers/fetchers/http.fetcher.js';
import { InProcessSourceGate } from '../../workers/fetchers/source-gate.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import { CLEARANCE_COOKIE, proofOfWorkBits } from '../replicas/kiwiflare-gate.js';
import { startReplicaFarm, type ReplicaFarm, type ReplicaRequest } from '../replicas/farm.js';
import { readFixture } from '../support/fixtures.js';

const executable = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);
const SKIP_REASON =
  'no Chromium executable found (set BROWSER_EXECUTABLE_PATH or run scripts/install-system.sh)';
if (!executable) console.warn(`test/integration/browser-fetch.test.ts skipped: ${SKIP_REASON}`);

const THREAD = '/threads/mothlantern-sorrel_draws-the-moth-artist.81201/';
const THREAD_TITLE = 'mothlantern / Sorrel_Draws - the moth artist';
const CAPTCHA_PAGE = readFixture('archive_today/captcha.html');

/** Chromium sends client hints; undici with our browser headers does not. */
const fromChromium = (headers: IncomingHttpHeaders): boolean => typeof headers['sec-ch-ua'] === 'string';
const clearanceOf = (headers: IncomingHttpHeaders): string | undefined =>
  /(?:^|;\s*)sssg_clearance=([^;]+)/.exec(headers.cookie ?? '')?.[1];

/**
 * The HTTP fetcher with the cookie hand-off: exactly what http.fetcher.ts does plus the `cookie` header
 * from the jar (the three-line change documented in cookie-jar.ts), so the hand-off is tested end to end
 * over a real socket while that file is being changed by someone else.
 */
class JarHttpFetcher implements PageFetcher {
  constructor(private readonly cookies: CookieHeaderSource) {}
  async fetch(source: SourceEntry, url: string): Promise<FetchResult> {
    const cookie = this.cookies.cookieHeader(source.id, url);
    const response = await request(url, {
      headers: cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS,
    });
    const contentType = response.headers['content-type'];
    return {
      status: response.statusCode,
      url,
      body: await response.body.text(),
      contentType: Array.isArray(contentType) ? contentType[0] : contentType,
    };
  }
}

/** The shipped catalog waits 5 s between Kiwi Farms requests; the replica can take more. */
function relaxed(source: SourceEntry, fetch: SourceEntry['fetch'] = source.fetch): SourceEntry {
  return { ...source, fetch, politeness: { ...source.politeness, requestsPerSecond: 50, concurrency: 4 } };
}

function localSource(id: string, baseUrl: string, fetch: SourceEntry['fetch']): SourceEntry {
  return sourceEntrySchema.parse({
    id,
    name: `Local ${id}`,
    adapter: 'archive-today',
    trust: 'neutral',
    baseUrl,
    fetch,
    allowPrivateNetwork: true,
    politeness: { requestsPerSecond: 50, concurrency: 4, maxResultPages: 1, maxPagesPerScan: 10 },
  });
}

interface Recorded {
  path: string;
  headers: IncomingHttpHeaders;
}

/** A small site for the unhappy paths: a CAPTCHA wall, an off-host redirect, third-party calls, slow pages. */
async function startMiscSite(): Promise<{
  base: string;
  otherHost: string;
  log: Recorded[];
  upgrades: number;
  close(): Promise<void>;
  maxInFlight(): number;
}> {
  const log: Recorded[] = [];
  let upgrades = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let port = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://misc.invalid').pathname;
    // Chromium may ask for /favicon.ico on its own, at any moment: not a request the test is about.
    if (path !== '/favicon.ico') log.push({ path, headers: { ...req.headers } });
    const html = (body: string, status = 200): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    if (path === '/captcha') return html(CAPTCHA_PAGE);
    // "localhost" is another host than the source's 127.0.0.1, though it is the same server.
    if (path === '/leave') {
      res.writeHead(302, { location: `http://localhost:${port}/elsewhere` });
      res.end();
      return;
    }
    if (path === '/assets') {
      return html(`<!DOCTYPE html><html><head><title>assets</title></head><body>
<img src="/pixel.png" alt="pixel"><video src="/clip.mp4"></video>
<script>
  fetch('http://localhost:${port}/beacon').catch(function () {});
  try { new WebSocket('ws://127.0.0.1:${port}/socket'); } catch (e) {}
</script><p>assets page</p></body></html>`);
    }
    if (path === '/slow') {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        html('<!DOCTYPE html><html><body><p>slow page</p></body></html>');
      }, 150);
      return;
    }
    html(`<!DOCTYPE html><html><body><p>page ${path}</p></body></html>`);
  });
  server.on('upgrade', (_req, socket) => {
    upgrades++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    otherHost: `http://localhost:${port}`,
    log,
    get upgrades() {
      return upgrades;
    },
    maxInFlight: () => maxInFlight,
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A forwarding HTTP proxy that records what went through it (plain http only, which is all we need). */
async function startRecordingProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => closeServer(server),
  };
}

describe.skipIf(!executable)(`browser fetching${executable ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let farm: ReplicaFarm;
  let kiwifarms: SourceEntry;
  let pool: BrowserPool;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    farm = await startReplicaFarm({ kiwiflare: { difficulty: 13 } });
    kiwifarms = relaxed(loadCatalog({ overrides: farm.overrides }).get('kiwifarms'));
    pool = new BrowserPool({ executablePath: executable, maxContexts: 2 });
  });
  afterAll(async () => {
    await pool?.close();
    await farm?.close();
    if (Object.keys(timings).length > 0) console.info('browser-fetch timings (ms):', timings);
  });

  // Chromium may ask for /favicon.ico on its own, outside the page and at any moment: not a page request.
  const since = (mark: number): ReplicaRequest[] =>
    farm.queryLog
      .slice(mark)
      .filter((entry) => entry.sourceId === 'kiwifarms' && entry.path !== '/favicon.ico');

  it('plain HTTP gets HTTP 203 and the KiwiFlare challenge, never the thread', async () => {
    const answer = await request(`${farm.baseUrls.kiwifarms}${THREAD}`, { headers: BROWSER_HEADERS });
    const body = await answer.body.text();
    expect(answer.statusCode).toBe(203);
    expect(detectChallenge({ status: answer.statusCode, body })).toBe('kiwiflare');
    expect(body).toMatch(/<html id="sssg"[^>]* data-sssg-challenge="[\w-]+" data-sssg-difficulty="13"/);
    expect(body).not.toContain(THREAD_TITLE);

    // The project's HTTP fetcher says so in its own words, as a challenge the browser may take over.
    const http = new HttpFetcher({ gate: new InProcessSourceGate() });
    try {
      const error = await http
        .fetch(kiwifarms, `${farm.baseUrls.kiwifarms}${THREAD}`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'blocked', reason: 'challenge:kiwiflare' });
    } finally {
      await http.close();
    }
  });

  it('the gate checks answers: a wrong nonce is refused, a negative one is a server error, a right one clears', async () => {
    const base = farm.baseUrls.kiwifarms;
    const page = await request(`${base}${THREAD}`);
    const salt = /data-sssg-challenge="([^"]+)"/.exec(await page.body.text())?.[1] ?? '';
    const post = async (b: string) => {
      const answer = await request(`${base}/.sssg/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ a: salt, b }).toString(),
      });
      return {
        status: answer.statusCode,
        json: (await answer.body.json()) as { auth?: string; error?: string },
      };
    };
    let wrong = 0;
    while (proofOfWorkBits(salt, wrong) >= 13) wrong++;
    expect(await post(String(wrong))).toMatchObject({ status: 400, json: { error: 'invalid solution' } });
    expect((await post('-1')).status).toBe(500);

    let nonce = 0;
    while (proofOfWorkBits(salt, nonce) < 13) nonce++;
    const solved = await post(String(nonce));
    expect(solved.status).toBe(200);
    expect(solved.json.auth).toMatch(/^[\w-]+$/);
    // A salt is spent once answered.
    expect((await post(String(nonce))).status).toBe(400);

    const cleared = await request(`${base}${THREAD}`, {
      headers: { cookie: `${CLEARANCE_COOKIE}=${solved.json.auth}` },
    });
    expect(cleared.statusCode).toBe(200);
    expect(await cleared.body.text()).toContain(THREAD_TITLE);
    farm.kiwiflare?.revokeClearances();
  });

  it('Chromium passes the gate by itself and returns the thread page with its posts', async () => {
    farm.kiwiflare?.revokeClearances();
    const mark = farm.queryLog.length;
    const fetcher = new BrowserFetcher({ pool, gate: new InProcessSourceGate() });
    const started = Date.now();
    const outcome = await fetcher.fetchPage(kiwifarms, `${farm.baseUrls.kiwifarms}${THREAD}`);
    timings['browser page (cold: launch + proof of work)'] = Date.now() - started;

    expect(outcome.passed).toBe('kiwiflare');
    expect(outcome.result.status).toBe(200);
    expect(outcome.result.url).toBe(`${farm.baseUrls.kiwifarms}${THREAD}`);
    expect(outcome.result.contentType).toMatch(/^text\/html/);
    expect(outcome.result.body).toContain(THREAD_TITLE);
    const posts = getAdapter('xenforo').extractPosts(kiwifarms, outcome.result.body, outcome.result.url);
    expect(posts.length).toBeGreaterThan(0);
    expect(outcome.cookies.map((cookie) => cookie.name)).toContain(CLEARANCE_COOKIE);

    const requests = since(mark);
    expect(requests.every((entry) => fromChromium(entry.headers))).toBe(true);
    expect(requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `GET ${THREAD}`,
      'GET /.sssg/static/challenge.js',
      'POST /.sssg/api/answer',
      `GET ${THREAD}`,
    ]);
    expect(clearanceOf(requests[0]!.headers)).toBeUndefined();
    expect(farm.kiwiflare?.hasValidClearance(requests[3]!.headers.cookie)).toBe(true);

    // For the benchmark notes: a warm context, with and without the proof of work to do again.
    let again = Date.now();
    const warmMark = farm.queryLog.length;
    expect((await fetcher.fetch(kiwifarms, `${farm.baseUrls.kiwifarms}${THREAD}page-2`)).status).toBe(200);
    timings['browser page (warm context, clearance held)'] = Date.now() - again;
    // Each page has a fresh off-the-record context; the fetcher carries the clearance it earned into it.
    expect(since(warmMark).map((entry) => `${entry.method} ${entry.path}`)).toEqual([`GET ${THREAD}page-2`]);
    farm.kiwiflare?.revokeClearances();
    again = Date.now();
    const solvedAgain = await fetcher.fetchPage(kiwifarms, `${farm.baseUrls.kiwifarms}${THREAD}page-2`);
    timings['browser page (warm context, proof of work again)'] = Date.now() - again;
    expect(solvedAgain.passed).toBe('kiwiflare');
  });

  it("an 'auto' source: page 1 through Chromium after the challenge, page 2 over plain HTTP with the handed-back clearance", async () => {
    farm.kiwiflare?.revokeClearances();
    // A pool of its own: no context holds a clearance from the tests above.
    const fresh = new BrowserPool({ executablePath: executable });
    const jar = new SourceCookieJar();
    const gate = new InProcessSourceGate();
    const fetcher = new EscalatingFetcher({
      http: new JarHttpFetcher(jar),
      browser: new BrowserFetcher({ pool: fresh, gate, cookies: jar }),
      cookies: jar,
    });
    const mark = farm.queryLog.length;

    let page1: FetchResult;
    let page2: FetchResult;
    try {
      let started = Date.now();
      page1 = await fetcher.fetch(kiwifarms, `${farm.baseUrls.kiwifarms}${THREAD}`);
      timings['page 1: HTTP challenged, then browser (cold: launch + proof of work)'] = Date.now() - started;
      started = Date.now();
      page2 = await fetcher.fetch(kiwifarms, `${farm.baseUrls.kiwifarms}${THREAD}page-2`);
      timings['page 2: plain HTTP with the handed-back clearance'] = Date.now() - started;
    } finally {
      await fresh.close();
    }

    expect(page1.status).toBe(200);
    expect(page1.body).toContain(THREAD_TITLE);
    expect(page2.status).toBe(200);
    expect(page2.body).toContain(
      'pageNav-page--current"><a href="/threads/mothlantern-sorrel_draws-the-moth-artist.81201/page-2"',
    );

    const requests = since(mark).map((entry) => ({
      request: `${entry.method} ${entry.path}`,
      client: fromChromium(entry.headers) ? 'chromium' : 'http',
      clearance: clearanceOf(entry.headers),
    }));
    const token = requests.find((entry) => entry.client === 'chromium' && entry.clearance)?.clearance;
    expect(token).toBeDefined();
    expect(requests).toEqual([
      { request: `GET ${THREAD}`, client: 'http', clearance: undefined },
      { request: `GET ${THREAD}`, client: 'chromium', clearance: undefined },
      { request: 'GET /.sssg/static/challenge.js', client: 'chromium', clearance: undefined },
      { request: 'POST /.sssg/api/answer', client: 'chromium', clearance: undefined },
      { request: `GET ${THREAD}`, client: 'chromium', clearance: token },
      { request: `GET ${THREAD}page-2`, client: 'http', clearance: token },
    ]);

    const counters = fetcher.counters('kiwifarms');
    expect(counters.browser).toMatchObject({ pages: 1, byReason: { challenge: 1 } });
    expect(counters.http).toMatchObject({
      pages: 2,
      byReason: { 'auto-challenged': 1, 'auto-clearance': 1 },
    });
    expect(counters.challenges).toEqual({ kiwiflare: 1 });
    expect(counters.handoffs).toBe(1);
  });

  describe('unhappy paths', () => {
    let site: Awaited<ReturnType<typeof startMiscSite>>;
    beforeAll(async () => {
      site = await startMiscSite();
    });
    afterAll(async () => {
      await site?.close();
    });

    it('a CAPTCHA over HTTP stops the page: one request, no browser, an error no runner retries', async () => {
      const source = localSource('captcha-auto', site.base, 'auto');
      const jar = new SourceCookieJar();
      const browser = new BrowserFetcher({ pool, gate: new InProcessSourceGate(), cookies: jar });
      const http = new HttpFetcher({ gate: new InProcessSourceGate() });
      const fetcher = new EscalatingFetcher({ http, browser, cookies: jar });
      const before = { requests: site.log.length, pages: pool.stats().pagesServed };

      const error = await fetcher.fetch(source, `${site.base}/captcha`).catch((e: unknown) => e);
      await http.close();
      expect(error).toBeInstanceOf(ChallengeStopError);
      expect(error).toBeInstanceOf(PermanentJobError);
      expect((error as Error).message).toBe(
        'Local captcha-auto asks for a CAPTCHA; stopped without retrying',
      );
      expect(site.log.slice(before.requests).map((entry) => entry.path)).toEqual(['/captcha']);
      expect(pool.stats().pagesServed).toBe(before.pages);
      expect(fetcher.counters()).toMatchObject({
        stopped: 1,
        challenges: { captcha: 1 },
        browser: { pages: 0 },
      });
    });

    it('a CAPTCHA in the browser stops at once instead of waiting for it to clear', async () => {
      const source = localSource('captcha-browser', site.base, 'browser');
      const fetcher = new BrowserFetcher({
        pool,
        gate: new InProcessSourceGate(),
        challengeTimeoutMs: 20_000,
      });
      const mark = site.log.length;
      const started = Date.now();
      await expect(fetcher.fetch(source, `${site.base}/captcha`)).rejects.toBeInstanceOf(ChallengeStopError);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(site.log.slice(mark).map((entry) => entry.path)).toEqual(['/captcha']);
    });

    it("the browser refuses a redirect off the source's host", async () => {
      const source = localSource('leaver', site.base, 'browser');
      const fetcher = new BrowserFetcher({ pool, gate: new InProcessSourceGate() });
      const mark = site.log.length;
      const error = await fetcher.fetch(source, `${site.base}/leave`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as Error).message).toBe("refused a link that leaves Local leaver's host");
      expect(site.log.slice(mark).map((entry) => entry.path)).toEqual(['/leave']);
    });

    it('the browser refuses a source on a private address that was not configured there on purpose', async () => {
      const source = { ...localSource('private', site.base, 'browser'), allowPrivateNetwork: false };
      const fetcher = new BrowserFetcher({ pool, gate: new InProcessSourceGate() });
      const mark = site.log.length;
      const error = await fetcher.fetch(source, `${site.base}/private`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'refused', reason: 'ssrf:loopback' });
      expect(site.log.length).toBe(mark);
    });

    it('the browser downloads no images or media and lets no script reach another host or open a WebSocket', async () => {
      const source = localSource('assets', site.base, 'browser');
      const fetcher = new BrowserFetcher({ pool, gate: new InProcessSourceGate() });
      const mark = site.log.length;
      const page = await fetcher.fetch(source, `${site.base}/assets`);
      expect(page.body).toContain('assets page');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(site.log.slice(mark).map((entry) => entry.path)).toEqual(['/assets']);
      expect(site.upgrades).toBe(0);
    });
  });

  describe('the pool', () => {
    let site: Awaited<ReturnType<typeof startMiscSite>>;
    beforeAll(async () => {
      site = await startMiscSite();
    });
    afterAll(async () => {
      await site?.close();
    });

    it('keeps to its bound on pages at once and retires a context after N pages', async () => {
      const small = new BrowserPool({
        executablePath: executable,
        maxContexts: 1,
        pagesPerContext: 1,
        retireAfterPages: 2,
      });
      try {
        const source = localSource('slow', site.base, 'browser');
        const fetcher = new BrowserFetcher({ pool: small, gate: new InProcessSourceGate() });
        const pages = await Promise.all([1, 2, 3].map(() => fetcher.fetch(source, `${site.base}/slow`)));
        expect(pages.every((page) => page.status === 200)).toBe(true);
        expect(site.maxInFlight()).toBe(1);
        expect(small.stats()).toMatchObject({ contextsLaunched: 2, pagesServed: 3, pagesOpen: 0 });
        expect(small.stats().contextsRetired).toBeGreaterThanOrEqual(1);
      } finally {
        await small.close();
      }
    });

    it('closes an idle context', async () => {
      const idle = new BrowserPool({ executablePath: executable, idleCloseMs: 200 });
      try {
        const fetcher = new BrowserFetcher({ pool: idle, gate: new InProcessSourceGate() });
        await fetcher.fetch(localSource('idle', site.base, 'browser'), `${site.base}/idle`);
        expect(idle.stats().contextsOpen).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(idle.stats()).toMatchObject({ contextsOpen: 0, contextsRetired: 1 });
      } finally {
        await idle.close();
      }
    });

    it('takes EXPOSURE_PROXY in the forms Chromium knows, socks5h included', () => {
      expect(toPlaywrightProxy('socks5h://127.0.0.1:9050')).toEqual({ server: 'socks5://127.0.0.1:9050' });
      expect(toPlaywrightProxy('http://user:p%40ss@proxy.test:3128')).toEqual({
        server: 'http://proxy.test:3128',
        username: 'user',
        password: 'p@ss',
      });
      expect(() => toPlaywrightProxy('ftp://proxy.test:21')).toThrow(/not supported/);
    });

    it('fails browser pages, never going direct, when the proxy needs a SOCKS password Chromium cannot give', async () => {
      const refusing = new BrowserPool({
        executablePath: executable,
        proxy: 'socks5://user:secret@127.0.0.1:9',
      });
      try {
        const fetcher = new BrowserFetcher({ pool: refusing, gate: new InProcessSourceGate() });
        const mark = site.log.length;
        const error = await fetcher
          .fetch(localSource('socks', site.base, 'browser'), `${site.base}/direct`)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SourceError);
        expect(error).toMatchObject({ kind: 'refused', reason: 'browser:setup' });
        expect((error as Error).message).toMatch(/cannot authenticate to a SOCKS proxy/);
        expect((error as Error).message).not.toContain('secret');
        expect(site.log.length).toBe(mark);
        expect(refusing.stats().contextsOpen).toBe(0);
      } finally {
        await refusing.close();
      }
    });

    it('sends every browser request through EXPOSURE_PROXY', async () => {
      const proxy = await startRecordingProxy();
      const proxied = new BrowserPool({ executablePath: executable, proxy: proxy.url });
      try {
        const fetcher = new BrowserFetcher({ pool: proxied, gate: new InProcessSourceGate() });
        const page = await fetcher.fetch(
          localSource('proxied', site.base, 'browser'),
          `${site.base}/via-proxy`,
        );
        expect(page.body).toContain('page /via-proxy');
        expect(proxy.seen).toContain(`${site.base}/via-proxy`);
      } finally {
        await proxied.close();
        await proxy.close();
      }
    });
  });
});
