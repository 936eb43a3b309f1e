import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import {
  createWaybackAdapter,
  handleFilter,
  waybackCaptureOf,
} from '../../workers/sources/wayback.adapter.js';
import { readFixture as sample } from '../support/fixtures.js';
import { captureFrom, createWaybackReplica } from '../replicas/wayback.replica.js';

const wayback: SourceEntry = sourceEntrySchema.parse({
  id: 'wayback',
  name: 'Wayback Machine',
  adapter: 'wayback',
  trust: 'neutral',
  baseUrl: 'https://web.archive.org',
  fetch: 'http',
  options: {
    hosts: ['kiwifarms-replica.example/threads/', 'rentry.co/{q}'],
    adapters: { 'kiwifarms-replica.example': 'xenforo', 'rentry.co': 'rentry' },
    limit: 3,
  },
  politeness: { requestsPerSecond: 1, concurrency: 1, maxResultPages: 10, maxPagesPerScan: 10 },
});
const adapter = createWaybackAdapter(getAdapter);
const thread = 'https://kiwifarms-replica.example/threads/marrowfinink-tamsin-brackwater.61002/';

describe('wayback adapter: CDX search', () => {
  it('asks CDX for captures under the first host whose address holds the handle', () => {
    const url = new URL(adapter.searchUrl(wayback, 'Marrowfin_Ink'));
    expect(`${url.origin}${url.pathname}`).toBe('https://web.archive.org/cdx/search/cdx');
    expect(url.searchParams.get('url')).toBe('kiwifarms-replica.example/threads/');
    expect(url.searchParams.get('matchType')).toBe('prefix');
    expect(url.searchParams.get('output')).toBe('json');
    expect(url.searchParams.getAll('filter')).toEqual([
      'statuscode:200',
      'original:(?i).*(?:Marrowfin_Ink|Marrowfin[^a-z0-9]?Ink).*',
    ]);
    expect(url.searchParams.get('collapse')).toBe('digest');
    expect(url.searchParams.get('showResumeKey')).toBe('true');
    expect(url.searchParams.get('limit')).toBe('3');
    expect(adapter.searchMode).toBe('query');
  });

  it('escapes regex characters of the handle', () => {
    expect(handleFilter('a.b+c')).toBe('original:(?i).*(?:a\\.b\\+c|a[^a-z0-9]?b[^a-z0-9]?c).*');
    expect(handleFilter('plain')).toBe('original:(?i).*plain.*');
  });

  it('reads the JSON sample: drops the 203 capture, points at raw id_ replays, resumes with the key', () => {
    const first = adapter.searchUrl(wayback, 'marrowfin');
    const page = adapter.parseSearchPage(wayback, sample('wayback/cdx.json'), first);
    expect(page.outcome).toBe('results');
    expect(page.pages).toEqual([
      { url: `https://web.archive.org/web/20261020061000id_/${thread}` },
      { url: `https://web.archive.org/web/20261024091533id_/${thread}page-2` },
    ]);
    // Sent back exactly as printed: this sample prints it unencoded.
    expect(page.next).toContain(
      '&resumeKey=example,kiwifarms-replica)/threads/marrowfinink-tamsin-brackwater.61002/page-3+20261028010203',
    );
    expect(new URL(page.next ?? '').searchParams.get('url')).toBe('kiwifarms-replica.example/threads/');
  });

  it('sends a percent-encoded resume key back as received, never encoded twice', () => {
    const first = adapter.searchUrl(wayback, 'marrowfin');
    const key = 'example%2Ckiwifarms-replica%29%2Fthreads%2Fmarrowfin.61002%2F+20261028010203';
    const body = JSON.stringify([
      ['urlkey', 'timestamp', 'original', 'statuscode', 'digest'],
      ['k', '20261020061000', thread, '200', 'D1'],
      [],
      [key],
    ]);
    const next = adapter.parseSearchPage(wayback, body, first).next ?? '';
    expect(next.endsWith(`&resumeKey=${key}`)).toBe(true);
    expect(next).not.toContain('%25');
    // A key holding what a query string cannot carry as it is gets only that escaped.
    const odd = JSON.stringify([
      ['urlkey', 'timestamp', 'original'],
      ['k', '20261020061000', thread],
      [],
      ['a b#c&d'],
    ]);
    expect(adapter.parseSearchPage(wayback, odd, first).next).toContain('&resumeKey=a%20b%23c%26d');
  });

  it('pages through the CDX replica with its encoded resume keys, to the end and without repeats', () => {
    const origin = 'https://kiwifarms-replica.example';
    const captures = Array.from({ length: 7 }, (_, i) => ({
      original: `${origin}/threads/marrowfin-ink-${i}.6100${i}/${i % 2 ? 'page-2' : ''}`,
      timestamp: `2026102${i}061000`,
      statuscode: '200',
      mimetype: 'text/html',
      digest: `DIGEST${i}`,
      body: `<p>capture ${i}</p>`,
    }));
    const replica = createWaybackReplica(captures);
    const source = { ...wayback, options: { ...wayback.options, limit: 2 } };
    const seen: string[] = [];
    const keys: string[] = [];
    let url: string | undefined = adapter.searchUrl(source, 'marrowfin_ink');
    let pages = 0;
    while (url && new URL(url).searchParams.get('url') === 'kiwifarms-replica.example/threads/') {
      const answer = captureFrom(replica, url);
      expect(answer.status).toBe(200);
      const page = adapter.parseSearchPage(source, answer.body, url);
      expect(page.outcome).toBe('results');
      seen.push(...page.pages.map((ref) => ref.url));
      pages++;
      url = page.next;
      const key = /[?&]resumeKey=([^&]*)/.exec(url ?? '')?.[1];
      if (key) keys.push(key);
    }
    expect(pages).toBe(4);
    expect(keys).toHaveLength(3);
    for (const key of keys)
      expect(key).toMatch(
        /^example%2Ckiwifarms-replica%29%2Fthreads%2Fmarrowfin-ink-\d\.\d+%2F(?:page-2)?\+\d{14}$/,
      );
    expect(new Set(seen).size).toBe(7);
    expect(seen.sort()).toEqual(
      captures.map((c) => `https://web.archive.org/web/${c.timestamp}id_/${c.original}`).sort(),
    );
  });

  it('moves on to the next host when a host has no (more) captures, and stops after the last', () => {
    const first = adapter.searchUrl(wayback, 'marrowfin');
    const empty = adapter.parseSearchPage(wayback, '[]', first);
    expect(empty.outcome).toBe('empty');
    const second = new URL(empty.next ?? '');
    expect(second.searchParams.get('url')).toBe('rentry.co/marrowfin');
    expect(second.searchParams.getAll('filter')[1]).toBe('original:(?i).*marrowfin.*');
    expect(adapter.parseSearchPage(wayback, '', second.href)).toEqual({ outcome: 'empty', pages: [] });
  });

  it('reports throttling and unreadable answers', () => {
    const first = adapter.searchUrl(wayback, 'x');
    expect(
      adapter.parseSearchPage(wayback, '<html><title>429 Too Many Requests</title></html>', first),
    ).toMatchObject({
      outcome: 'throttled',
      retryAfterSeconds: 60,
    });
    expect(adapter.parseSearchPage(wayback, '<html>error</html>', first).outcome).toBe('unknown');
  });
});

describe('wayback adapter: archived pages', () => {
  it('reads an archived forum thread with the forum adapter, ids prefixed by the original host', () => {
    const url = `https://web.archive.org/web/20261020061000id_/${thread}`;
    const posts = adapter.extractPosts(wayback, sample('kiwifarms/thread_page.html'), url);
    const live = getAdapter('xenforo').extractPosts(
      { ...wayback, adapter: 'xenforo', baseUrl: 'https://kiwifarms-replica.example', options: {} },
      sample('kiwifarms/thread_page.html'),
      thread,
    );
    expect(posts.length).toBe(live.length);
    expect(posts.length).toBeGreaterThan(2);
    posts.forEach((post, i) => {
      expect(post.postId).toBe(`kiwifarms-replica.example:${live[i]?.postId}`);
      expect(post.text).toBe(live[i]?.text);
      expect(post.author).toBe(live[i]?.author);
      expect(post.permalink).toBe(`https://web.archive.org/web/20261020061000/${thread}`);
    });
  });

  it('strips the replay toolbar and reads pages of unknown software as one block', () => {
    const url = 'https://web.archive.org/web/20261011093000/https://blog.example.com/post?id=4';
    const body =
      '<html><body><!-- BEGIN WAYBACK TOOLBAR INSERT --><div>Wayback toolbar</div><!-- END WAYBACK TOOLBAR INSERT --><p>tidepoolmoth wrote this</p></body></html>';
    expect(adapter.extractPosts(wayback, body, url)).toEqual([
      {
        postId: 'blog.example.com:/post?id=4',
        permalink: 'https://web.archive.org/web/20261011093000/https://blog.example.com/post?id=4',
        text: 'tidepoolmoth wrote this',
      },
    ]);
  });

  it('reads an archived rentry page with the rentry adapter', () => {
    const url = 'https://web.archive.org/web/20261021110000id_/https://rentry.co/tidepoolmoth/raw';
    const [post] = adapter.extractPosts(wayback, sample('rentry/raw.txt'), url);
    expect(post?.postId).toBe('rentry.co:tidepoolmoth');
    expect(post?.text).toBe(sample('rentry/raw.txt'));
  });

  it('knows capture URLs, also with collapsed slashes, and refuses others', () => {
    expect(waybackCaptureOf('https://web.archive.org/web/20261011093000id_/https:/rentry.co/x')).toEqual({
      timestamp: '20261011093000',
      original: 'https://rentry.co/x',
    });
    expect(waybackCaptureOf('https://web.archive.org/cdx/search/cdx?url=x')).toBeUndefined();
    expect(adapter.extractPosts(wayback, 'text', 'https://web.archive.org/web/2026/x')).toEqual([]);
  });
});
