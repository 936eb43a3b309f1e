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
  it('walks the first board catalog without a query and chains to the next board', () => {
    expect(lynxchanAdapter.searchMode).toBe('listing');
    expect(lynxchanAdapter.searchUrl(board, 'lumen_drift77')).toBe(`${base}/cow/catalog.json`);
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
      next: `${base}/art/catalog.json`,
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
