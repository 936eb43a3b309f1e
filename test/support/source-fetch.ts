import { expect } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import type { ListingSection } from '../../workers/sources/adapter.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';

export interface SourceAnswer {
  status: number;
  body: string;
  url: string;
}

/** GET on a replica source, following redirects by hand and checking every hop stays on its host. */
export async function fetchOnSource(
  source: SourceEntry,
  url: string,
  headers: Record<string, string> = {},
): Promise<SourceAnswer> {
  let current = url;
  for (let hop = 0; hop < 5; hop++) {
    expect(new URL(current).host, `${source.id} stays on its host: ${current}`).toBe(
      new URL(source.baseUrl).host,
    );
    const response = await fetch(current, { redirect: 'manual', headers });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      current = new URL(location, current).href;
      continue;
    }
    return { status: response.status, body: await response.text(), url: current };
  }
  throw new Error(`too many redirects from ${url}`);
}

/**
 * The search processor in miniature: every result page up to the source's cap, refs in order; a site's
 * sections (an imageboard's boards) each walked in turn, a missing one (404) holding nothing.
 */
export async function searchOnSource(
  source: SourceEntry,
  query: string | undefined,
): Promise<{ refs: PageRef[]; outcomes: string[] }> {
  const adapter = getAdapter(source.adapter);
  const refs: PageRef[] = [];
  const outcomes: string[] = [];
  const sections: ListingSection[] = [];
  const walk = async (first: string, section: boolean): Promise<void> => {
    let url: string | undefined = first;
    for (let page = 0; url && page < source.politeness.maxResultPages; page++) {
      const answer = await fetchOnSource(source, url);
      if (section && answer.status === 404) return;
      const parsed = adapter.parseSearchPage(source, answer.body, answer.url);
      outcomes.push(parsed.outcome);
      refs.push(...parsed.pages);
      sections.push(...(parsed.sections?.list ?? []));
      url = parsed.next;
    }
    expect(url, `${source.id}: results beyond maxResultPages`).toBeUndefined();
  };
  await walk(adapter.searchUrl(source, query), false);
  for (const section of sections) await walk(section.url, true);
  return { refs, outcomes };
}

/** The fetch processor in miniature: the page and the pages it names next, read into posts. */
export async function readOnSource(source: SourceEntry, url: string): Promise<ExtractedPost[]> {
  const adapter = getAdapter(source.adapter);
  const posts: ExtractedPost[] = [];
  let next: string | undefined = url;
  for (let hop = 0; next && hop < 10; hop++) {
    const answer = await fetchOnSource(source, next);
    expect(answer.status, `GET ${next}`).toBe(200);
    posts.push(...adapter.extractPosts(source, answer.body, answer.url));
    next = adapter.nextPageUrl?.(source, answer.body, answer.url);
  }
  return posts;
}
