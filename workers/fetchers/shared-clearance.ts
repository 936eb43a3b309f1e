/**
 * Clearance cookies shared between worker processes (service mode). A browser worker that passes a
 * source's challenge publishes the cookies it earned; a worker without a browser that meets the same
 * challenge loads them and tries again over plain HTTP before handing the page to the browser queue.
 * So when HTTP and browser work run in separate processes, the rest of a source still goes over HTTP,
 * as it does inside one process (cookie-jar.ts).
 *
 * The cookies are a session on a hostile site, not anyone's personal data: they may sit in Redis, for
 * no longer than they live (an hour at most), and are never logged.
 */
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { Logger } from '../../shared/log.js';
import { reportedChallenge } from './blocked-detector.js';
import type { SourceCookieJar, StoredCookie } from './cookie-jar.js';
import type { FetchResult, PageFetcher } from './http.fetcher.js';

/** How long a published clearance is kept when its cookies do not say (session cookies). */
const DEFAULT_TTL_MS = 30 * 60_000;
const MAX_TTL_MS = 60 * 60_000;

const storedCookies = z.array(
  z.object({
    name: z.string(),
    value: z.string(),
    domain: z.string(),
    path: z.string(),
    expires: z.number(),
    httpOnly: z.boolean(),
    secure: z.boolean(),
    sameSite: z.enum(['Strict', 'Lax', 'None']),
  }),
);

export interface ClearanceStore {
  publish(sourceId: string, cookies: readonly StoredCookie[]): Promise<void>;
  load(sourceId: string): Promise<StoredCookie[]>;
  close(): Promise<void>;
}

export class RedisClearanceStore implements ClearanceStore {
  private readonly redis: Redis;

  constructor(private readonly options: { redis: string; prefix: string; log?: Logger }) {
    this.redis = new Redis(options.redis, { maxRetriesPerRequest: 2 });
    // Sharing is an optimisation: with Redis away, each worker passes challenges for itself. The
    // connection keeps trying; its errors are noted, not thrown at the process.
    this.redis.on('error', (error: Error) => {
      options.log?.debug({ err: error.message }, 'clearance store unreachable');
    });
  }

  private key(sourceId: string): string {
    return `${this.options.prefix}:clearance:${sourceId}`;
  }

  async publish(sourceId: string, cookies: readonly StoredCookie[], now = Date.now()): Promise<void> {
    const ends = cookies.filter((cookie) => cookie.expires > 0).map((cookie) => cookie.expires * 1000 - now);
    const ttl = Math.min(MAX_TTL_MS, ends.length > 0 ? Math.min(...ends) : DEFAULT_TTL_MS);
    if (cookies.length === 0 || ttl <= 0) return;
    await this.redis.set(this.key(sourceId), JSON.stringify(cookies), 'PX', Math.ceil(ttl));
  }

  async load(sourceId: string): Promise<StoredCookie[]> {
    const raw = await this.redis.get(this.key(sourceId));
    if (!raw) return [];
    // Another process wrote it, but Redis is a boundary like any other: nothing unchecked gets in.
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return [];
    }
    const parsed = storedCookies.safeParse(value);
    return parsed.success ? parsed.data : [];
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

type Jar = Pick<SourceCookieJar, 'store' | 'cookieHeader' | 'clear'>;

/** The browser side: a jar whose stored clearances are also published for the other workers. */
export function publishingJar(jar: Jar, store: ClearanceStore, log: Logger): Jar {
  return {
    store(sourceId, cookies) {
      jar.store(sourceId, cookies);
      store.publish(sourceId, cookies).catch((error: Error) => {
        log.warn({ sourceId, err: error.message }, 'clearance not shared with other workers');
      });
    },
    cookieHeader: (sourceId, url) => jar.cookieHeader(sourceId, url),
    clear: (sourceId) => jar.clear(sourceId),
  };
}

/**
 * The HTTP side, for workers without a browser: a challenge is answered once with the clearance another
 * worker published, if it is one this worker does not send yet; otherwise the challenge stands.
 */
export class ClearanceSharingFetcher implements PageFetcher {
  constructor(
    private readonly http: PageFetcher & { close?(): Promise<void> },
    private readonly store: ClearanceStore,
    private readonly jar: SourceCookieJar,
  ) {}

  async fetch(source: SourceEntry, url: string): Promise<FetchResult> {
    try {
      return await this.http.fetch(source, url);
    } catch (error) {
      if (reportedChallenge(error) === undefined || source.fetch === 'http') throw error;
      const sent = this.jar.cookieHeader(source.id, url);
      const shared = await this.store.load(source.id).catch(() => []);
      if (shared.length === 0) throw error;
      this.jar.store(source.id, shared);
      if (this.jar.cookieHeader(source.id, url) === sent) throw error;
      return this.http.fetch(source, url);
    }
  }

  async close(): Promise<void> {
    try {
      await this.http.close?.();
    } finally {
      await this.store.close();
    }
  }
}
