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
  it('starts at the board index, sending no query', () => {
    expect(vichanAdapter.searchMode).toBe('listing');
    expect(vichanAdapter.searchUrl(vichan, undefined)).toBe(`${base}/boards.json`);
    expect(vichanAdapter.searchUrl(board({ listing: 'threads.json' }), 'x')).toBe(`${base}/boards.json`);
    expect(vichanAdapter.searchUrl(board({ boardIndex: 'front-page' }), undefined)).toBe(`${base}/`);
    expect(() => vichanAdapter.searchUrl(board({ listing: 'index.php' }), undefined)).toThrow(
      /options\.listing/,
    );
    expect(() => vichanAdapter.searchUrl(board({ boards: ['a/b'] }), undefined)).toThrow(/options\.boards/);
  });

  it('lists every board of boards.json as a section, or those options.boards names', () => {
    const whole = board({ listing: 'catalog.html', threads: 'html' });
    const listed = JSON.stringify([
      { uri: 'b', title: 'Random' },
      { uri: 'λ', title: 'Programming' },
      { uri: '../x' },
    ]);
    expect(vichanAdapter.parseSearchPage(whole, listed, `${base}/boards.json`)).toEqual({
      outcome: 'results',
      pages: [],
      sections: {
        noun: 'boards',
        list: [
          { label: '/b/', url: `${base}/b/catalog.html` },
          { label: '/λ/', url: `${base}/%CE%BB/catalog.html` },
        ],
      },
    });
    // 4chan's shape and plain names are read too.
    expect(
      vichanAdapter.parseSearchPage(whole, '{"boards":[{"board":"g"}]}', `${base}/boards.json`).sections
        ?.list,
    ).toEqual([{ label: '/g/', url: `${base}/g/catalog.html` }]);
    expect(
      vichanAdapter.parseSearchPage(whole, '["tech"]', `${base}/boards.json`).sections?.list,
    ).toHaveLength(1);
    // Narrowed: the options' boards, whatever the index says.
    expect(
      vichanAdapter.parseSearchPage(vichan, '<h1>404</h1>', `${base}/boards.json`).sections?.list,
    ).toEqual([
      { label: '/cow/', url: `${base}/cow/catalog.json` },
      { label: '/snow/', url: `${base}/snow/catalog.json` },
    ]);
  });

  it('falls back from a missing boards.json to the board links of the front page', () => {
    const whole = board({});
    expect(vichanAdapter.parseSearchPage(whole, '<h1>404 Not Found</h1>', `${base}/boards.json`)).toEqual({
      outcome: 'results',
      pages: [],
      next: `${base}/`,
    });
    const front = `<div class="boardlist"><span class="sub">[ <a href="/b/index.html" title="Random">b</a> /
      <a href="/%CE%BB/" title="Programming">λ</a> / <a href="https://board.replica.test/meta/">meta</a> ]</span></div>
      <a href="/b/res/1.html">a thread</a> <a href="/stylesheets/style.css">css</a> <a href="https://elsewhere.test/x/">x</a>
      <a href="/b/">b again</a>`;
    expect(
      vichanAdapter.parseSearchPage(whole, front, `${base}/`).sections?.list.map((s) => s.label),
    ).toEqual(['/b/', '/λ/', '/meta/']);
    // Only the board list counts where there is one; a page without one is read whole.
    const rules = `<div class="boardlist"><a href="/b/">b</a></div><a href="/rules/">rules</a>`;
    expect(
      vichanAdapter.parseSearchPage(whole, rules, `${base}/`).sections?.list.map((s) => s.label),
    ).toEqual(['/b/']);
    const plain = '<ul><li><a href="/snow/">/snow/</a></li><li><a href="/pt/index.html">/pt/</a></li></ul>';
    expect(
      vichanAdapter.parseSearchPage(whole, plain, `${base}/`).sections?.list.map((s) => s.label),
    ).toEqual(['/snow/', '/pt/']);
    expect(
      vichanAdapter.parseSearchPage(whole, '<html>Checking your browser</html>', `${base}/`).outcome,
    ).toBe('unknown');
  });

  it('reads catalog.json into thread JSON URLs, one board per listing', () => {
    expect(
      vichanAdapter.parseSearchPage(vichan, sample('vichan/catalog.json'), `${base}/cow/catalog.json`),
    ).toEqual({
      outcome: 'results',
      pages: [{ url: `${base}/cow/res/48210.json` }],
    });
    expect(
      vichanAdapter.parseSearchPage(vichan, sample('vichan/catalog.json'), `${base}/%CE%BB/catalog.json`)
        .pages,
    ).toEqual([{ url: `${base}/%CE%BB/res/48210.json` }]);
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
