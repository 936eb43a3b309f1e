import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { fourchanAdapter } from '../../workers/sources/fourchan.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = (name: string): string => readFixture(`4chan/${name}`);

const board = (baseUrl: string, options: Record<string, unknown>): SourceEntry =>
  sourceEntrySchema.parse({
    id: '4chan',
    name: '4chan',
    adapter: 'fourchan',
    trust: 'hostile',
    baseUrl,
    fetch: 'http',
    options,
    politeness: { requestsPerSecond: 1, concurrency: 1, maxResultPages: 5, maxPagesPerScan: 10 },
  });
const fourchan = board('https://a.4cdn.org', { boards: ['vt', 'ic', 'co'] });
const replica = board('http://127.0.0.1:8090/', { boards: ['vt'], postUrlBase: 'https://boards.4chan.org' });

describe('fourchan adapter: catalog walk', () => {
  it('starts at boards.json without sending any query', () => {
    expect(fourchanAdapter.searchMode).toBe('listing');
    expect(fourchanAdapter.searchUrl(fourchan, undefined)).toBe('https://a.4cdn.org/boards.json');
    expect(fourchanAdapter.searchUrl(fourchan, 'lumen_drift77')).not.toContain('lumen');
    expect(() => fourchanAdapter.searchUrl(board('https://a.4cdn.org', { boards: [] }), undefined)).toThrow(
      /source "4chan" \(fourchan\): options\.boards: /,
    );
  });

  it('lists every board of boards.json as a section to walk, Unicode names percent-encoded', () => {
    const whole = board('https://a.4cdn.org', {});
    const list = JSON.stringify({
      boards: [
        { board: 'vt', title: 'Virtual YouTubers', per_page: 15 },
        { board: 'λ', title: 'Lambda' },
        { board: 'x/../y', title: 'not a board' },
        { title: 'no name' },
      ],
    });
    expect(fourchanAdapter.parseSearchPage(whole, list, 'https://a.4cdn.org/boards.json')).toEqual({
      outcome: 'results',
      pages: [],
      sections: {
        noun: 'boards',
        list: [
          { label: '/vt/', url: 'https://a.4cdn.org/vt/catalog.json' },
          { label: '/λ/', url: 'https://a.4cdn.org/%CE%BB/catalog.json' },
        ],
      },
    });
    expect(
      fourchanAdapter.parseSearchPage(whole, '{"boards":[]}', 'https://a.4cdn.org/boards.json').outcome,
    ).toBe('empty');
    expect(
      fourchanAdapter.parseSearchPage(whole, '<html>403</html>', 'https://a.4cdn.org/boards.json').outcome,
    ).toBe('unknown');
    // options.boards narrows the walk to its boards, in its order.
    expect(
      fourchanAdapter.parseSearchPage(fourchan, list, 'https://a.4cdn.org/boards.json').sections?.list,
    ).toEqual([
      { label: '/vt/', url: 'https://a.4cdn.org/vt/catalog.json' },
      { label: '/ic/', url: 'https://a.4cdn.org/ic/catalog.json' },
      { label: '/co/', url: 'https://a.4cdn.org/co/catalog.json' },
    ]);
  });

  it('returns every thread of a board catalog, most recently active first', () => {
    const page = fourchanAdapter.parseSearchPage(
      fourchan,
      sample('catalog.json'),
      'https://a.4cdn.org/vt/catalog.json',
    );
    expect(page).toEqual({
      outcome: 'results',
      pages: [
        { url: 'https://a.4cdn.org/vt/thread/498231007.json' },
        { url: 'https://a.4cdn.org/vt/thread/498230950.json' },
      ],
    });
    const last = fourchanAdapter.parseSearchPage(
      fourchan,
      '[{"page":1,"threads":[]}]',
      'https://a.4cdn.org/co/catalog.json',
    );
    expect(last).toEqual({ outcome: 'empty', pages: [] });
    expect(
      fourchanAdapter.parseSearchPage(
        fourchan,
        sample('catalog.json'),
        'https://a.4cdn.org/%CE%BB/catalog.json',
      ).pages[0],
    ).toEqual({ url: 'https://a.4cdn.org/%CE%BB/thread/498231007.json' });
  });

  it('reads a thread under a non-ASCII board, with the board decoded in ids and encoded in links', () => {
    const url = 'https://a.4cdn.org/%CE%BB/thread/498231007.json';
    const posts = fourchanAdapter.extractPosts(fourchan, sample('thread.json'), url);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]).toMatchObject({
      postId: 'λ/498231007',
      permalink: 'https://boards.4chan.org/%CE%BB/thread/498231007#p498231007',
    });
  });

  it('reads a 404 page, an HTML challenge or a catalog of another host as unknown', () => {
    expect(
      fourchanAdapter.parseSearchPage(
        fourchan,
        '<html>404 Not Found</html>',
        'https://a.4cdn.org/vt/catalog.json',
      ).outcome,
    ).toBe('unknown');
    expect(
      fourchanAdapter.parseSearchPage(fourchan, sample('catalog.json'), 'https://evil.test/vt/catalog.json')
        .outcome,
    ).toBe('unknown');
  });
});

describe('fourchan adapter: thread JSON', () => {
  const url = 'https://a.4cdn.org/vt/thread/498231007.json';
  const posts = fourchanAdapter.extractPosts(fourchan, sample('thread.json'), url);

  it('extracts every post with a board-qualified id and a permalink on the HTML boards', () => {
    expect(posts.map(({ postId, permalink, author }) => ({ postId, permalink, author }))).toEqual([
      {
        postId: 'vt/498231007',
        permalink: 'https://boards.4chan.org/vt/thread/498231007#p498231007',
        author: 'Anonymous',
      },
      {
        postId: 'vt/498231042',
        permalink: 'https://boards.4chan.org/vt/thread/498231007#p498231042',
        author: 'Anonymous',
      },
      {
        postId: 'vt/498231077',
        permalink: 'https://boards.4chan.org/vt/thread/498231007#p498231077',
        author: 'Anonymous !!Hn4wPq8ZtRe',
      },
      {
        postId: 'vt/498231115',
        permalink: 'https://boards.4chan.org/vt/thread/498231007#p498231115',
        author: 'Anonymous',
      },
    ]);
  });

  it('turns the escaped HTML comment into text with quotes and greentext kept', () => {
    expect(posts[0]?.text).toBe(
      'streamer takes thread #12\nWhich streamers have the worst takes?\n\nI\'ll go first: lumen_drift77, who lectures chat about "opsec" every single stream.\nchat_log.png',
    );
    expect(posts[1]?.text).toBe(
      ">>498231007\n>lumen_drift77\nthat's Corwin Ashby Pell. his old contact was corwin(dot)pell(at)example(dot)org",
    );
    expect(posts[2]?.text).toBe(
      '!!Hn4wPq8ZtRe\n>>498231042\n41 Saltmarsh Terrace. the number on his old merch table sign: 54I-555-OI3I',
    );
  });

  it('links to the configured host only for 4chan itself; a mirror or replica links to its own pages', () => {
    const onReplica = fourchanAdapter.extractPosts(
      replica,
      sample('thread.json'),
      'http://127.0.0.1:8090/vt/thread/498231007.json',
    );
    expect(onReplica[1]?.permalink).toBe('http://127.0.0.1:8090/vt/thread/498231007#p498231042');
  });

  it('returns no posts for a pruned thread (404 page) or a URL that is not a thread', () => {
    expect(fourchanAdapter.extractPosts(fourchan, '<html>404 Not Found</html>', url)).toEqual([]);
    expect(
      fourchanAdapter.extractPosts(fourchan, sample('thread.json'), 'https://a.4cdn.org/vt/catalog.json'),
    ).toEqual([]);
  });
});
