import type { Page, Response } from 'playwright-core';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError, type SourceErrorKind } from '../../shared/errors.js';
import { classifyResponse, throttledError, tooLargeError } from './blocked-detector.js';
import type { BrowserPool } from './browser-pool.js';
import { ChallengeStopError, detectChallenge, type ChallengeKind } from './challenge.js';
import { SourceCookieJar, type StoredCookie } from './cookie-jar.js';
import { assertOnSourceHost, type FetchResult, type PageFetcher } from './http.fetcher.js';
import type { SourceGate } from './source-gate.js';
import { assertPublicTarget, ForbiddenTargetError, type ResolveHost } from './ssrf-guard.js';

export interface BrowserFetcherOptions {
  pool: BrowserPool;
  /** The same politeness gate as the HTTP path: a page load is one request to the source. */
  gate: SourceGate;
  /**
   * Clearance already earned for a source (by another context, another page) is put into the context
   * before navigating, so each context does not solve the same challenge again.
   */
  cookies?: Pick<SourceCookieJar, 'cookiesFor'>;
  navigationTimeoutMs?: number;
  /** How long a JavaScript challenge may take to clear before we give up on the page. */
  challengeTimeoutMs?: number;
  maxBodyChars?: number;
  /** Name resolution for the SSRF check; tests inject one. */
  resolveHost?: ResolveHost;
}

/** A browser fetch with what the escalation needs besides the page. */
export interface BrowserFetchOutcome {
  result: FetchResult;
  /** The context's cookies for the page's URL after the fetch (clearance included). */
  cookies: StoredCookie[];
  /** The JavaScript challenge the browser waited through, if it met one. */
  passed: ChallengeKind | null;
  elapsedMs: number;
}

/** What the escalating fetcher needs from a browser; tests can stand in for it. */
export interface ClearingFetcher {
  fetchPage(source: SourceEntry, url: string): Promise<BrowserFetchOutcome>;
  close?(): Promise<void>;
}

/** While a challenge is pending the page is read again at least this often, navigation or not. */
const RECHECK_MS = 250;
/**
 * How long cookies a page earned are put into the next pages of the same source. Every page has a fresh
 * off-the-record context (browser-pool.ts), so a clearance would otherwise be earned again on each; the
 * bound keeps a site's session cookie from tying together every search a worker makes for its whole
 * life (a long-lived browser profile used to reset after 50 pages or a minute idle).
 */
const EARNED_COOKIE_TTL_S = 10 * 60;

/**
 * Reads a page with headless Chromium: for sources marked `browser`, and for pages whose plain-HTTP
 * answer was a JavaScript challenge. It navigates, lets the page's own script pass the challenge (the
 * browser does the proof of work exactly as a visitor's would), and returns the rendered document.
 * Errors are SourceErrors in our own words: Playwright's messages carry URLs, which must not reach
 * Redis or reports.
 */
export class BrowserFetcher implements PageFetcher, ClearingFetcher {
  /** Cookies this fetcher's pages earned, per source, in memory (see EARNED_COOKIE_TTL_S). */
  private readonly earned = new SourceCookieJar();

  constructor(private readonly options: BrowserFetcherOptions) {}

  async fetch(source: SourceEntry, url: string): Promise<FetchResult> {
    return (await this.fetchPage(source, url)).result;
  }

  /** Closes the pool: every Chromium and its profile directory. */
  async close(): Promise<void> {
    await this.options.pool.close();
  }

  async fetchPage(source: SourceEntry, url: string): Promise<BrowserFetchOutcome> {
    assertOnSourceHost(source, url);
    await this.assertTarget(source, url);
    const sourceHost = new URL(source.baseUrl).host;
    const started = Date.now();
    const release = await this.options.gate.acquire(source);
    try {
      let leftHost = false;
      return await this.options.pool.withPage(
        async ({ page, context }) => {
          // The shared jar's last: a clearance handed over by the HTTP path is the newest.
          const known = [
            ...this.earned.cookiesFor(source.id, url),
            ...(this.options.cookies?.cookiesFor(source.id, url) ?? []),
          ];
          if (known.length > 0) await context.addCookies(known);
          const outcome = await this.navigate(source, url, page, () => leftHost);
          const cookies = (await context.cookies(outcome.result.url)).map(toStoredCookie);
          this.earned.store(source.id, cookies.map(boundedLife));
          return { ...outcome, cookies, elapsedMs: Date.now() - started };
        },
        {
          // docs/safety.md §5 in the browser: only the source's own host, for every request the page makes.
          allowRequest: (target, mainDocument) => {
            const allowed =
              (target.protocol === 'http:' || target.protocol === 'https:') && target.host === sourceHost;
            if (!allowed && mainDocument) leftHost = true;
            return allowed;
          },
        },
      );
    } catch (error) {
      if (error instanceof SourceError || error instanceof ChallengeStopError) throw error;
      const failure = describe(error);
      throw new SourceError(
        source.id,
        `the browser could not load a page of ${source.name}: ${failure.text}`,
        undefined,
        {
          kind: failure.kind,
          reason: `browser:${failure.reason}`,
        },
      );
    } finally {
      await release();
    }
  }

  /**
   * docs/safety.md §5, as on the HTTP path: a source whose name resolves to a private address is refused
   * unless it was configured there on purpose. Chromium resolves the name again itself; the routing in
   * browser-pool.ts keeps every request on this one host.
   */
  private async assertTarget(source: SourceEntry, url: string): Promise<void> {
    try {
      await assertPublicTarget(url, {
        allowPrivateNetwork: source.allowPrivateNetwork,
        proxied: this.options.pool.proxied,
        ...(this.options.resolveHost ? { resolveHost: this.options.resolveHost } : {}),
      });
    } catch (error) {
      if (error instanceof ForbiddenTargetError) {
        throw new SourceError(
          source.id,
          `refused to fetch from ${source.name}: its address is ${error.reason}`,
          undefined,
          {
            kind: 'refused',
            reason: `ssrf:${error.reason}`,
          },
        );
      }
      const failure = describe(error);
      throw new SourceError(source.id, `could not reach ${source.name}: ${failure.text}`, undefined, {
        kind: 'unreachable',
        reason: failure.reason,
      });
    }
  }

  private async navigate(
    source: SourceEntry,
    url: string,
    page: Page,
    leftHost: () => boolean,
  ): Promise<Omit<BrowserFetchOutcome, 'cookies' | 'elapsedMs'>> {
    // The main frame's latest document response: the challenge reloads the page by itself, and the
    // status we report must be that of the document finally shown.
    let document: Response | null = null;
    let wake: (() => void) | undefined;
    // What each document was, read as it arrives: a fast challenge can be solved and replaced before we
    // first look at the page, and the counters must still know that one was passed.
    const seen: Array<Promise<ChallengeKind | null>> = [];
    page.on('response', (response) => {
      if (!response.request().isNavigationRequest() || response.frame() !== page.mainFrame()) return;
      document = response;
      seen.push(
        response
          .text()
          .then((body) => detectChallenge({ status: response.status(), body }))
          .catch(() => null),
      );
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) wake?.();
    });

    const navigationTimeout = this.options.navigationTimeoutMs ?? 30_000;
    try {
      document =
        (await page.goto(url, { waitUntil: 'domcontentloaded', timeout: navigationTimeout })) ?? document;
    } catch (error) {
      if (leftHost()) throw offHost(source);
      throw error;
    }

    const deadline = Date.now() + (this.options.challengeTimeoutMs ?? 20_000);
    let passed: ChallengeKind | null = null;
    for (;;) {
      const body = await readDocument(page);
      const current = document as Response | null;
      const status = current?.status() ?? 0;
      // The same verdicts as the HTTP path (blocked-detector.ts), so both agree on what a page is.
      const verdict =
        body === undefined
          ? undefined
          : classifyResponse({ status, headers: current?.headers() ?? {}, body });
      if (body !== undefined && verdict?.kind !== 'blocked') {
        if (verdict?.kind === 'throttled') {
          await this.options.gate.pause(source.id, verdict.retryAfterMs);
          throw throttledError(source, verdict, status);
        }
        const result = this.finish(source, page, current, status, body);
        passed ??= (await Promise.all(seen)).find((kind) => kind !== null && kind !== 'captcha') ?? null;
        return { result, passed };
      }
      if (verdict?.kind === 'blocked') {
        if (verdict.challenge === 'captcha') {
          throw new ChallengeStopError(
            source.id,
            'captcha',
            `${source.name} asks for a CAPTCHA; stopped without retrying`,
          );
        }
        passed = verdict.challenge;
      }
      if (Date.now() >= deadline) {
        // Not retried as such (a challenge is never hammered); the scan reports the source as partial.
        throw new SourceError(source.id, `${source.name}'s browser check did not clear in time`, undefined, {
          kind: 'blocked',
          reason: `challenge:${passed ?? 'unknown'}:timeout`,
        });
      }
      // Sleep until the page navigates (the challenge reloads once solved) or a short recheck is due.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(RECHECK_MS, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      await page.waitForLoadState('domcontentloaded', { timeout: navigationTimeout }).catch(() => undefined);
      if (leftHost()) throw offHost(source);
    }
  }

  private finish(
    source: SourceEntry,
    page: Page,
    document: Response | null,
    status: number,
    body: string,
  ): FetchResult {
    const finalUrl = page.url();
    assertOnSourceHost(source, finalUrl);
    const maxChars = this.options.maxBodyChars ?? 8 * 1024 * 1024;
    if (body.length > maxChars) throw tooLargeError(source, `${maxChars} characters`);
    return { status, url: finalUrl, body, contentType: document?.headers()['content-type'] };
  }
}

/** The rendered document, or undefined while the page is between two documents. */
async function readDocument(page: Page): Promise<string | undefined> {
  try {
    return await page.content();
  } catch {
    return undefined;
  }
}

function boundedLife(cookie: StoredCookie): StoredCookie {
  const latest = Math.floor(Date.now() / 1000) + EARNED_COOKIE_TTL_S;
  return { ...cookie, expires: cookie.expires < 0 ? latest : Math.min(cookie.expires, latest) };
}

function toStoredCookie(cookie: StoredCookie): StoredCookie {
  const { name, value, domain, path, expires, httpOnly, secure, sameSite } = cookie;
  return { name, value, domain, path, expires, httpOnly, secure, sameSite };
}

function offHost(source: SourceEntry): SourceError {
  return new SourceError(source.id, `refused a link that leaves ${source.name}'s host`, undefined, {
    kind: 'refused',
    reason: 'off-host',
  });
}

/** Playwright's messages name the URL; keep only the kind of failure, in our words. */
function describe(error: unknown): { text: string; kind: SourceErrorKind; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { text: 'host not found', kind: 'unreachable', reason: 'dns' };
  const netError = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  if (netError === 'ERR_CONNECTION_REFUSED')
    return { text: 'connection refused', kind: 'unreachable', reason: 'refused' };
  if (netError === 'ERR_NAME_NOT_RESOLVED')
    return { text: 'host not found', kind: 'unreachable', reason: 'dns' };
  if (netError) {
    const text = netError.toLowerCase().replace(/^err_/, '').replace(/_/g, ' ');
    return { text, kind: 'unreachable', reason: netError.toLowerCase() };
  }
  if (/Timeout \d+ms exceeded/i.test(message))
    return { text: 'timed out', kind: 'unreachable', reason: 'timeout' };
  // Our own configuration messages carry no URL and say what to fix; retrying cannot fix them.
  if (/no Chromium found|BROWSER_EXECUTABLE_PATH|EXPOSURE_PROXY|SOCKS proxy/.test(message)) {
    return { text: message, kind: 'refused', reason: 'setup' };
  }
  if (/closed|crash/i.test(message))
    return { text: 'the browser closed unexpectedly', kind: 'server', reason: 'crash' };
  return { text: 'browser error', kind: 'server', reason: 'error' };
}
