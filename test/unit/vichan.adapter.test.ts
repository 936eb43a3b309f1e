import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { vichanAdapter } from '../../workers/sources/vichan.adapter.js';
import { readFixture as sample } from '../support/fixtures.js';

const board = (options: Record<string, unknown>, baseUrl = 'https://board.replica.test'): SourceEntry =>
  sourceEntrySchema.parse({
    id: 'board',
    name: 'Replica board',
    adapter: 'vichan',
    trust: 'hostile',
    baseUrl,
    fetch: 'http',
    options,
    politeness: { requestsPerSecond: 0.3, concurrency: 1, maxResultPages: 2, maxPagesPerScan: 10 },
  });
const vichan = board({ boards: ['cow', 'snow'] });
const lolcow = board(
  { boards: ['snow', 'pt'], listing: 'catalog.html', threads: 'html' },
  'https://cow.replica.test/',
);
const base = 'https://board.replica.test';

describe('vichan adapter: listing', () => {
  it('walks the first board listing named by the options, sending no query', () => {
    expect(vichanAdapter.searchMode).toBe('listing');
    expect(vichanAdapter.searchUrl(vichan, undefined)).toBe(`${base}/cow/catalog.json`);
    expect(vichanAdapter.searchUrl(board({ boards: ['b'], listing: 'threads.json' }), 'x')).toBe(
      `${base}/b/threads.json`,
    );
    expect(vichanAdapter.searchUrl(lolcow, undefined)).toBe('https://cow.replica.test/snow/catalog.html');
    expect(() => vichanAdapter.searchUrl(board({ boards: ['b'], listing: 'index.php' }), undefined)).toThrow(
      /options\.listing/,
    );
  });

  it('reads catalog.json into thread JSON URLs and chains to the next board', () => {
    expect(
      vichanAdapter.parseSearchPage(vichan, sample('vichan/catalog.json'), `${base}/cow/catalog.json`),
    ).toEqual({
      outcome: 'results',
      pages: [{ url: `${base}/cow/res/48210.json` }],
      next: `${base}/snow/catalog.json`,
    });
    expect(
      vichanAdapter.parseSearchPage(vichan, '[{"page":0,"threads":[]}]', `${base}/snow/catalog.json`),
    ).toEqual({
      outcome: 'empty',
      pages: [],
    });
  });

  it('reads threads.json the same way, most recently active first', () => {
    const body = JSON.stringify([
      {
        page: 0,
        threads: [
          { no: 5, last_modified: 10 },
          { no: 9, last_modified: 30 },
        ],
      },
    ]);
    const source = board({ boards: ['b'], listing: 'threads.json' });
    expect(vichanAdapter.parseSearchPage(source, body, `${base}/b/threads.json`).pages).toEqual([
      { url: `${base}/b/res/9.json` },
      { url: `${base}/b/res/5.json` },
    ]);
  });

  it('reads catalog.html cells into thread page URLs, ignoring links to older threads in the previews', () => {
    const html = `<div class="threads"><div id="Grid">
      <div class="mix" data-id="99120"><div class="thread grid-li"><a href="/snow/res/99120.html"><img class="thread-image"></a>
        <div class="replies"><a href="/snow/res/98001.html">&gt;&gt;&gt;/snow/98001</a></div></div></div>
      <div class="mix" data-id="99001"><div class="thread grid-li"><a href="https://cow.replica.test/snow/res/99001.html"><img></a></div></div>
      <div class="mix"><div class="thread"><a href="https://elsewhere.test/snow/res/5.html"><img></a></div></div>
    </div></div>`;
    expect(vichanAdapter.parseSearchPage(lolcow, html, 'https://cow.replica.test/snow/catalog.html')).toEqual(
      {
        outcome: 'results',
        pages: [
          { url: 'https://cow.replica.test/snow/res/99120.html' },
          { url: 'https://cow.replica.test/snow/res/99001.html' },
        ],
        next: 'https://cow.replica.test/pt/catalog.html',
      },
    );
    const empty = '<div class="threads"><div id="Grid"></div></div>';
    expect(vichanAdapter.parseSearchPage(lolcow, empty, 'https://cow.replica.test/pt/catalog.html')).toEqual({
      outcome: 'empty',
      pages: [],
    });
    expect(
      vichanAdapter.parseSearchPage(
        lolcow,
        '<h1>404 Not Found</h1>',
        'https://cow.replica.test/pt/catalog.html',
      ).outcome,
    ).toBe('unknown');
  });
});

describe('vichan adapter: thread JSON', () => {
  const posts = vichanAdapter.extractPosts(
    vichan,
    sample('vichan/res_thread.json'),
    `${base}/cow/res/48210.json`,
  );

  it('extracts each post with a board-qualified id and a permalink to the HTML thread page', () => {
    expect(posts.map((post) => [post.postId, post.permalink])).toEqual([
      ['cow/48210', `${base}/cow/res/48210.html#48210`],
      ['cow/48214', `${base}/cow/res/48210.html#48214`],
      ['cow/48219', `${base}/cow/res/48210.html#48219`],
      ['cow/48223', `${base}/cow/res/48210.html#48223`],
    ]);
  });

  it('keeps subject, comment text, greentext and file names; "sage" in the email field is not an address', () => {
    expect(posts[0]?.text).toBe(
      'lumen_drift77 thread #5\nPrevious thread: >>>/cow/47655\nStreamer who keeps claiming he lives "nowhere near the coast".\nmerch_table.jpg',
    );
    expect(posts[2]?.text).toBe(
      'address from an old shipping label he showed: 41 Saltmarsh Ter, Cinder Bay\nphone on the merch sign was +1 541 555 0131',
    );
    expect(posts[3]?.text).toBe(
      '>corwin(dot)pell(at)example(dot)org\nstill works, it bounced back an auto-reply',
    );
    expect(posts.some((post) => /\bsage\b/.test(post.text))).toBe(false);
  });
});

describe('vichan adapter: thread HTML (lolcow.farm)', () => {
  const url = 'https://cow.replica.test/snow/res/70230.html';
  const posts = vichanAdapter.extractPosts(lolcow, sample('lolcow/thread_res.html'), url);

  it('extracts the opening post and replies from div.post with ids, authors and permalinks', () => {
    expect(posts.map(({ postId, author, permalink }) => ({ postId, author, permalink }))).toEqual(
      ['70230', '70236', '70241', '70249'].map((no) => ({
        postId: `snow/${no}`,
        author: 'Anonymous',
        permalink: `https://cow.replica.test/snow/res/70230.html#${no}`,
      })),
    );
  });

  it('keeps the subject and body text and never turns mailto:sage into text', () => {
    expect(posts[0]?.text).toBe(
      'lumen_drift77 / Lumen Drift #3\nContinued milk on the "humble" streamer lumen_drift77. Previous thread >>>/snow/69804\nmerch_haul.png',
    );
    expect(posts[1]?.text).toBe(
      '>>70230\nthe about page on his old band site said Corwin A. Pell, Cinder Bay, Oregon',
    );
    expect(posts[2]?.text).toContain(
      'five four one, five five five, zero one three one. booking mail is corwin.pell at example.org',
    );
    expect(posts.map((post) => post.text).join('\n')).not.toMatch(/sage/);
  });

  it('reads the last-50 variant of a thread page and refuses URLs that are not threads', () => {
    const last50 = vichanAdapter.extractPosts(
      lolcow,
      sample('lolcow/thread_res.html'),
      'https://cow.replica.test/snow/res/70230+50.html',
    );
    expect(last50.map((post) => post.postId)).toEqual(posts.map((post) => post.postId));
    expect(
      vichanAdapter.extractPosts(
        lolcow,
        sample('lolcow/thread_res.html'),
        'https://cow.replica.test/snow/catalog.html',
      ),
    ).toEqual([]);
  });
});
