import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import { siteHosts } from '../../shared/catalog/catalog.schema.js';
import { liveAddresses } from '../../workers/fetchers/mirror-fallback.fetcher.js';

const site = {
  baseUrl: 'https://forum.example/',
  mirrors: ['https://forum-mirror.example', 'http://forumexamplexyzabcdefghijklmnop.onion'],
};

describe('mirrors', () => {
  it('reaches an onion mirror only through a SOCKS proxy (Tor), never directly or through an HTTP proxy', () => {
    expect(liveAddresses(site)).toEqual(['https://forum.example', 'https://forum-mirror.example']);
    expect(liveAddresses(site, 'http://proxy.example:3128')).toEqual([
      'https://forum.example',
      'https://forum-mirror.example',
    ]);
    expect(liveAddresses(site, 'socks5h://127.0.0.1:9050')).toEqual([
      'https://forum.example',
      'https://forum-mirror.example',
      'http://forumexamplexyzabcdefghijklmnop.onion',
    ]);
  });

  it('never reaches the shipped site once a deployment points the source elsewhere', () => {
    const shipped = loadCatalog().get('kiwifarms');
    const moved = loadCatalog({
      overrides: { kiwifarms: { baseUrl: 'http://127.0.0.1:9', allowPrivateNetwork: true } },
    }).get('kiwifarms');
    expect(moved.mirrors).toEqual([]);
    expect(liveAddresses(moved, 'socks5h://127.0.0.1:9050')).toEqual(['http://127.0.0.1:9']);
    // Still known as the site's: archived copies under the shipped addresses are its pages.
    expect(siteHosts(moved)).toEqual(expect.arrayContaining(siteHosts(shipped)));
  });

  it('takes the mirrors a deployment gives with its own address', () => {
    const moved = loadCatalog({
      overrides: {
        kiwifarms: {
          baseUrl: 'http://127.0.0.1:9',
          mirrors: ['http://127.0.0.1:10'],
          allowPrivateNetwork: true,
        },
      },
    }).get('kiwifarms');
    expect(liveAddresses(moved)).toEqual(['http://127.0.0.1:9', 'http://127.0.0.1:10']);
    expect(siteHosts(moved)).toContain('127.0.0.1:10');
  });
});
