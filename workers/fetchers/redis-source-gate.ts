/**
 * Politeness that holds across every worker process of a deployment (docs/safety.md §5):
 * a source's `requestsPerSecond` and `concurrency` are for all workers together, and a 429 or a
 * flood-control page seen by one worker pauses the source for all of them.
 *
 * Per source, two keys in one hash slot (`<prefix>:gate:{<sourceId>}:…`; a `{hash-tag}` in the prefix
 * wins and puts every gate key beside the queues on Redis Cluster):
 * - `…:leases`, a sorted set of lease ids scored by expiry. A lease is a concurrency slot; its holder
 *   renews it while the request runs, so a worker that crashes gives its slot back within one TTL.
 * - `…:state`, a hash with `nextAt` (earliest start of the next request) and `pausedUntil`.
 *
 * Each decision is one Lua script, so two workers never both take the last slot or the same start
 * time. Time is Redis's own clock (TIME), so workers on machines with skewed clocks still space their
 * requests correctly.
 */
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { clampPauseMs, type GateRelease, type SourceGate } from './source-gate.js';

export interface RedisSourceGateOptions {
  /** A connection of its own (blocking waits never share a BullMQ connection), or a URL to open one. */
  redis: Redis | string;
  /** Key prefix, e.g. EXPOSURE_QUEUE_PREFIX; may hold a {hash-tag}. */
  prefix: string;
  /** A lease not renewed for this long is taken back (a crashed worker). Renewed every third of it. */
  leaseTtlMs?: number;
  /** Upper bound between two looks at a full source (a slot freed elsewhere is seen this late at most). */
  maxPollMs?: number;
  /**
   * How far ahead a start time may be handed out with a slot (see ACQUIRE). A pause that arrives
   * meantime does not hold a request already given its start, just as it does not hold one already
   * in flight; so this stays short, about a request's own trip. Further ahead, the gate looks again.
   */
  maxReserveMs?: number;
}

// Reads Redis's clock in milliseconds. Scripts replicate their effects (Redis >= 5), so TIME is allowed.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * KEYS: leases, state. ARGV: lease id, concurrency, interval ms, lease ttl ms, longest reservation ms.
 * Returns {1, start in ms} when granted, {0, wait ms, why} otherwise (why: 1 paused, 2 spacing, 3 full).
 *
 * A free slot whose next start time is at most the longest reservation away is granted at once with
 * that start time, and the caller waits it out: one call per request instead of one per look while
 * the spacing runs down. Start times still follow one another by the interval, as Redis hands them out.
 */
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local paused = tonumber(redis.call('HGET', KEYS[2], 'pausedUntil') or '0')
if paused > now then return {0, paused - now, 1} end
local startIn = tonumber(redis.call('HGET', KEYS[2], 'nextAt') or '0') - now
if startIn < 0 then startIn = 0 end
local reserve = tonumber(ARGV[5])
if startIn > reserve then return {0, startIn - reserve, 2} end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(first[2]) - now, 3}
end
local ttl = tonumber(ARGV[4])
local interval = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now + startIn + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], startIn + ttl + 1000)
redis.call('HSET', KEYS[2], 'nextAt', now + startIn + interval)
if redis.call('PTTL', KEYS[2]) < startIn + interval + 60000 then redis.call('PEXPIRE', KEYS[2], startIn + interval + 60000) end
return {1, startIn, 0}
`;

/** KEYS: leases. ARGV: lease id, lease ttl ms. Extends a lease still held; 0 if it was lost. */
const RENEW = `${NOW}
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) + 1000 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000) end
return 1
`;

/** KEYS: state. ARGV: ms. Never shortens a pause in force. Returns the pause end (Redis time). */
const PAUSE = `${NOW}
local untilAt = now + tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'pausedUntil') or '0')
if current > untilAt then untilAt = current end
redis.call('HSET', KEYS[1], 'pausedUntil', untilAt)
if redis.call('PTTL', KEYS[1]) < untilAt - now + 60000 then redis.call('PEXPIRE', KEYS[1], untilAt - now + 60000) end
return untilAt
`;

type GateRedis = Redis & {
  gateAcquire(
    leases: string,
    state: string,
    leaseId: string,
    concurrency: number,
    intervalMs: number,
    ttlMs: number,
    maxReserveMs: number,
  ): Promise<[number, number, number]>;
  gateRenew(leases: string, leaseId: string, ttlMs: number): Promise<number>;
  gatePause(state: string, ms: number): Promise<number>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisSourceGate implements SourceGate {
  private readonly redis: GateRedis;
  private readonly ownsConnection: boolean;
  private readonly leaseTtlMs: number;
  private readonly maxPollMs: number;
  private readonly maxReserveMs: number;
  private readonly renewals = new Set<NodeJS.Timeout>();

  constructor(private readonly options: RedisSourceGateOptions) {
    this.ownsConnection = typeof options.redis === 'string';
    // Like a BullMQ worker: wait for Redis to come back rather than fail; a fetch without a turn is
    // never made, so politeness fails closed.
    const redisOptions: RedisOptions = { maxRetriesPerRequest: null };
    const redis = typeof options.redis === 'string' ? new Redis(options.redis, redisOptions) : options.redis;
    redis.defineCommand('gateAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand('gateRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('gatePause', { numberOfKeys: 1, lua: PAUSE });
    this.redis = redis as GateRedis;
    this.leaseTtlMs = options.leaseTtlMs ?? 15_000;
    this.maxPollMs = options.maxPollMs ?? 250;
    this.maxReserveMs = options.maxReserveMs ?? 50;
  }

  private keys(sourceId: string): { leases: string; state: string } {
    const base = `${this.options.prefix}:gate:{${sourceId}}`;
    return { leases: `${base}:leases`, state: `${base}:state` };
  }

  async acquire(source: SourceEntry): Promise<GateRelease> {
    const { leases, state } = this.keys(source.id);
    const leaseId = randomUUID();
    const intervalMs = Math.ceil(1000 / source.politeness.requestsPerSecond);
    for (;;) {
      const [granted, waitMs, why] = await this.redis.gateAcquire(
        leases,
        state,
        leaseId,
        source.politeness.concurrency,
        intervalMs,
        this.leaseTtlMs,
        this.maxReserveMs,
      );
      if (granted === 1) {
        // The slot is ours (its lease already counts), its start time a few milliseconds away at most.
        if (waitMs > 0) await sleep(waitMs);
        break;
      }
      // A full source frees a slot when any holder releases, which may be long before the oldest lease
      // expires: look again soon. Jitter keeps waiting workers from asking in lockstep.
      const base = why === 3 ? Math.min(waitMs, this.maxPollMs, Math.max(20, intervalMs / 2)) : waitMs;
      await sleep(Math.max(1, base) + Math.random() * 10);
    }
    return this.holdLease(leases, leaseId);
  }

  private holdLease(leases: string, leaseId: string): GateRelease {
    const renewal = setInterval(
      () => {
        this.redis.gateRenew(leases, leaseId, this.leaseTtlMs).catch(() => {
          // Redis unreachable: the lease may lapse and the slot be reused; nothing safer to do here.
        });
      },
      Math.max(100, Math.floor(this.leaseTtlMs / 3)),
    );
    renewal.unref();
    this.renewals.add(renewal);
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      clearInterval(renewal);
      this.renewals.delete(renewal);
      await this.redis.zrem(leases, leaseId);
    };
  }

  async pause(sourceId: string, ms: number): Promise<void> {
    // Clamped before it reaches Redis: every worker on the source would wait out what is stored there.
    await this.redis.gatePause(this.keys(sourceId).state, Math.ceil(clampPauseMs(ms)));
  }

  async close(): Promise<void> {
    for (const renewal of this.renewals) clearInterval(renewal);
    this.renewals.clear();
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
