import { describe, expect, it } from 'vitest';
import { sourceEntrySchema, type SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import type { BrowserFetchOutcome, ClearingFetcher } from '../../workers/fetchers/browser.fetcher.js';
import { ChallengeStopError } from '../../workers/fetchers/challenge.js';
import { SourceCookieJar, type StoredCookie } from '../../workers/fetchers/cookie-jar.js';
import { EscalatingFetcher } from '../../workers/fetchers/escalating.fetcher.js';
import type { FetchResult, PageFetcher } from '../../workers/fetchers/http.fetcher.js';
import { readFixture } from '../support/fixtures.js';

const CHALLENGE = readFixture('kiwifarms/kiwiflare_challenge.html');
const CAPTCHA = readFixture('archive_today/captcha.html');
const CONTENT = '<!DOCTYPE html><html id="XF"><body><article class="message">post</article></body></html>';
const BASE = 'https://forum.replica.test';

function source(fetch: SourceEntry['fetch']): SourceEntry {
  return sourceEntrySchema.parse({
    id: `forum-${fetch}`,
    name: 'Replica forum',
    adapter: 'xenforo',
    trust: 'hostile',
    baseUrl: BASE,
    fetch,
    politeness: { requestsPerSecond: 1, concurrency: 1, maxResultPages: 3, maxPagesPerScan: 10 },
  });
}

const clearance = (value: string): StoredCookie => ({
  name: 'sssg_clearance',
  value,
  domain: 'forum.replica.test',
  path: '/',
  expires: -1,
  httpOnly: false,
  secure: false,
  sameSite: 'Lax',
});

/**
 * A fake forum behind a gate: plain HTTP passes only with a clearance the fake browser issued (unless
 * `bindToBrowser`, where HTTP never passes, as when a site ties clearance to the browser itself).
 */
function fakes(
  options: { gated?: boolean; captcha?: boolean; bindToBrowser?: boolean; throws?: boolean } = {},
) {
  const jar = new SourceCookieJar();
  const valid = new Set<string>();
  const httpCalls: Array<{ url: string; cookie: string | undefined }> = [];
  const browserCalls: string[] = [];
  let issued = 0;
  const http: PageFetcher = {
    async fetch(src, url): Promise<FetchResult> {
      const cookie = jar.cookieHeader(src.id, url);
      httpCalls.push({ url, cookie });
      const cleared = !options.bindToBrowser && cookie !== undefined && valid.has(cookie.split('=')[1] ?? '');
      if (options.captcha) {
        if (options.throws) throw new ChallengeStopError(src.id, 'captcha', 'asks for a CAPTCHA');
        return { status: 200, url, body: CAPTCHA, contentType: 'text/html' };
      }
      if (options.gated && !cleared) {
        // http.fetcher.ts's way: the challenge as an error, not as a page.
        if (options.throws) {
          throw new SourceError(src.id, 'answered with an anti-bot challenge', undefined, {
            kind: 'blocked',
            reason: 'challenge:kiwiflare',
          });
        }
        return { status: 203, url, body: CHALLENGE, contentType: 'text/html' };
      }
      return { status: 200, url, body: CONTENT, contentType: 'text/html' };
    },
  };
  const browser: ClearingFetcher = {
    async fetchPage(_src, url): Promise<BrowserFetchOutcome> {
      browserCalls.push(url);
      const token = `token-${++issued}`;
      valid.add(token);
      return {
        result: { status: 200, url, body: CONTENT, contentType: 'text/html' },
        cookies: [clearance(token)],
        passed: options.gated ? 'kiwiflare' : null,
        elapsedMs: 1,
      };
    },
  };
  return { jar, http, browser, httpCalls, browserCalls };
}

describe('EscalatingFetcher', () => {
  it("fetch: 'http' never starts the browser", async () => {
    const f = fakes();
    const fetcher = new EscalatingFetcher({ http: f.http, browser: f.browser, cookies: f.jar });
    await fetcher.fetch(source('http'), `${BASE}/threads/a.1/`);
    expect(f.browserCalls).toEqual([]);
    expect(fetcher.counters().http.byReason).toEqual({ 'source-http': 1 });
  });

  it("fetch: 'browser' never tries plain HTTP", async () => {
    const f = fakes();
    const fetcher = new EscalatingFetcher({ http: f.http, browser: f.browser, cookies: f.jar });
    await fetcher.fetch(source('browser'), `${BASE}/threads/a.1/`);
    expect(f.httpCalls).toEqual([]);
    expect(fetcher.counters().browser.byReason).toEqual({ 'source-browser': 1 });
  });

  it("fetch: 'auto' escalates a challenged page to the browser, then sends the next page over HTTP with its clearance", async () => {
    const f = fakes({ gated: true });
    const fetcher = new EscalatingFetcher({ http: f.http, browser: f.browser, cookies: f.jar });
    const page1 = await fetcher.fetch(source('auto'), `${BASE}/threads/a.1/`);
    const page2 = await fetcher.fetch(source('auto'), `${BASE}/threads/a.1/page-2`);
    expect(page1.status).toBe(200);
    expect(page2.status).toBe(200);
    expect(f.browserCalls).toEqual([`${BASE}/threads/a.1/`]);
    expect(f.httpCalls).toEqual([
      { url: `${BASE}/threads/a.1/`, cookie: undefined },
      { url: `${BASE}/threads/a.1/page-2`, cookie: 'sssg_clearance=token-1' },
    ]);
    const counters = fetcher.counters('forum-auto');
    expect(counters.http.byReason).toEqual({ 'auto-challenged': 1, 'auto-clearance': 1 });
    expect(counters.browser.byReason).toEqual({ challenge: 1 });
    expect(counters.challenges).toEqual({ kiwiflare: 1 });
    expect(counters.handoffs).toBe(1);
  });

  it('escalates the same way when the HTTP fetcher throws the challenge as a blocked SourceError', async () => {
    const f = fakes({ gated: true, throws: true });
    const fetcher = new EscalatingFetcher({ http: f.http, browser: f.browser, cookies: f.jar });
    await fetcher.fetch(source('auto'), `${BASE}/threads/a.1/`);
    await fetcher.fetch(source('auto'), `${BASE}/threads/a.1/page-2`);
    expect(f.browserCalls).toHaveLength(1);
    expect(f.httpCalls.map((call) => call.cookie)).toEqual([undefined, 'sssg_clearance=token-1']);
    expect(fetcher.counters().http.byReason).toEqual({ 'auto-challenged': 1, 'auto-clearance': 1 });
  });

  it('passes on a ChallengeStopError from the HTTP fetcher without asking the browser', async () => {
    const f = fakes({ captcha: true, throws: true });
    const fetcher = new EscalatingFetcher({ http: f.http, browser: f.browser, cookies: f.jar });
    await expect(fetcher.fetch(source('auto'), `${BASE}/x`)).rejects.toBeInstanceOf(ChallengeStopError);
    expect(f.browserCalls).toEqual([]);
    expect(fetcher.counters()).toMatchObject({ stopped: 1, challenges: { captcha: 1 } });
  });

  it('passes on any other HTTP failure untouched, without asking the browser', async () => {
    const f = fakes();
    const failing: PageFetcher = {
      fetch: async (src) => {
        throw new SourceError(src.id, 'connection refused', undefined, { kind: 'unreachable' });
      },
    };
    const fetcher = new EscalatingFetcher({ http: failing, browser: f.browser, cookies: f.jar });
    await expect(fetcher.fetch(source('auto'), `${BASE}/x`)).rejects.toMatchObject({ kind: 'unreachable' });
    expect(f.browserCalls).toEqual([]);
  });

  it('keeps a source on the browser when handed-back clearances keep failing over HTTP', async () => {
    const f = fakes({ gated: true, bindToBrowser: true });
    const fetcher = new EscalatingFetcher({
      http: f.http,
      browser: f.browser,
      cookies: f.jar,
      maxFailedHandoffs: 2,
    });
    for (let page = 1; page <= 5; page++)
      await fetcher.fetch(source('auto'), `${BASE}/threads/a.1/page-${page}`);
    // Page 1: HTTP then browser; pages 2-3: HTTP with a clearance that fails, then browser; 4-5: browser only.
    expect(f.httpCalls).toHaveLength(3);
    expect(f.browserCalls).toHaveLength(5);
    expect(fetcher.counters().browser.byReason).toEqual({ challenge: 2, pinned: 3 });
  });

  it('stops on a CAPTCHA without asking the browser, with an error no runner retries', async () => {
    const f = fakes({ captcha: true });
    const fetcher = new EscalatingFetcher({ http: f.http, browser: f.browser, cookies: f.jar });
    await expect(fetcher.fetch(source('auto'), `${BASE}/x`)).rejects.toBeInstanceOf(ChallengeStopError);
    expect(f.httpCalls).toHaveLength(1);
    expect(f.browserCalls).toEqual([]);
    expect(fetcher.counters()).toMatchObject({ stopped: 1, challenges: { captcha: 1 } });
  });

  it("stops, rather than report an empty page, when an 'http' source answers with a JavaScript challenge", async () => {
    const f = fakes({ gated: true });
    const fetcher = new EscalatingFetcher({ http: f.http, browser: f.browser, cookies: f.jar });
    await expect(fetcher.fetch(source('http'), `${BASE}/x`)).rejects.toThrow(/plain HTTP only/);
    expect(f.browserCalls).toEqual([]);
  });
});
