/**
 * A self-hosted SearXNG instance (its JSON API: `/search?q=...&format=json`, which the instance must
 * allow under `search.formats` in its settings, or it answers 403). Web search reaches pages the
 * sites' own searches do not: pastes on sites without search, old threads, mirrors.
 *
 * One query per site of `options.sites` (`site:<host> "<handle>"`), a few result pages each, chained
 * through `next`. A hit is kept only when a catalog source owns its host (`options.owners`, host ->
 * source id): it is then fetched and read as that source's page, with that source's trust and
 * politeness. Hits anywhere else are dropped: a worker fetches only the configured sources' hosts.
 *
 * SearXNG itself is neutral, but it forwards the query to public search engines, so it only ever gets
 * what the planner sends every source: public identifiers.
 */
import { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import {
  RATE_LIMIT_PAUSE_SECONDS,
  RATE_LIMIT_TEXT,
  baseOf,
  isRecord,
  parseJson,
  readOptions,
  stringField,
} from './source.util.js';
import { hostKey } from '../../shared/catalog/catalog.schema.js';

const hostSchema = z
  .string()
  .regex(/^[a-z0-9.-]+(?::\d+)?$/i, 'must be a host name, with a port if it is not the default');

const optionsSchema = z.object({
  /** Host -> catalog source id owning it. */
  owners: z.record(hostSchema, z.string().min(1)),
  /** Sites to search, in order; defaults to every owned host. */
  sites: z.array(hostSchema).min(1).optional(),
  /** Result pages read per site before moving on. */
  pagesPerSite: z.number().int().min(1).max(10).default(2),
});
type SearxngOptions = z.infer<typeof optionsSchema>;

const QUERY = /^site:(\S+) "(.*)"$/s;

function sitesOf(options: SearxngOptions): string[] {
  return options.sites ?? Object.keys(options.owners);
}

function searchUrlFor(source: SourceEntry, site: string, query: string, page: number): string {
  const params = new URLSearchParams();
  params.set('q', `site:${site} "${query}"`);
  params.set('format', 'json');
  params.set('pageno', String(page));
  return `${baseOf(source)}/search?${params.toString()}`;
}

/** The owner of a hit's host, trying the exact host (with port) first, then the bare host name. */
function ownerOf(options: SearxngOptions, url: URL): string | undefined {
  const owners = new Map(
    Object.entries(options.owners).map(([host, id]) => [host.toLowerCase().replace(/^www\./, ''), id]),
  );
  return owners.get(hostKey(url)) ?? owners.get(url.hostname.toLowerCase().replace(/^www\./, ''));
}

export const searxngAdapter: SourceAdapter = {
  name: 'searxng',
  searchMode: 'query',

  searchUrl(source, query) {
    if (query === undefined || query.trim() === '') throw new Error('searxng search needs a query');
    const site = sitesOf(readOptions(optionsSchema, source))[0] as string;
    // Quotes inside the query would end the phrase early; a handle never needs them.
    return searchUrlFor(source, site, query.trim().replace(/"/g, ''), 1);
  },

  parseSearchPage(source, body, url): SearchPage {
    const options = readOptions(optionsSchema, source);
    const json = parseJson(body);
    if (!isRecord(json) || !Array.isArray(json.results)) {
      if (RATE_LIMIT_TEXT.test(body))
        return { outcome: 'throttled', pages: [], retryAfterSeconds: RATE_LIMIT_PAUSE_SECONDS };
      return { outcome: 'unknown', pages: [] };
    }
    const seen = new Set<string>();
    const pages: PageRef[] = [];
    for (const result of json.results) {
      const href = isRecord(result) ? stringField(result.url) : undefined;
      let hit: URL;
      try {
        hit = new URL(href ?? '');
      } catch {
        continue;
      }
      if (hit.protocol !== 'http:' && hit.protocol !== 'https:') continue;
      const owner = ownerOf(options, hit);
      if (!owner) continue;
      hit.hash = '';
      if (seen.has(hit.href)) continue;
      seen.add(hit.href);
      pages.push({ url: hit.href, sourceId: owner });
    }

    const params = new URL(url).searchParams;
    const asked = QUERY.exec(params.get('q') ?? '');
    const page = Number(params.get('pageno') ?? '1');
    const sites = sitesOf(options);
    const siteIndex = asked ? sites.indexOf(asked[1] as string) : -1;
    let next: string | undefined;
    if (asked && siteIndex >= 0) {
      const query = asked[2] as string;
      if (json.results.length > 0 && page < options.pagesPerSite)
        next = searchUrlFor(source, sites[siteIndex] as string, query, page + 1);
      else if (siteIndex + 1 < sites.length)
        next = searchUrlFor(source, sites[siteIndex + 1] as string, query, 1);
    }

    // No results while engines failed is not "nothing on the web": a later retry may read them.
    const unresponsive = Array.isArray(json.unresponsive_engines) && json.unresponsive_engines.length > 0;
    if (json.results.length === 0 && unresponsive) return { outcome: 'unknown', pages: [] };
    const outcome = json.results.length > 0 ? 'results' : 'empty';
    return next ? { outcome, pages, next } : { outcome, pages };
  },

  /** Never used for its own pages: every hit names the source that owns it, and is read as that source's. */
  extractPosts(): ExtractedPost[] {
    return [];
  },
};
