import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { pasteeeAdapter, pasteeeViewOf } from '../../workers/sources/pasteee.adapter.js';

const samples = new URL('../../../shared/samples/pasteee/', import.meta.url);
const sample = (name: string): string => readFileSync(new URL(name, samples), 'utf8');

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
    expect(pasteeeAdapter.searchUrl(pasteee, 'vespertide_9k')).toBe('https://paste.ee/recent');
    const recent =
      '<table><tr><td><a href="/p/qX7rT">a</a></td></tr><tr><td><a href="https://paste.ee/p/Ab3dE#x">b</a> <a href="/p/qX7rT">dup</a> <a href="/u/someone">user</a></td></tr></table>';
    expect(pasteeeAdapter.parseSearchPage(pasteee, recent, 'https://paste.ee/recent')).toEqual({
      outcome: 'results',
      pages: [{ url: 'https://paste.ee/r/qX7rT' }, { url: 'https://paste.ee/r/Ab3dE' }],
    });
    expect(
      pasteeeAdapter.parseSearchPage(pasteee, '<html>maintenance</html>', 'https://paste.ee/recent').outcome,
    ).toBe('unknown');
  });

  it('reads the v1 API paste: description, section names and contents', () => {
    const [post, ...rest] = pasteeeAdapter.extractPosts(
      pasteee,
      sample('api_paste.json'),
      'https://api.paste.ee/v1/pastes/qX7rT',
    );
    expect(rest).toEqual([]);
    expect(post?.postId).toBe('qX7rT');
    expect(post?.permalink).toBe('https://paste.ee/p/qX7rT');
    expect(
      post?.text.startsWith(
        'vespertide_9k receipts\n\nnotes\n\nvespertide_9k == Vesper Tide == Rowan E. Marsh\n',
      ),
    ).toBe(true);
    expect(post?.text).toContain('r.o.w.a.n.m.a.r.s.h at example dot org');
    expect(post?.text.endsWith('88 Quarrystone Ct.')).toBe(true);
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
