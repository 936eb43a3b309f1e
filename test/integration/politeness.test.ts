import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { isFinalError, SourceError } from '../../shared/errors.js';
import { MAX_SOURCE_WAIT_MS } from '../../workers/fetchers/blocked-detector.js';
import { ChallengeStopError } from '../../workers/fetchers/challenge.js';
import { HttpFetcher } from '../../workers/fetchers/http.fetcher.js';
import { RedisSourceGate } from '../../workers/fetchers/redis-source-gate.js';
import { RetryingFetcher } from '../../workers/fetchers/retrying.fetcher.js';
import { InProcessSourceGate } from '../../workers/fetchers/source-gate.js';
import { forkTs, nextMessage, waitForExit } from '../support/fork-ts.js';
import type { GateWorkerCommand, GateWorkerConfig, GateWorkerMessage } from '../support/gate-worker.js';
import { testRedisUrl } from '../support/redis-dump.js';
import { startRequestLogServer, type RequestLogServer, type Script } from '../support/request-log-server.js';

/**
 * Politeness across processes (docs/safety.md §5): two worker processes share one Redis
 * gate and, together, never go over a source's rate or concurrency; a 429 seen by one pauses the
 * other. Every assertion is made on the server's own request log.
 */
const workerScript = new URL('../support/gate-worker.ts', import.meta.url).pathname;
/**
 * How far a start may land early at the server. The gate spaces grants exactly (by Redis's clock);
 * what the server sees adds each request's own trip, and the first request on a new connection pays
 * a TCP handshake the next one does not (measured: ~25 ms on a loaded 2-core machine).
 */
const SPACING_TOLERANCE_MS = 50;

let redis: Redis;
const prefixes: string[] = [];
const children: ChildProcess[] = [];
const servers: RequestLogServer[] = [];

function newPrefix(hashTag = false): string {
  const name = `es-test-gate-${randomBytes(4).toString('hex')}`;
  const prefix = hashTag ? `{${name}}` : name;
  prefixes.push(prefix);
  return prefix;
}

function sourceAt(baseUrl: string, politeness: Partial<SourceEntry['politeness']>): SourceEntry {
  return {
    id: 'gate-test',
    name: 'Gate test',
    adapter: 'pastebin',
    trust: 'hostile',
    baseUrl,
    aliases: [],
    mirrors: [],
    fetch: 'http',
    removalRoute: { contactSite: 'unknown', removal: 'possible' },
    options: {},
    politeness: {
      requestsPerSecond: 1,
      concurrency: 1,
      maxResultPages: 1,
      maxPagesPerScan: 100,
      ...politeness,
    },
    enabled: true,
    // The log server lives on loopback on purpose.
    allowPrivateNetwork: true,
  };
}

async function server(script?: Script): Promise<RequestLogServer> {
  const started = await startRequestLogServer(script);
  servers.push(started);
  return started;
}

type Worker = {
  child: ChildProcess;
  run(command: GateWorkerCommand): Promise<GateWorkerMessage>;
};

async function startWorker(config: GateWorkerConfig): Promise<Worker> {
  const child = forkTs(workerScript, { GATE_WORKER_CONFIG: JSON.stringify(config) });
  children.push(child);
  await nextMessage(child, (m): m is GateWorkerMessage => (m as GateWorkerMessage).type === 'ready');
  return {
    child,
    async run(command) {
      const answer = nextMessage(
        child,
        (m): m is GateWorkerMessage =>
          (m as GateWorkerMessage).type === (command.cmd === 'hold' ? 'holding' : 'fetched'),
      );
      child.send(command);
      return answer;
    },
  };
}

function gaps(times: number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.slice(1).map((time, index) => time - sorted[index]!);
}

beforeAll(() => {
  redis = new Redis(testRedisUrl);
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await waitForExit(child);
  }
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix.replace(/[{}[\]*?]/g, '\\$&')}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  redis.disconnect();
});

describe('RedisSourceGate across two worker processes', () => {
  it('keeps the requests of two processes together at the configured rate (5 per second)', async () => {
    const target = await server();
    const source = sourceAt(target.url, { requestsPerSecond: 5, concurrency: 4 });
    const config: GateWorkerConfig = { redisUrl: testRedisUrl, prefix: newPrefix(), source };
    const [a, b] = await Promise.all([startWorker(config), startWorker(config)]);
    const paths = (who: string) => Array.from({ length: 8 }, (_, i) => `/${who}/${i}`);
    await Promise.all([
      a.run({ cmd: 'fetch', paths: paths('a'), parallel: 3 }),
      b.run({ cmd: 'fetch', paths: paths('b'), parallel: 3 }),
    ]);

    expect(target.log).toHaveLength(16);
    // Both processes really took part, interleaved.
    expect(new Set(target.log.map((entry) => entry.path.split('/')[1]))).toEqual(new Set(['a', 'b']));
    const spacing = gaps(target.log.map((entry) => entry.at));
    const observedRate =
      (target.log.length - 1) /
      ((Math.max(...target.log.map((e) => e.at)) - Math.min(...target.log.map((e) => e.at))) / 1000);
    console.info(
      `politeness: rate configured 5/s, observed ${observedRate.toFixed(2)}/s; smallest gap ${Math.min(...spacing)} ms (interval 200 ms)`,
    );
    // Arrivals are timed here, in a process sharing two cores with other test files: one request
    // delivered late makes the next gap look short without any request having left early. Any four
    // requests in a row must still span three intervals (a gate letting two processes each go at the
    // full rate would put four requests in about 300 ms).
    const windows = spacing.slice(2).map((gap, i) => gap + spacing[i]! + spacing[i + 1]!);
    expect(Math.min(...windows), `gaps between starts: ${spacing.join(', ')}`).toBeGreaterThanOrEqual(
      3 * 200 - 2 * SPACING_TOLERANCE_MS,
    );
    expect(observedRate).toBeLessThanOrEqual(5 * 1.05);
  });

  it('keeps the requests of two processes together within the configured concurrency (2)', async () => {
    const target = await server(() => ({ delayMs: 150 }));
    const source = sourceAt(target.url, { requestsPerSecond: 50, concurrency: 2 });
    const config: GateWorkerConfig = { redisUrl: testRedisUrl, prefix: newPrefix(), source };
    const [a, b] = await Promise.all([startWorker(config), startWorker(config)]);
    const paths = (who: string) => Array.from({ length: 8 }, (_, i) => `/${who}/${i}`);
    await Promise.all([
      a.run({ cmd: 'fetch', paths: paths('a'), parallel: 4 }),
      b.run({ cmd: 'fetch', paths: paths('b'), parallel: 4 }),
    ]);

    expect(target.log).toHaveLength(16);
    console.info(
      `politeness: concurrency configured 2, observed at most ${target.maxInFlight()} in flight (8 asked by each of 2 processes)`,
    );
    expect(target.maxInFlight()).toBe(2);
  });

  it('pauses the source for the other process when one sees a 429 with Retry-After', async () => {
    const target = await server((path, count) =>
      path === '/limited' && count === 0
        ? { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' }
        : {},
    );
    const source = sourceAt(target.url, { requestsPerSecond: 20, concurrency: 1 });
    // A hash-tagged prefix, as on Redis Cluster.
    const prefix = newPrefix(true);
    const config: GateWorkerConfig = { redisUrl: testRedisUrl, prefix, source };
    const [a, b] = await Promise.all([startWorker(config), startWorker(config)]);

    const limited = (await a.run({ cmd: 'fetch', paths: ['/limited'], parallel: 1 })) as Extract<
      GateWorkerMessage,
      { type: 'fetched' }
    >;
    expect(limited.results[0]).toMatchObject({ outcome: 'error', kind: 'throttled', retryAfterMs: 2000 });
    const refusedAt = target.log[0]!.at;

    await b.run({ cmd: 'fetch', paths: ['/after'], parallel: 1 });
    const after = target.log.find((entry) => entry.path === '/after')!;
    console.info(
      `politeness: Retry-After 2 s seen by process A; process B's next request came ${after.at - refusedAt} ms later`,
    );
    expect(after.at - refusedAt).toBeGreaterThanOrEqual(2000 - SPACING_TOLERANCE_MS);
    expect(target.log.map((entry) => entry.path)).toEqual(['/limited', '/after']);

    const keys = await redis.keys(`${prefix.replace(/[{}]/g, '\\$&')}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(`${prefix}:gate:{gate-test}:`), key).toBe(true);
  });

  it('gives a crashed worker’s concurrency slot back after the lease TTL', async () => {
    const target = await server();
    const source = sourceAt(target.url, { requestsPerSecond: 50, concurrency: 1 });
    const prefix = newPrefix();
    const crashing = await startWorker({ redisUrl: testRedisUrl, prefix, source, leaseTtlMs: 1500 });
    await crashing.run({ cmd: 'hold' });
    // Well past one TTL while it lives: renewals keep the slot held.
    const gate = new RedisSourceGate({ redis: testRedisUrl, prefix, leaseTtlMs: 1500, maxPollMs: 50 });
    try {
      const pending = gate.acquire(source);
      const early = await Promise.race([
        pending.then(() => 'acquired'),
        new Promise((resolve) => setTimeout(() => resolve('still held'), 2500)),
      ]);
      expect(early).toBe('still held');

      crashing.child.kill('SIGKILL');
      const killedAt = Date.now();
      await waitForExit(crashing.child);
      // The same acquire, still waiting, is the one that gets the slot back.
      const release = await pending;
      const waited = Date.now() - killedAt;
      console.info(`politeness: slot of a killed worker came back after ${waited} ms (lease TTL 1500 ms)`);
      expect(waited).toBeLessThan(1500 + 1000);
      await release();
    } finally {
      await gate.close();
    }
  });

  it('grants the requests waiting together in one look, each its own slot and start time, and reuses a slot given back with the next start time reserved', async () => {
    const prefix = newPrefix();
    // The gate's own connection, what it sends recorded: MONITOR would also stream every other test
    // file's traffic on the shared Redis, which its reply parser has choked on.
    const client = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
    const commands: string[] = [];
    const send = client.sendCommand.bind(client);
    client.sendCommand = (command, stream) => {
      commands.push(command.name.toLowerCase());
      return send(command, stream);
    };
    // Start times 50 ms apart and handed out up to a second ahead: one look reserves a run of eight
    // (the source takes eight at a time) over 350 ms, so the fifth start, asked for after the first
    // four are out, is still ahead even when a loaded machine holds this test back for a while.
    const gate = new RedisSourceGate({ redis: client, prefix, maxReserveMs: 1000 });
    // A look is one call of the grant script (renewals run a script of their own).
    let looks = 0;
    const scripts = client as unknown as { gateGrant: (...args: unknown[]) => Promise<unknown> };
    const grant = scripts.gateGrant.bind(client);
    scripts.gateGrant = (...args) => {
      looks++;
      return grant(...args);
    };
    const source = sourceAt('http://127.0.0.1:9/', { requestsPerSecond: 20, concurrency: 8 });
    const leasesKey = `${prefix}:gate:{${source.id}}:leases`;
    try {
      const releases = await Promise.all(Array.from({ length: 4 }, () => gate.acquire(source)));
      expect(await redis.zcard(leasesKey)).toBe(4);
      // One request over, the next asks at once (as a fetch job's next page does): the slot is reused,
      // never given back and taken again, and its start time is the next of the run Redis reserved
      // with the first four.
      await releases.pop()!();
      releases.push(await gate.acquire(source));
      expect(await redis.zcard(leasesKey)).toBe(4);
      await Promise.all(releases.map((release) => release()));
      // Nothing asks for them any more: the slots go back to every process.
      await vi.waitFor(async () => expect(await redis.zcard(leasesKey)).toBe(0));
      expect(looks).toBe(1);
      expect(commands.filter((command) => command === 'zrem')).toHaveLength(1);
    } finally {
      await gate.close();
      client.disconnect();
    }
  });

  it('keeps a slot granted for a request that a slot given back served meanwhile, and hands it to the next', async () => {
    const prefix = newPrefix();
    // Start times 10 ms apart, a run of five reserved at once (the source takes five at a time).
    const gate = new RedisSourceGate({ redis: testRedisUrl, prefix, maxReserveMs: 1000 });
    const source = sourceAt('http://127.0.0.1:9/', { requestsPerSecond: 100, concurrency: 5 });
    const leasesKey = `${prefix}:gate:{${source.id}}:leases`;
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    try {
      const [first, second] = await Promise.all([gate.acquire(source), gate.acquire(source)]);
      // Three more ask together: one call to Redis goes out for them.
      const waiting = [gate.acquire(source), gate.acquire(source), gate.acquire(source)];
      await Promise.resolve();
      // While its answer is on the way, a slot comes back with a start time of the first run left:
      // it serves the first of the three, and Redis's answer then holds a slot nobody waits for.
      await first!();
      const releases = await Promise.all(waiting);
      // Every request got its slot; the one granted spare serves the next request.
      releases.push(await gate.acquire(source));
      expect(await redis.zcard(leasesKey)).toBeLessThanOrEqual(5);
      await Promise.all([second!(), ...releases.map((release) => release())]);
      await vi.waitFor(async () => expect(await redis.zcard(leasesKey)).toBe(0));
      // No callback of the gate ran into a request that was no longer there.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(crashes).toEqual([]);
    } finally {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      await gate.close();
    }
  });

  it('keeps the longer of two pauses, and never stores one longer than MAX_SOURCE_WAIT_MS', async () => {
    const prefix = newPrefix();
    const gate = new RedisSourceGate({ redis: testRedisUrl, prefix });
    const source = sourceAt('http://127.0.0.1:9/', { requestsPerSecond: 1 });
    // What is left of the pause, read the way the gate's script reads it (Redis's clock).
    const pausedFor = async () => {
      const untilAt = await redis.hget(`${prefix}:gate:{${source.id}}:state`, 'pausedUntil');
      const [seconds, micros] = await redis.time();
      return Number(untilAt ?? 0) - (Number(seconds) * 1000 + Math.floor(Number(micros) / 1000));
    };
    try {
      await gate.pause(source.id, 30_000);
      await gate.pause(source.id, 5_000); // never shortens a pause in force
      expect(await pausedFor()).toBeGreaterThan(25_000);
      // A source asking for a week (or more than setTimeout can hold) stalls workers 10 minutes at most.
      await gate.pause(source.id, 2 ** 40);
      const left = await pausedFor();
      expect(left).toBeGreaterThan(MAX_SOURCE_WAIT_MS - 5_000);
      expect(left).toBeLessThanOrEqual(MAX_SOURCE_WAIT_MS);
    } finally {
      await gate.close();
    }
  });
});

describe('InProcessSourceGate', () => {
  it('holds a request that was already waiting when a pause arrives', async () => {
    const gate = new InProcessSourceGate();
    const source = sourceAt('http://127.0.0.1:9/', { requestsPerSecond: 10 });
    const first = await gate.acquire(source);
    await first();
    const second = gate.acquire(source); // waits ~100 ms for its slot
    await gate.pause(source.id, 400);
    const started = Date.now();
    await (
      await second
    )();
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });
});

describe('HttpFetcher retry classes', () => {
  class RecordingGate extends InProcessSourceGate {
    pauses: Array<{ sourceId: string; ms: number }> = [];
    override async pause(sourceId: string, ms: number): Promise<void> {
      this.pauses.push({ sourceId, ms });
      await super.pause(sourceId, ms);
    }
  }

  it('pauses the source on a 429, on flood control, and throws throttled', async () => {
    const target = await server((path) =>
      path === '/429'
        ? { status: 429, headers: { 'retry-after': '3' } }
        : {
            body: '<div class="blockMessage">You must wait at least 10 seconds before performing this action.</div>',
          },
    );
    const gate = new RecordingGate();
    const fetcher = new HttpFetcher({ gate });
    try {
      const source = sourceAt(target.url, { requestsPerSecond: 50 });
      await expect(fetcher.fetch(source, `${target.url}/429`)).rejects.toMatchObject({
        kind: 'throttled',
        reason: 'rate-limited',
        retryAfterMs: 3000,
      });
      // A fresh gate, so the first pause does not hold the second request back.
      const flood = new HttpFetcher({ gate: new RecordingGate() });
      await expect(flood.fetch(source, `${target.url}/search`)).rejects.toMatchObject({
        kind: 'throttled',
        reason: 'flood-control',
        retryAfterMs: 15_000,
      });
      await flood.close();
      expect(gate.pauses).toEqual([{ sourceId: 'gate-test', ms: 3000 }]);
    } finally {
      await fetcher.close();
    }
  });

  it('stops on a challenge: blocked for a source the browser may take over, permanent for an HTTP-only one or a CAPTCHA', async () => {
    const target = await server((path) =>
      path === '/captcha'
        ? { body: '<html><body><p>Please complete the CAPTCHA to continue.</p></body></html>' }
        : {
            status: 203,
            body: '<!DOCTYPE html><html id="sssg" data-sssg-challenge="x"><body>One moment</body></html>',
          },
    );
    const gate = new RecordingGate();
    const fetcher = new HttpFetcher({ gate });
    try {
      const auto = { ...sourceAt(target.url, { requestsPerSecond: 50 }), fetch: 'auto' as const };
      await expect(fetcher.fetch(auto, `${target.url}/thread`)).rejects.toMatchObject({
        kind: 'blocked',
        reason: 'challenge:kiwiflare',
      });
      await expect(fetcher.fetch({ ...auto, fetch: 'http' }, `${target.url}/thread`)).rejects.toBeInstanceOf(
        ChallengeStopError,
      );
      await expect(fetcher.fetch(auto, `${target.url}/captcha`)).rejects.toMatchObject({
        challenge: 'captcha',
      });
      // A challenge is not a reason to pause everyone: the browser path may go on at once.
      expect(gate.pauses).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });

  it('refuses a page over the size limit once, without retrying it', async () => {
    const target = await server(() => ({ body: 'x'.repeat(64 * 1024) }));
    // Wrapped as production wraps it: a retryable kind would show up here as a second request.
    const fetcher = new RetryingFetcher(
      new HttpFetcher({ gate: new InProcessSourceGate(), maxBodyBytes: 1024 }),
      {
        baseDelayMs: 1,
      },
    );
    try {
      const error = await fetcher
        .fetch(sourceAt(target.url, { requestsPerSecond: 50 }), `${target.url}/big`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'refused', reason: 'too-large' });
      expect(isFinalError(error)).toBe(true);
      expect(target.log).toHaveLength(1);
    } finally {
      await fetcher.close();
    }
  });

  it('calls a refused connection unreachable', async () => {
    const gone = await server();
    const url = gone.url;
    await gone.close();
    const fetcher = new HttpFetcher({ gate: new InProcessSourceGate() });
    try {
      await expect(fetcher.fetch(sourceAt(url, { requestsPerSecond: 50 }), `${url}/x`)).rejects.toMatchObject(
        {
          kind: 'unreachable',
          reason: 'ECONNREFUSED',
        },
      );
    } finally {
      await fetcher.close();
    }
  });
});
