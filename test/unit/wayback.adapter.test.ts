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
    const next = new URL(page.next ?? '');
    expect(next.searchParams.get('resumeKey')).toBe(
      'example,kiwifarms-replica)/threads/marrowfinink-tamsin-brackwater.61002/page-3+20261028010203',
    );
    expect(next.searchParams.get('url')).toBe('kiwifarms-replica.example/threads/');
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
