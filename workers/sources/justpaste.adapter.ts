/**
 * JustPaste.it. No search and no listing: pages arrive
 * through web search and the archives. Custom page names exist, so, like rentry, the one "search" is
 * asking for the page named after the handle (a public identifier).
 *
 * The body container `#articleContent` is unconfirmed; the title is read too, since a dox page's title
 * usually names its target.
 */
import type { ExtractedPost } from '../../shared/domain/page.js';
import { domToText } from '../../shared/text/html-to-text.js';
import { parseHtml, queryOne } from '../../shared/text/dom.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import { baseOf } from './source.util.js';

const PAGE_PATH = /^\/([A-Za-z0-9_-]{1,100})\/?$/;
const NOT_FOUND_TITLE = /\b404\b|not found/i;

function articleOf(body: string): { title: string; text: string } | undefined {
  const doc = parseHtml(body);
  const content = queryOne('#articleContent', doc);
  if (!content) return undefined;
  const titleElement = queryOne('.articleFirstTitle', doc) ?? queryOne('h1', doc);
  return { title: titleElement ? domToText(titleElement).trim() : '', text: domToText(content).trim() };
}

export const justpasteAdapter: SourceAdapter = {
  name: 'justpaste',
  searchMode: 'query',

  searchUrl(source, query) {
    if (query === undefined || query.trim() === '') throw new Error('justpaste needs a handle to look up');
    return `${baseOf(source)}/${encodeURIComponent(query.trim())}`;
  },

  parseSearchPage(_source, body, url, status): SearchPage {
    // The page name was guessed from a handle: a 404 says no such page, whatever its markup.
    if (status === 404 || status === 410) return { outcome: 'empty', pages: [] };
    const page = new URL(url);
    if (PAGE_PATH.test(page.pathname) && articleOf(body)) {
      return { outcome: 'results', pages: [{ url: `${page.origin}${page.pathname}` }] };
    }
    const title = queryOne('title', parseHtml(body));
    if (title && NOT_FOUND_TITLE.test(domToText(title))) return { outcome: 'empty', pages: [] };
    return { outcome: 'unknown', pages: [] };
  },

  extractPosts(_source, body, url): ExtractedPost[] {
    const page = new URL(url);
    const id = PAGE_PATH.exec(page.pathname)?.[1];
    const article = id ? articleOf(body) : undefined;
    if (!id || !article || (article.text === '' && article.title === '')) return [];
    const text = article.title ? `${article.title}\n\n${article.text}` : article.text;
    return [{ postId: id, permalink: `${page.origin}/${id}`, text }];
  },
};
