/**
 * LynxChan boards through their static JSON: `/<board>/catalog.json` lists the threads,
 * `/<board>/res/<thread>.json` holds one. No search exists, so the listing of each configured board is
 * walked and every thread is matched locally. The HTML front-ends differ per site; the JSON does not.
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

const optionsSchema = z.object({ boards: z.array(boardSchema).min(1) });

const CATALOG_PATH = /^\/([a-z0-9]+)\/catalog\.json$/;
const THREAD_PATH = /^\/([a-z0-9]+)\/res\/(\d+)\.json$/;

function catalogUrl(source: SourceEntry, board: string): string {
  return `${baseOf(source)}/${board}/catalog.json`;
}

/** `/<board>/res/<thread>.html#<post>`, the thread page anchored at the post. */
export function lynxchanPermalink(source: SourceEntry, board: string, thread: number, post: number): string {
  return `${baseOf(source)}/${board}/res/${thread}.html#${post}`;
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
    const [first] = readOptions(optionsSchema, source).boards;
    return catalogUrl(source, first as string);
  },

  parseSearchPage(source, body, url): SearchPage {
    const board = CATALOG_PATH.exec(pathBelowBase(source, url) ?? '')?.[1];
    const json = parseJson(body);
    if (!board || !Array.isArray(json)) return { outcome: 'unknown', pages: [] };
    // The catalog is already in bump order (most recently active first); it is kept as it is.
    const seen = new Set<number>();
    const pages: PageRef[] = [];
    for (const entry of json) {
      const thread = isRecord(entry) ? num(entry.threadId) : undefined;
      if (thread === undefined || seen.has(thread)) continue;
      seen.add(thread);
      pages.push({ url: `${baseOf(source)}/${board}/res/${thread}.json` });
    }
    const result: SearchPage = { outcome: pages.length > 0 ? 'results' : 'empty', pages };
    const following = nextBoard(readOptions(optionsSchema, source).boards, board);
    return following ? { ...result, next: catalogUrl(source, following) } : result;
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const route = THREAD_PATH.exec(pathBelowBase(source, url) ?? '');
    const json = parseJson(body);
    if (!route || !isRecord(json)) return [];
    const board = route[1] as string;
    const thread = num(json.threadId) ?? Number(route[2]);
    const posts = [toExtracted(source, json, board, thread, thread)];
    for (const reply of Array.isArray(json.posts) ? json.posts : []) {
      const no = isRecord(reply) ? num(reply.postId) : undefined;
      if (isRecord(reply) && no !== undefined) posts.push(toExtracted(source, reply, board, thread, no));
    }
    return posts;
  },
};
