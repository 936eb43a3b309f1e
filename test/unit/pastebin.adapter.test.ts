import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { pasteKeyOf, pastebinAdapter } from '../../workers/sources/pastebin.adapter.js';
import { readFixture } from '../support/fixtures.js';

const sample = (name: string): string => readFixture(`pastebin/${name}`);

const pastebin: SourceEntry = sourceEntrySchema.parse({
  id: 'pastebin',
  name: 'Pastebin',
  adapter: 'pastebin',
  trust: 'hostile',
  baseUrl: 'https://pastebin.com',
  fetch: 'http',
  politeness: { requestsPerSecond: 1, concurrency: 1, maxResultPages: 1, maxPagesPerScan: 10 },
});

describe('pastebin adapter', () => {
  it('walks the archive without sending any query', () => {
    expect(pastebinAdapter.searchMode).toBe('listing');
    expect(pastebinAdapter.searchUrl(pastebin, undefined)).toBe('https://pastebin.com/archive');
    expect(pastebinAdapter.searchUrl(pastebin, 'tidepoolmoth')).not.toContain('tidepoolmoth');
  });

  it('reads the archive table into raw paste URLs, skipping syntax links', () => {
    const page = pastebinAdapter.parseSearchPage(
      pastebin,
      sample('archive.html'),
      'https://pastebin.com/archive',
    );
    expect(page).toEqual({
      outcome: 'results',
      pages: [
        { url: 'https://pastebin.com/raw/Rk4vN8pQ' },
        { url: 'https://pastebin.com/raw/Tm3sW7yL' },
        { url: 'https://pastebin.com/raw/Bq6xH2jC' },
      ],
      partial: 'only the newest 3 pastes of its public archive could be read (it lists no older ones)',
    });
  });

  it('recognises slow-down answers and pages it cannot read', () => {
    const url = 'https://pastebin.com/archive';
    expect(pastebinAdapter.parseSearchPage(pastebin, '<p>Please slow down!</p>', url)).toMatchObject({
      outcome: 'throttled',
      retryAfterSeconds: 60,
    });
    expect(pastebinAdapter.parseSearchPage(pastebin, '<h1>Access Denied Warning</h1>', url).outcome).toBe(
      'throttled',
    );
    expect(
      pastebinAdapter.parseSearchPage(pastebin, '<html><body>maintenance</body></html>', url).outcome,
    ).toBe('unknown');
    expect(pastebinAdapter.parseSearchPage(pastebin, '<table class="maintable"></table>', url).outcome).toBe(
      'empty',
    );
  });

  it('turns a raw paste into one post keyed by the paste key', () => {
    const body = sample('raw_paste.txt');
    const posts = pastebinAdapter.extractPosts(pastebin, body, 'https://pastebin.com/raw/Rk4vN8pQ');
    expect(posts).toEqual([{ postId: 'Rk4vN8pQ', permalink: 'https://pastebin.com/Rk4vN8pQ', text: body }]);
    expect(posts[0]?.text).toContain('w . crake @ example . com');
  });

  it('reads the paste text out of an HTML paste page too', () => {
    const html =
      '<!DOCTYPE html><html><body><textarea class="textarea">a &amp; b\nline 2</textarea></body></html>';
    expect(pastebinAdapter.extractPosts(pastebin, html, 'https://pastebin.com/Ab12Cd34')[0]?.text).toBe(
      'a & b\nline 2',
    );
  });

  it('knows paste keys in every URL shape', () => {
    expect(pasteKeyOf('https://pastebin.com/raw/Rk4vN8pQ')).toBe('Rk4vN8pQ');
    expect(pasteKeyOf('https://pastebin.com/Rk4vN8pQ')).toBe('Rk4vN8pQ');
    expect(pasteKeyOf('https://pastebin.com/raw.php?i=Rk4vN8pQ')).toBe('Rk4vN8pQ');
    expect(pasteKeyOf('https://pastebin.com/archive')).toBeUndefined();
  });
});
