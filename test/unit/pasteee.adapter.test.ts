import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { pasteeeAdapter, pasteeeViewOf } from '../../workers/sources/pasteee.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = (name: string): string => readFixture(`pasteee/${name}`);

const pasteee: SourceEntry = sourceEntrySchema.parse({
  id: 'pasteee',
  name: 'paste.ee',
  adapter: 'pasteee',
  trust: 'hostile',
  baseUrl: 'https://paste.ee',
  fetch: 'http',
  politeness: { requestsPerSecond: 0.5, concurrency: 1, maxResultPages: 1, maxPagesPerScan: 10 },
});

describe('pasteee adapter', () => {
  it('walks the recent list without a query and reads pastes from their raw view', () => {
    expect(pasteeeAdapter.searchMode).toBe('listing');
    expect(pasteeeAdapter.searchUrl(pasteee, 'lumen_drift77')).toBe('https://paste.ee/recent');
    const recent =
      '<table><tr><td><a href="/p/qX7rT">a</a></td></tr><tr><td><a href="https://paste.ee/p/Ab3dE#x">b</a> <a href="/p/qX7rT">dup</a> <a href="/u/someone">user</a></td></tr></table>';
    expect(pasteeeAdapter.parseSearchPage(pasteee, recent, 'https://paste.ee/recent')).toEqual({
      outcome: 'results',
      pages: [{ url: 'https://paste.ee/r/qX7rT' }, { url: 'https://paste.ee/r/Ab3dE' }],
      partial: 'only the newest 2 pastes of its recent list could be read (it lists no older ones)',
    });
    expect(
      pasteeeAdapter.parseSearchPage(pasteee, '<html>maintenance</html>', 'https://paste.ee/recent').outcome,
    ).toBe('unknown');
  });

  it('reads the v1 API paste: description, section names and contents', () => {
    const [post, ...rest] = pasteeeAdapter.extractPosts(
      pasteee,
      sample('api_paste.json'),
      'https://api.paste.ee/v1/pastes/mR4tz',
    );
    expect(rest).toEqual([]);
    expect(post?.postId).toBe('mR4tz');
    expect(post?.permalink).toBe('https://paste.ee/p/mR4tz');
    expect(
      post?.text.startsWith(
        'lumen_drift77 receipts\n\nnotes\n\nlumen_drift77 == Lumen Drift == Corwin A. Pell\n',
      ),
    ).toBe(true);
    expect(post?.text).toContain('c.o.r.w.i.n.p.e.l.l at example dot org');
    expect(post?.text.endsWith('41 Saltmarsh Ter.')).toBe(true);
  });

  it('yields nothing for the API error body', () => {
    expect(
      pasteeeAdapter.extractPosts(pasteee, sample('api_error.json'), 'https://api.paste.ee/v1/pastes/zzzzz'),
    ).toEqual([]);
  });

  it('reads raw views as they are and sends HTML views on to their raw view', () => {
    expect(pasteeeAdapter.extractPosts(pasteee, 'a\r\nb', 'https://paste.ee/r/qX7rT')).toEqual([
      { postId: 'qX7rT', permalink: 'https://paste.ee/p/qX7rT', text: 'a\nb' },
    ]);
    expect(pasteeeAdapter.extractPosts(pasteee, '<html>...</html>', 'https://paste.ee/p/qX7rT')).toEqual([]);
    expect(pasteeeAdapter.nextPageUrl?.(pasteee, '<html>...</html>', 'https://paste.ee/p/qX7rT')).toBe(
      'https://paste.ee/r/qX7rT',
    );
    expect(pasteeeAdapter.nextPageUrl?.(pasteee, 'text', 'https://paste.ee/r/qX7rT')).toBeUndefined();
    expect(pasteeeViewOf('https://paste.ee/recent')).toBeUndefined();
  });
});
