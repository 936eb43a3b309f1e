/**
 * 4chan's live boards through the read-only JSON API. 4chan has no search, so each
 * configured board's catalog is walked and every thread is matched locally: 4chan never learns whom we
 * are looking for. Threads 404 once pruned; the fetch layer treats that as a page gone for good.
 */
import { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import { htmlToText } from '../../shared/text/html-to-text.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import {
  boardPostId,
  boardSchema,
  nextBoard,
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
const CATALOG_PATH = /^\/([a-z0-9]+)\/catalog\.json$/;
const THREAD_PATH = /^\/([a-z0-9]+)\/thread\/(\d+)\.json$/;

const optionsSchema = z.object({
  boards: z.array(boardSchema).min(1),
  /** Where the HTML thread pages live when the source is 4chan's own API host. */
  postUrlBase: z.url().optional(),
});

function boardsOf(source: SourceEntry): string[] {
  return readOptions(optionsSchema, source).boards;
}

function catalogUrl(source: SourceEntry, board: string): string {
  return `${baseOf(source)}/${board}/catalog.json`;
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
  return `${htmlBase(source)}/${board}/thread/${op}#p${post}`;
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
    const [first] = boardsOf(source);
    return catalogUrl(source, first as string);
  },

  parseSearchPage(source, body, url): SearchPage {
    const board = CATALOG_PATH.exec(pathBelowBase(source, url) ?? '')?.[1];
    const following = nextBoard(boardsOf(source), board);
    const threads = catalogThreads(parseJson(body));
    if (!board || !threads) return { outcome: 'unknown', pages: [] };
    const pages: PageRef[] = [...threads]
      .sort((a, b) => b.lastModified - a.lastModified || b.no - a.no)
      .map((thread) => ({ url: `${baseOf(source)}/${board}/thread/${thread.no}.json` }));
    const result: SearchPage = { outcome: pages.length > 0 ? 'results' : 'empty', pages };
    return following ? { ...result, next: catalogUrl(source, following) } : result;
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const route = THREAD_PATH.exec(pathBelowBase(source, url) ?? '');
    const json = parseJson(body);
    if (!route || !isRecord(json) || !Array.isArray(json.posts)) return [];
    const board = route[1] as string;
    const op = Number(route[2]);
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
