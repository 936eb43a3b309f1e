import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { foolfuukaAdapter, threadApiUrl } from '../../workers/sources/foolfuuka.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = (name: string): string => readFixture(`foolfuuka/${name}`);

const archive = (options: Record<string, unknown> = {}): SourceEntry =>
  sourceEntrySchema.parse({
    id: 'archive',
    name: 'Replica archive',
    adapter: 'foolfuuka',
    trust: 'hostile',
    baseUrl: 'https://archive.replica.test/',
    fetch: 'http',
    options,
    politeness: { requestsPerSecond: 0.2, concurrency: 1, maxResultPages: 4, maxPagesPerScan: 10 },
  });
const source = archive();
const api = 'https://archive.replica.test/_/api/chan';
const threadUrl = `${api}/thread/?board=ic&num=8820101`;

describe('foolfuuka adapter: search', () => {
  it('searches the comment text first, with the query encoded and boards when configured', () => {
    expect(foolfuukaAdapter.searchMode).toBe('query');
    expect(foolfuukaAdapter.searchUrl(source, 'marrow fin&x=1')).toBe(
      `${api}/search/?text=marrow+fin%26x%3D1`,
    );
    expect(foolfuukaAdapter.searchUrl(archive({ boards: ['ic', 'co'] }), 'marrowfin')).toBe(
      `${api}/search/?text=marrowfin&boards=ic.co`,
    );
    expect(() => foolfuukaAdapter.searchUrl(source, undefined)).toThrow(/query/);
    expect(() => foolfuukaAdapter.searchUrl(archive({ boards: ['IC/../x'] }), 'a')).toThrow(
      /source "archive" \(foolfuuka\): options\.boards\.0: /,
    );
  });

  it('reads the list-shaped answer into one thread API URL per thread, then chains the poster-name search', () => {
    const url = `${api}/search/?text=marrowfin`;
    expect(foolfuukaAdapter.parseSearchPage(source, sample('api_search.json'), url)).toEqual({
      outcome: 'results',
      pages: [{ url: threadUrl }],
      next: `${api}/search/?username=marrowfin`,
    });
  });

  it('accepts the object-shaped answer of newer forks', () => {
    const list = JSON.parse(sample('api_search.json')) as Array<{ posts: unknown[] }>;
    const body = JSON.stringify({ 0: { posts: list[0]?.posts }, meta: { total_found: 2 } });
    const page = foolfuukaAdapter.parseSearchPage(source, body, `${api}/search/?username=marrowfin`);
    expect(page).toEqual({ outcome: 'results', pages: [{ url: threadUrl }] });
  });

  it('asks for the next page only after a full page of 25 posts, keeping the modifier', () => {
    const post = (num: number): unknown => ({
      num,
      subnum: 0,
      thread_num: 100 + (num % 3),
      board: { shortname: 'ic' },
    });
    const full = JSON.stringify([{ posts: Array.from({ length: 25 }, (_, i) => post(1000 + i)) }]);
    const page = foolfuukaAdapter.parseSearchPage(source, full, `${api}/search/?username=moth&page=2`);
    expect(page.next).toBe(`${api}/search/?username=moth&page=3`);
    // One reference per thread, in the order the threads first appear in the results.
    expect(page.pages.map((ref) => ref.url)).toEqual(
      [101, 102, 100].map((n) => threadApiUrl(source, 'ic', n)),
    );
    const custom = archive({ pageSize: 2 });
    const short = JSON.stringify([{ posts: [post(1), post(2)] }]);
    expect(foolfuukaAdapter.parseSearchPage(custom, short, `${api}/search/?text=moth`).next).toBe(
      `${api}/search/?text=moth&page=2`,
    );
  });

  it('reads "No results found." (HTTP 200) as empty, still trying the poster name after the text', () => {
    const error = sample('api_search_error.json');
    expect(foolfuukaAdapter.parseSearchPage(source, error, `${api}/search/?text=nobody`)).toEqual({
      outcome: 'empty',
      pages: [],
      next: `${api}/search/?username=nobody`,
    });
    expect(foolfuukaAdapter.parseSearchPage(source, error, `${api}/search/?username=nobody&page=3`)).toEqual({
      outcome: 'empty',
      pages: [],
    });
  });

  it('never reads another error, an HTML page or a challenge as "nothing about you here"', () => {
    const url = `${api}/search/?text=a`;
    for (const body of [
      '{"error":"The search backend is currently unavailable."}',
      '{"error":"Sorry, the global search function has not been enabled."}',
      '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>',
      '{"unexpected":true}',
    ]) {
      expect(foolfuukaAdapter.parseSearchPage(source, body, url), body).toEqual({
        outcome: 'unknown',
        pages: [],
      });
    }
  });
});

describe('foolfuuka adapter: thread API', () => {
  const posts = foolfuukaAdapter.extractPosts(source, sample('api_thread.json'), threadUrl);

  it('extracts the opening post, replies and the ghost reply with board-qualified ids and HTML permalinks', () => {
    expect(posts.map(({ postId, permalink, author }) => ({ postId, permalink, author }))).toEqual([
      {
        postId: 'ic/8820101',
        permalink: 'https://archive.replica.test/ic/thread/8820101/#8820101',
        author: 'Anonymous',
      },
      {
        postId: 'ic/8820177',
        permalink: 'https://archive.replica.test/ic/thread/8820101/#8820177',
        author: 'Anonymous',
      },
      {
        postId: 'ic/8820183_1',
        permalink: 'https://archive.replica.test/ic/thread/8820101/#8820183_1',
        author: 'Anonymous',
      },
    ]);
  });

  it('keeps the subject, the plain comment and the ghost text', () => {
    expect(posts[0]?.text).toBe(
      'comic artist drama general\npost artists who run their discord like a courtroom',
    );
    expect(posts[1]?.text).toContain(
      "irl she's Tamsin Brackwater, commission inbox is tbrackwater at example dot net",
    );
    expect(posts[2]?.text).toContain('her number used to be 802-555-0163');
  });

  it('puts a poster name other than Anonymous, its tripcode and the file name into the text', () => {
    const [, second] = JSON.parse(sample('api_search.json'))[0].posts as unknown[];
    const body = JSON.stringify(second);
    const [post] = foolfuukaAdapter.extractPosts(source, body, `${api}/post/?board=ic&num=8820244`);
    expect(post).toEqual({
      postId: 'ic/8820244',
      author: 'marrowfin !Rw7uXk2cQe',
      permalink: 'https://archive.replica.test/ic/thread/8820101/#8820244',
      text: "marrowfin !Rw7uXk2cQe\nthis isn't me, please stop. i haven't lived in harrowgate falls for years\ninking_wip.jpg",
    });
  });

  it('returns no posts for an error answer or a page that is not JSON', () => {
    expect(foolfuukaAdapter.extractPosts(source, '{"error":"Thread not found."}', threadUrl)).toEqual([]);
    expect(
      foolfuukaAdapter.extractPosts(source, '<html><body>Just a moment...</body></html>', threadUrl),
    ).toEqual([]);
    expect(
      foolfuukaAdapter.extractPosts(
        source,
        '{"5":{"op":{"num":5,"board":{"shortname":"ic"}},"posts":[]}}',
        threadUrl,
      ),
    ).toHaveLength(1);
  });
});
