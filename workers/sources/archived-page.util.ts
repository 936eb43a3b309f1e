/**
 * Reading a page a web archive kept (Wayback, archive.today): the archive is only the messenger, the
 * page was written by some other site's software. The archived URL's host says which software, from
 * the archive source's options (`adapters: { "<host>": "<adapter name>" }`), and that adapter reads it.
 *
 * Adapters reach each other through a lookup function handed in by the registry, so this module and
 * the archive adapters never import the registry (which imports them).
 */
import {
  hostKey,
  siteHosts,
  type AdapterName,
  type SourceEntry,
} from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost } from '../../shared/domain/page.js';
import { htmlToText } from '../../shared/text/html-to-text.js';
import type { SourceAdapter } from './adapter.js';

export type AdapterLookup = (name: AdapterName) => SourceAdapter | undefined;

/** Adapters whose pages are other sites' pages: never a delegate (an archive of an archive would loop). */
const NOT_A_DELEGATE: ReadonlySet<string> = new Set(['wayback', 'archive-today', 'searxng']);

export interface ArchivedPage {
  /** The archived page's own URL. */
  original: string;
  /** Its body, with the archive's chrome already removed. */
  body: string;
  /** Where a reader (or a removal request) finds this copy in the archive. */
  replayUrl: string;
}

/**
 * Posts of an archived page. Post ids get the original host in front (`kiwifarms.st:7310001`): the same
 * post in two captures is one finding, and post numbers of two different forums never collide.
 * Pages of software no adapter knows (or that an adapter cannot read, because the archive rewrote the
 * markup) become one post with the whole page text, so nothing archived goes unread.
 */
export function extractArchivedPosts(
  archive: SourceEntry,
  page: ArchivedPage,
  adapters: Readonly<Record<string, AdapterName>>,
  lookup: AdapterLookup,
): ExtractedPost[] {
  let original: URL;
  try {
    original = new URL(page.original);
  } catch {
    return [];
  }
  if (original.protocol !== 'http:' && original.protocol !== 'https:') return [];
  const host = hostKey(original);
  const name = adapters[host] ?? adapters[original.hostname.toLowerCase().replace(/^www\./, '')];
  const delegate = name && !NOT_A_DELEGATE.has(name) ? lookup(name) : undefined;
  if (delegate) {
    // The delegate sees the page as its own site served it: its base is the original origin, and its
    // catalog options are its defaults (the archive's options mean nothing to it).
    const asOriginal: SourceEntry = {
      ...archive,
      adapter: delegate.name as AdapterName,
      baseUrl: original.origin,
      options: {},
    };
    const posts = delegate.extractPosts(asOriginal, page.body, original.href);
    if (posts.length > 0) {
      return posts.map((post) => ({ ...post, postId: `${host}:${post.postId}`, permalink: page.replayUrl }));
    }
  }
  const text = /^\s*</.test(page.body) ? htmlToText(page.body) : page.body;
  if (text.trim() === '') return [];
  return [{ postId: `${host}:${original.pathname}${original.search}`, permalink: page.replayUrl, text }];
}

/** What an archive source is set to ask about and how it reads the copies, host by host. */
export interface ArchiveReach {
  /** Host -> adapter of the archived pages (the archive's `options.adapters`). */
  adapters: Readonly<Record<string, AdapterName>>;
  /** Its queries, each as the host it names and the rest of the pattern (`/threads/`, `/{q}`). */
  patterns: ReadonlyArray<{ host: string; rest: string }>;
}

/**
 * Where an archive's settings leave out a host of a site it covers. A site is covered once any of its
 * hosts appears in the archive's settings; then every host of it (its address and each alias in its
 * own catalog file, the one place a site's domains are listed) must be read by the site's adapter and
 * asked about with the same patterns, so a former domain or a mirror is never a blind spot.
 */
export function archiveReachGaps(
  archiveId: string,
  reach: ArchiveReach,
  sites: readonly SourceEntry[],
): string[] {
  const gaps: string[] = [];
  for (const site of sites) {
    const hosts = siteHosts(site);
    const rests = new Set(reach.patterns.filter((p) => hosts.includes(p.host)).map((p) => p.rest));
    const covered = rests.size > 0 || hosts.some((host) => Object.hasOwn(reach.adapters, host));
    if (!covered) continue;
    for (const host of hosts) {
      const adapter = Object.hasOwn(reach.adapters, host) ? reach.adapters[host] : undefined;
      if (adapter !== site.adapter) {
        gaps.push(`${archiveId}: copies from ${host} (${site.id}) are not read as ${site.adapter}`);
      }
      for (const rest of rests) {
        if (!reach.patterns.some((p) => p.host === host && p.rest === rest)) {
          gaps.push(`${archiveId}: never asks about ${host}${rest} (${site.id})`);
        }
      }
    }
  }
  return gaps;
}
