/**
 * 4chan's live boards through the read-only JSON API. 4chan has no search, so the whole site is walked:
 * `boards.json` lists the boards (a catalog entry's `options.boards` may narrow them), every board's
 * `catalog.json` lists its threads, and every thread is matched locally: 4chan never learns whom we
 * are looking for. Threads 404 once pruned; the fetch layer treats that as a page gone for good.
 */
import { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import { htmlToText } from '../../shared/text/html-to-text.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import {
  boardPath,
  boardPostId,
  boardSchema,
  boardSections,
  boardSegment,
  defaultNamesOption,
  num,
  pathBelowBase,
  postText,
  posterOf,
  str,
} from './imageboard-post.util.js';
import { baseOf, isRecord, parseJson, readOptions } from './source.util.js';

/** The API host of 4chan itself; its HTML pages live on another host. */
const API_HOST = 'a.4cdn.org';
const BOARDS_HOST = 'https://boards.4chan.org';
const INDEX_PATH = '/boards.json';
const THREAD_PATH = /^\/thread\/(\d+)\.json$/;

const optionsSchema = z.object({
  /** Narrows the walk to these boards; absent, every board `boards.json` lists is walked. */
  boards: z.array(boardSchema).min(1).optional(),
  /** Where the HTML thread pages live when the source is 4chan's own API host. */
  postUrlBase: z.url().optional(),
  defaultNames: defaultNamesOption,
});

function catalogUrl(source: SourceEntry, board: string): string {
  return `${baseOf(source)}/${boardSegment(board)}/catalog.json`;
}

/** Board names of `boards.json`: `{"boards":[{"board":"vt","title":…},…]}`. */
export function fourchanBoardList(json: unknown): string[] | undefined {
  if (!isRecord(json) || !Array.isArray(json.boards)) return undefined;
  return json.boards.flatMap((entry) =>
    isRecord(entry) && typeof entry.board === 'string' ? [entry.board] : [],
  );
}

/**
 * Base of the HTML permalinks. On 4chan the API (a.4cdn.org) and the boards (boards.4chan.org) are two
 * hosts; a mirror or a replica configured elsewhere serves both from its own address.
 */
function htmlBase(source: SourceEntry): string {
  const base = baseOf(source);
  if (new URL(base).hostname !== API_HOST) return base;
  return (readOptions(optionsSchema, source).postUrlBase ?? BOARDS_HOST).replace(/\/+$/, '');
}

/** `https://boards.4chan.org/<board>/thread/<op>#p<post>`, the post as a reader (or a janitor) sees it. */
export function fourchanPermalink(source: SourceEntry, board: string, op: number, post: number): string {
  return `${htmlBase(source)}/${boardSegment(board)}/thread/${op}#p${post}`;
}

interface CatalogThread {
  no: number;
  /** Last activity; threads busy most recently are read first, before they are pruned. */
  lastModified: number;
}

function catalogThreads(json: unknown): CatalogThread[] | undefined {
  if (!Array.isArray(json)) return undefined;
  const threads: CatalogThread[] = [];
  for (const page of json) {
    if (!isRecord(page) || !Array.isArray(page.threads)) return undefined;
    for (const thread of page.threads) {
      if (!isRecord(thread)) continue;
      const no = num(thread.no);
      if (no === undefined) continue;
      threads.push({ no, lastModified: num(thread.last_modified) ?? num(thread.time) ?? 0 });
    }
  }
  return threads;
}

/** `sub` and `name` come HTML-escaped like `com`; decoding them through the same path keeps one rule. */
function decoded(value: unknown): string | undefined {
  const text = str(value);
  return text === undefined ? undefined : htmlToText(text);
}

export const fourchanAdapter: SourceAdapter = {
  name: 'fourchan',
  searchMode: 'listing',

  searchUrl(source) {
    readOptions(optionsSchema, source); // a bad catalog entry fails here, naming the field
    return `${baseOf(source)}${INDEX_PATH}`;
  },

  parseSearchPage(source, body, url): SearchPage {
    const narrowed = readOptions(optionsSchema, source).boards;
    if (pathBelowBase(source, url) === INDEX_PATH) {
      // A narrowed walk needs nothing from the list; a whole one needs it read.
      const listed = narrowed ? [] : fourchanBoardList(parseJson(body));
      if (!listed) return { outcome: 'unknown', pages: [] };
      const sections = boardSections(listed, narrowed, (board) => catalogUrl(source, board));
      return { outcome: sections.list.length > 0 ? 'results' : 'empty', pages: [], sections };
    }
    const route = boardPath(source, url);
    const threads = catalogThreads(parseJson(body));
    if (!route || route.rest !== '/catalog.json' || !threads) return { outcome: 'unknown', pages: [] };
    const pages: PageRef[] = [...threads]
      .sort((a, b) => b.lastModified - a.lastModified || b.no - a.no)
      .map((thread) => ({ url: `${baseOf(source)}/${boardSegment(route.board)}/thread/${thread.no}.json` }));
    return { outcome: pages.length > 0 ? 'results' : 'empty', pages };
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const route = boardPath(source, url);
    const thread = route ? THREAD_PATH.exec(route.rest) : null;
    const json = parseJson(body);
    if (!route || !thread || !isRecord(json) || !Array.isArray(json.posts)) return [];
    const { board } = route;
    const op = Number(thread[1]);
    const { defaultNames } = readOptions(optionsSchema, source);
    const posts: ExtractedPost[] = [];
    for (const raw of json.posts) {
      if (!isRecord(raw)) continue;
      const no = num(raw.no);
      if (no === undefined) continue;
      const name = decoded(raw.name);
      const trip = str(raw.trip);
      const file = str(raw.filename) ? `${decoded(raw.filename) ?? ''}${str(raw.ext) ?? ''}` : undefined;
      const text = postText({
        subject: decoded(raw.sub),
        name,
        trip,
        body: str(raw.com) ? htmlToText(String(raw.com)) : '',
        fileNames: [file],
        defaultNames,
      });
      const author = posterOf(name, trip);
      const post: ExtractedPost = {
        postId: boardPostId(board, no),
        permalink: fourchanPermalink(source, board, op, no),
        text,
      };
      posts.push(author ? { ...post, author } : post);
    }
    return posts;
  },
};
