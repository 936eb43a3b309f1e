import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredCookie } from '../../workers/fetchers/cookie-jar.js';
import { RedisClearanceStore } from '../../workers/fetchers/shared-clearance.js';
import { testRedisUrl } from '../support/redis-dump.js';

const prefix = `esclear${randomBytes(3).toString('hex')}`;
const redis = new Redis(testRedisUrl);
const store = new RedisClearanceStore({ redis: testRedisUrl, prefix });

function cookie(name: string, expiresInSeconds: number | null): StoredCookie {
  return {
    name,
    value: randomBytes(8).toString('hex'),
    domain: '127.0.0.1',
    path: '/',
    expires: expiresInSeconds === null ? -1 : Math.floor(Date.now() / 1000) + expiresInSeconds,
    httpOnly: true,
    secure: false,
    sameSite: 'Lax',
  };
}

afterAll(async () => {
  await store.close();
  await redis.quit();
});

describe('clearances shared through Redis', () => {
  it('hands another process the cookies, for no longer than the shortest of them lives', async () => {
    const cookies = [cookie('sssg_clearance', 120), cookie('session', null)];
    await store.publish('kiwifarms', cookies);
    const other = new RedisClearanceStore({ redis: testRedisUrl, prefix });
    try {
      expect(await other.load('kiwifarms')).toEqual(cookies);
    } finally {
      await other.close();
    }
    const ttl = await redis.pttl(`${prefix}:clearance:kiwifarms`);
    expect(ttl).toBeGreaterThan(100_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
    expect(await store.load('doxbin')).toEqual([]);
  });

  it('keeps session cookies half an hour at most, publishes nothing expired, and reads nothing malformed', async () => {
    await store.publish('rentry', [cookie('session', null)]);
    expect(await redis.pttl(`${prefix}:clearance:rentry`)).toBeLessThanOrEqual(30 * 60_000);
    await store.publish('pastebin', [cookie('old', -10)]);
    expect(await redis.exists(`${prefix}:clearance:pastebin`)).toBe(0);
    await redis.set(`${prefix}:clearance:lolcow`, JSON.stringify([{ name: 'x', value: 1 }]));
    expect(await store.load('lolcow')).toEqual([]);
    await redis.set(`${prefix}:clearance:lolcow`, '{not json');
    expect(await store.load('lolcow')).toEqual([]);
  });
});
