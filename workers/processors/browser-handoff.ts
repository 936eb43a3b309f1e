import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import type { PipelineDeps } from './pipeline.deps.js';

/**
 * Whether a failed request should go to the browser queue instead of failing: a JavaScript challenge
 * met by a worker that runs no browser, on a source the catalog allows a browser for. A worker with a
 * browser has already tried it (the escalating fetcher), so the error is final there.
 */
export function browserCouldPass(
  deps: Pick<PipelineDeps, 'browser'>,
  source: SourceEntry,
  error: unknown,
): boolean {
  const challenge =
    error instanceof SourceError &&
    error.kind === 'blocked' &&
    error.reason?.startsWith('challenge:') === true;
  return challenge && !deps.browser && source.fetch !== 'http';
}
