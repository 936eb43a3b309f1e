import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import { archiveTodaySnapshotOf } from '../../workers/sources/archive-today.adapter.js';
import { readFixture as sample } from '../support/fixtures.js';

const archive: SourceEntry = sourceEntrySchema.parse({
  id: 'archive-today',
  name: 'archive.today',
  adapter: 'archive-today',
  trust: 'neutral',
  baseUrl: 'https://archive.ph',
  fetch: 'auto',
  options: {
    urls: ['https://kiwifarms-replica.example/threads/{q}.61002/', 'https://rentry.co/{q}'],
    adapters: { 'kiwifarms-replica.example': 'xenforo' },
  },
  politeness: { requestsPerSecond: 0.1, concurrency: 1, maxResultPages: 3, maxPagesPerScan: 10 },
});
const adapter = getAdapter('archive-today');
const thread = 'https://kiwifarms-replica.example/threads/marrowfinink-tamsin-brackwater.61002/';

describe('archive-today adapter', () => {
  it('asks the TimeMap about each candidate URL in turn', () => {
    const first = adapter.searchUrl(archive, 'marrowfinink-tamsin-brackwater');
    expect(first).toBe(`https://archive.ph/timemap/${thread}`);
    const page = adapter.parseSearchPage(archive, sample('archive_today/timemap.txt'), first);
    expect(page).toEqual({
      outcome: 'results',
      pages: [
        { url: `https://archive.ph/20261020061530/${thread}` },
        { url: `https://archive.ph/20261027144209/${thread}` },
      ],
      next: 'https://archive.ph/timemap/https://rentry.co/marrowfinink-tamsin-brackwater',
    });
    expect(adapter.parseSearchPage(archive, 'TimeMap does not exists', page.next ?? '')).toEqual({
      outcome: 'empty',
      pages: [],
    });
  });

  it('never reads a CAPTCHA page as "no snapshot" nor as a page', () => {
    const first = adapter.searchUrl(archive, 'x');
    expect(adapter.parseSearchPage(archive, sample('archive_today/captcha.html'), first)).toEqual({
      outcome: 'challenge',
      pages: [],
    });
    expect(
      adapter.extractPosts(
        archive,
        sample('archive_today/captcha.html'),
        `https://archive.ph/20261020061530/${thread}`,
      ),
    ).toEqual([]);
  });

  it('reads a snapshot with the original software adapter', () => {
    const posts = adapter.extractPosts(
      archive,
      sample('kiwifarms/thread_page.html'),
      `https://archive.ph/20261020061530/${thread}`,
    );
    expect(posts.length).toBeGreaterThan(2);
    expect(posts[0]?.postId).toMatch(/^kiwifarms-replica\.example:\d+$/);
    expect(posts[0]?.permalink).toBe(`https://archive.ph/20261020061530/${thread}`);
    expect(archiveTodaySnapshotOf('https://archive.md/20261003042011/https://x.example/a')).toEqual({
      timestamp: '20261003042011',
      original: 'https://x.example/a',
    });
  });
});
