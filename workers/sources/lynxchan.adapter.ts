/**
 * LynxChan boards through their JSON: `/boards.js?json=1` lists the site's boards (a page at a time,
 * `&page=N`), `/<board>/catalog.json` lists a board's threads, `/<board>/res/<thread>.json` holds one.
 * No search exists, so every board (or those a catalog entry's `options.boards` names) is walked and
 * every thread is matched locally. The HTML front-ends differ per site; the JSON does not.
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

const optionsSchema = z.object({
  /** Narrows the walk to these boards; absent, every board of the site's board list is walked. */
  boards: z.array(boardSchema).min(1).optional(),
  defaultNames: defaultNamesOption,
});

const INDEX_PATH = '/boards.js';
const THREAD_PATH = /^\/res\/(\d+)\.json$/;

function catalogUrl(source: SourceEntry, board: string): string {
  return `${baseOf(source)}/${boardSegment(board)}/catalog.json`;
}

function boardListUrl(source: SourceEntry, page: number): string {
  return `${baseOf(source)}${INDEX_PATH}?json=1${page > 1 ? `&page=${page}` : ''}`;
}

/** `/<board>/res/<thread>.html#<post>`, the thread page anchored at the post. */
export function lynxchanPermalink(source: SourceEntry, board: string, thread: number, post: number): string {
  return `${baseOf(source)}/${boardSegment(board)}/res/${thread}.html#${post}`;
}

/**
 * One page of `boards.js?json=1`: `{"status":"ok","data":{"pageCount":N,"boards":[{"boardUri":…}]}}`
 * (older versions send the inner object alone).
 */
export function lynxchanBoardList(json: unknown): { boards: string[]; pageCount: number } | undefined {
  const data = isRecord(json) && isRecord(json.data) ? json.data : json;
  if (!isRecord(data) || !Array.isArray(data.boards)) return undefined;
  const boards = data.boards.flatMap((entry) =>
    isRecord(entry) && typeof entry.boardUri === 'string' ? [entry.boardUri] : [],
  );
  return { boards, pageCount: num(data.pageCount) ?? 1 };
}

/** One post (or the thread's opening post, which carries `threadId` instead of `postId`). */
function toExtracted(
  source: SourceEntry,
  raw: Record<string, unknown>,
  board: string,
  thread: number,
  no: number,
): ExtractedPost {
  const files = Array.isArray(raw.files) ? raw.files : [];
  const name = str(raw.name);
  // `message` is what the poster typed; `markdown` the rendered HTML, read only when the raw text is absent.
  const body = str(raw.message) ?? (str(raw.markdown) ? htmlToText(String(raw.markdown)) : '');
  const text = postText({
    subject: str(raw.subject),
    name,
    email: str(raw.email),
    body,
    fileNames: files.map((file) => (isRecord(file) ? str(file.originalName) : undefined)),
    defaultNames: readOptions(optionsSchema, source).defaultNames,
  });
  const post: ExtractedPost = {
    postId: boardPostId(board, no),
    permalink: lynxchanPermalink(source, board, thread, no),
    text,
  };
  const author = posterOf(name, undefined);
  return author ? { ...post, author } : post;
}

export const lynxchanAdapter: SourceAdapter = {
  name: 'lynxchan',
  searchMode: 'listing',

  searchUrl(source) {
    readOptions(optionsSchema, source); // a bad catalog entry fails here, naming the field
    return boardListUrl(source, 1);
  },

  parseSearchPage(source, body, url): SearchPage {
    const narrowed = readOptions(optionsSchema, source).boards;
    if (pathBelowBase(source, url) === INDEX_PATH) {
      // A narrowed walk needs nothing from the board list; a whole one reads every page of it.
      const list = narrowed ? { boards: [], pageCount: 1 } : lynxchanBoardList(parseJson(body));
      if (!list) return { outcome: 'unknown', pages: [] };
      const sections = boardSections(list.boards, narrowed, (board) => catalogUrl(source, board));
      const page = num(new URL(url).searchParams.get('page')) ?? 1;
      const result: SearchPage = {
        outcome: sections.list.length > 0 ? 'results' : 'empty',
        pages: [],
        sections,
      };
      return page < list.pageCount ? { ...result, next: boardListUrl(source, page + 1) } : result;
    }
    const route = boardPath(source, url);
    const json = parseJson(body);
    if (!route || route.rest !== '/catalog.json' || !Array.isArray(json))
      return { outcome: 'unknown', pages: [] };
    // The catalog is already in bump order (most recently active first); it is kept as it is.
    const seen = new Set<number>();
    const pages: PageRef[] = [];
    for (const entry of json) {
      const thread = isRecord(entry) ? num(entry.threadId) : undefined;
      if (thread === undefined || seen.has(thread)) continue;
      seen.add(thread);
      pages.push({ url: `${baseOf(source)}/${boardSegment(route.board)}/res/${thread}.json` });
    }
    return { outcome: pages.length > 0 ? 'results' : 'empty', pages };
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const route = boardPath(source, url);
    const match = route ? THREAD_PATH.exec(route.rest) : null;
    const json = parseJson(body);
    if (!route || !match || !isRecord(json)) return [];
    const { board } = route;
    const thread = num(json.threadId) ?? Number(match[1]);
    const posts = [toExtracted(source, json, board, thread, thread)];
    for (const reply of Array.isArray(json.posts) ? json.posts : []) {
      const no = isRecord(reply) ? num(reply.postId) : undefined;
      if (isRecord(reply) && no !== undefined) posts.push(toExtracted(source, reply, board, thread, no));
    }
    return posts;
  },
};
