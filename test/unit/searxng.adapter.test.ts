import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { searxngAdapter } from '../../workers/sources/searxng.adapter.js';

const searxng: SourceEntry = sourceEntrySchema.parse({
  id: 'searxng',
  name: 'SearXNG',
  adapter: 'searxng',
  trust: 'neutral',
  baseUrl: 'http://127.0.0.1:8888/',
  fetch: 'http',
  options: {
    owners: {
      'forum.replica.test': 'kiwifarms',
      'rentry.co': 'rentry',
      'pastes.replica.test:8081': 'pastebin',
    },
    sites: ['forum.replica.test', 'rentry.co'],
    pagesPerSite: 2,
  },
  politeness: { requestsPerSecond: 1, concurrency: 1, maxResultPages: 10, maxPagesPerScan: 10 },
});

const answer = (urls: string[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    query: 'q',
    number_of_results: urls.length,
    results: urls.map((url) => ({ url, title: 't', content: 'c', engine: 'duckduckgo' })),
    unresponsive_engines: [],
    ...extra,
  });

describe('searxng adapter', () => {
  it('searches the first site for the quoted handle, as JSON', () => {
    const url = new URL(searxngAdapter.searchUrl(searxng, 'glass"wren'));
    expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:8888/search');
    expect(url.searchParams.get('q')).toBe('site:forum.replica.test "glasswren"');
    expect(url.searchParams.get('format')).toBe('json');
    expect(url.searchParams.get('pageno')).toBe('1');
  });

  it('keeps hits on owned hosts with their owner, drops the rest, and pages on', () => {
    const first = searxngAdapter.searchUrl(searxng, 'glasswren');
    const page = searxngAdapter.parseSearchPage(
      searxng,
      answer([
        'https://forum.replica.test/threads/x.1/post-5#post-5',
        'https://www.rentry.co/glasswren',
        'http://pastes.replica.test:8081/raw/Ab12Cd34',
        'http://pastes.replica.test/raw/Ab12Cd34',
        'https://social.example.org/@glasswren',
        'javascript:alert(1)',
        'https://forum.replica.test/threads/x.1/post-5',
      ]),
      first,
    );
    expect(page.outcome).toBe('results');
    expect(page.pages).toEqual([
      { url: 'https://forum.replica.test/threads/x.1/post-5', sourceId: 'kiwifarms' },
      { url: 'https://www.rentry.co/glasswren', sourceId: 'rentry' },
      { url: 'http://pastes.replica.test:8081/raw/Ab12Cd34', sourceId: 'pastebin' },
    ]);
    expect(new URL(page.next ?? '').searchParams.get('pageno')).toBe('2');
  });

  it('moves to the next site after the last page or an empty page, and stops after the last site', () => {
    const first = searxngAdapter.searchUrl(searxng, 'glasswren');
    const second = new URL(first);
    second.searchParams.set('pageno', '2');
    const afterCap = searxngAdapter.parseSearchPage(searxng, answer(['https://rentry.co/a']), second.href);
    const nextSite = new URL(afterCap.next ?? '');
    expect(nextSite.searchParams.get('q')).toBe('site:rentry.co "glasswren"');
    expect(nextSite.searchParams.get('pageno')).toBe('1');
    expect(searxngAdapter.parseSearchPage(searxng, answer([]), nextSite.href)).toEqual({
      outcome: 'empty',
      pages: [],
    });
  });

  it('treats no results with failing engines, non-JSON and rate limits as not-an-answer', () => {
    const first = searxngAdapter.searchUrl(searxng, 'glasswren');
    expect(
      searxngAdapter.parseSearchPage(
        searxng,
        answer([], { unresponsive_engines: [['google', 'CAPTCHA']] }),
        first,
      ).outcome,
    ).toBe('unknown');
    expect(searxngAdapter.parseSearchPage(searxng, '<h1>403 Forbidden</h1>', first).outcome).toBe('unknown');
    expect(searxngAdapter.parseSearchPage(searxng, 'Too Many Requests', first).outcome).toBe('throttled');
    expect(searxngAdapter.extractPosts(searxng, '{}', first)).toEqual([]);
  });

  it('names the bad option when owners are missing', () => {
    expect(() => searxngAdapter.searchUrl({ ...searxng, options: {} }, 'x')).toThrow(/options\.owners/);
  });
});
