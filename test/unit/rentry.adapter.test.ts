import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { rentryAdapter, rentryViewOf } from '../../workers/sources/rentry.adapter.js';

const samples = new URL('../../../shared/samples/rentry/', import.meta.url);
const sample = (name: string): string => readFileSync(new URL(name, samples), 'utf8');

const rentry: SourceEntry = sourceEntrySchema.parse({
  id: 'rentry',
  name: 'rentry',
  adapter: 'rentry',
  trust: 'hostile',
  baseUrl: 'https://rentry.co',
  fetch: 'http',
  politeness: { requestsPerSecond: 0.5, concurrency: 1, maxResultPages: 1, maxPagesPerScan: 10 },
});

const html = (inner: string, title = 'glasswren'): string =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body><div class="entry-text"><article>${inner}</article></div><footer>Pub: today</footer></body></html>`;

describe('rentry adapter', () => {
  it('looks up the page whose slug is the handle', () => {
    expect(rentryAdapter.searchMode).toBe('query');
    expect(rentryAdapter.searchUrl(rentry, 'glasswren')).toBe('https://rentry.co/glasswren');
    expect(rentryAdapter.searchUrl(rentry, 'glass wren')).toBe('https://rentry.co/glass%20wren');
  });

  it('turns an existing page into one page ref, a 404 page into "empty", anything else into "unknown"', () => {
    expect(rentryAdapter.parseSearchPage(rentry, html('<p>hi</p>'), 'https://rentry.co/GlassWren')).toEqual({
      outcome: 'results',
      pages: [{ url: 'https://rentry.co/glasswren' }],
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
    expect(rentryAdapter.extractPosts(rentry, raw, 'https://rentry.co/glasswren/raw')).toEqual([
      { postId: 'glasswren', permalink: 'https://rentry.co/glasswren', text: raw },
    ]);
    expect(
      rentryAdapter.extractPosts(rentry, sample('api_raw.json'), 'https://rentry.co/api/raw/GlassWren'),
    ).toEqual([
      {
        postId: 'glasswren',
        permalink: 'https://rentry.co/glasswren',
        text: (JSON.parse(sample('api_raw.json')) as { content: string }).content,
      },
    ]);
    const [post] = rentryAdapter.extractPosts(
      rentry,
      html('<h1>glasswren masterpost</h1><ul><li>name: <strong>Dana Whitlock</strong></li></ul>'),
      'https://rentry.co/glasswren',
    );
    expect(post).toEqual({
      postId: 'glasswren',
      permalink: 'https://rentry.co/glasswren',
      text: 'glasswren masterpost\nname: Dana Whitlock',
    });
  });

  it('yields nothing for the raw-access refusal (403 text or JSON) and for non-page URLs', () => {
    const forbidden = sample('api_raw_forbidden.json');
    expect(rentryAdapter.extractPosts(rentry, forbidden, 'https://rentry.co/api/raw/glasswren')).toEqual([]);
    const text = (JSON.parse(forbidden) as { content: string }).content;
    expect(rentryAdapter.extractPosts(rentry, text, 'https://rentry.co/glasswren/raw')).toEqual([]);
    expect(rentryAdapter.extractPosts(rentry, html('x'), 'https://rentry.co/')).toEqual([]);
    expect(rentryViewOf('https://rentry.co/static/x.css')).toBeUndefined();
    expect(rentryViewOf('https://rentry.co/a_b-c/raw')).toEqual({ slug: 'a_b-c', kind: 'raw' });
  });
});
