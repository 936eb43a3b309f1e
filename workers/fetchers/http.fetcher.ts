import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import { BROWSER_HEADERS } from './browser-headers.js';
import type { SourceGate } from './source-gate.js';

export interface FetchResult {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  body: string;
  contentType: string | undefined;
}

export interface PageFetcher {
  fetch(source: SourceEntry, url: string): Promise<FetchResult>;
}

export interface HttpFetcherOptions {
  gate: SourceGate;
  /** HTTP(S) proxy every request goes through (SAFETY.md §2). */
  proxy?: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxRedirects?: number;
}

const RETRY_AFTER_DEFAULT_MS = 60_000;

/**
 * Plain HTTP with undici: the first and cheapest way to read a page. Redirects are followed by hand so
 * that every hop is checked against the source's host. Errors are SourceErrors in our own words: they
 * end up in Redis and in reports, so they never carry a URL.
 */
export class HttpFetcher implements PageFetcher {
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: HttpFetcherOptions) {
    this.dispatcher = options.proxy
      ? new ProxyAgent({ uri: options.proxy })
      : new Agent({ connections: 32, keepAliveTimeout: 10_000 });
  }

  async fetch(source: SourceEntry, url: string): Promise<FetchResult> {
    let current = url;
    for (let hop = 0; hop <= (this.options.maxRedirects ?? 5); hop++) {
      assertOnSourceHost(source, current);
      const release = await this.options.gate.acquire(source);
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(current, {
          method: 'GET',
          headers: BROWSER_HEADERS,
          dispatcher: this.dispatcher,
          headersTimeout: this.options.timeoutMs ?? 30_000,
          bodyTimeout: this.options.timeoutMs ?? 30_000,
        });
      } catch (error) {
        release();
        throw new SourceError(source.id, `could not reach ${source.name}: ${describeNetworkError(error)}`);
      }
      try {
        const { statusCode, headers } = response;
        if (statusCode >= 300 && statusCode < 400 && headers.location) {
          await response.body.dump();
          current = new URL(String(headers.location), current).toString();
          continue;
        }
        if (statusCode === 429 || statusCode === 503) {
          await response.body.dump();
          const waitMs = parseRetryAfter(headers['retry-after']) ?? RETRY_AFTER_DEFAULT_MS;
          this.options.gate.pause(source.id, waitMs);
          throw new SourceError(source.id, `${source.name} asked us to slow down (HTTP ${statusCode})`, waitMs);
        }
        const body = await readBounded(response.body, this.options.maxBodyBytes ?? 8 * 1024 * 1024, source);
        const contentType = headers['content-type'];
        return { status: statusCode, url: current, body, contentType: Array.isArray(contentType) ? contentType[0] : contentType };
      } finally {
        release();
      }
    }
    throw new SourceError(source.id, `${source.name} redirected too many times`);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** SAFETY.md §5: outbound requests go only to the source's configured host. */
export function assertOnSourceHost(source: SourceEntry, url: string): void {
  const target = new URL(url);
  const base = new URL(source.baseUrl);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new SourceError(source.id, `refused a non-HTTP link on ${source.name}`);
  }
  if (target.host !== base.host) {
    throw new SourceError(source.id, `refused a link that leaves ${source.name}'s host`);
  }
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function readBounded(body: Dispatcher.ResponseData['body'], maxBytes: number, source: SourceEntry): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new SourceError(source.id, `a page of ${source.name} was larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timed out';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  return code ?? 'network error';
}
