import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import type { FetchResult, PageFetcher } from './http.fetcher.js';

/**
 * Retries one request a couple of times when the failure is transient (a 5xx, a refused or reset
 * connection, a body cut short), before the job's own retry takes over. A search walks several
 * pages in one job: without this, one flaky page would make the whole walk start again.
 * Throttling, challenges and refusals are not retried here: they have their own rules.
 */
export interface RetryingFetcherOptions {
  retries?: number;
  baseDelayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RetryingFetcher implements PageFetcher {
  constructor(
    private readonly inner: PageFetcher & { close?(): Promise<void> },
    private readonly options: RetryingFetcherOptions = {},
  ) {}

  async fetch(source: SourceEntry, url: string): Promise<FetchResult> {
    const retries = this.options.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      try {
        const result = await this.inner.fetch(source, url);
        if (result.status < 500 || last) return result;
      } catch (error) {
        if (last || !isTransient(error)) throw error;
      }
      const base = this.options.baseDelayMs ?? 500;
      await sleep(base * 2 ** attempt * (0.5 + Math.random()));
    }
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof SourceError) return error.kind === 'unreachable' || error.kind === 'server';
  // Errors that are not ours come from the transport (a body cut short, a socket closed mid-read).
  return (
    error instanceof Error && !(error.name === 'PermanentJobError' || error.name === 'ChallengeStopError')
  );
}
