import { describe, expect, it } from 'vitest';
import { SourceCookieJar, type StoredCookie } from '../../workers/fetchers/cookie-jar.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function cookie(overrides: Partial<StoredCookie> = {}): StoredCookie {
  return {
    name: 'sssg_clearance',
    value: 'token-1',
    domain: 'forum.replica.test',
    path: '/',
    expires: -1,
    httpOnly: false,
    secure: false,
    sameSite: 'Lax',
    ...overrides,
  };
}

describe('SourceCookieJar', () => {
  it('sends a host-only cookie to that host and to no other', () => {
    const jar = new SourceCookieJar();
    jar.store('kf', [cookie()], NOW);
    expect(jar.cookieHeader('kf', 'https://forum.replica.test/threads/a.1/')).toBe('sssg_clearance=token-1');
    expect(jar.cookieHeader('kf', 'https://sub.forum.replica.test/')).toBeUndefined();
    expect(jar.cookieHeader('kf', 'https://other.test/')).toBeUndefined();
  });

  it('keeps sources apart even on the same host', () => {
    const jar = new SourceCookieJar();
    jar.store('kf', [cookie()], NOW);
    expect(jar.cookieHeader('kf-search', 'https://forum.replica.test/')).toBeUndefined();
  });

  it('sends a domain cookie (leading dot) to the domain and its subdomains', () => {
    const jar = new SourceCookieJar();
    jar.store('kf', [cookie({ domain: '.replica.test' })], NOW);
    expect(jar.cookieHeader('kf', 'https://forum.replica.test/')).toBe('sssg_clearance=token-1');
    expect(jar.cookieHeader('kf', 'https://replica.test/')).toBe('sssg_clearance=token-1');
    expect(jar.cookieHeader('kf', 'https://notreplica.test/')).toBeUndefined();
  });

  it('matches paths on segment boundaries, most specific first', () => {
    const jar = new SourceCookieJar();
    jar.store(
      'kf',
      [cookie({ name: 'root', value: 'r' }), cookie({ name: 'threads', value: 't', path: '/threads' })],
      NOW,
    );
    expect(jar.cookieHeader('kf', 'https://forum.replica.test/threads/a.1/')).toBe('threads=t; root=r');
    expect(jar.cookieHeader('kf', 'https://forum.replica.test/threadsx')).toBe('root=r');
  });

  it('never sends a secure cookie over plain http', () => {
    const jar = new SourceCookieJar();
    jar.store('kf', [cookie({ secure: true })], NOW);
    expect(jar.cookieHeader('kf', 'http://forum.replica.test/')).toBeUndefined();
    expect(jar.cookieHeader('kf', 'https://forum.replica.test/')).toBe('sssg_clearance=token-1');
  });

  it('drops expired cookies and replaces a cookie with the same name, domain and path', () => {
    const jar = new SourceCookieJar();
    const inOneMinute = NOW / 1000 + 60;
    jar.store('kf', [cookie({ expires: inOneMinute })], NOW);
    jar.store('kf', [cookie({ value: 'token-2', expires: inOneMinute })], NOW);
    expect(jar.cookiesFor('kf', 'https://forum.replica.test/', NOW)).toHaveLength(1);
    expect(jar.cookiesFor('kf', 'https://forum.replica.test/', NOW)[0]?.value).toBe('token-2');
    expect(jar.cookiesFor('kf', 'https://forum.replica.test/', NOW + 61_000)).toEqual([]);
    jar.store('kf', [cookie({ expires: NOW / 1000 - 1 })], NOW);
    expect(jar.cookiesFor('kf', 'https://forum.replica.test/', NOW)).toEqual([]);
  });

  it('forgets one source or all of them on clear', () => {
    const jar = new SourceCookieJar();
    jar.store('a', [cookie()], NOW);
    jar.store('b', [cookie()], NOW);
    jar.clear('a');
    expect(jar.cookieHeader('a', 'https://forum.replica.test/')).toBeUndefined();
    expect(jar.cookieHeader('b', 'https://forum.replica.test/')).toBeDefined();
    jar.clear();
    expect(jar.cookieHeader('b', 'https://forum.replica.test/')).toBeUndefined();
  });

  it('holds a bounded number of cookies per source, whatever a site sets', () => {
    const jar = new SourceCookieJar();
    jar.store(
      'kf',
      Array.from({ length: 500 }, (_, i) => cookie({ name: `c${i}` })),
      NOW,
    );
    expect(jar.cookiesFor('kf', 'https://forum.replica.test/', NOW).length).toBeLessThanOrEqual(64);
  });
});
