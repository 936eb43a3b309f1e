/**
 * Pastebin. It has no search, so the public archive is walked and every paste is
 * matched locally: Pastebin never learns whom we are looking for.
 */
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import { domToText, htmlToText } from '../../shared/text/html-to-text.js';
import { parseHtml, queryAll, queryOne } from '../../shared/text/dom.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import { baseOf, plainText } from './source.util.js';

const KEY = /^[A-Za-z0-9]{8}$/;
const ARCHIVE_LINK = /^\/([A-Za-z0-9]{8})$/;
/** Pastebin's answers to too many requests: a text on the archive page, or a whole warning page. */
const THROTTLED = /Please slow down|Access Denied Warning/i;
/** The archive is meant to be polled at most once a minute. */
const ARCHIVE_RETRY_SECONDS = 60;

/** The paste key of `/raw/<key>`, `/<key>` or the legacy `/raw.php?i=<key>`. */
export function pasteKeyOf(url: string): string | undefined {
  const parsed = new URL(url);
  const legacy = parsed.searchParams.get('i');
  if (parsed.pathname.endsWith('/raw.php') && legacy && KEY.test(legacy)) return legacy;
  const match = /\/(?:raw\/)?([A-Za-z0-9]{8})\/?$/.exec(parsed.pathname);
  return match?.[1];
}

/** The paste text of an HTML paste page, for when a caller hands us `/<key>` instead of `/raw/<key>`. */
function pasteTextFromHtml(body: string): string {
  const doc = parseHtml(body);
  const raw = queryOne('textarea.textarea', doc) ?? queryOne('textarea', doc);
  if (raw) return domToText(raw);
  const source = queryOne('.source', doc);
  return source ? domToText(source) : htmlToText(body);
}

export const pastebinAdapter: SourceAdapter = {
  name: 'pastebin',
  searchMode: 'listing',

  searchUrl(source) {
    return `${baseOf(source)}/archive`;
  },

  parseSearchPage(source, body): SearchPage {
    if (THROTTLED.test(body))
      return { outcome: 'throttled', pages: [], retryAfterSeconds: ARCHIVE_RETRY_SECONDS };
    const doc = parseHtml(body);
    const table = queryOne('table.maintable', doc);
    if (!table) return { outcome: 'unknown', pages: [] };
    const seen = new Set<string>();
    const pages: PageRef[] = [];
    for (const link of queryAll('a[href]', table)) {
      const key = ARCHIVE_LINK.exec(link.attribs.href ?? '')?.[1];
      if (!key || seen.has(key)) continue;
      seen.add(key);
      pages.push({ url: `${baseOf(source)}/raw/${key}` });
    }
    if (pages.length === 0) return { outcome: 'empty', pages };
    // The archive lists only the newest public pastes: everything older went unread, and is said so.
    return {
      outcome: 'results',
      pages,
      partial: `only the newest ${pages.length} pastes of its public archive could be read (it lists no older ones)`,
    };
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const key = pasteKeyOf(url);
    if (!key) return [];
    const isRaw = /\/raw(?:\/|\.php)/.test(new URL(url).pathname);
    const looksHtml = /^\s*<(?:!doctype|html)/i.test(body);
    const text = !isRaw && looksHtml ? pasteTextFromHtml(body) : plainText(body);
    return [{ postId: key, permalink: `${baseOf(source)}/${key}`, text }];
  },
};
