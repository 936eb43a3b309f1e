/**
 * psbdmp, an index of Pastebin pastes with a keyword search. It receives the query,
 * so it is hostile: the planner only ever hands it handles.
 *
 * Search hits point at psbdmp's own copy (`/api/v3/dump/<id>`), not at Pastebin's raw URL. Why: psbdmp
 * keeps pastes Pastebin has since removed (a dox taken down after a report is exactly what the person
 * needs to know still circulates), the copy stays readable when the scan did not choose Pastebin, and a
 * second hostile site is not contacted for the same text. The permalink still names the Pastebin paste
 * (`https://pastebin.com/<id>`), because that key is what every removal request, to Pastebin or to
 * psbdmp, refers to; the fetched dump URL is kept with the finding as its page.
 */
import { z } from 'zod';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import {
  RATE_LIMIT_PAUSE_SECONDS,
  RATE_LIMIT_TEXT,
  baseOf,
  isRecord,
  parseJson,
  plainText,
  readOptions,
  stringField,
} from './source.util.js';

/** Pastebin keys are 8 letters and digits; older dumps and other paste sites indexed there vary a little. */
const DUMP_ID = /^[A-Za-z0-9]{4,16}$/;
const DUMP_PATH = /\/api\/v3\/dump\/([A-Za-z0-9]{4,16})\/?$/;

const optionsSchema = z.object({
  /** Where the indexed pastes live; permalinks name the paste there. */
  pastebinBaseUrl: z.url().default('https://pastebin.com'),
});

/** `[...]` (v3) or `{count, data: [...]}` (older deployments): the rows, or undefined for anything else. */
function searchRows(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (isRecord(json) && Array.isArray(json.data)) return json.data;
  return undefined;
}

export function dumpIdOf(url: string): string | undefined {
  return DUMP_PATH.exec(new URL(url).pathname)?.[1];
}

export const psbdmpAdapter: SourceAdapter = {
  name: 'psbdmp',
  searchMode: 'query',

  searchUrl(source, query) {
    if (query === undefined || query.trim() === '') throw new Error('psbdmp search needs a query');
    return `${baseOf(source)}/api/v3/search/${encodeURIComponent(query.trim())}`;
  },

  parseSearchPage(source, body): SearchPage {
    const json = parseJson(body);
    if (json === undefined) {
      if (RATE_LIMIT_TEXT.test(body))
        return { outcome: 'throttled', pages: [], retryAfterSeconds: RATE_LIMIT_PAUSE_SECONDS };
      return { outcome: 'unknown', pages: [] };
    }
    const rows = searchRows(json);
    // An object without rows is an error answer (bad query, expired key), never "nothing found".
    if (!rows) return { outcome: 'unknown', pages: [] };
    const seen = new Set<string>();
    const pages: PageRef[] = [];
    for (const row of rows) {
      const id = isRecord(row) ? stringField(row.id) : undefined;
      if (!id || !DUMP_ID.test(id) || seen.has(id)) continue;
      seen.add(id);
      pages.push({ url: `${baseOf(source)}/api/v3/dump/${id}` });
    }
    return { outcome: pages.length > 0 ? 'results' : 'empty', pages };
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const json = parseJson(body);
    if (!isRecord(json)) return [];
    const content = stringField(json.content);
    const id = stringField(json.id) ?? dumpIdOf(url);
    if (content === undefined || !id || !DUMP_ID.test(id)) return [];
    const { pastebinBaseUrl } = readOptions(optionsSchema, source);
    return [
      { postId: id, permalink: `${pastebinBaseUrl.replace(/\/+$/, '')}/${id}`, text: plainText(content) },
    ];
  },
};
