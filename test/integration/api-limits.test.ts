import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestLimits } from '../../services/api/plugins/rate-limit.plugin.js';
import { WebSessions } from '../../services/web/session/web-sessions.js';
import { WebSessionRepository } from '../../shared/db/repositories/web-session.repository.js';
import type { RateLimitSettings } from '../../shared/config.js';
import { createKeyedHasher } from '../../shared/crypto/keyed-hash.js';
import { openApiHarness, type ApiHarness } from '../support/api-app.js';

/**
 * The API's limits as two instances sharing one Redis see them (each with its own connection and its
 * own in-memory fallback, so only Redis can make them agree): one budget per API key, health checks
 * never counted, failed authentications limited per client address with longer blocks on repeats, and
 * the address read through a trusted proxy only.
 */
const settings: RateLimitSettings = {
  perKeyPerMinute: 5,
  perAddressPerMinute: 4,
  authFailures: 3,
  authBlockSeconds: 2,
};

describe('API limits shared across instances', () => {
  let harness: ApiHarness;
  const prefix = `limits-test-${randomBytes(4).toString('hex')}`;
  const connections: Redis[] = [];
  let a: FastifyInstance;
  let b: FastifyInstance;
  let behindProxy: FastifyInstance;
  let key: string;
  let otherKey: string;
  const hash = createKeyedHasher(randomBytes(32));
  const addresses = new Set<string>();

  const limits = () => {
    const redis = new Redis('redis://127.0.0.1:6379', {
      commandTimeout: 500,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    connections.push(redis);
    return new RequestLimits({ settings, redis, prefix, hash });
  };

  beforeAll(async () => {
    harness = await openApiHarness();
    key = await harness.newKey('Safety Line');
    otherKey = await harness.newKey('Other');
    a = await harness.build({ limits: limits() });
    b = await harness.build({ limits: limits() });
    behindProxy = await harness.build({ limits: limits(), trustProxy: ['127.0.0.1'] });
    // Connections are lazy: let them be ready, so a first request does not fall back to memory.
    await Promise.all(
      connections.map((redis) =>
        redis.status === 'ready' ? undefined : new Promise((resolve) => redis.once('ready', resolve)),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all([a, b, behindProxy].map((app) => app?.close()));
    const keys = await connections[0]!.keys(`${prefix}:*`);
    if (keys.length) await connections[0]!.del(...keys);
    connections.forEach((redis) => redis.disconnect());
    await harness?.close();
  });

  const get = (
    app: FastifyInstance,
    url: string,
    options: { key?: string; from?: string; xff?: string } = {},
  ) => {
    addresses.add(options.from ?? '192.0.2.1');
    if (options.xff) addresses.add(options.xff);
    return app.inject({
      method: 'GET',
      url,
      remoteAddress: options.from ?? '192.0.2.1',
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.xff ? { 'x-forwarded-for': options.xff } : {}),
      },
    });
  };

  it('holds one budget per API key across two instances, and tells when to come back', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(i % 2 ? b : a, '/v1/sources', { key })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    for (const app of [a, b]) {
      const refused = await get(app, '/v1/sources', { key });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(refused.body).not.toContain(key);
    }
    // Another organisation's key has its own budget, on either instance.
    expect((await get(a, '/v1/sources', { key: otherKey })).statusCode).toBe(200);
    expect((await get(b, '/v1/sources', { key: otherKey })).statusCode).toBe(200);
    // The count lives in Redis under the key's id, never the key itself.
    const stored = await connections[0]!.keys(`${prefix}:limit:key*`);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.join(' ')).not.toContain(key);
  });

  it('never limits the health checks, even for an address past its budget', async () => {
    const from = '192.0.2.50';
    const pages: number[] = [];
    for (let i = 0; i < 6; i++) pages.push((await get(i % 2 ? b : a, '/no-such-page', { from })).statusCode);
    expect(pages.slice(0, 4)).toEqual([404, 404, 404, 404]);
    expect(pages.slice(4)).toEqual([429, 429]);
    for (let i = 0; i < 30; i++) {
      const app = i % 2 ? b : a;
      const health = await get(app, '/healthz', { from });
      const ready = await get(app, '/readyz', { from });
      expect([health.statusCode, ready.statusCode]).toEqual([200, 200]);
      expect(health.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('limits failed authentications per address across instances, each block after a repeat longer', async () => {
    const from = '198.51.100.7';
    // A key of its own: the first test spent the shared one's budget.
    const key = await harness.newKey('Third');
    // Missing and unknown keys both count; the allowance is shared by the two instances.
    expect((await get(a, '/v1/sources', { from })).statusCode).toBe(401);
    expect((await get(b, '/v1/sources', { from, key: 'esk_wrong1' })).statusCode).toBe(401);
    expect((await get(a, '/v1/sources', { from, key: 'esk_wrong2' })).statusCode).toBe(401);
    const blocked = await get(b, '/v1/sources', { from, key: 'esk_wrong3' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(blocked.headers['retry-after']).toBe('2');
    expect(blocked.body).not.toContain('esk_wrong3');

    // While blocked, even the right key is not looked at, on either instance.
    const withKey = await get(a, '/v1/sources', { from, key });
    expect(withKey.statusCode).toBe(429);
    expect(Number(withKey.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not blocked.
    expect((await get(a, '/v1/sources', { from: '198.51.100.8', key: 'esk_wrong4' })).statusCode).toBe(401);
    expect((await get(b, '/v1/sources', { from: '198.51.100.8', key })).statusCode).toBe(200);

    // After the block, the address gets its allowance back; the next block lasts twice as long.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect((await get(a, '/v1/sources', { from, key })).statusCode).not.toBe(429);
    for (let i = 0; i < 3; i++) expect((await get(b, '/v1/sources', { from })).statusCode).toBe(401);
    const again = await get(a, '/v1/sources', { from });
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe('4');
  });

  it("counts keys typed into the pages' sign-in form as the API's, on the same address", async () => {
    const from = '198.51.100.77';
    const sessions = new WebSessions(new WebSessionRepository(harness.runtime.database.db));
    const web = await harness.build({ limits: limits(), web: { sessions, proxyConfigured: false } });
    const connected = connections.at(-1)!;
    if (connected.status !== 'ready') await new Promise((resolve) => connected.once('ready', resolve));
    try {
      const form = await web.inject({ method: 'GET', url: '/sign-in', remoteAddress: from });
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const cookie = form.cookies.find((c) => c.name === 'es_signin')!.value;
      const signIn = (apiKey: string) =>
        web.inject({
          method: 'POST',
          url: '/sign-in',
          remoteAddress: from,
          cookies: { es_signin: cookie },
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: token, apiKey }).toString(),
        });
      // Two wrong keys through the API, one through the form: the fourth, in the form, is refused.
      expect((await get(a, '/v1/sources', { from, key: 'esk_api1' })).statusCode).toBe(401);
      expect((await get(b, '/v1/sources', { from, key: 'esk_api2' })).statusCode).toBe(401);
      expect((await signIn('esk_form1')).statusCode).toBe(401);
      const refused = await signIn('esk_form2');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.body).toContain('Too many keys were tried from here.');
      expect(refused.body).not.toContain('esk_form2');
      // Blocked, the right key is not looked up, in the form or the API.
      const right = await harness.newKey('Form');
      expect((await signIn(right)).statusCode).toBe(429);
      expect((await get(a, '/v1/sources', { from, key: right })).statusCode).toBe(429);
    } finally {
      await web.close();
    }
  });

  it('reads the client address behind a trusted proxy, and only there', async () => {
    const key = await harness.newKey('Fourth');
    // Through the trusted proxy: two clients, told apart by X-Forwarded-For.
    for (let i = 0; i < 4; i++) {
      await get(behindProxy, '/v1/sources', { from: '127.0.0.1', xff: '203.0.113.5' });
    }
    const first = await get(behindProxy, '/v1/sources', { from: '127.0.0.1', xff: '203.0.113.5' });
    expect(first.statusCode).toBe(429);
    const second = await get(behindProxy, '/v1/sources', { from: '127.0.0.1', xff: '203.0.113.6', key });
    expect(second.statusCode).not.toBe(429);

    // Without trust, the header is ignored: changing it does not reset the count.
    const from = '192.0.2.99';
    for (let i = 0; i < 3; i++) {
      expect((await get(a, '/v1/sources', { from, xff: `203.0.113.${10 + i}` })).statusCode).toBe(401);
    }
    expect((await get(a, '/v1/sources', { from, xff: '203.0.113.99' })).statusCode).toBe(429);
  });

  it('keeps every count in Redis under a keyed hash: no address or key id in clear', async () => {
    const keys = (await connections[0]!.keys(`${prefix}:*`)).join(' ');
    expect(keys).toContain(`${prefix}:limit:auth-failures`);
    expect(addresses.size).toBeGreaterThan(5);
    for (const address of addresses) expect(keys).not.toContain(address);
    expect(keys).not.toContain('api-key:');
  });
});
