import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { reportedChallenge } from '../fetchers/blocked-detector.js';
import type { PipelineDeps } from './pipeline.deps.js';

/**
 * Whether a failed request should go to the browser queue instead of failing: a JavaScript challenge
 * met by a worker that runs no browser, on a source the catalog allows a browser for (a CAPTCHA stops
 * the page on every path, with an error of its own). A worker with a browser has already tried it (the
 * escalating fetcher), so the error is final there.
 */
export function browserCouldPass(
  deps: Pick<PipelineDeps, 'browser'>,
  source: SourceEntry,
  error: unknown,
): boolean {
  return reportedChallenge(error) !== undefined && !deps.browser && source.fetch !== 'http';
}
