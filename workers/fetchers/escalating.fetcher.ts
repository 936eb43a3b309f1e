import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ClearingFetcher } from './browser.fetcher.js';
import { ChallengeStopError, detectChallenge, isBrowserSolvable, type ChallengeKind } from './challenge.js';
import type { SourceCookieJar } from './cookie-jar.js';
import type { FetchResult, PageFetcher } from './http.fetcher.js';
import { reportedChallenge } from './blocked-detector.js';
import { fetchRoute } from './fetch-route.js';

/** Why a page went the way it did; the benchmark prints these next to the page counts. */
export type HttpReason =
  /** The source is `fetch: http`. */
  | 'source-http'
  /** An `auto` source answered plain HTTP with content, with no clearance cookie. */
  | 'auto-plain'
  /** An `auto` source answered plain HTTP with content thanks to a clearance the browser handed back. */
  | 'auto-clearance'
  /** Plain HTTP asked first and got a challenge; the page then went to the browser too. */
  | 'auto-challenged';
export type BrowserReason =
  /** The source is `fetch: browser`. */
  | 'source-browser'
  /** An `auto` source answered plain HTTP with a JavaScript challenge. */
  | 'challenge'
  /** Handing the clearance back to HTTP did not work for this source; it stays on the browser. */
  | 'pinned'
  /** A page sent to the browser queue by a worker that may not start a browser itself. */
  | 'queued';

export interface FetchPathCounters<Reason extends string> {
  pages: number;
  /** Wall time spent in this path, summed over pages (milliseconds). */
  ms: number;
  byReason: Partial<Record<Reason, number>>;
}

export interface EscalationCounters {
  http: FetchPathCounters<HttpReason>;
  browser: FetchPathCounters<BrowserReason>;
  /** Challenges seen on any path, by kind. */
  challenges: Partial<Record<ChallengeKind, number>>;
  /** Pages given up on without retry (CAPTCHA, or a challenge on an HTTP-only source). */
  stopped: number;
  /** Times a browser's cookies were handed back to the HTTP path. */
  handoffs: number;
}

export interface EscalatingFetcherOptions {
  /** The plain-HTTP fetcher; it must send `cookies.cookieHeader(source.id, url)` (see cookie-jar.ts). */
  http: PageFetcher;
  browser: ClearingFetcher;
  /** Shared with the HTTP fetcher: what the browser earns here, HTTP sends there. */
  cookies: Pick<SourceCookieJar, 'store' | 'cookieHeader' | 'clear'>;
  /**
   * Challenges met by HTTP right after a hand-off, in a row, before a source stays on the browser.
   * One is normal (a clearance expires); several mean the site ties it to the browser itself.
   */
  maxFailedHandoffs?: number;
  /** Closes what lives as long as this fetcher besides its two paths (a shared clearance store). */
  onClose?: () => Promise<void>;
}

/**
 * The one fetcher the pipeline uses: plain HTTP first, Chromium only where needed, along the route
 * `fetchRoute` chooses (fetch-route.ts). An `auto` source's page that meets a JavaScript challenge goes
 * to the browser, which then hands its clearance cookies back so the rest of the source goes over HTTP
 * again. A CAPTCHA stops the page on every path.
 */
export class EscalatingFetcher implements PageFetcher {
  private readonly totals = emptyCounters();
  private readonly perSource = new Map<string, EscalationCounters>();
  /** Per source: challenges HTTP met in a row while it carried a handed-back clearance. */
  private readonly failedHandoffs = new Map<string, number>();
  private readonly pinned = new Set<string>();

  constructor(private readonly options: EscalatingFetcherOptions) {}

  async fetch(source: SourceEntry, url: string): Promise<FetchResult> {
    const pinnedToBrowser = this.pinned.has(source.id);
    if (fetchRoute(source, { hasBrowser: true, pinnedToBrowser }) === 'browser')
      return this.viaBrowser(source, url, pinnedToBrowser ? 'pinned' : 'source-browser', true);

    const hadClearance = this.options.cookies.cookieHeader(source.id, url) !== undefined;
    const started = Date.now();
    const first = await this.askHttp(source, url);
    const elapsed = Date.now() - started;
    const httpReason =
      source.fetch === 'http' ? 'source-http' : hadClearance ? 'auto-clearance' : 'auto-plain';

    if ('page' in first) {
      if (source.fetch === 'auto') this.failedHandoffs.delete(source.id);
      this.count(source.id, (c) => addPage(c.http, httpReason, elapsed));
      return first.page;
    }

    const { challenge } = first;
    this.count(source.id, (c) => {
      addPage(c.http, source.fetch === 'http' ? 'source-http' : 'auto-challenged', elapsed);
      c.challenges[challenge] = (c.challenges[challenge] ?? 0) + 1;
    });
    if (first.stop) {
      this.count(source.id, (c) => c.stopped++);
      throw first.stop;
    }
    if (fetchRoute(source, { hasBrowser: true, challenge }) === 'stop') {
      // Returning the challenge page would read as "nothing about you here"; retrying cannot help.
      this.count(source.id, (c) => c.stopped++);
      throw new ChallengeStopError(
        source.id,
        challenge,
        isBrowserSolvable(challenge)
          ? `${source.name} answered with an anti-bot challenge and is configured for plain HTTP only`
          : `${source.name} asks for a CAPTCHA; stopped without retrying`,
      );
    }

    if (hadClearance) {
      // The clearance handed back did not get through: expired, or bound to something HTTP lacks.
      const failures = (this.failedHandoffs.get(source.id) ?? 0) + 1;
      this.failedHandoffs.set(source.id, failures);
      this.options.cookies.clear(source.id);
      if (failures >= (this.options.maxFailedHandoffs ?? 2)) {
        this.pinned.add(source.id);
        return this.viaBrowser(source, url, 'pinned', false);
      }
    }
    return this.viaBrowser(source, url, 'challenge', false);
  }

  /**
   * Plain HTTP's answer: content, or the challenge it met. http.fetcher.ts throws on challenges itself
   * (a `blocked` SourceError for a JavaScript challenge the browser may take over, a ChallengeStopError
   * for a CAPTCHA or an HTTP-only source); a fetcher that hands the challenge page back is judged alike.
   */
  private async askHttp(
    source: SourceEntry,
    url: string,
  ): Promise<{ page: FetchResult } | { challenge: ChallengeKind; stop?: ChallengeStopError }> {
    let page: FetchResult;
    try {
      page = await this.options.http.fetch(source, url);
    } catch (error) {
      const challenge = challengeOf(error);
      if (challenge === null) throw error;
      return error instanceof ChallengeStopError ? { challenge, stop: error } : { challenge };
    }
    const challenge = detectChallenge(page);
    return challenge === null ? { page } : { challenge };
  }

  /** The browser path directly, for pages on the `fetch-browser` queue. */
  fetchWithBrowser(source: SourceEntry, url: string): Promise<FetchResult> {
    return this.viaBrowser(source, url, 'queued', true);
  }

  /** Closes both paths (the HTTP connections, every Chromium); callers close only this. */
  async close(): Promise<void> {
    const http = this.options.http as PageFetcher & { close?: () => Promise<void> };
    try {
      await Promise.all([http.close?.(), this.options.browser.close?.()]);
    } finally {
      await this.options.onClose?.();
    }
  }

  /** Counters over every source, or one source's. */
  counters(sourceId?: string): EscalationCounters {
    const counters = sourceId === undefined ? this.totals : (this.perSource.get(sourceId) ?? emptyCounters());
    return structuredClone(counters);
  }

  /** `countChallenge`: false when plain HTTP met (and counted) the challenge first. */
  private async viaBrowser(
    source: SourceEntry,
    url: string,
    reason: BrowserReason,
    countChallenge: boolean,
  ): Promise<FetchResult> {
    const started = Date.now();
    let outcome;
    try {
      outcome = await this.options.browser.fetchPage(source, url);
    } catch (error) {
      if (error instanceof ChallengeStopError) {
        this.count(source.id, (c) => {
          c.stopped++;
          c.challenges[error.challenge] = (c.challenges[error.challenge] ?? 0) + 1;
        });
      }
      throw error;
    }
    const passed = outcome.passed;
    this.count(source.id, (c) => {
      addPage(c.browser, reason, Date.now() - started);
      if (passed && countChallenge) c.challenges[passed] = (c.challenges[passed] ?? 0) + 1;
    });
    if (source.fetch === 'auto' && outcome.cookies.length > 0) {
      this.options.cookies.store(source.id, outcome.cookies);
      this.count(source.id, (c) => c.handoffs++);
    }
    return outcome.result;
  }

  private count(sourceId: string, update: (counters: EscalationCounters) => void): void {
    let counters = this.perSource.get(sourceId);
    if (!counters) {
      counters = emptyCounters();
      this.perSource.set(sourceId, counters);
    }
    update(counters);
    update(this.totals);
  }
}

function emptyCounters(): EscalationCounters {
  return {
    http: { pages: 0, ms: 0, byReason: {} },
    browser: { pages: 0, ms: 0, byReason: {} },
    challenges: {},
    stopped: 0,
    handoffs: 0,
  };
}

function addPage<Reason extends string>(path: FetchPathCounters<Reason>, reason: Reason, ms: number): void {
  path.pages++;
  path.ms += ms;
  path.byReason[reason] = (path.byReason[reason] ?? 0) + 1;
}

/** The challenge an HTTP fetcher's error reports (a CAPTCHA stops with its own error), or null. */
function challengeOf(error: unknown): ChallengeKind | null {
  if (error instanceof ChallengeStopError) return error.challenge;
  return reportedChallenge(error) ?? null;
}
