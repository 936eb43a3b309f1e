/**
 * XenForo 2 forums (Kiwi Farms and its look-alikes).
 *
 * A search hit points at one post (`/threads/<slug>.<id>/post-<n>`); we keep the thread instead,
 * because a whole thread is fetched page by page anyway and several hits in one thread must not
 * turn into several fetches of the same page.
 */
import type { Element } from 'domhandler';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import { domToText } from '../../shared/text/html-to-text.js';
import { parseHtml, queryAll, queryOne } from '../../shared/text/dom.js';
import { MAX_SOURCE_WAIT_MS } from '../fetchers/blocked-detector.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import { baseOf, resolveOnSite } from './source.util.js';

const THREAD_PATH = /^(.*?\/threads\/(?:[^/]*\.)?\d+)(?:\/.*)?$/;
const FLOOD_CONTROL = /You must wait at least (\d+) seconds?/i;
/** KiwiFlare and its successor put the challenge id on the root element. */
const CHALLENGE_ROOT = /<html[^>]*\bid=["']?(?:sssg|ttrs)\b/i;
/** XenForo's login page (`data-template="login"`) and its "You must be logged-in to do that." error. */
const LOGIN_WALL = /<html[^>]*\bdata-template=["']login["']|You must be logged[- ]in to do that/i;
/** Seconds added to what the forum asks for, so the retry never lands a moment too early. */
const FLOOD_MARGIN_SECONDS = 5;

/** `/threads/x.1/post-5`, `/threads/x.1/page-3#post-9` -> `/threads/x.1/` (same origin, no query). */
export function threadUrlOf(url: URL): string | undefined {
  const match = THREAD_PATH.exec(url.pathname);
  return match ? `${url.origin}${match[1]}/` : undefined;
}

function nextLink(
  doc: ReturnType<typeof parseHtml>,
  pageUrl: string,
  source: SourceEntry,
): string | undefined {
  const next = queryOne('a.pageNav-jump--next[href]', doc);
  return resolveOnSite(next?.attribs.href, pageUrl, source)?.href;
}

/** The "Click to expand..." control of a collapsed quote is page chrome, not what anyone wrote. */
function isChrome(element: Element): boolean {
  const classes = ` ${element.attribs.class ?? ''} `;
  return classes.includes(' bbCodeBlock-expandLink ') || classes.includes(' js-selectToQuoteEnd ');
}

const EXPAND_LINE = /^[ \t]*Click to expand(?:\.\.\.|…)[ \t]*(?:\n|$)/gm;

export const xenforoAdapter: SourceAdapter = {
  name: 'xenforo',
  searchMode: 'query',

  searchUrl(source, query) {
    if (query === undefined || query.trim() === '') throw new Error('xenforo search needs a query');
    return `${baseOf(source)}/search/search?keywords=${encodeURIComponent(query)}&o=date`;
  },

  parseSearchPage(source, body, url): SearchPage {
    const flood = FLOOD_CONTROL.exec(body);
    if (flood) {
      // Capped like the fetch layer's reading of the same page: the forum chooses the number.
      const seconds = Math.min(Number(flood[1]) + FLOOD_MARGIN_SECONDS, MAX_SOURCE_WAIT_MS / 1000);
      return { outcome: 'throttled', pages: [], retryAfterSeconds: seconds };
    }
    // A challenge page has no rows; it must never read as "nothing about you here".
    if (CHALLENGE_ROOT.test(body)) return { outcome: 'challenge', pages: [] };
    // Search for members only: XenForo's login page, or its "log in to do that" error, in place of results.
    if (LOGIN_WALL.test(body)) return { outcome: 'blocked', pages: [] };

    const doc = parseHtml(body);
    const rows = queryAll('li.block-row', doc);
    const seen = new Set<string>();
    const pages: PageRef[] = [];
    for (const row of rows) {
      const link = queryOne('.contentRow-title a[href]', row);
      const target = resolveOnSite(link?.attribs.href, url, source);
      if (!target) continue;
      target.hash = '';
      const pageUrl = threadUrlOf(target) ?? target.href;
      if (seen.has(pageUrl)) continue;
      seen.add(pageUrl);
      pages.push({ url: pageUrl });
    }
    if (rows.length === 0) {
      const empty = queryAll('.blockMessage', doc).some((el) => domToText(el).includes('No results found'));
      return { outcome: empty ? 'empty' : 'unknown', pages: [] };
    }
    const next = nextLink(doc, url, source);
    return next ? { outcome: 'results', pages, next } : { outcome: 'results', pages };
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const doc = parseHtml(body);
    const canonical = queryOne('link[rel=canonical][href]', doc)?.attribs.href;
    // The fetched URL decides the host (it may be a mirror or a replica); the canonical link only helps
    // with the path when we fetched a `/posts/<id>/` redirect target.
    const threadUrl =
      threadUrlOf(new URL(url)) ??
      (canonical ? threadUrlOf(new URL(new URL(canonical, url).pathname, url)) : undefined);

    const posts: ExtractedPost[] = [];
    for (const article of queryAll('article.message--post', doc)) {
      const postId =
        /^post-(\d+)$/.exec(article.attribs['data-content'] ?? '')?.[1] ??
        /^js-post-(\d+)$/.exec(article.attribs.id ?? '')?.[1];
      if (!postId) continue;
      const wrapper = queryOne('.message-body .bbWrapper', article) ?? queryOne('.bbWrapper', article);
      const text = wrapper ? domToText(wrapper, { skip: isChrome }).replace(EXPAND_LINE, '').trim() : '';
      const permalink = threadUrl
        ? `${threadUrl}post-${postId}`
        : new URL(`posts/${postId}/`, `${baseOf(source)}/`).href;
      const author = article.attribs['data-author'];
      posts.push(author ? { postId, author, permalink, text } : { postId, permalink, text });
    }
    return posts;
  },

  nextPageUrl(source, body, url) {
    return nextLink(parseHtml(body), url, source);
  },
};
