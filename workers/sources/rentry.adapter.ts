/**
 * rentry: markdown pages at custom slugs, often the target's handle. The site has no
 * search, so the "search" here is the one the site allows: ask for the page whose slug is the handle
 * (a public identifier). Other rentry pages arrive through web search or the web archives, with the
 * page's own source id, and are read by `extractPosts` below.
 *
 * Pages are read from their HTML render, not `/raw`: since 2024 `/raw` and `/api/raw` answer 403
 * unless the request carries a `rentry-auth: <code>` header, and the fetch layer sends no per-source
 * headers. Raw bodies are still understood, for a deployment that gets a code and a fetcher that sends it.
 * The HTML container (`.entry-text article`) is inferred, hence the fallbacks.
 */
import type { ExtractedPost } from '../../shared/domain/page.js';
import { domToText } from '../../shared/text/html-to-text.js';
import { parseHtml, queryOne } from '../../shared/text/dom.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import { baseOf, isRecord, parseJson, plainText, stringField } from './source.util.js';

/** rentry's custom URLs: letters, digits, `_` and `-`. */
const SLUG = /^[A-Za-z0-9_-]{1,100}$/;
/** Start of the 403 text of `/raw` and `/api/raw` for pages without a raw access code. */
const RAW_FORBIDDEN = /^\s*This page does not have a SECRET_RAW_ACCESS_CODE set/;
const NOT_FOUND_TITLE = /\b404\b|not found/i;

type RentryView = { slug: string; kind: 'html' | 'raw' | 'api' };

/** `/<slug>`, `/<slug>/raw`, `/api/raw/<slug>`; anything else (`/`, `/static/...`) is not a page. */
export function rentryViewOf(url: string): RentryView | undefined {
  const path = new URL(url).pathname;
  const api = /^\/api\/raw\/([^/]+)\/?$/.exec(path);
  if (api?.[1] && SLUG.test(api[1])) return { slug: api[1], kind: 'api' };
  const page = /^\/([^/]+)(\/raw)?\/?$/.exec(path);
  if (!page?.[1] || !SLUG.test(page[1]) || ['api', 'static', 'raw'].includes(page[1])) return undefined;
  return { slug: page[1], kind: page[2] ? 'raw' : 'html' };
}

function articleOf(body: string): ReturnType<typeof queryOne> {
  const doc = parseHtml(body);
  return queryOne('.entry-text article', doc) ?? queryOne('.entry-text', doc) ?? queryOne('article', doc);
}

export const rentryAdapter: SourceAdapter = {
  name: 'rentry',
  searchMode: 'query',

  searchUrl(source, query) {
    if (query === undefined || query.trim() === '') throw new Error('rentry needs a handle to look up');
    // A handle that cannot be a slug (a space, a dot) is still asked for, encoded: the site then says
    // "not found", which is the honest answer, instead of the scan failing on a thrown error.
    return `${baseOf(source)}/${encodeURIComponent(query.trim())}`;
  },

  parseSearchPage(_source, body, url, status): SearchPage {
    // The address was guessed from a handle: "not there" is the answer, whatever the page says.
    if (status === 404 || status === 410) return { outcome: 'empty', pages: [] };
    const view = rentryViewOf(url);
    if (view && articleOf(body)) {
      const page = new URL(url);
      return { outcome: 'results', pages: [{ url: `${page.origin}/${view.slug.toLowerCase()}` }] };
    }
    const title = queryOne('title', parseHtml(body));
    if (title && NOT_FOUND_TITLE.test(domToText(title))) return { outcome: 'empty', pages: [] };
    return { outcome: 'unknown', pages: [] };
  },

  extractPosts(_source, body, url): ExtractedPost[] {
    const view = rentryViewOf(url);
    if (!view) return [];
    // rentry serves a slug in any case (inferred); one id per page keeps two spellings one finding.
    const slug = view.slug.toLowerCase();
    const permalink = `${new URL(url).origin}/${slug}`;
    let text: string | undefined;
    if (view.kind === 'api') {
      const json = parseJson(body);
      const status = isRecord(json) ? stringField(json.status) : undefined;
      // `/api/raw` reports refusals in its body (`status: "403"`) as well as in the HTTP status.
      text =
        isRecord(json) && (status === undefined || status === '200') ? stringField(json.content) : undefined;
      if (text !== undefined) text = plainText(text);
    } else if (view.kind === 'raw') {
      text = RAW_FORBIDDEN.test(body) ? undefined : plainText(body);
    } else {
      const article = articleOf(body);
      text = article ? domToText(article).trim() : undefined;
    }
    return text === undefined || text.trim() === '' ? [] : [{ postId: slug, permalink, text }];
  },
};
