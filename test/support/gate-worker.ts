/**
 * A stand-in worker process for the politeness tests: an HttpFetcher over a RedisSourceGate, driven
 * by the test through IPC. Configuration comes in GATE_WORKER_CONFIG (JSON).
 *
 * Commands: `{cmd:'fetch', paths, parallel}` fetches the paths (`parallel` at a time) and answers
 * `{type:'fetched', results}`; `{cmd:'hold'}` takes a concurrency lease and never gives it back
 * (answers `{type:'holding'}`; the test then kills this process); `{cmd:'exit'}`.
 */
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import { HttpFetcher } from '../../workers/fetchers/http.fetcher.js';
import { RedisSourceGate } from '../../workers/fetchers/redis-source-gate.js';

export interface GateWorkerConfig {
  redisUrl: string;
  prefix: string;
  source: SourceEntry;
  leaseTtlMs?: number;
}

export type GateWorkerCommand =
  { cmd: 'fetch'; paths: string[]; parallel: number } | { cmd: 'hold' } | { cmd: 'exit' };

export interface GateWorkerResult {
  path: string;
  outcome: 'ok' | 'error';
  status?: number;
  kind?: string;
  retryAfterMs?: number;
  /** When this worker got its answer or error (epoch ms). */
  at: number;
}

export type GateWorkerMessage =
  { type: 'ready'; pid: number } | { type: 'fetched'; results: GateWorkerResult[] } | { type: 'holding' };

const config = JSON.parse(process.env.GATE_WORKER_CONFIG ?? '{}') as GateWorkerConfig;
const gate = new RedisSourceGate({
  redis: config.redisUrl,
  prefix: config.prefix,
  ...(config.leaseTtlMs ? { leaseTtlMs: config.leaseTtlMs } : {}),
});
const fetcher = new HttpFetcher({ gate });
const send = (message: GateWorkerMessage) => process.send?.(message);

async function fetchAll(paths: string[], parallel: number): Promise<GateWorkerResult[]> {
  const results: GateWorkerResult[] = [];
  const queue = [...paths];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        try {
          const response = await fetcher.fetch(config.source, new URL(path, config.source.baseUrl).href);
          results.push({ path, outcome: 'ok', status: response.status, at: Date.now() });
        } catch (error) {
          const sourceError = error instanceof SourceError ? error : undefined;
          results.push({
            path,
            outcome: 'error',
            ...(sourceError ? { kind: sourceError.kind } : {}),
            ...(sourceError?.retryAfterMs !== undefined ? { retryAfterMs: sourceError.retryAfterMs } : {}),
            at: Date.now(),
          });
        }
      }
    }),
  );
  return results;
}

process.on('message', (message: GateWorkerCommand) => {
  if (message.cmd === 'fetch') {
    void fetchAll(message.paths, message.parallel).then((results) => send({ type: 'fetched', results }));
  } else if (message.cmd === 'hold') {
    void gate.acquire(config.source).then(() => send({ type: 'holding' }));
  } else if (message.cmd === 'exit') {
    void Promise.all([fetcher.close(), gate.close()]).finally(() => process.exit(0));
  }
});

send({ type: 'ready', pid: process.pid });
