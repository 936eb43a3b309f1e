import { request, type Dispatcher } from 'undici';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { SourceError } from '../../shared/errors.js';
import { classifyResponse, throttledError, tooLargeError } from './blocked-detector.js';
import { BROWSER_HEADERS } from './browser-headers.js';
import type { CookieHeaderSource } from './cookie-jar.js';
import { ChallengeStopError, isBrowserSolvable } from './challenge.js';
import { createOutboundDispatchers, type OutboundDispatchers } from './proxy-dispatcher.js';
import type { SourceGate } from './source-gate.js';
import { assertPublicTarget, ForbiddenTargetError, type ResolveHost } from './ssrf-guard.js';

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
  /** Proxy every request goes through (docs/safety.md §2): http://, https://, socks5:// or socks5h://. */
  proxy?: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxRedirects?: number;
  /** Name resolution for direct connections and the SSRF check; tests inject one. */
  resolveHost?: ResolveHost;
  /** Clearance cookies the browser earned for a source, sent on that source's plain requests. */
  cookies?: CookieHeaderSource;
}

/**
 * Plain HTTP with undici: the first and cheapest way to read a page. Redirects are followed by hand so
 * that every hop is checked against the source's host and against the SSRF guard. Errors are
 * SourceErrors in our own words, with a kind that decides the retry (shared/errors.ts): they end up
 * in Redis and in reports, so they never carry a URL.
 *
 * What it throws, by kind: `refused` (SSRF guard, a hop off the host), `unreachable` (network),
 * `throttled` (429, 503, flood control; the source is paused for every worker first), `blocked` (a
 * JavaScript challenge on a source the browser may take over). A CAPTCHA, or a challenge on an
 * HTTP-only source, is a ChallengeStopError (permanent: never retried). Other statuses, 404 and 5xx
 * included, are returned: what they mean depends on the page (a search API may 404 on "no results").
 */
export class HttpFetcher implements PageFetcher {
  private readonly outbound: OutboundDispatchers;

  constructor(private readonly options: HttpFetcherOptions) {
    this.outbound = createOutboundDispatchers({
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}),
    });
  }

  async fetch(source: SourceEntry, url: string): Promise<FetchResult> {
    const dispatcher: Dispatcher = source.allowPrivateNetwork ? this.outbound.open : this.outbound.guarded;
    let current = url;
    for (let hop = 0; hop <= (this.options.maxRedirects ?? 5); hop++) {
      assertOnSourceHost(source, current);
      await this.assertTarget(source, current);
      const cookie = this.options.cookies?.cookieHeader(source.id, current);
      const release = await this.options.gate.acquire(source);
      try {
        let response: Dispatcher.ResponseData;
        try {
          response = await request(current, {
            method: 'GET',
            headers: cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS,
            dispatcher,
            headersTimeout: this.options.timeoutMs ?? 30_000,
            bodyTimeout: this.options.timeoutMs ?? 30_000,
          });
        } catch (error) {
          throw networkError(source, error);
        }
        const { statusCode, headers } = response;
        if (statusCode >= 300 && statusCode < 400 && headers.location) {
          await response.body.dump();
          current = new URL(String(headers.location), current).toString();
          continue;
        }
        const body = await readBounded(
          response.body,
          this.options.maxBodyBytes ?? 8 * 1024 * 1024,
          source,
        ).catch((error: unknown) => {
          throw networkError(source, error);
        });
        const verdict = classifyResponse({ status: statusCode, headers, body });
        if (verdict?.kind === 'throttled') {
          // Paused for every worker before this job gives up its attempt, so no other worker walks
          // into the same refusal meanwhile.
          await this.options.gate.pause(source.id, verdict.retryAfterMs);
          throw throttledError(source, verdict, statusCode);
        }
        if (verdict?.kind === 'blocked') {
          if (!isBrowserSolvable(verdict.challenge) || source.fetch === 'http') {
            throw new ChallengeStopError(
              source.id,
              verdict.challenge,
              verdict.challenge === 'captcha'
                ? `${source.name} asks for a CAPTCHA; stopped without retrying`
                : `${source.name} answered with an anti-bot challenge and is configured for plain HTTP only`,
            );
          }
          throw new SourceError(source.id, `${source.name} answered with an anti-bot challenge`, undefined, {
            kind: 'blocked',
            reason: verdict.reason,
          });
        }
        const contentType = headers['content-type'];
        return {
          status: statusCode,
          url: current,
          body,
          contentType: Array.isArray(contentType) ? contentType[0] : contentType,
        };
      } finally {
        await release();
      }
    }
    throw new SourceError(source.id, `${source.name} redirected too many times`, undefined, {
      kind: 'server',
    });
  }

  /** docs/safety.md §5 before the request; the connection's own lookup checks again (ssrf-guard.ts). */
  private async assertTarget(source: SourceEntry, url: string): Promise<void> {
    try {
      await assertPublicTarget(url, {
        allowPrivateNetwork: source.allowPrivateNetwork,
        proxied: this.outbound.proxied,
        ...(this.options.resolveHost ? { resolveHost: this.options.resolveHost } : {}),
      });
    } catch (error) {
      throw networkError(source, error);
    }
  }

  async close(): Promise<void> {
    await this.outbound.close();
  }
}

/** docs/safety.md §5: outbound requests go only to the source's configured host. */
export function assertOnSourceHost(source: SourceEntry, url: string): void {
  const target = new URL(url);
  const base = new URL(source.baseUrl);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new SourceError(source.id, `refused a non-HTTP link on ${source.name}`, undefined, {
      kind: 'refused',
      reason: 'scheme',
    });
  }
  if (target.host !== base.host) {
    throw new SourceError(source.id, `refused a link that leaves ${source.name}'s host`, undefined, {
      kind: 'refused',
      reason: 'off-host',
    });
  }
}

async function readBounded(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  source: SourceEntry,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLargeError(source, `${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A failed request as a SourceError: a refusal of ours, or the network's, in our words (no URL). */
function networkError(source: SourceEntry, error: unknown): SourceError {
  // Already in our words with its own kind (readBounded's too-large refusal): relabelled, it would
  // become retryable.
  if (error instanceof SourceError) return error;
  const refusal = findCause(
    error,
    (cause): cause is ForbiddenTargetError => cause instanceof ForbiddenTargetError,
  );
  if (refusal) {
    return new SourceError(
      source.id,
      `refused to fetch from ${source.name}: its address is ${refusal.reason}`,
      undefined,
      {
        kind: 'refused',
        reason: `ssrf:${refusal.reason}`,
      },
    );
  }
  const code = findCause(
    error,
    (cause): cause is { code: string } => typeof (cause as { code?: unknown }).code === 'string',
  )?.code;
  return new SourceError(
    source.id,
    `could not reach ${source.name}: ${describeNetworkError(code)}`,
    undefined,
    {
      kind: 'unreachable',
      ...(code ? { reason: code } : {}),
    },
  );
}

/** undici wraps connect errors now and then; look through `cause` a few levels down. */
function findCause<T>(error: unknown, test: (cause: object) => cause is T & object): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(code: string | undefined): string {
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return 'timed out';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code?.startsWith('UND_ERR_SOCKS5')) return 'the proxy refused the connection';
  return code ?? 'network error';
}
