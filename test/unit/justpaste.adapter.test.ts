import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { justpasteAdapter } from '../../workers/sources/justpaste.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = readFixture('justpaste/article.html');

const justpaste: SourceEntry = sourceEntrySchema.parse({
  id: 'justpaste',
  name: 'JustPaste.it',
  adapter: 'justpaste',
  trust: 'hostile',
  baseUrl: 'https://justpaste.it',
  fetch: 'auto',
  politeness: { requestsPerSecond: 0.25, concurrency: 1, maxResultPages: 1, maxPagesPerScan: 10 },
});

describe('justpaste adapter', () => {
  it('looks up the page named after the handle', () => {
    expect(justpasteAdapter.searchUrl(justpaste, 'tidepoolmoth')).toBe('https://justpaste.it/tidepoolmoth');
    expect(justpasteAdapter.parseSearchPage(justpaste, sample, 'https://justpaste.it/tidepoolmoth')).toEqual({
      outcome: 'results',
      pages: [{ url: 'https://justpaste.it/tidepoolmoth' }],
    });
    expect(
      justpasteAdapter.parseSearchPage(
        justpaste,
        '<html><title>404 Not Found</title></html>',
        'https://justpaste.it/x',
      ),
    ).toEqual({ outcome: 'empty', pages: [] });
    expect(
      justpasteAdapter.parseSearchPage(justpaste, '<html>captcha</html>', 'https://justpaste.it/x').outcome,
    ).toBe('unknown');
  });

  it('extracts the title and article text; the nbsp-split phone stays readable', () => {
    const [post] = justpasteAdapter.extractPosts(justpaste, sample, 'https://justpaste.it/a1b2c');
    expect(post?.postId).toBe('a1b2c');
    expect(post?.permalink).toBe('https://justpaste.it/a1b2c');
    expect(post?.text.startsWith('tidepoolmoth owes people zines\n\nInvented test article.')).toBe(true);
    expect(post?.text).toContain('w.crake@example.com');
    expect(post?.text).toContain('07700 900 381');
    expect(justpasteAdapter.extractPosts(justpaste, '<html></html>', 'https://justpaste.it/a1b2c')).toEqual(
      [],
    );
  });
});
