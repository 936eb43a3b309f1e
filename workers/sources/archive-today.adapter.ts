/**
 * archive.today (archive.ph and its mirrors), neutral. It can only be asked about one
 * URL at a time, through its TimeMap, so the "search" walks `options.urls`: page URLs built from the
 * handle (`https://rentry.co/{q}`, a forum member page), one TimeMap each, chained through `next`.
 * Every memento is then fetched and read by the adapter of the software that wrote the page
 * (`options.adapters`, host -> adapter name); archive.today rewrites markup, so a page its adapter
 * cannot read is matched as one block of text.
 *
 * archive.today answers bursts with a CAPTCHA page. That page is reported as a `challenge`, never
 * parsed as "no snapshot"; the pipeline does not retry it. A TimeMap that answers 404 is "no copy".
 */
import { z } from 'zod';
import { ADAPTER_NAMES } from '../../shared/catalog/catalog.schema.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import { extractArchivedPosts } from './archived-page.util.js';
import type { AdapterLookup } from './archived-page.util.js';
import { RATE_LIMIT_PAUSE_SECONDS, RATE_LIMIT_TEXT, baseOf, readOptions } from './source.util.js';

const optionsSchema = z.object({
  /** Page URLs to ask about, each with `{q}` where the handle goes. */
  urls: z.array(z.string().regex(/^https?:\/\/\S*\{q\}\S*$/, 'must be an http(s) URL holding {q}')).min(1),
  adapters: z.record(z.string(), z.enum(ADAPTER_NAMES)).default({}),
});
type ArchiveTodayOptions = z.infer<typeof optionsSchema>;

export const CAPTCHA_TEXT = /Please complete the CAPTCHA/i;
const NO_TIMEMAP = /TimeMap does not exists?/i;
const MEMENTO_LINK = /<([^>]+)>\s*;([^<]*?\brel="[^"]*\bmemento\b[^"]*")/g;
const SNAPSHOT_PATH = /^\/(\d{14})\/(https?:\/\/?.+)$/s;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function timemapUrl(source: SourceEntry, options: ArchiveTodayOptions, index: number, query: string): string {
  const target = (options.urls[index] as string).replaceAll('{q}', encodeURIComponent(query));
  return `${baseOf(source)}/timemap/${target}`;
}

/** Which `urls` entry, and which handle, a TimeMap URL we built asked about. */
function positionOf(options: ArchiveTodayOptions, url: string): { index: number; query: string } | undefined {
  const parsed = new URL(url);
  const asked = /^\/timemap\/(.+)$/s
    .exec(`${parsed.pathname}${parsed.search}`)?.[1]
    ?.replace(/^(https?):\/+/, '$1://');
  if (!asked) return undefined;
  for (const [index, template] of options.urls.entries()) {
    const pattern = new RegExp(`^${template.split('{q}').map(escapeRegExp).join('([^/?#]+)')}$`);
    const match = pattern.exec(asked);
    if (match?.[1]) {
      try {
        return { index, query: decodeURIComponent(match[1]) };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** `https://archive.ph/<ts>/<original>` -> its parts. */
export function archiveTodaySnapshotOf(url: string): { timestamp: string; original: string } | undefined {
  const parsed = new URL(url);
  const match = SNAPSHOT_PATH.exec(`${parsed.pathname}${parsed.search}`);
  if (!match?.[1] || !match[2]) return undefined;
  return { timestamp: match[1], original: match[2].replace(/^(https?):\/+/, '$1://') };
}

export function createArchiveTodayAdapter(lookup: AdapterLookup): SourceAdapter {
  return {
    name: 'archive-today',
    searchMode: 'query',

    searchUrl(source, query) {
      if (query === undefined || query.trim() === '') throw new Error('archive.today search needs a query');
      return timemapUrl(source, readOptions(optionsSchema, source), 0, query.trim());
    },

    parseSearchPage(source, body, url, status): SearchPage {
      if (CAPTCHA_TEXT.test(body)) return { outcome: 'challenge', pages: [] };
      if (RATE_LIMIT_TEXT.test(body))
        return { outcome: 'throttled', pages: [], retryAfterSeconds: RATE_LIMIT_PAUSE_SECONDS };
      const options = readOptions(optionsSchema, source);
      const position = positionOf(options, url);
      const next =
        position && position.index + 1 < options.urls.length
          ? timemapUrl(source, options, position.index + 1, position.query)
          : undefined;
      const seen = new Set<string>();
      const pages: PageRef[] = [];
      for (const match of body.matchAll(MEMENTO_LINK)) {
        let memento: URL;
        try {
          memento = new URL(match[1] as string);
        } catch {
          continue;
        }
        // Mementos name whichever mirror answered (archive.md, archive.is); the copy is read from ours.
        const snapshot = archiveTodaySnapshotOf(memento.href);
        if (!snapshot) continue;
        const pageUrl = `${baseOf(source)}/${snapshot.timestamp}/${snapshot.original}`;
        if (seen.has(pageUrl)) continue;
        seen.add(pageUrl);
        pages.push({ url: pageUrl });
      }
      // A 404 TimeMap: the archive holds no copy of that address (it words it "TimeMap does not exists").
      if (pages.length === 0 && status !== 404 && !NO_TIMEMAP.test(body) && body.trim() !== '') {
        return { outcome: 'unknown', pages: [] };
      }
      const outcome = pages.length > 0 ? 'results' : 'empty';
      return next ? { outcome, pages, next } : { outcome, pages };
    },

    extractPosts(source, body, url): ExtractedPost[] {
      const snapshot = archiveTodaySnapshotOf(url);
      if (!snapshot || CAPTCHA_TEXT.test(body)) return [];
      const { adapters } = readOptions(optionsSchema, source);
      return extractArchivedPosts(
        source,
        { original: snapshot.original, body, replayUrl: url },
        adapters,
        lookup,
      );
    },
  };
}
