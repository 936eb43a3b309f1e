/**
 * FoolFuuka archives of 4chan (archived.moe, 4plebs, desuarchive): the JSON API.
 *
 * A handle is searched twice, as comment text (`text=`) and as the poster name (`username=`), because
 * people post under a target's handle as often as they write it; the name search is chained after the
 * text search's last page, so one search job covers both. A hit points at one post; we keep the thread
 * (its API answer has every post, ghost replies included), so several hits in one thread are one fetch.
 */
import { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import { htmlToText } from '../../shared/text/html-to-text.js';
import type { SearchPage, SourceAdapter } from './adapter.js';
import {
  boardPostId,
  boardSchema,
  num,
  pathBelowBase,
  postText,
  posterOf,
  str,
} from './imageboard-post.util.js';
import { baseOf, isRecord, parseJson, readOptions } from './source.util.js';

const SEARCH_PATH = '/_/api/chan/search/';
const THREAD_PATH = '/_/api/chan/thread/';
/** FoolFuuka answers 25 posts per search page; a shorter page is the last one. */
const DEFAULT_PAGE_SIZE = 25;
/** The one error that means "searched fine, nothing there"; every other error is a failure. */
const NO_RESULTS = /^No results found\.?$/i;

const optionsSchema = z.object({
  /** Boards to search (`boards=a.b.c`); absent means the archive's global search. */
  boards: z.array(boardSchema).min(1).optional(),
  /** Posts per search page, for forks configured differently. */
  pageSize: z.number().int().min(1).max(200).optional(),
});

type Modifier = 'text' | 'username';

interface Post {
  board: string;
  num: number;
  subnum: number;
  threadNum: number;
  raw: Record<string, unknown>;
}

function searchUrlFor(source: SourceEntry, modifier: Modifier, query: string, page: number): string {
  const { boards } = readOptions(optionsSchema, source);
  const params = new URLSearchParams();
  params.set(modifier, query);
  if (boards) params.set('boards', boards.join('.'));
  if (page > 1) params.set('page', String(page));
  return `${baseOf(source)}${SEARCH_PATH}?${params.toString()}`;
}

/** `/_/api/chan/thread/?board=ic&num=7100101`: every post of the thread, ghosts included. */
export function threadApiUrl(source: SourceEntry, board: string, threadNum: number): string {
  return `${baseOf(source)}${THREAD_PATH}?board=${encodeURIComponent(board)}&num=${threadNum}`;
}

/** `/<board>/thread/<num>/#<post>`, the archive's own HTML page of the post, for moderators and hosts. */
export function postPermalink(source: SourceEntry, board: string, threadNum: number, post: string): string {
  return `${baseOf(source)}/${board}/thread/${threadNum}/#${post}`;
}

function readPost(value: unknown, fallbackBoard?: string): Post | undefined {
  if (!isRecord(value)) return undefined;
  const boardField = isRecord(value.board) ? str(value.board.shortname) : undefined;
  const board = boardField ?? fallbackBoard;
  const postNum = num(value.num);
  if (!board || !boardSchema.safeParse(board).success || postNum === undefined) return undefined;
  const subnum = num(value.subnum) ?? 0;
  const threadNum = num(value.thread_num) ?? postNum;
  return { board, num: postNum, subnum, threadNum, raw: value };
}

/** Search bodies come as `[{"posts":[…]}]` (PHP list) or `{"0":{"posts":[…]},"meta":{…}}` (newer forks). */
function searchPosts(json: unknown): unknown[] | undefined {
  const first = Array.isArray(json) ? json[0] : isRecord(json) ? json['0'] : undefined;
  if (!isRecord(first)) return undefined;
  const posts = first.posts;
  if (Array.isArray(posts)) return posts;
  return isRecord(posts) ? Object.values(posts) : undefined;
}

function textOf(post: Post): string {
  const raw = post.raw;
  const media = isRecord(raw.media) ? raw.media : undefined;
  // `comment` is the plain text; an archive that leaves it out still has the rendered HTML.
  const body =
    str(raw.comment) ?? (str(raw.comment_processed) ? htmlToText(String(raw.comment_processed)) : '');
  return postText({
    subject: str(raw.title),
    name: str(raw.name),
    trip: str(raw.trip),
    email: str(raw.email),
    body,
    fileNames: [media ? str(media.media_filename) : undefined],
  });
}

function toExtracted(source: SourceEntry, post: Post): ExtractedPost {
  const anchor = post.subnum > 0 ? `${post.num}_${post.subnum}` : String(post.num);
  const author = posterOf(str(post.raw.name), str(post.raw.trip));
  const extracted: ExtractedPost = {
    postId: boardPostId(post.board, post.num, post.subnum),
    permalink: postPermalink(source, post.board, post.threadNum, anchor),
    text: textOf(post),
  };
  return author ? { ...extracted, author } : extracted;
}

export const foolfuukaAdapter: SourceAdapter = {
  name: 'foolfuuka',
  searchMode: 'query',

  searchUrl(source, query) {
    if (query === undefined || query.trim() === '') throw new Error('foolfuuka search needs a query');
    return searchUrlFor(source, 'text', query.trim(), 1);
  },

  parseSearchPage(source, body, url): SearchPage {
    const params = new URL(url).searchParams;
    const modifier: Modifier | undefined = params.has('text')
      ? 'text'
      : params.has('username')
        ? 'username'
        : undefined;
    const query = modifier ? (params.get(modifier) ?? '') : '';
    const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
    // After the comment-text search, the same handle as a poster name.
    const chained = modifier === 'text' ? searchUrlFor(source, 'username', query, 1) : undefined;
    const withNext = (result: SearchPage, next: string | undefined): SearchPage =>
      next ? { ...result, next } : result;

    const json = parseJson(body);
    if (isRecord(json) && typeof json.error === 'string') {
      // "No results found." also ends a search whose previous page was exactly full.
      if (NO_RESULTS.test(json.error.trim())) return withNext({ outcome: 'empty', pages: [] }, chained);
      return { outcome: 'unknown', pages: [] };
    }
    const rows = searchPosts(json);
    if (!rows) return { outcome: 'unknown', pages: [] };

    const seen = new Set<string>();
    const pages: PageRef[] = [];
    for (const row of rows) {
      const post = readPost(row);
      if (!post) continue;
      const threadUrl = threadApiUrl(source, post.board, post.threadNum);
      if (seen.has(threadUrl)) continue;
      seen.add(threadUrl);
      pages.push({ url: threadUrl });
    }
    const pageSize = readOptions(optionsSchema, source).pageSize ?? DEFAULT_PAGE_SIZE;
    const next =
      modifier && rows.length >= pageSize ? searchUrlFor(source, modifier, query, page + 1) : chained;
    return withNext({ outcome: rows.length > 0 ? 'results' : 'empty', pages }, next);
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const json = parseJson(body);
    if (!isRecord(json) || typeof json.error === 'string') return [];
    const boardParam = new URL(url).searchParams.get('board') ?? undefined;
    const path = pathBelowBase(source, url) ?? '';

    // One post (`/_/api/chan/post/`) is a post object itself.
    if (path.startsWith('/_/api/chan/post')) {
      const post = readPost(json, boardParam);
      return post ? [toExtracted(source, post)] : [];
    }
    const posts: ExtractedPost[] = [];
    for (const thread of Object.values(json)) {
      if (!isRecord(thread)) continue;
      const op = readPost(thread.op, boardParam);
      if (op) posts.push(toExtracted(source, op));
      // An empty PHP array encodes as `[]`, a filled one keyed by "<num>" or "<num>_<subnum>".
      const replies = Array.isArray(thread.posts)
        ? thread.posts
        : isRecord(thread.posts)
          ? Object.values(thread.posts)
          : [];
      // JavaScript lists numeric keys before "<num>_<subnum>" ones; the thread reads in posting order.
      const read = replies
        .map((reply) => readPost(reply, boardParam))
        .filter((post): post is Post => post !== undefined)
        .sort((a, b) => a.num - b.num || a.subnum - b.subnum);
      for (const post of read) posts.push(toExtracted(source, post));
    }
    return posts;
  },
};
