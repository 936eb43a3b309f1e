/**
 * Every page a crawl of the replica farm reaches: each source's front page and its searches for the
 * demo persona's public handles, then the links on those pages (same host only), breadth first.
 * Bodies are kept whatever their status or type; differential tests of the text extraction read them.
 */
import { loadCatalog } from '../../shared/catalog/catalog.loader.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';
import type { ReplicaFarm } from '../replicas/farm.js';
import { demoSearchQueries } from '../replicas/personas/demo.persona.js';

export interface CrawledPage {
  url: string;
  contentType: string;
  body: string;
}

const LINK = /(?:href|src|action)\s*=\s*["']?([^"'\s>]+)/gi;

export async function crawlReplicaFarm(farm: ReplicaFarm, pagesPerSource = 60): Promise<CrawledPage[]> {
  const catalog = loadCatalog({ overrides: farm.overrides });
  const pages: CrawledPage[] = [];
  for (const [id, baseUrl] of Object.entries(farm.baseUrls)) {
    const source = catalog.get(id);
    const adapter = getAdapter(source.adapter);
    const host = new URL(baseUrl).host;
    const queue = [new URL('/', baseUrl).href];
    for (const query of [undefined, ...demoSearchQueries]) {
      try {
        queue.push(adapter.searchUrl(source, query));
      } catch {
        // Some sources cannot search without a query; the front page still gets crawled.
      }
    }
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < pagesPerSource) {
      const url = queue.shift() as string;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await fetch(url, { redirect: 'manual' });
      const body = await response.text();
      pages.push({ url, contentType: response.headers.get('content-type') ?? '', body });
      const location = response.headers.get('location');
      const links = location ? [location] : [...body.matchAll(LINK)].map((m) => m[1] as string);
      for (const link of links) {
        let next: URL;
        try {
          next = new URL(link.replace(/&amp;/g, '&'), url);
        } catch {
          continue;
        }
        next.hash = '';
        if (next.host === host && !seen.has(next.href)) queue.push(next.href);
      }
    }
  }
  return pages;
}
