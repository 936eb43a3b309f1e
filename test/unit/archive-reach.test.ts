import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import type { AdapterName, SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { placeKindOf, sourceEntrySchema } from '../../shared/catalog/catalog.schema.js';
import { siteHosts } from '../../shared/catalog/catalog.schema.js';
import { archiveReachGaps, type ArchiveReach } from '../../workers/sources/archived-page.util.js';

/** The shipped archive's settings as host + rest pairs (Wayback: `host/path`; archive.today: URLs). */
function reachOf(archive: SourceEntry): ArchiveReach {
  const options = archive.options as {
    hosts?: string[];
    urls?: string[];
    adapters: Record<string, AdapterName>;
  };
  const patterns =
    archive.adapter === 'wayback'
      ? (options.hosts ?? []).map((entry) => {
          const slash = entry.indexOf('/');
          return slash < 0
            ? { host: entry.toLowerCase(), rest: '' }
            : { host: entry.slice(0, slash).toLowerCase(), rest: entry.slice(slash) };
        })
      : (options.urls ?? []).map((url) => {
          const parsed = /^https?:\/\/([^/]+)(\/.*)?$/.exec(url);
          return { host: (parsed?.[1] ?? '').toLowerCase().replace(/^www\./, ''), rest: parsed?.[2] ?? '' };
        });
  return { adapters: options.adapters, patterns };
}

describe('the archives reach every host of the sites they cover', () => {
  const catalog = loadCatalog();
  const sites = catalog.list().filter((entry) => placeKindOf(entry.adapter) === 'site');
  const archives = catalog.list().filter((entry) => placeKindOf(entry.adapter) === 'archive');

  it('Kiwi Farms lists its former domains and mirrors as aliases', () => {
    expect(siteHosts(catalog.get('kiwifarms'))).toEqual(
      expect.arrayContaining([
        'kiwifarms.st',
        'kiwifarms.net',
        'kiwifarms.top',
        'kiwifarms.is',
        'kiwifarms.pl',
      ]),
    );
  });

  it('every alias of every covered site is asked about and read by its adapter, in both archives', () => {
    expect(archives.map((a) => a.id).sort()).toEqual(['archive-today', 'wayback']);
    for (const archive of archives) expect(archiveReachGaps(archive.id, reachOf(archive), sites)).toEqual([]);
    // Each archive asks about the forum under every one of its hosts.
    const wayback = reachOf(catalog.get('wayback'));
    for (const host of siteHosts(catalog.get('kiwifarms'))) {
      expect(wayback.patterns).toContainEqual({ host, rest: '/threads/' });
    }
    const archiveToday = reachOf(catalog.get('archive-today'));
    for (const host of siteHosts(catalog.get('kiwifarms'))) {
      expect(archiveToday.patterns).toContainEqual({ host, rest: '/members/{q}/' });
    }
  });

  it('names what an archive leaves out when a site gains an alias', () => {
    const forum = sourceEntrySchema.parse({
      ...catalog.get('kiwifarms'),
      aliases: [...catalog.get('kiwifarms').aliases, 'https://kiwifarms.example'],
    });
    expect(archiveReachGaps('wayback', reachOf(catalog.get('wayback')), [forum])).toEqual([
      'wayback: copies from kiwifarms.example (kiwifarms) are not read as xenforo',
      'wayback: never asks about kiwifarms.example/threads/ (kiwifarms)',
    ]);
    // A site the archive does not cover at all is not its business.
    expect(archiveReachGaps('wayback', reachOf(catalog.get('wayback')), [catalog.get('4chan')])).toEqual([]);
  });

  it('each archive can walk all of its queries for one handle within its page cap', () => {
    for (const archive of archives) {
      expect(reachOf(archive).patterns.length, archive.id).toBeLessThanOrEqual(
        archive.politeness.maxResultPages,
      );
    }
  });
});
