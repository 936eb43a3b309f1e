import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { rentryAdapter, rentryViewOf } from '../../workers/sources/rentry.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = (name: string): string => readFixture(`rentry/${name}`);

const rentry: SourceEntry = sourceEntrySchema.parse({
  id: 'rentry',
  name: 'rentry',
  adapter: 'rentry',
  trust: 'hostile',
  baseUrl: 'https://rentry.co',
  fetch: 'http',
  politeness: { requestsPerSecond: 0.5, concurrency: 1, maxResultPages: 1, maxPagesPerScan: 10 },
});

const html = (inner: string, title = 'tidepoolmoth'): string =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body><div class="entry-text"><article>${inner}</article></div><footer>Pub: today</footer></body></html>`;

describe('rentry adapter', () => {
  it('looks up the page whose slug is the handle', () => {
    expect(rentryAdapter.searchMode).toBe('query');
    expect(rentryAdapter.searchUrl(rentry, 'tidepoolmoth')).toBe('https://rentry.co/tidepoolmoth');
    expect(rentryAdapter.searchUrl(rentry, 'tide pool')).toBe('https://rentry.co/tide%20pool');
  });

  it('turns an existing page into one page ref, a 404 page into "empty", anything else into "unknown"', () => {
    expect(
      rentryAdapter.parseSearchPage(rentry, html('<p>hi</p>'), 'https://rentry.co/TidepoolMoth'),
    ).toEqual({
      outcome: 'results',
      pages: [{ url: 'https://rentry.co/tidepoolmoth' }],
    });
    const notFound =
      '<html><head><title>404 - rentry</title></head><body>This page does not exist.</body></html>';
    expect(rentryAdapter.parseSearchPage(rentry, notFound, 'https://rentry.co/x')).toEqual({
      outcome: 'empty',
      pages: [],
    });
    expect(
      rentryAdapter.parseSearchPage(rentry, '<html><body>Just a moment</body></html>', 'https://rentry.co/x')
        .outcome,
    ).toBe('unknown');
  });

  it('reads the raw markdown, the JSON API and the HTML render, keyed by the lower-cased slug', () => {
    const raw = sample('raw.txt');
    expect(rentryAdapter.extractPosts(rentry, raw, 'https://rentry.co/tidepoolmoth/raw')).toEqual([
      { postId: 'tidepoolmoth', permalink: 'https://rentry.co/tidepoolmoth', text: raw },
    ]);
    expect(
      rentryAdapter.extractPosts(rentry, sample('api_raw.json'), 'https://rentry.co/api/raw/TidepoolMoth'),
    ).toEqual([
      {
        postId: 'tidepoolmoth',
        permalink: 'https://rentry.co/tidepoolmoth',
        text: (JSON.parse(sample('api_raw.json')) as { content: string }).content,
      },
    ]);
    const [post] = rentryAdapter.extractPosts(
      rentry,
      html('<h1>tidepoolmoth masterpost</h1><ul><li>name: <strong>Wilhelmina Crake</strong></li></ul>'),
      'https://rentry.co/tidepoolmoth',
    );
    expect(post).toEqual({
      postId: 'tidepoolmoth',
      permalink: 'https://rentry.co/tidepoolmoth',
      text: 'tidepoolmoth masterpost\nname: Wilhelmina Crake',
    });
  });

  it('yields nothing for the raw-access refusal (403 text or JSON) and for non-page URLs', () => {
    const forbidden = sample('api_raw_forbidden.json');
    expect(rentryAdapter.extractPosts(rentry, forbidden, 'https://rentry.co/api/raw/tidepoolmoth')).toEqual(
      [],
    );
    const text = (JSON.parse(forbidden) as { content: string }).content;
    expect(rentryAdapter.extractPosts(rentry, text, 'https://rentry.co/tidepoolmoth/raw')).toEqual([]);
    expect(rentryAdapter.extractPosts(rentry, html('x'), 'https://rentry.co/')).toEqual([]);
    expect(rentryViewOf('https://rentry.co/static/x.css')).toBeUndefined();
    expect(rentryViewOf('https://rentry.co/a_b-c/raw')).toEqual({ slug: 'a_b-c', kind: 'raw' });
  });
});
