/**
 * Reading a page a web archive kept (Wayback, archive.today): the archive is only the messenger, the
 * page was written by some other site's software. The archived URL's host says which software, from
 * the archive source's options (`adapters: { "<host>": "<adapter name>" }`), and that adapter reads it.
 *
 * Adapters reach each other through a lookup function handed in by the registry, so this module and
 * the archive adapters never import the registry (which imports them).
 */
import type { AdapterName, SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost } from '../../shared/domain/page.js';
import { htmlToText } from '../../shared/text/html-to-text.js';
import type { SourceAdapter } from './adapter.js';
import { hostKey } from './source.util.js';

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
