import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { lynxchanAdapter } from '../../workers/sources/lynxchan.adapter.js';

const samples = new URL('../../../shared/samples/lynxchan/', import.meta.url);
const sample = (name: string): string => readFileSync(new URL(name, samples), 'utf8');

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
    expect(lynxchanAdapter.searchUrl(board, 'vespertide_9k')).toBe(`${base}/cow/catalog.json`);
    const catalog = JSON.stringify([
      {
        message: 'a',
        threadId: 5120,
        postCount: 2,
        fileCount: 1,
        page: 1,
        subject: 'Vesper Tide',
        locked: false,
        pinned: false,
        thumb: null,
      },
      {
        message: 'b',
        threadId: 5001,
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
      pages: [{ url: `${base}/cow/res/5120.json` }, { url: `${base}/cow/res/5001.json` }],
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
  const posts = lynxchanAdapter.extractPosts(board, sample('res_thread.json'), `${base}/cow/res/5120.json`);

  it('extracts the opening post and every reply with permalinks to the thread page', () => {
    expect(posts.map(({ postId, permalink, author }) => ({ postId, permalink, author }))).toEqual([
      { postId: 'cow/5120', permalink: `${base}/cow/res/5120.html#5120`, author: 'Anonymous' },
      { postId: 'cow/5127', permalink: `${base}/cow/res/5120.html#5127`, author: 'Anonymous' },
      { postId: 'cow/5131', permalink: `${base}/cow/res/5120.html#5131`, author: 'Anonymous' },
    ]);
  });

  it('reads the raw message with the subject and original file names', () => {
    expect(posts[0]?.text).toBe(
      'Vesper Tide\n>vespertide_9k\nwho is this streamer and why is she on every board',
    );
    expect(posts[1]?.text).toBe('>>5120\nname is Rowan Marsh. rowan[.]marsh[@]example[.]org was on her kofi');
    expect(posts[2]?.text).toBe(
      'lives somewhere near Quarrystone Court in Port Calloway, phone 313.555.0187\nscreenshot.png',
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
