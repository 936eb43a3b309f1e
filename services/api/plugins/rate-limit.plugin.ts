import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RateLimitSettings } from '../../../shared/config.js';
import type { KeyedHasher } from '../../../shared/crypto/keyed-hash.js';
import { AppError } from '../../../shared/errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The API's limits, for the pages' sign-in form (it counts failed keys as the API does); absent in local mode. */
    requestLimits?: RequestLimits;
  }
  interface FastifyContextConfig {
    /**
     * `false`: never limited (health checks, static assets). An object: a tighter budget of its own per
     * minute for this route, counted on top of the caller's general one.
     */
    rateLimit?: false | { max: number; timeWindow?: '1 minute' };
  }
}

/**
 * The API's request limits, counted in Redis so that every API instance shares them
 * (rate-limiter-flexible: one atomic script per count, and the `get`/`block` calls the back-off after
 * failed authentications needs). Requests sent with an API key count against the key; everything else
 * (pages, sign-in, unknown paths) against the client's address, as `trustProxy` reads it.
 *
 * If Redis does not answer (down, or hung past the connection's command timeout), each instance falls
 * back to counting alone in memory: limits still hold per instance, nothing waits on Redis, and the
 * health checks are never counted at all. Failing closed would turn a Redis outage into an outage of
 * every read; failing wide open would lift the back-off on failed keys exactly when it is least watched.
 */
export interface RequestLimitsOptions {
  settings: RateLimitSettings;
  /** Shared counts; in memory (one instance alone) without it. Give it a short `commandTimeout`. */
  redis?: Redis;
  /** Namespaces the Redis keys (the queue prefix, so deployments sharing a Redis stay apart). */
  prefix?: string;
  /**
   * Hashes what is counted (client addresses, API key ids) before it is a Redis key, so Redis never
   * holds who called from where in clear; the vault's keyed hash in server.ts. In clear without it.
   */
  hash?: KeyedHasher;
}

/** Failed authentications are counted per address over this window. */
const AUTH_FAILURE_WINDOW_SECONDS = 15 * 60;
/** Blocks within this window count as repeats: each one doubles the next. */
const AUTH_BLOCK_MEMORY_SECONDS = 24 * 3600;
const AUTH_BLOCK_MAX_SECONDS = 24 * 3600;

export interface Refusal {
  retryAfterSeconds: number;
}

export class RequestLimits {
  private readonly perKey: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;
  private readonly authFailures: RateLimiterAbstract;
  private readonly authBlocks: RateLimiterAbstract;
  private readonly perRoute = new Map<string, RateLimiterAbstract>();

  constructor(private readonly options: RequestLimitsOptions) {
    const { settings } = options;
    this.perKey = this.limiter('key', settings.perKeyPerMinute, 60);
    this.perAddress = this.limiter('address', settings.perAddressPerMinute, 60);
    this.authFailures = this.limiter('auth-failures', settings.authFailures, AUTH_FAILURE_WINDOW_SECONDS);
    this.authBlocks = this.limiter('auth-blocks', 1_000_000, AUTH_BLOCK_MEMORY_SECONDS);
  }

  private limiter(name: string, points: number, duration: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ keyPrefix: name, points, duration });
    if (!this.options.redis) return memory;
    return new RateLimiterRedis({
      storeClient: this.options.redis,
      keyPrefix: `${this.options.prefix ?? 'exposure'}:limit:${name}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  }

  /** Counts one request of `who` (an API key's id or an address), and against the route's own budget if it has one. */
  async take(
    who: { key: string } | { address: string },
    route?: { url: string; max: number },
  ): Promise<{ limit: number; remaining: number; resetSeconds: number } | Refusal> {
    const [limiter, id] =
      'key' in who ? [this.perKey, this.id(`k:${who.key}`)] : [this.perAddress, this.id(`a:${who.address}`)];
    const general = await consume(limiter, id);
    if ('retryAfterSeconds' in general) return general;
    if (!route) return general;
    let routeLimiter = this.perRoute.get(route.url);
    if (!routeLimiter) {
      routeLimiter = this.limiter(`route:${route.url}`, route.max, 60);
      this.perRoute.set(route.url, routeLimiter);
    }
    return consume(routeLimiter, id);
  }

  private id(value: string): string {
    return this.options.hash ? this.options.hash('rate-limit', value) : value;
  }

  /** Whether this address is blocked after failed authentications, and for how long still. */
  async authBlocked(address: string): Promise<Refusal | null> {
    const state = await this.authFailures.get(this.id(`a:${address}`)).catch(() => null);
    if (!state || state.consumedPoints <= this.options.settings.authFailures) return null;
    return { retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)) };
  }

  /**
   * Counts a failed authentication from this address. Past the allowance the address is blocked: for
   * `authBlockSeconds` the first time, twice as long each further time within a day (at most a day).
   */
  async authFailed(address: string): Promise<Refusal | null> {
    const id = this.id(`a:${address}`);
    const outcome = await consume(this.authFailures, id);
    if (!('retryAfterSeconds' in outcome)) return null;
    const strikes = await this.authBlocks
      .consume(id)
      .then((state) => state.consumedPoints)
      .catch(() => 1);
    const seconds = Math.min(
      this.options.settings.authBlockSeconds * 2 ** Math.min(strikes - 1, 30),
      AUTH_BLOCK_MAX_SECONDS,
    );
    await this.authFailures.block(id, seconds).catch(() => undefined);
    return { retryAfterSeconds: seconds };
  }
}

async function consume(
  limiter: RateLimiterAbstract,
  id: string,
): Promise<{ limit: number; remaining: number; resetSeconds: number } | Refusal> {
  try {
    const state = await limiter.consume(id);
    return {
      limit: limiter.points,
      remaining: state.remainingPoints,
      resetSeconds: Math.ceil(state.msBeforeNext / 1000),
    };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return { retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
    // Both Redis and the in-memory fallback failed: nothing to count with, so the request goes on.
    return { limit: limiter.points, remaining: limiter.points, resetSeconds: 60 };
  }
}

/** The 429 every limit answers with: `Retry-After` and the documented error shape. */
export function refuse(reply: FastifyReply, refusal: Refusal, message: string): never {
  reply.header('retry-after', String(refusal.retryAfterSeconds));
  throw new AppError('RATE_LIMITED', `${message}; retry after ${refusal.retryAfterSeconds} s`);
}

/**
 * Counts every request but those of routes marked `rateLimit: false` (health checks, assets). Runs after
 * authentication (registered after the auth plugin), so requests with a valid key count against the key.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, opts: { limits: RequestLimits }) => {
    app.decorate('requestLimits', opts.limits);
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const config = request.routeOptions.config as { rateLimit?: false | { max: number } } | undefined;
      if (config?.rateLimit === false) return;
      const route =
        config?.rateLimit && request.routeOptions.url
          ? { url: request.routeOptions.url, max: config.rateLimit.max }
          : undefined;
      const key = request.caller?.actor;
      const outcome = await opts.limits.take(key ? { key } : { address: request.ip }, route);
      if ('retryAfterSeconds' in outcome) refuse(reply, outcome, 'too many requests');
      reply.header('x-ratelimit-limit', String(outcome.limit));
      reply.header('x-ratelimit-remaining', String(outcome.remaining));
      reply.header('x-ratelimit-reset', String(outcome.resetSeconds));
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
