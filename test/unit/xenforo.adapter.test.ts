import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { threadUrlOf, xenforoAdapter } from '../../workers/sources/xenforo.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = (name: string): string => readFixture(`kiwifarms/${name}`);

const forum: SourceEntry = sourceEntrySchema.parse({
  id: 'forum',
  name: 'Replica forum',
  adapter: 'xenforo',
  trust: 'hostile',
  baseUrl: 'https://forum.replica.test/',
  fetch: 'http',
  politeness: { requestsPerSecond: 1, concurrency: 1, maxResultPages: 3, maxPagesPerScan: 10 },
});
const thread = 'https://forum.replica.test/threads/marrowfinink-tamsin-brackwater.61002/';

describe('xenforo adapter: search', () => {
  it('builds the search URL with the query encoded and results by date', () => {
    expect(xenforoAdapter.searchMode).toBe('query');
    expect(xenforoAdapter.searchUrl(forum, 'marrow fin&x=1')).toBe(
      'https://forum.replica.test/search/search?keywords=marrow%20fin%26x%3D1&o=date',
    );
    expect(() => xenforoAdapter.searchUrl(forum, undefined)).toThrow(/query/);
  });

  it('reads result rows into one absolute thread URL per thread, with the next page', () => {
    const url = 'https://forum.replica.test/search/5830117/?q=MarrowfinInk&o=date';
    const page = xenforoAdapter.parseSearchPage(forum, sample('search_results.html'), url);
    expect(page).toEqual({
      outcome: 'results',
      pages: [{ url: thread }],
      next: 'https://forum.replica.test/search/5830117/?page=2&q=MarrowfinInk&o=date',
    });
  });

  it('tells an explicit "no results" from a page it cannot read', () => {
    const url = 'https://forum.replica.test/search/1/?q=x';
    const empty = '<html id="XF"><body><div class="blockMessage">No results found.</div></body></html>';
    expect(xenforoAdapter.parseSearchPage(forum, empty, url)).toEqual({ outcome: 'empty', pages: [] });
    expect(xenforoAdapter.parseSearchPage(forum, sample('kiwiflare_challenge.html'), url).outcome).toBe(
      'challenge',
    );
    const login =
      '<html id="XF"><body><div class="blockMessage">You must be logged-in to do that.</div></body></html>';
    expect(xenforoAdapter.parseSearchPage(forum, login, url).outcome).toBe('blocked');
    const loginPage =
      '<html id="XF" data-template="login"><body><form action="/login/login"></form></body></html>';
    expect(xenforoAdapter.parseSearchPage(forum, loginPage, url).outcome).toBe('blocked');
    expect(xenforoAdapter.parseSearchPage(forum, '<html><body>Oops</body></html>', url).outcome).toBe(
      'unknown',
    );
  });

  it('reports flood control with the wait the forum asks for plus a margin', () => {
    const flood =
      '<html id="XF"><body><div class="blockMessage">You must wait at least 30 seconds before performing this action.</div></body></html>';
    expect(
      xenforoAdapter.parseSearchPage(forum, flood, 'https://forum.replica.test/search/search?keywords=a'),
    ).toEqual({
      outcome: 'throttled',
      pages: [],
      retryAfterSeconds: 35,
    });
  });

  it('caps a flood-control wait at 10 minutes, however long the forum asks for', () => {
    const flood =
      '<div class="blockMessage">You must wait at least 99999999 seconds before performing this action.</div>';
    expect(
      xenforoAdapter.parseSearchPage(forum, flood, 'https://forum.replica.test/search/search?keywords=a'),
    ).toMatchObject({ outcome: 'throttled', retryAfterSeconds: 600 });
  });

  it('never returns a link to another host', () => {
    const body =
      '<ol class="block-body"><li class="block-row"><h3 class="contentRow-title"><a href="http://127.0.0.1:9/threads/x.1/">x</a></h3></li>' +
      '<li class="block-row"><h3 class="contentRow-title"><a href="/threads/y.2/post-7#post-7">y</a></h3></li></ol>';
    expect(xenforoAdapter.parseSearchPage(forum, body, 'https://forum.replica.test/search/2/').pages).toEqual(
      [{ url: 'https://forum.replica.test/threads/y.2/' }],
    );
  });

  it('normalises post and page links to the thread', () => {
    expect(threadUrlOf(new URL('https://f.test/threads/a-b.12/post-99'))).toBe(
      'https://f.test/threads/a-b.12/',
    );
    expect(threadUrlOf(new URL('https://f.test/community/threads/a.12/page-3?x=1#post-5'))).toBe(
      'https://f.test/community/threads/a.12/',
    );
    expect(threadUrlOf(new URL('https://f.test/threads/12/'))).toBe('https://f.test/threads/12/');
    expect(threadUrlOf(new URL('https://f.test/members/a.12/'))).toBeUndefined();
  });
});

describe('xenforo adapter: thread pages', () => {
  const posts = xenforoAdapter.extractPosts(forum, sample('thread_page.html'), thread);

  it('extracts every post with id, author and a permalink to exactly that post', () => {
    expect(posts.map(({ postId, author, permalink }) => ({ postId, author, permalink }))).toEqual([
      { postId: '7730041', author: 'TeakettleTheorist', permalink: `${thread}post-7730041` },
      { postId: '7730042', author: 'OrbitalCasserole', permalink: `${thread}post-7730042` },
      { postId: '7730045', author: 'QuietLedger', permalink: `${thread}post-7730045` },
      { postId: '7730049', author: 'TeakettleTheorist', permalink: `${thread}post-7730049` },
    ]);
  });

  it('keeps quotes, spoilers and link targets in the text and drops "Click to expand"', () => {
    const [first, second] = posts;
    expect(first?.text).toContain('posted as marrowfin on the old comic forum');
    expect(first?.text).toContain('https://shop.example.net/MarrowfinInk');
    expect(second?.text).toContain(
      'Real name is Tamsin Odell Brackwater. Lives in Harrowgate Falls, Vermont',
    );
    expect(second?.text).toContain('commissions open - text 802 555 01 63 - MarrowfinInk');
    expect(second?.text).not.toMatch(/Click to expand/);
    expect(posts.every((post) => !post.text.includes('\u00a0') && post.text === post.text.trim())).toBe(true);
  });

  it('finds the next page of the thread', () => {
    expect(xenforoAdapter.nextPageUrl?.(forum, sample('thread_page.html'), thread)).toBe(`${thread}page-2`);
    expect(xenforoAdapter.nextPageUrl?.(forum, '<html><body></body></html>', thread)).toBeUndefined();
  });

  it('builds permalinks from the thread even when a page URL was fetched', () => {
    const onPage2 = xenforoAdapter.extractPosts(forum, sample('thread_page.html'), `${thread}page-2`);
    expect(onPage2[0]?.permalink).toBe(`${thread}post-7730041`);
  });

  it('returns no posts for a challenge page', () => {
    expect(xenforoAdapter.extractPosts(forum, sample('kiwiflare_challenge.html'), thread)).toEqual([]);
  });
});
