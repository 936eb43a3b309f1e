import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/log.js';
import type { JobSink } from '../shared/queue/jobs.js';
import type { Runtime } from '../shared/runtime.js';
import { BrowserFetcher } from './fetchers/browser.fetcher.js';
import { BrowserPool } from './fetchers/browser-pool.js';
import { SourceCookieJar } from './fetchers/cookie-jar.js';
import { ClearanceSharingFetcher, publishingJar, RedisClearanceStore } from './fetchers/shared-clearance.js';
import { EscalatingFetcher, type EscalationCounters } from './fetchers/escalating.fetcher.js';
import { HttpFetcher, type PageFetcher } from './fetchers/http.fetcher.js';
import { MirrorFallbackFetcher } from './fetchers/mirror-fallback.fetcher.js';
import { RetryingFetcher } from './fetchers/retrying.fetcher.js';
import { RedisSourceGate } from './fetchers/redis-source-gate.js';
import { InProcessSourceGate, type SourceGate } from './fetchers/source-gate.js';
import type { PipelineDeps } from './processors/pipeline.deps.js';

/**
 * The fetch pipeline's wiring: politeness gate, cookie jar, plain HTTP with retries, and (where this
 * process may run Chromium) the escalating fetcher over the browser pool. The worker process and the
 * CLI's in-process runs both build their processors' dependencies here.
 */
export function createPipelineDeps(
  runtime: Runtime,
  options: { jobs: JobSink; log: Logger; config: Config; mode: 'local' | 'service'; browser: boolean },
): PipelineDeps & {
  fetcher: PageFetcher & { close(): Promise<void> };
  gate: SourceGate;
  /** Pages by path and reason (plain HTTP, the browser), where this process may run one. */
  fetchCounters?: () => EscalationCounters;
} {
  const { config } = options;
  // Service mode: politeness must hold across every worker process, so it lives in Redis.
  const gate: SourceGate =
    options.mode === 'service'
      ? new RedisSourceGate({ redis: config.redisUrl, prefix: config.queuePrefix })
      : new InProcessSourceGate();
  const proxy = config.proxy ? { proxy: config.proxy } : {};
  const cookies = new SourceCookieJar();
  const http = new RetryingFetcher(new HttpFetcher({ gate, cookies, ...proxy }));
  // Service mode: a clearance one worker's browser earns serves the plain-HTTP workers of every process.
  const clearances =
    options.mode === 'service'
      ? new RedisClearanceStore({ redis: config.redisUrl, prefix: config.queuePrefix, log: options.log })
      : undefined;
  const base = {
    ...runtime.repositories,
    catalog: runtime.catalog,
    vault: runtime.vault,
    gate,
    jobs: options.jobs,
    log: options.log,
  };
  // A source whose main address is down is read on its mirrors, by either path.
  const mirrors = { ...proxy, log: options.log };
  if (!options.browser) {
    const plain = clearances ? new ClearanceSharingFetcher(http, clearances, cookies) : http;
    return { ...base, fetcher: new MirrorFallbackFetcher(plain, mirrors) };
  }
  // Chromium starts only when a page first needs it.
  const pool = new BrowserPool({
    ...proxy,
    ...(config.browserExecutablePath ? { executablePath: config.browserExecutablePath } : {}),
  });
  const escalating = new EscalatingFetcher({
    http,
    browser: new BrowserFetcher({ pool, gate, cookies }),
    cookies: clearances ? publishingJar(cookies, clearances, options.log) : cookies,
    ...(clearances ? { onClose: () => clearances.close() } : {}),
  });
  const fetcher = new MirrorFallbackFetcher(escalating, mirrors);
  return { ...base, fetcher, browser: fetcher, fetchCounters: () => escalating.counters() };
}
