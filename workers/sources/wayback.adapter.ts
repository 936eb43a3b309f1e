/**
 * The Wayback Machine's CDX API: a neutral archive that keeps forum threads and
 * pastes after they are deleted. CDX searches URLs, not text, so a handle is found where it sits in a
 * URL: thread slugs on forums, custom paste slugs. One CDX query per entry of `options.hosts`, chained
 * through `next`, each captured page then fetched raw (`/web/<ts>id_/<url>`) and read by the adapter
 * of the software that wrote it (`options.adapters`, host -> adapter name).
 *
 * Each `hosts` entry is a host with an optional path prefix, and may hold `{q}` for the query:
 *   `kiwifarms.st/threads/` -> url=kiwifarms.st/threads/ (prefix) filtered to originals containing q
 *   `rentry.co/{q}`         -> url=rentry.co/<q> (prefix): the slug is the handle
 * CDX has no wildcard inside a path (only a trailing `*` or a leading `*.`), which is why the handle is
 * matched with `filter=original:<regex>` rather than `url=kiwifarms.st/threads/*<handle>*`. The regex
 * is case-insensitive and also accepts the handle with its separators dropped or changed, because
 * slugs rewrite them (`Sorrel_Draws` -> `sorreldraws` on Doxbin).
 */
import { z } from 'zod';
import { ADAPTER_NAMES } from '../../shared/catalog/catalog.schema.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import { extractArchivedPosts } from './archived-page.util.js';
import type { AdapterLookup } from './archived-page.util.js';
import { RATE_LIMIT_PAUSE_SECONDS, RATE_LIMIT_TEXT, baseOf, parseJson, readOptions } from './source.util.js';

const optionsSchema = z.object({
  /** URL prefixes to look under, in order: a host, an optional path, an optional `{q}`. */
  hosts: z
    .array(z.string().regex(/^[a-z0-9.-]+(?::\d+)?(?:\/\S*)?$/i, 'must be a host with an optional path'))
    .min(1),
  /** Software of the archived pages per host, so they are read like the live site's. */
  adapters: z.record(z.string(), z.enum(ADAPTER_NAMES)).default({}),
  /** Captures per CDX answer; more are fetched with the resume key. */
  limit: z.number().int().min(1).max(10_000).default(500),
});
type WaybackOptions = z.infer<typeof optionsSchema>;

const TIMESTAMP = /^\d{14}$/;
const REPLAY_PATH = /^\/web\/(\d{14})(?:[a-z]{2}_)?\/(.+)$/s;
const TOOLBAR = /<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->[\s\S]*?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->/gi;
const FILTER_PREFIX = 'original:(?i).*';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `original:(?i).*(?:<exact>|<loose>).*`. The exact form comes first and is plainly escaped, so the
 * query can be read back from the URL (`queryOfFilter`) when the next host's URL is built.
 */
export function handleFilter(query: string): string {
  const exact = escapeRegExp(query);
  const parts = query.split(/[^A-Za-z0-9]+/).filter((part) => part.length > 0);
  const loose = parts.length > 1 ? parts.map(escapeRegExp).join('[^a-z0-9]?') : undefined;
  return loose && loose !== exact ? `${FILTER_PREFIX}(?:${exact}|${loose}).*` : `${FILTER_PREFIX}${exact}.*`;
}

function queryOfFilter(filter: string): string | undefined {
  if (!filter.startsWith(FILTER_PREFIX)) return undefined;
  let rest = filter.slice(FILTER_PREFIX.length);
  const grouped = rest.startsWith('(?:');
  if (grouped) rest = rest.slice(3);
  let query = '';
  for (let i = 0; i < rest.length; i++) {
    const char = rest[i] as string;
    if (char === '\\') {
      query += rest[i + 1] ?? '';
      i++;
    } else if (grouped ? char === '|' || char === ')' : char === '.' && rest.slice(i) === '.*') {
      return query;
    } else {
      query += char;
    }
  }
  return undefined;
}

function prefixFor(entry: string, query: string): string {
  return entry.replaceAll('{q}', query);
}

function cdxUrl(
  source: SourceEntry,
  options: WaybackOptions,
  index: number,
  query: string,
  resumeKey?: string,
): string {
  const params = new URLSearchParams();
  params.set('url', prefixFor(options.hosts[index] as string, query));
  params.set('matchType', 'prefix');
  params.set('output', 'json');
  params.append('filter', 'statuscode:200');
  params.append('filter', handleFilter(query));
  // Identical bytes captured twice are one page to read.
  params.set('collapse', 'digest');
  params.set('limit', String(options.limit));
  params.set('showResumeKey', 'true');
  const cdx = `${baseOf(source)}/cdx/search/cdx?${params.toString()}`;
  // The server prints its resume key already percent-encoded (`com%2Cexample%29%2F+2026...`): it goes
  // back exactly as received. Encoding it again would ask for a key the server never issued.
  return resumeKey === undefined ? cdx : `${cdx}&resumeKey=${asReceived(resumeKey)}`;
}

/**
 * A resume key as the server printed it. Only what cannot stand in a query string as it is (a space,
 * `#`, `&`, a control character) is escaped, so a key the server sent encoded is never encoded twice.
 */
function asReceived(key: string): string {
  let sent = '';
  for (const char of key)
    sent += /[\s#&]/.test(char) || char.charCodeAt(0) < 0x20 ? encodeURIComponent(char) : char;
  return sent;
}

/** Which `hosts` entry and query a CDX URL we built belongs to. */
function positionOf(options: WaybackOptions, url: string): { index: number; query: string } | undefined {
  const params = new URL(url).searchParams;
  const query = params
    .getAll('filter')
    .map(queryOfFilter)
    .find((q) => q !== undefined);
  const prefix = params.get('url');
  if (query === undefined || prefix === null) return undefined;
  const index = options.hosts.findIndex((entry) => prefixFor(entry, query) === prefix);
  return index >= 0 ? { index, query } : undefined;
}

/** The capture rows of a CDX JSON answer, by field name, and the resume key if one follows them. */
function readCdx(json: unknown[]): { rows: Array<Record<string, string>>; resumeKey?: string } {
  const [header, ...rest] = json;
  if (!Array.isArray(header) || header.length === 0) return { rows: [] };
  const names = header.map(String);
  const rows: Array<Record<string, string>> = [];
  let resumeKey: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const row = rest[i];
    if (!Array.isArray(row)) continue;
    if (row.length === 0) {
      // `[]` then `[<key>]`: the resume key row closes the answer.
      const keyRow = rest[i + 1];
      if (Array.isArray(keyRow) && typeof keyRow[0] === 'string' && keyRow[0] !== '') resumeKey = keyRow[0];
      break;
    }
    rows.push(Object.fromEntries(names.map((name, n) => [name, String(row[n] ?? '')])));
  }
  return resumeKey === undefined ? { rows } : { rows, resumeKey };
}

/** `https://web.archive.org/web/<ts>id_/<original>` -> its parts; `https:/x` (collapsed slashes) mended. */
export function waybackCaptureOf(url: string): { timestamp: string; original: string } | undefined {
  const parsed = new URL(url);
  const match = REPLAY_PATH.exec(`${parsed.pathname}${parsed.search}`);
  if (!match?.[1] || !match[2]) return undefined;
  const original = match[2].replace(/^(https?):\/+/i, '$1://');
  return /^https?:\/\//i.test(original) ? { timestamp: match[1], original } : undefined;
}

export function createWaybackAdapter(lookup: AdapterLookup): SourceAdapter {
  return {
    name: 'wayback',
    searchMode: 'query',

    searchUrl(source, query) {
      if (query === undefined || query.trim() === '') throw new Error('wayback search needs a query');
      return cdxUrl(source, readOptions(optionsSchema, source), 0, query.trim());
    },

    parseSearchPage(source, body, url): SearchPage {
      const options = readOptions(optionsSchema, source);
      const position = positionOf(options, url);
      const nextHost =
        position && position.index + 1 < options.hosts.length
          ? cdxUrl(source, options, position.index + 1, position.query)
          : undefined;
      // CDX answers "nothing" with an empty body (text) or `[]` (JSON).
      if (body.trim() === '')
        return nextHost ? { outcome: 'empty', pages: [], next: nextHost } : { outcome: 'empty', pages: [] };
      const json = parseJson(body);
      if (!Array.isArray(json)) {
        if (RATE_LIMIT_TEXT.test(body))
          return { outcome: 'throttled', pages: [], retryAfterSeconds: RATE_LIMIT_PAUSE_SECONDS };
        return { outcome: 'unknown', pages: [] };
      }
      const { rows, resumeKey } = readCdx(json);
      const seen = new Set<string>();
      const pages: PageRef[] = [];
      for (const row of rows) {
        const { timestamp = '', original = '', statuscode, digest } = row;
        // Filtered on the server too; a captured challenge page (203) or redirect is not the page.
        if (statuscode !== undefined && statuscode !== '200') continue;
        if (!TIMESTAMP.test(timestamp) || !/^https?:\/\//i.test(original)) continue;
        const key = digest ? `digest:${digest}` : `${timestamp}/${original}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pages.push({ url: `${baseOf(source)}/web/${timestamp}id_/${original}` });
      }
      const next =
        resumeKey !== undefined && position
          ? cdxUrl(source, options, position.index, position.query, resumeKey)
          : nextHost;
      const outcome = pages.length > 0 ? 'results' : 'empty';
      return next ? { outcome, pages, next } : { outcome, pages };
    },

    extractPosts(source, body, url): ExtractedPost[] {
      const capture = waybackCaptureOf(url);
      if (!capture) return [];
      const { adapters } = readOptions(optionsSchema, source);
      const replayUrl = `${baseOf(source)}/web/${capture.timestamp}/${capture.original}`;
      return extractArchivedPosts(
        source,
        { original: capture.original, body: body.replace(TOOLBAR, ''), replayUrl },
        adapters,
        lookup,
      );
    },
  };
}
