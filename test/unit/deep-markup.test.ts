/**
 * Hostile pages nested far deeper than any real page (built to stall or crash parsers): reading
 * their structure stops early with a clear error, never a stack overflow or minutes of parsing, and
 * the fetch path still matches their whole text.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import { createLogger } from '../../shared/log.js';
import { MarkupTooDeepError, MAX_NESTING, parseHtml } from '../../shared/text/dom.js';
import { readPage } from '../../workers/processors/fetch.processor.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';

const catalog = loadCatalog({});
const silent = createLogger({ level: 'silent' });
const post = (author: string, text: string) =>
  `<article class="message message--post" data-author="${author}" data-content="post-7310001" id="js-post-7310001"><div class="message-body"><div class="bbWrapper">${text}</div></div></article>`;
const nested = (depth: number, inner: string) => `${'<div>'.repeat(depth)}${inner}${'</div>'.repeat(depth)}`;

describe('deeply nested markup', () => {
  it('stops reading structure past the nesting bound, for every adapter and every page kind', () => {
    const deep = nested(100_000, post('GravelGhoul', 'copperwren'));
    expect(() => parseHtml(deep)).toThrow(MarkupTooDeepError);
    for (const source of catalog.list()) {
      const adapter = getAdapter(source.adapter);
      const url = `${source.baseUrl}/threads/x.1/`;
      for (const read of [
        () => adapter.extractPosts(source, deep, url),
        () => adapter.parseSearchPage(source, deep, url),
        () => adapter.nextPageUrl?.(source, deep, url),
      ]) {
        try {
          read();
        } catch (error) {
          // Adapters that read JSON or plain text fail in their own way; none may overflow the stack.
          expect(error, `${source.id}`).not.toBeInstanceOf(RangeError);
        }
      }
    }
  });

  it('reads a post nested just under the bound', () => {
    const forum = catalog.get('kiwifarms');
    const page = nested(MAX_NESTING - 8, post('GravelGhoul', 'copperwren was here'));
    const posts = getAdapter(forum.adapter).extractPosts(forum, page, `${forum.baseUrl}/threads/x.1/`);
    expect(posts.map((p) => [p.author, p.text.trim()])).toEqual([['GravelGhoul', 'copperwren was here']]);
  });

  it('matches a page too deep for its posts as one post of its whole text', () => {
    const forum = catalog.get('kiwifarms');
    const url = `${forum.baseUrl}/threads/x.1/`;
    const body = nested(50_000, post('GravelGhoul', 'copperwren lives at 1187 Tansywick Lane'));
    const { posts, next } = readPage(
      silent,
      forum,
      { status: 200, url, body, contentType: 'text/html' },
      'scan-1',
    );
    expect(next).toBeUndefined();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.permalink).toBe(url);
    expect(posts[0]?.text).toContain('copperwren lives at 1187 Tansywick Lane');
  });
});
