import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { lynxchanAdapter } from '../../workers/sources/lynxchan.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = (name: string): string => readFixture(`lynxchan/${name}`);

const board: SourceEntry = sourceEntrySchema.parse({
  id: 'lynx',
  name: 'Replica LynxChan board',
  adapter: 'lynxchan',
  trust: 'hostile',
  baseUrl: 'https://lynx.replica.test',
  fetch: 'http',
  options: { boards: ['cow', 'art'] },
  politeness: { requestsPerSecond: 0.3, concurrency: 1, maxResultPages: 2, maxPagesPerScan: 10 },
});
const base = 'https://lynx.replica.test';

describe('lynxchan adapter: catalog walk', () => {
  it('starts at the board list, sending nothing about the person', () => {
    expect(lynxchanAdapter.searchMode).toBe('listing');
    expect(lynxchanAdapter.searchUrl(board, 'lumen_drift77')).toBe(`${base}/boards.js?json=1`);
  });

  it('reads every page of boards.js?json=1 into sections, or the boards the options name', () => {
    const whole = { ...board, options: {} };
    const page = (n: number, boards: string[]): string =>
      JSON.stringify({
        status: 'ok',
        data: { pageCount: 2, boards: boards.map((boardUri) => ({ boardUri, boardName: boardUri })) },
      });
    expect(lynxchanAdapter.parseSearchPage(whole, page(1, ['b', 'λ']), `${base}/boards.js?json=1`)).toEqual({
      outcome: 'results',
      pages: [],
      sections: {
        noun: 'boards',
        list: [
          { label: '/b/', url: `${base}/b/catalog.json` },
          { label: '/λ/', url: `${base}/%CE%BB/catalog.json` },
        ],
      },
      next: `${base}/boards.js?json=1&page=2`,
    });
    const last = lynxchanAdapter.parseSearchPage(whole, page(2, ['int']), `${base}/boards.js?json=1&page=2`);
    expect([last.next, last.sections?.list.map((s) => s.label)]).toEqual([undefined, ['/int/']]);
    // Older versions send the list unwrapped.
    const plain = JSON.stringify({ pageCount: 1, boards: [{ boardUri: 'art' }] });
    expect(
      lynxchanAdapter.parseSearchPage(whole, plain, `${base}/boards.js?json=1`).sections?.list,
    ).toHaveLength(1);
    expect(
      lynxchanAdapter.parseSearchPage(whole, '<html>error</html>', `${base}/boards.js?json=1`).outcome,
    ).toBe('unknown');
    expect(
      lynxchanAdapter.parseSearchPage(board, '<html>error</html>', `${base}/boards.js?json=1`).sections?.list,
    ).toEqual([
      { label: '/cow/', url: `${base}/cow/catalog.json` },
      { label: '/art/', url: `${base}/art/catalog.json` },
    ]);
  });

  it('reads a board catalog into thread URLs', () => {
    const catalog = JSON.stringify([
      {
        message: 'a',
        threadId: 6310,
        postCount: 2,
        fileCount: 1,
        page: 1,
        subject: 'Lumen Drift',
        locked: false,
        pinned: false,
        thumb: null,
      },
      {
        message: 'b',
        threadId: 6207,
        postCount: 0,
        fileCount: 0,
        page: 1,
        subject: null,
        locked: false,
        pinned: false,
        thumb: null,
      },
    ]);
    expect(lynxchanAdapter.parseSearchPage(board, catalog, `${base}/cow/catalog.json`)).toEqual({
      outcome: 'results',
      pages: [{ url: `${base}/cow/res/6310.json` }, { url: `${base}/cow/res/6207.json` }],
    });
    expect(lynxchanAdapter.parseSearchPage(board, '[]', `${base}/art/catalog.json`)).toEqual({
      outcome: 'empty',
      pages: [],
    });
    expect(
      lynxchanAdapter.parseSearchPage(board, '<html>403</html>', `${base}/art/catalog.json`).outcome,
    ).toBe('unknown');
  });
});

describe('lynxchan adapter: thread JSON', () => {
  const posts = lynxchanAdapter.extractPosts(board, sample('res_thread.json'), `${base}/cow/res/6310.json`);

  it('extracts the opening post and every reply with permalinks to the thread page', () => {
    expect(posts.map(({ postId, permalink, author }) => ({ postId, permalink, author }))).toEqual([
      { postId: 'cow/6310', permalink: `${base}/cow/res/6310.html#6310`, author: 'Anonymous' },
      { postId: 'cow/6318', permalink: `${base}/cow/res/6310.html#6318`, author: 'Anonymous' },
      { postId: 'cow/6324', permalink: `${base}/cow/res/6310.html#6324`, author: 'Anonymous' },
    ]);
  });

  it('reads the raw message with the subject and original file names', () => {
    expect(posts[0]?.text).toBe(
      'Lumen Drift\n>lumen_drift77\nwhy does this streamer show up on every board I read',
    );
    expect(posts[1]?.text).toBe(
      ">>6310\nname's Corwin Pell. corwin[.]pell[@]example[.]org was on his tip page",
    );
    expect(posts[2]?.text).toBe(
      'lives just off Saltmarsh Terrace in Cinder Bay, phone 541.555.0131\nferry_view.png',
    );
  });

  it('falls back to the rendered markdown when the raw message is missing', () => {
    const body = JSON.stringify({
      threadId: 7,
      markdown: '<span class="greenText">&gt;hi</span><br>there',
      posts: [],
    });
    expect(lynxchanAdapter.extractPosts(board, body, `${base}/art/res/7.json`)[0]?.text).toBe('>hi\nthere');
    expect(lynxchanAdapter.extractPosts(board, '<html>404</html>', `${base}/art/res/7.json`)).toEqual([]);
  });
});
