import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { doxbinAdapter, doxbinSlugOf } from '../../workers/sources/doxbin.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = (name: string): string => readFixture(`doxbin/${name}`);

const doxbin: SourceEntry = sourceEntrySchema.parse({
  id: 'doxbin',
  name: 'Doxbin',
  adapter: 'doxbin',
  trust: 'hostile',
  baseUrl: 'https://doxbin.net',
  fetch: 'browser',
  politeness: { requestsPerSecond: 0.2, concurrency: 1, maxResultPages: 2, maxPagesPerScan: 10 },
});

describe('doxbin adapter', () => {
  it('searches titles by the query', () => {
    expect(doxbinAdapter.searchMode).toBe('query');
    expect(doxbinAdapter.searchUrl(doxbin, 'Marrow Fin')).toBe('https://doxbin.net/?search=Marrow%20Fin');
    expect(() => doxbinAdapter.searchUrl(doxbin, '')).toThrow(/query/);
  });

  it('reads listing rows into paste URLs (never the uploader link) and follows rel=next', () => {
    const page = doxbinAdapter.parseSearchPage(
      doxbin,
      sample('index_page.html'),
      'https://doxbin.net/?page=1',
    );
    expect(page).toEqual({
      outcome: 'results',
      pages: [
        { url: 'https://doxbin.net/upload/MarrowfinInkTamsinBrackwater' },
        { url: 'https://doxbin.net/upload/ReadBeforePostingRulesFAQ' },
      ],
      next: 'https://doxbin.net/?page=2',
    });
  });

  it('says "empty" only for a paste table without rows; a gate page is "unknown"', () => {
    const url = 'https://doxbin.net/?search=x';
    const emptyTable = '<table class="table"><thead><tr><th>Title</th></tr></thead><tbody></tbody></table>';
    expect(doxbinAdapter.parseSearchPage(doxbin, emptyTable, url)).toEqual({ outcome: 'empty', pages: [] });
    expect(
      doxbinAdapter.parseSearchPage(doxbin, '<html><body>Checking your browser</body></html>', url).outcome,
    ).toBe('unknown');
    // Rows linking off the site are not followed.
    const offsite =
      '<table><tr><th>Title</th></tr><tr class="doxentry"><td><a href="https://evil.example/upload/X" title="X">X</a></td></tr></table>';
    expect(doxbinAdapter.parseSearchPage(doxbin, offsite, url)).toEqual({ outcome: 'empty', pages: [] });
  });

  it('extracts the paste title and pre body as one post with its uploader', () => {
    const url = 'https://doxbin.net/upload/MarrowfinInkTamsinBrackwater';
    const [post, ...rest] = doxbinAdapter.extractPosts(doxbin, sample('paste_page.html'), url);
    expect(rest).toEqual([]);
    expect(post).toMatchObject({
      postId: 'MarrowfinInkTamsinBrackwater',
      author: 'SampleUploader07',
      permalink: url,
    });
    expect(post?.text.startsWith('MarrowfinInk (Tamsin Brackwater)\n\n  <<< M A R R O W')).toBe(true);
    expect(post?.text).toContain('  Email:      tbrackwater@example.net\n');
    expect(post?.text).toContain('https://social.example.org/@marrowfin');
    expect(post?.text).not.toContain('Comments (5)');
    expect(
      doxbinAdapter.extractPosts(doxbin, sample('index_page.html'), 'https://doxbin.net/?page=1'),
    ).toEqual([]);
  });

  it('derives slugs the way the site does', () => {
    expect(doxbinSlugOf('ab cd (ef)')).toBe('abcdef');
    expect(doxbinSlugOf('MarrowfinInk (Tamsin Brackwater)')).toBe('MarrowfinInkTamsinBrackwater');
  });
});
