/**
 * Politeness that holds across every worker process of a deployment (docs/safety.md §5):
 * a source's `requestsPerSecond` and `concurrency` are for all workers together, and a 429 or a
 * flood-control page seen by one worker pauses the source for all of them.
 *
 * Per source, two keys in one hash slot (`<prefix>:gate:{<sourceId>}:…`; a `{hash-tag}` in the prefix
 * wins and puts every gate key beside the queues on Redis Cluster):
 * - `…:leases`, a sorted set of lease ids scored by expiry. A lease is a concurrency slot; its holder
 *   renews it while it holds it, so a worker that crashes gives its slots back within one TTL.
 * - `…:state`, a hash with `nextAt` (earliest start of the next request) and `pausedUntil`.
 *
 * Each decision is one Lua script, so two workers never both take the last slot or the same start
 * time. Time is Redis's own clock (TIME), so workers on machines with skewed clocks still space their
 * requests correctly.
 *
 * Round trips: the requests of one process waiting for a source at the same time are granted by one
 * script call; and a slot a request gives back is kept by the process for a moment (until its pending
 * callbacks have run), so the fetch that follows at once reuses it instead of giving it back and
 * taking it again. Start times come in runs: one call reserves up to `concurrency` consecutive start
 * times, `interval` apart and all within `maxReserveMs` (for a source spaced a second or more apart,
 * that is one), and the process hands them out in order, never two closer than the interval and
 * never one past the run's end (a late one is dropped), so its requests stay inside the stretch of
 * time Redis reserved for it and apart from every other process's. Start times left unused are
 * lost, which only makes the source's rate lower, never higher. Held slots are renewed together.
 * A slot is kept at most `maxHoldMs` in a row, then given back, so other processes get their turn.
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
   * How far ahead a start time may be handed out with a slot (see GRANT). A pause that arrives
   * meantime does not hold a request already given its start, just as it does not hold one already
   * in flight; so this stays short, about a request's own trip. Further ahead, the gate looks again.
   */
  maxReserveMs?: number;
  /** How long this process keeps reusing a slot before giving it back to all (fairness). */
  maxHoldMs?: number;
}

// Reads Redis's clock in milliseconds. Scripts replicate their effects (Redis >= 5), so TIME is allowed.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * KEYS: leases, state. ARGV: concurrency, interval ms, lease ttl ms, longest reservation ms, start
 * times wanted, then the candidate lease ids: first those this process believes it holds (reused),
 * then new ones, one per request waiting. Returns {1, first start in ms, granted count, start times,
 * ids...} when granted, where ids are the granted leases in order, then those of the reused ones
 * found lost (expired) and not granted; {0, wait ms, why} otherwise (why: 1 paused, 2 spacing, 3 full).
 *
 * A request gets a slot it holds already, else a free one. The start times are a run from the first,
 * `interval` apart, the last at most the longest reservation away, at least one per slot granted; the
 * next run (any process's) starts one interval after this one's last. The caller waits its start out:
 * one call per run of requests instead of one per look while the spacing runs down.
 */
const GRANT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local paused = tonumber(redis.call('HGET', KEYS[2], 'pausedUntil') or '0')
if paused > now then return {0, paused - now, 1} end
local startIn = tonumber(redis.call('HGET', KEYS[2], 'nextAt') or '0') - now
if startIn < 0 then startIn = 0 end
local reserve = tonumber(ARGV[4])
if startIn > reserve then return {0, startIn - reserve, 2} end
local concurrency = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local room = 1
if interval > 0 then room = 1 + math.floor((reserve - startIn) / interval) end
local starts = math.max(tonumber(ARGV[5]), #ARGV - 5)
if starts > room then starts = room end
local free = concurrency - redis.call('ZCARD', KEYS[1])
local granted = {}
local lost = {}
for i = 6, #ARGV do
  if #granted >= starts then break end
  local id = ARGV[i]
  if redis.call('ZSCORE', KEYS[1], id) then
    granted[#granted + 1] = id
  elseif free > 0 then
    free = free - 1
    granted[#granted + 1] = id
  else
    lost[#lost + 1] = id
  end
end
if #granted == 0 then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = 1
  if first[2] then wait = tonumber(first[2]) - now end
  return {0, wait, 3}
end
local nextAt = now + startIn + starts * interval
local expiry = nextAt + ttl
for _, id in ipairs(granted) do redis.call('ZADD', KEYS[1], expiry, id) end
redis.call('PEXPIRE', KEYS[1], expiry - now + 1000)
redis.call('HSET', KEYS[2], 'nextAt', nextAt)
if redis.call('PTTL', KEYS[2]) < nextAt - now + 60000 then redis.call('PEXPIRE', KEYS[2], nextAt - now + 60000) end
local out = {1, startIn, #granted, starts}
for _, id in ipairs(granted) do out[#out + 1] = id end
for _, id in ipairs(lost) do out[#out + 1] = id end
return out
`;

/** KEYS: leases. ARGV: lease ttl ms, lease ids. Extends the leases still held; returns those lost. */
const RENEW = `${NOW}
local ttl = tonumber(ARGV[1])
local lost = {}
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
  else
    lost[#lost + 1] = ARGV[i]
  end
end
if redis.call('PTTL', KEYS[1]) < ttl + 1000 then redis.call('PEXPIRE', KEYS[1], ttl + 1000) end
return lost
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
  gateGrant(
    leases: string,
    state: string,
    concurrency: number,
    intervalMs: number,
    ttlMs: number,
    maxReserveMs: number,
    startsWanted: number,
    ...leaseIds: string[]
  ): Promise<Array<number | string>>;
  gateRenew(leases: string, ttlMs: number, ...leaseIds: string[]): Promise<string[]>;
  gatePause(state: string, ms: number): Promise<number>;
};

interface Waiter {
  resolve: (lease: { id: string; heldSince: number }) => void;
  reject: (error: unknown) => void;
}

/** What this process holds of one source. */
interface SourceLeases {
  source: SourceEntry;
  keys: { leases: string; state: string };
  /** Every lease held (in use or idle), with when it was first granted. */
  held: Map<string, number>;
  /** Held leases no request is using: reused by the next one, or given back shortly. */
  idle: string[];
  waiters: Waiter[];
  /**
   * The start times reserved for this process and not handed out yet: the next at `next` or later
   * (local clock), `interval` after the one before, none after `last`.
   */
  starts: { next: number; last: number; interval: number };
  /** A grant call under way or a wait before the next look: the waiters join the next call. */
  asking: boolean;
  /** Idle leases are given back once this process's pending callbacks have run. */
  giveBack?: NodeJS.Immediate | undefined;
  renewal?: NodeJS.Timeout | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisSourceGate implements SourceGate {
  private readonly redis: GateRedis;
  private readonly ownsConnection: boolean;
  private readonly leaseTtlMs: number;
  private readonly maxPollMs: number;
  private readonly maxReserveMs: number;
  private readonly maxHoldMs: number;
  private readonly sources = new Map<string, SourceLeases>();
  private closed = false;

  constructor(private readonly options: RedisSourceGateOptions) {
    this.ownsConnection = typeof options.redis === 'string';
    // Like a BullMQ worker: wait for Redis to come back rather than fail; a fetch without a turn is
    // never made, so politeness fails closed.
    const redisOptions: RedisOptions = { maxRetriesPerRequest: null };
    const redis = typeof options.redis === 'string' ? new Redis(options.redis, redisOptions) : options.redis;
    redis.defineCommand('gateGrant', { numberOfKeys: 2, lua: GRANT });
    redis.defineCommand('gateRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('gatePause', { numberOfKeys: 1, lua: PAUSE });
    this.redis = redis as GateRedis;
    this.leaseTtlMs = options.leaseTtlMs ?? 15_000;
    this.maxPollMs = options.maxPollMs ?? 250;
    this.maxReserveMs = options.maxReserveMs ?? 50;
    this.maxHoldMs = options.maxHoldMs ?? 1_000;
  }

  private keys(sourceId: string): { leases: string; state: string } {
    const base = `${this.options.prefix}:gate:{${sourceId}}`;
    return { leases: `${base}:leases`, state: `${base}:state` };
  }

  private leasesOf(source: SourceEntry): SourceLeases {
    let leases = this.sources.get(source.id);
    if (!leases) {
      leases = {
        source,
        keys: this.keys(source.id),
        held: new Map(),
        idle: [],
        waiters: [],
        starts: { next: 0, last: -1, interval: 0 },
        asking: false,
      };
      this.sources.set(source.id, leases);
    }
    // The newest politeness (an override reloaded) decides the next grant.
    leases.source = source;
    return leases;
  }

  async acquire(source: SourceEntry): Promise<GateRelease> {
    const leases = this.leasesOf(source);
    const lease = await new Promise<{ id: string; heldSince: number }>((resolve, reject) => {
      leases.waiters.push({ resolve, reject });
      this.serve(leases);
    });
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      this.giveBack(leases, lease);
    };
  }

  /**
   * Serves the requests waiting from this process's own idle slots and reserved start times, then asks
   * Redis for the rest (on the next turn of the microtask queue, so requests asking together share
   * one call).
   */
  private serve(leases: SourceLeases): void {
    while (leases.waiters.length > 0 && leases.idle.length > 0) {
      const wait = this.takeStart(leases);
      if (wait === undefined) break;
      const id = leases.idle.pop()!;
      this.hand(leases.waiters.shift()!, { id, heldSince: leases.held.get(id)! }, wait);
    }
    if (leases.waiters.length > 0 && !leases.asking && !this.closed) {
      leases.asking = true;
      queueMicrotask(() => void this.grant(leases));
    }
  }

  /** The wait until the next reserved start time, which is taken; undefined when none is left. */
  private takeStart(leases: SourceLeases): number | undefined {
    const { starts } = leases;
    const now = Date.now();
    const at = Math.max(now, starts.next);
    if (at > starts.last) return undefined;
    starts.next = at + starts.interval;
    return at - now;
  }

  private hand(waiter: Waiter, lease: { id: string; heldSince: number }, wait: number): void {
    // The slot is ours (its lease already counts), its start time a few milliseconds away at most.
    if (wait > 0) setTimeout(() => waiter.resolve(lease), wait);
    else waiter.resolve(lease);
  }

  /** Asks Redis for slots and start times for the requests waiting, until none is left waiting. */
  private async grant(leases: SourceLeases): Promise<void> {
    while (leases.waiters.length > 0 && !this.closed) {
      const waiting = leases.waiters.length;
      const reused = leases.idle.splice(0, waiting);
      const fresh = Array.from({ length: waiting - reused.length }, () => randomUUID());
      const { concurrency, requestsPerSecond } = leases.source.politeness;
      const intervalMs = Math.ceil(1000 / requestsPerSecond);
      let answer: Array<number | string>;
      try {
        answer = await this.redis.gateGrant(
          leases.keys.leases,
          leases.keys.state,
          concurrency,
          intervalMs,
          this.leaseTtlMs,
          this.maxReserveMs,
          // A run of start times for as many requests as the source takes at once.
          Math.max(1, concurrency),
          ...reused,
          ...fresh,
        );
      } catch (error) {
        // Redis refused the script (ioredis itself waits out a lost connection): the requests waiting
        // fail as they would have without the batching; reused leases stay as they were.
        leases.idle.push(...reused);
        for (const waiter of leases.waiters.splice(0)) waiter.reject(error);
        break;
      }
      if (Number(answer[0]) !== 1) {
        leases.idle.push(...reused);
        const [, waitMs, why] = answer.map(Number) as [number, number, number];
        // A full source frees a slot when any holder releases, which may be long before the oldest
        // lease expires: look again soon. Jitter keeps waiting workers from asking in lockstep.
        const base = why === 3 ? Math.min(waitMs, this.maxPollMs, Math.max(20, intervalMs / 2)) : waitMs;
        await sleep(Math.max(1, base) + Math.random() * 10);
        continue;
      }
      const startIn = Number(answer[1]);
      const count = Number(answer[2]);
      const runLength = Number(answer[3]);
      const ids = answer.slice(4).map(String);
      const granted = ids.slice(0, count);
      // Reused leases Redis no longer had (expired while idle) and did not grant again.
      for (const id of ids.slice(count)) leases.held.delete(id);
      const grantedSet = new Set(granted);
      // Held leases neither granted nor lost are still ours (the grant was cut by the reservation window).
      leases.idle.push(...reused.filter((id) => !grantedSet.has(id) && leases.held.has(id)));
      const now = Date.now();
      // The new run replaces what was left of the last one (Redis reserved this one after it).
      leases.starts = {
        next: now + startIn,
        last: now + startIn + (runLength - 1) * intervalMs,
        interval: intervalMs,
      };
      for (const id of granted) {
        if (!leases.held.has(id)) leases.held.set(id, now);
        // While the answer was on its way, a slot given back with a start time left may have served
        // some of the requests this call asked for: a slot granted beyond those still waiting is idle.
        const waiter = leases.waiters.shift();
        if (!waiter) {
          leases.idle.push(id);
          continue;
        }
        // The run holds at least one start time per slot granted, handed out at once.
        const wait = this.takeStart(leases) ?? startIn;
        this.hand(waiter, { id, heldSince: leases.held.get(id)! }, wait);
      }
      this.renewing(leases);
      // Slots given back meanwhile, with start times left, serve who else came.
      this.serve(leases);
    }
    // Waiters that came while an answer was on its way found `asking` set and were served by the loop.
    leases.asking = false;
    this.scheduleGiveBack(leases);
  }

  /** A request is over: its slot waits for the next request of this process, or goes back to all. */
  private giveBack(leases: SourceLeases, lease: { id: string; heldSince: number }): void {
    if (!leases.held.has(lease.id)) return;
    if (Date.now() - lease.heldSince >= this.maxHoldMs || this.closed) {
      leases.held.delete(lease.id);
      void this.redis.zrem(leases.keys.leases, lease.id).catch(() => {
        // Redis unreachable: the lease lapses after its TTL; nothing safer to do here.
      });
    } else {
      leases.idle.push(lease.id);
    }
    this.serve(leases);
    this.scheduleGiveBack(leases);
  }

  /**
   * Idle leases go back once this turn's callbacks have run (a fetch that follows at once asks before
   * then and reuses one): a slot never stays held by a process that has nothing to do with it.
   */
  private scheduleGiveBack(leases: SourceLeases): void {
    if (leases.giveBack || leases.idle.length === 0) return;
    leases.giveBack = setImmediate(() => {
      leases.giveBack = undefined;
      if (leases.asking || leases.idle.length === 0) return;
      const ids = leases.idle.splice(0);
      for (const id of ids) leases.held.delete(id);
      this.renewing(leases);
      void this.redis.zrem(leases.keys.leases, ...ids).catch(() => {
        // Redis unreachable: the leases lapse after their TTL; nothing safer to do here.
      });
    });
  }

  /** One timer per source renews every lease this process holds of it, in one call. */
  private renewing(leases: SourceLeases): void {
    if (leases.held.size === 0) {
      if (leases.renewal) clearInterval(leases.renewal);
      leases.renewal = undefined;
      return;
    }
    if (leases.renewal) return;
    leases.renewal = setInterval(
      () => {
        const ids = [...leases.held.keys()];
        if (ids.length === 0) return;
        this.redis
          .gateRenew(leases.keys.leases, this.leaseTtlMs, ...ids)
          .then((lost) => {
            // Taken back (this process stalled past the TTL): no longer ours to reuse.
            for (const id of lost) {
              leases.held.delete(id);
              const at = leases.idle.indexOf(id);
              if (at >= 0) leases.idle.splice(at, 1);
            }
          })
          .catch(() => {
            // Redis unreachable: the leases may lapse and the slots be reused; nothing safer to do here.
          });
      },
      Math.max(100, Math.floor(this.leaseTtlMs / 3)),
    );
    leases.renewal.unref();
  }

  async pause(sourceId: string, ms: number): Promise<void> {
    // The start times this process holds are dropped: the pause holds its own next requests at once.
    const leases = this.sources.get(sourceId);
    if (leases) leases.starts = { next: 0, last: -1, interval: 0 };
    // Clamped before it reaches Redis: every worker on the source would wait out what is stored there.
    await this.redis.gatePause(this.keys(sourceId).state, Math.ceil(clampPauseMs(ms)));
  }

  async close(): Promise<void> {
    this.closed = true;
    const givenBack: Array<Promise<unknown>> = [];
    for (const leases of this.sources.values()) {
      if (leases.renewal) clearInterval(leases.renewal);
      if (leases.giveBack) clearImmediate(leases.giveBack);
      leases.renewal = undefined;
      leases.giveBack = undefined;
      for (const waiter of leases.waiters.splice(0)) waiter.reject(new Error('source gate closed'));
      // Idle slots go back at once rather than after their TTL.
      const ids = leases.idle.splice(0);
      for (const id of ids) leases.held.delete(id);
      if (ids.length > 0) givenBack.push(this.redis.zrem(leases.keys.leases, ...ids).catch(() => 0));
    }
    this.sources.clear();
    await Promise.all(givenBack);
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
