import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { isBrowserSolvable, type ChallengeKind } from './challenge.js';

/**
 * How a page is read: plain HTTP, this process's Chromium, the `fetch-browser` queue (a worker that
 * runs Chromium takes it over), or not at all (a CAPTCHA, or a challenge on a source kept to plain HTTP:
 * retrying on any path cannot pass it, and the page fails saying so).
 */
export type FetchRoute = 'http' | 'browser' | 'browser-queue' | 'stop';

export interface RouteSituation {
  /** Whether this process may start Chromium (it serves the `fetch-browser` queue). */
  hasBrowser: boolean;
  /** The source met challenges again right after the browser's clearance was handed back to HTTP. */
  pinnedToBrowser?: boolean;
  /** What plain HTTP met on this page, when it met a challenge. */
  challenge?: ChallengeKind;
}

/**
 * The one place that chooses a page's route, from the source's `fetch` setting and the situation:
 * `http` sources never see a browser, `browser` sources never plain HTTP, and `auto` sources go over
 * plain HTTP until a JavaScript challenge sends a page to the browser (the browser costs 50-100x more
 * per page, so it is used only where a page needs it).
 */
export function fetchRoute(source: Pick<SourceEntry, 'fetch'>, situation: RouteSituation): FetchRoute {
  const browser = situation.hasBrowser ? 'browser' : 'browser-queue';
  const { challenge } = situation;
  if (challenge !== undefined) {
    if (!isBrowserSolvable(challenge) || source.fetch === 'http') return 'stop';
    return browser;
  }
  if (source.fetch === 'browser') return browser;
  if (source.fetch === 'auto' && situation.pinnedToBrowser && situation.hasBrowser) return 'browser';
  return 'http';
}

/** The queue a newly found page of this source goes to: the route a worker without a browser would take. */
export function fetchQueueOf(source: Pick<SourceEntry, 'fetch'>): 'http' | 'browser' {
  return fetchRoute(source, { hasBrowser: false }) === 'browser-queue' ? 'browser' : 'http';
}
