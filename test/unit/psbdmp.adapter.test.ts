import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { dumpIdOf, psbdmpAdapter } from '../../workers/sources/psbdmp.adapter.js';

const samples = new URL('../../../shared/samples/', import.meta.url);
const sample = (name: string): string => readFileSync(new URL(name, samples), 'utf8');

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
    expect(psbdmpAdapter.searchUrl(psbdmp, ' glass wren/x ')).toBe(
      'https://psbdmp.ws/api/v3/search/glass%20wren%2Fx',
    );
    expect(() => psbdmpAdapter.searchUrl(psbdmp, undefined)).toThrow(/query/);
  });

  it('reads v3 search rows into dump URLs on psbdmp itself', () => {
    const url = 'https://psbdmp.ws/api/v3/search/glasswren';
    expect(psbdmpAdapter.parseSearchPage(psbdmp, sample('psbdmp/search_v3.json'), url)).toEqual({
      outcome: 'results',
      pages: [
        { url: 'https://psbdmp.ws/api/v3/dump/Gw7kQ2xZ' },
        { url: 'https://psbdmp.ws/api/v3/dump/Hh5Jj6Kk' },
      ],
    });
  });

  it('accepts the legacy {count, data} shape', () => {
    const page = psbdmpAdapter.parseSearchPage(
      psbdmp,
      sample('psbdmp/search_legacy.json'),
      'https://psbdmp.ws/x',
    );
    expect(page).toEqual({ outcome: 'results', pages: [{ url: 'https://psbdmp.ws/api/v3/dump/Gw7kQ2xZ' }] });
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
    const url = 'https://psbdmp.ws/api/v3/dump/Gw7kQ2xZ';
    const posts = psbdmpAdapter.extractPosts(psbdmp, sample('psbdmp/dump_v3.json'), url);
    expect(posts).toEqual([
      {
        postId: 'Gw7kQ2xZ',
        permalink: 'https://pastebin.com/Gw7kQ2xZ',
        text: sample('pastebin/raw_paste.txt'),
      },
    ]);
    expect(psbdmpAdapter.extractPosts(psbdmp, '{"error":"not found"}', url)).toEqual([]);
    const mirrored = { ...psbdmp, options: { pastebinBaseUrl: 'http://127.0.0.1:9/' } };
    expect(psbdmpAdapter.extractPosts(mirrored, '{"content":"x"}', url)[0]?.permalink).toBe(
      'http://127.0.0.1:9/Gw7kQ2xZ',
    );
    expect(dumpIdOf(url)).toBe('Gw7kQ2xZ');
  });
});
