import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { dumpIdOf, psbdmpAdapter } from '../../workers/sources/psbdmp.adapter.js';
import { readFixture as sample } from '../support/fixtures.js';

const psbdmp: SourceEntry = sourceEntrySchema.parse({
  id: 'psbdmp',
  name: 'psbdmp',
  adapter: 'psbdmp',
  trust: 'hostile',
  baseUrl: 'https://psbdmp.ws/',
  fetch: 'http',
  politeness: { requestsPerSecond: 0.5, concurrency: 1, maxResultPages: 1, maxPagesPerScan: 10 },
});

describe('psbdmp adapter', () => {
  it('searches the v3 API with the query encoded in the path', () => {
    expect(psbdmpAdapter.searchMode).toBe('query');
    expect(psbdmpAdapter.searchUrl(psbdmp, ' tide pool/x ')).toBe(
      'https://psbdmp.ws/api/v3/search/tide%20pool%2Fx',
    );
    expect(() => psbdmpAdapter.searchUrl(psbdmp, undefined)).toThrow(/query/);
  });

  it('reads v3 search rows into dump URLs on psbdmp itself', () => {
    const url = 'https://psbdmp.ws/api/v3/search/tidepoolmoth';
    expect(psbdmpAdapter.parseSearchPage(psbdmp, sample('psbdmp/search_v3.json'), url)).toEqual({
      outcome: 'results',
      pages: [
        { url: 'https://psbdmp.ws/api/v3/dump/Rk4vN8pQ' },
        { url: 'https://psbdmp.ws/api/v3/dump/Vc8nM1zD' },
      ],
    });
  });

  it('accepts the legacy {count, data} shape', () => {
    const page = psbdmpAdapter.parseSearchPage(
      psbdmp,
      sample('psbdmp/search_legacy.json'),
      'https://psbdmp.ws/x',
    );
    expect(page).toEqual({ outcome: 'results', pages: [{ url: 'https://psbdmp.ws/api/v3/dump/Rk4vN8pQ' }] });
  });

  it('tells an empty result from an error, a throttle and a page it cannot read', () => {
    const url = 'https://psbdmp.ws/api/v3/search/x';
    expect(psbdmpAdapter.parseSearchPage(psbdmp, '[]', url).outcome).toBe('empty');
    expect(psbdmpAdapter.parseSearchPage(psbdmp, '{"count":0,"data":[]}', url).outcome).toBe('empty');
    expect(psbdmpAdapter.parseSearchPage(psbdmp, '{"error":"bad key"}', url).outcome).toBe('unknown');
    expect(psbdmpAdapter.parseSearchPage(psbdmp, '<html>Just a moment</html>', url).outcome).toBe('unknown');
    expect(psbdmpAdapter.parseSearchPage(psbdmp, '<h1>429 Too Many Requests</h1>', url)).toMatchObject({
      outcome: 'throttled',
      retryAfterSeconds: 60,
    });
    // Ids that are not paste keys never become URLs.
    expect(
      psbdmpAdapter.parseSearchPage(psbdmp, '[{"id":"../../admin"},{"id":"ok12AB34"}]', url).pages,
    ).toEqual([{ url: 'https://psbdmp.ws/api/v3/dump/ok12AB34' }]);
  });

  it('extracts the dump content as one post whose permalink is the Pastebin paste', () => {
    const url = 'https://psbdmp.ws/api/v3/dump/Rk4vN8pQ';
    const posts = psbdmpAdapter.extractPosts(psbdmp, sample('psbdmp/dump_v3.json'), url);
    expect(posts).toEqual([
      {
        postId: 'Rk4vN8pQ',
        permalink: 'https://pastebin.com/Rk4vN8pQ',
        text: sample('pastebin/raw_paste.txt'),
      },
    ]);
    expect(psbdmpAdapter.extractPosts(psbdmp, '{"error":"not found"}', url)).toEqual([]);
    const mirrored = { ...psbdmp, options: { pastebinBaseUrl: 'http://127.0.0.1:9/' } };
    expect(psbdmpAdapter.extractPosts(mirrored, '{"content":"x"}', url)[0]?.permalink).toBe(
      'http://127.0.0.1:9/Rk4vN8pQ',
    );
    expect(dumpIdOf(url)).toBe('Rk4vN8pQ');
  });
});
