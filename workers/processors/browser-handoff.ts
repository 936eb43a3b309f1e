import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { challengeOf } from '../fetchers/blocked-detector.js';
import type { PipelineDeps } from './pipeline.deps.js';

/**
 * Whether a failed request should go to the browser queue instead of failing: a challenge met by a
 * worker that runs no browser, on a source the catalog allows a browser for (a CAPTCHA goes too: the
 * browser path is where it is recognised and reported). A worker with a browser has already tried it
 * (the escalating fetcher), so the error is final there.
 */
export function browserCouldPass(
  deps: Pick<PipelineDeps, 'browser'>,
  source: SourceEntry,
  error: unknown,
): boolean {
  return challengeOf(error) !== undefined && !deps.browser && source.fetch !== 'http';
}
