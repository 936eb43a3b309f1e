/**
 * paste.ee. No search: the recent-pastes page is walked like Pastebin's archive and
 * every paste matched locally, so paste.ee never learns whom we look for. Pastes found elsewhere (web
 * search, archives) come in as `/p/<id>` pages.
 *
 * Paste text is read from `/r/<id>`, which needs no key. The v1 API (`api.paste.ee/v1/pastes/<id>`)
 * needs one (`X-Auth-Token`), and a key in a query string would end up in stored page URLs and
 * reports; its JSON is still understood, for a deployment that points this source at the API with a
 * fetcher that sends the header. The HTML view `/p/<id>` has unconfirmed markup: it yields no post and
 * names its raw view as the next page instead, so the text is read from the raw body either way.
 * The `/recent` listing is unconfirmed too (one stored scanner reads it).
 */
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import {
  RATE_LIMIT_PAUSE_SECONDS,
  RATE_LIMIT_TEXT,
  baseOf,
  isRecord,
  parseJson,
  plainText,
  stringField,
} from './source.util.js';

const PASTE_ID = /^[A-Za-z0-9]{3,16}$/;
const RECENT_LINK = /\bhref\s*=\s*["'](?:https?:\/\/[^/"']+)?\/p\/([A-Za-z0-9]{3,16})["'#?]/g;

type PasteView = { id: string; kind: 'html' | 'raw' | 'api' };

export function pasteeeViewOf(url: string): PasteView | undefined {
  const path = new URL(url).pathname;
  const match = /^\/(?:(p|r)\/|v1\/pastes\/)([A-Za-z0-9]+)\/?$/.exec(path);
  if (!match?.[2] || !PASTE_ID.test(match[2])) return undefined;
  return { id: match[2], kind: match[1] === 'p' ? 'html' : match[1] === 'r' ? 'raw' : 'api' };
}

/** The site's own origin for permalinks, also when this source reads the `api.` host. */
function siteOrigin(url: string): string {
  const parsed = new URL(url);
  parsed.hostname = parsed.hostname.replace(/^api\./, '');
  return parsed.origin;
}

/** `paste.description` and every section (name, then contents): what a reader of the paste sees. */
function apiPasteText(json: unknown): { id: string; text: string } | undefined {
  if (!isRecord(json) || json.success === false || !isRecord(json.paste)) return undefined;
  const paste = json.paste;
  const id = stringField(paste.id);
  if (!id || !Array.isArray(paste.sections)) return undefined;
  const parts: string[] = [];
  const description = stringField(paste.description);
  if (description?.trim()) parts.push(description.trim());
  for (const section of paste.sections) {
    if (!isRecord(section)) continue;
    const name = stringField(section.name);
    const contents = stringField(section.contents);
    if (name?.trim() && name.trim().toLowerCase() !== 'new paste') parts.push(name.trim());
    if (contents !== undefined) parts.push(plainText(contents));
  }
  return { id, text: parts.join('\n\n') };
}

export const pasteeeAdapter: SourceAdapter = {
  name: 'pasteee',
  searchMode: 'listing',

  searchUrl(source) {
    return `${baseOf(source)}/recent`;
  },

  parseSearchPage(source, body): SearchPage {
    if (RATE_LIMIT_TEXT.test(body))
      return { outcome: 'throttled', pages: [], retryAfterSeconds: RATE_LIMIT_PAUSE_SECONDS };
    const seen = new Set<string>();
    const pages: PageRef[] = [];
    for (const match of body.matchAll(RECENT_LINK)) {
      const id = match[1];
      if (!id || seen.has(id)) continue;
      seen.add(id);
      pages.push({ url: `${baseOf(source)}/r/${id}` });
    }
    // A live paste site's recent list is never empty: no links means the page is something else.
    if (pages.length === 0) return { outcome: 'unknown', pages };
    // Only the newest pastes are listed: everything older went unread, and is said so.
    return {
      outcome: 'results',
      pages,
      partial: `only the newest ${pages.length} pastes of its recent list could be read (it lists no older ones)`,
    };
  },

  extractPosts(_source, body, url): ExtractedPost[] {
    const view = pasteeeViewOf(url);
    if (!view || view.kind === 'html') return [];
    if (view.kind === 'api') {
      const paste = apiPasteText(parseJson(body));
      if (!paste || !PASTE_ID.test(paste.id)) return [];
      return [{ postId: paste.id, permalink: `${siteOrigin(url)}/p/${paste.id}`, text: paste.text }];
    }
    return [{ postId: view.id, permalink: `${siteOrigin(url)}/p/${view.id}`, text: plainText(body) }];
  },

  nextPageUrl(_source, _body, url) {
    const view = pasteeeViewOf(url);
    return view?.kind === 'html' ? `${new URL(url).origin}/r/${view.id}` : undefined;
  },
};
