/**
 * Doxbin-style dox paste sites. The site searches paste titles, and titles are where
 * a dox names its target, so a handle search finds the pastes; each paste is then matched locally.
 *
 * The search parameter (`/?search=<q>`) is taken from the search form of the site's listing page; it
 * is not confirmed by a stored client. Listing pages (`/?page=N`) carry the same rows, so this adapter
 * reads both.
 */
import type { Document } from 'domhandler';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import { domToText } from '../../shared/text/html-to-text.js';
import { parseHtml, queryAll, queryOne } from '../../shared/text/dom.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import { baseOf, resolveOnSite } from './source.util.js';

const UPLOAD_PATH = /^\/upload\/([A-Za-z0-9]+)\/?$/;

/** The slug Doxbin derives from a title: every character that is not a letter or digit removed, case kept. */
export function doxbinSlugOf(title: string): string {
  return title.replace(/[^A-Za-z0-9]+/g, '');
}

function nextLink(doc: Document, pageUrl: string, source: SourceEntry): string | undefined {
  const next = queryOne('.pagination a[rel=next][href]', doc) ?? queryOne('a[rel=next][href]', doc);
  const resolved = resolveOnSite(next?.attribs.href, pageUrl, source);
  return resolved && resolved.href !== new URL(pageUrl).href ? resolved.href : undefined;
}

export const doxbinAdapter: SourceAdapter = {
  name: 'doxbin',
  searchMode: 'query',

  searchUrl(source, query) {
    if (query === undefined || query.trim() === '') throw new Error('doxbin search needs a query');
    return `${baseOf(source)}/?search=${encodeURIComponent(query.trim())}`;
  },

  parseSearchPage(source, body, url): SearchPage {
    const doc = parseHtml(body);
    // The JS gate in front of the site answers with a page that has no paste table at all; that must
    // never read as "no paste about you".
    const table = queryAll('table', doc).find(
      (t) => queryOne('th', t) !== null || queryOne('tr.doxentry', t),
    );
    if (!table) return { outcome: 'unknown', pages: [] };
    const seen = new Set<string>();
    const pages: PageRef[] = [];
    for (const row of queryAll('tr.doxentry', table)) {
      const link = queryAll('a[href][title]', row).find(
        (a) => !` ${a.attribs.class ?? ''} `.includes(' dox-username '),
      );
      const target = resolveOnSite(link?.attribs.href, url, source);
      const slug = target ? UPLOAD_PATH.exec(target.pathname)?.[1] : undefined;
      if (!target || !slug) continue;
      const pageUrl = `${target.origin}/upload/${slug}`;
      if (seen.has(pageUrl)) continue;
      seen.add(pageUrl);
      pages.push({ url: pageUrl });
    }
    if (pages.length === 0) return { outcome: 'empty', pages: [] };
    const next = nextLink(doc, url, source);
    return next ? { outcome: 'results', pages, next } : { outcome: 'results', pages };
  },

  extractPosts(_source, body, url): ExtractedPost[] {
    const slug = UPLOAD_PATH.exec(new URL(url).pathname)?.[1];
    if (!slug) return [];
    const doc = parseHtml(body);
    const pre = queryOne('pre[style]', doc) ?? queryOne('pre', doc);
    if (!pre) return [];
    // HTML drops the line break right after <pre>; the parser keeps it.
    const bodyText = domToText(pre).replace(/^\n/, '').trimEnd();
    // The title is part of the dox: it is usually where the target's handle and name are written.
    const titleElement = queryOne('.paste-title', doc) ?? queryOne('h1', doc);
    const title = titleElement ? domToText(titleElement).trim() : '';
    const authorElement = queryOne('.paste-meta a.dox-username', doc) ?? queryOne('a.dox-username', doc);
    const author = authorElement ? domToText(authorElement).trim() : '';
    const text = title ? `${title}\n\n${bodyText}` : bodyText;
    const permalink = `${new URL(url).origin}/upload/${slug}`;
    return [author ? { postId: slug, author, permalink, text } : { postId: slug, permalink, text }];
  },
};
