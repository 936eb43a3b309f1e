import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { reportedChallenge } from '../fetchers/blocked-detector.js';
import { fetchRoute } from '../fetchers/fetch-route.js';
import type { PipelineDeps } from './pipeline.deps.js';

/** This worker's route for a page of the source before asking: `browser-queue` hands the job over. */
export function routeBeforeFetch(deps: Pick<PipelineDeps, 'browser'>, source: SourceEntry) {
  return fetchRoute(source, { hasBrowser: Boolean(deps.browser) });
}

/**
 * Whether a failed request goes to the browser queue instead of failing: a JavaScript challenge met by
 * a worker that runs no browser, on a source the catalog allows a browser for. A worker with a browser
 * has already tried it (the escalating fetcher), so the error is final there.
 */
export function browserCouldPass(
  deps: Pick<PipelineDeps, 'browser'>,
  source: SourceEntry,
  error: unknown,
): boolean {
  const challenge = reportedChallenge(error);
  if (challenge === undefined) return false;
  return fetchRoute(source, { hasBrowser: Boolean(deps.browser), challenge }) === 'browser-queue';
}
