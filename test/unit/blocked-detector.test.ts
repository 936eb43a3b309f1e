import { describe, expect, it } from 'vitest';
import { SourceError } from '../../shared/errors.js';
import {
  classifyResponse,
  DEFAULT_THROTTLE_MS,
  MAX_SOURCE_WAIT_MS,
  parseRetryAfter,
  throttledError,
} from '../../workers/fetchers/blocked-detector.js';
import { readFixture as sample } from '../support/fixtures.js';

const page = (status: number, body: string, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body,
});

describe('classifyResponse', () => {
  it('calls the KiwiFlare sample (203, html#sssg) a challenge the browser may pass', () => {
    expect(classifyResponse(page(203, sample('kiwifarms/kiwiflare_challenge.html')))).toEqual({
      kind: 'blocked',
      reason: 'challenge:kiwiflare',
      challenge: 'kiwiflare',
    });
  });

  it('calls html#ttrs (the successor) a challenge', () => {
    expect(
      classifyResponse(
        page(200, '<!DOCTYPE html><html id="ttrs" data-ttrs-challenge="x"><body></body></html>'),
      ),
    ).toMatchObject({
      kind: 'blocked',
      reason: 'challenge:ttrs',
    });
  });

  it('calls the archive.today sample ("Please complete the CAPTCHA") a CAPTCHA', () => {
    expect(classifyResponse(page(200, sample('archive_today/captcha.html')))).toMatchObject({
      kind: 'blocked',
      reason: 'challenge:captcha',
    });
  });

  it('calls the CAPTCHA wording alone a CAPTCHA on a small page', () => {
    expect(
      classifyResponse(
        page(200, '<html><body><p>Please complete the CAPTCHA to continue.</p></body></html>'),
      ),
    ).toMatchObject({
      reason: 'challenge:captcha',
    });
  });

  it('calls Cloudflare "Just a moment..." on 403/503 a challenge', () => {
    const body =
      '<html><head><title>Just a moment...</title></head><body><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></body></html>';
    expect(classifyResponse(page(403, body))).toMatchObject({
      kind: 'blocked',
      reason: 'challenge:cloudflare',
    });
    expect(classifyResponse(page(503, body))).toMatchObject({
      kind: 'blocked',
      reason: 'challenge:cloudflare',
    });
  });

  it('reads XenForo flood control as throttled, with the forum’s wait plus a margin', () => {
    const body =
      '<div class="blockMessage">You must wait at least 30 seconds before performing this action.</div>';
    expect(classifyResponse(page(200, body))).toEqual({
      kind: 'throttled',
      reason: 'flood-control',
      retryAfterMs: 35_000,
    });
  });

  it('reads 429 with Retry-After in seconds or as a date', () => {
    expect(classifyResponse(page(429, 'slow down', { 'retry-after': '7' }))).toEqual({
      kind: 'throttled',
      reason: 'rate-limited',
      retryAfterMs: 7000,
    });
    const verdict = classifyResponse(
      page(429, '', { 'retry-after': new Date(Date.now() + 20_000).toUTCString() }),
    );
    expect(verdict?.kind).toBe('throttled');
    expect((verdict as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(18_000);
  });

  it('caps what a source asks for at MAX_SOURCE_WAIT_MS (10 minutes)', () => {
    expect(MAX_SOURCE_WAIT_MS).toBe(600_000);
    const flood =
      '<div class="blockMessage">You must wait at least 99999999 seconds before performing this action.</div>';
    expect(classifyResponse(page(200, flood))).toEqual({
      kind: 'throttled',
      reason: 'flood-control',
      retryAfterMs: MAX_SOURCE_WAIT_MS,
    });
    expect(classifyResponse(page(429, '', { 'retry-after': '99999999999' }))).toMatchObject({
      retryAfterMs: MAX_SOURCE_WAIT_MS,
    });
    expect(classifyResponse(page(503, '', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }))).toMatchObject(
      { retryAfterMs: MAX_SOURCE_WAIT_MS },
    );
  });

  it('backs off 60 s on a 429 or 503 that does not say how long', () => {
    expect(classifyResponse(page(429, ''))).toMatchObject({ retryAfterMs: DEFAULT_THROTTLE_MS });
    expect(classifyResponse(page(503, 'maintenance'))).toMatchObject({
      kind: 'throttled',
      reason: 'unavailable',
      retryAfterMs: DEFAULT_THROTTLE_MS,
    });
  });

  it('lets ordinary pages through, including a thread that talks about CAPTCHAs at length', () => {
    expect(classifyResponse(page(200, sample('kiwifarms/thread_page.html')))).toBeNull();
    expect(classifyResponse(page(200, sample('pastebin/archive.html')))).toBeNull();
    expect(classifyResponse(page(404, 'not found'))).toBeNull();
    const longThread = `<html><body>${'<article>words '.repeat(10_000)}Please complete the CAPTCHA, he said.</article></body></html>`;
    expect(classifyResponse(page(200, longThread))).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('ignores what is neither seconds nor a date', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
    expect(parseRetryAfter(' 12 ')).toBe(12_000);
  });

  it('caps a huge number of seconds, a date far ahead, and a number too long for a double', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('99999999', now)).toBe(MAX_SOURCE_WAIT_MS);
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(MAX_SOURCE_WAIT_MS);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now)).toBe(MAX_SOURCE_WAIT_MS);
    // Under the cap, what the source said is kept.
    expect(parseRetryAfter('600', now)).toBe(600_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:02:00 GMT', now)).toBe(120_000);
  });
});

describe('throttledError', () => {
  const source = { id: 'forum', name: 'Forum' };

  it('words a throttled verdict the same for both fetch paths, with the wait and reason kept', () => {
    const error = throttledError(
      source,
      { kind: 'throttled', reason: 'rate-limited', retryAfterMs: 7000 },
      429,
    );
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({
      sourceId: 'forum',
      message: 'Forum asked us to slow down (HTTP 429)',
      retryAfterMs: 7000,
      kind: 'throttled',
      reason: 'rate-limited',
    });
    expect(
      throttledError(source, { kind: 'throttled', reason: 'flood-control', retryAfterMs: 35_000 }, 200)
        .message,
    ).toBe('Forum asked us to slow down (flood control)');
  });
});
