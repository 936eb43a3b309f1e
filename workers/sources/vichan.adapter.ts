/**
 * vichan / Tinyboard boards, lolcow.farm included. Their search is off by default, so the whole site
 * is walked: its boards come from `boards.json` where the site serves one, else from the board links
 * of its front page (`options.boardIndex`; a catalog entry's `options.boards` may narrow them), each
 * board's listing is read and every thread is matched locally.
 *
 * Boards differ in what they serve: stock vichan writes `catalog.json`, `threads.json` and
 * `res/<id>.json`; some sites (lolcow.farm) serve only HTML. `options.listing` and `options.threads`
 * pick the files; thread pages are read from either form, whatever the options say.
 */
import { isTag } from 'domhandler';
import type { Element } from 'domhandler';
import { z } from 'zod';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { ExtractedPost, PageRef } from '../../shared/domain/page.js';
import { domToText, htmlToText } from '../../shared/text/html-to-text.js';
import { parseHtml, queryAll, queryOne } from '../../shared/text/dom.js';
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
import { baseOf, isRecord, parseJson, readOptions, resolveOnSite } from './source.util.js';

const LISTINGS = ['catalog.json', 'threads.json', 'catalog.html'] as const;
type Listing = (typeof LISTINGS)[number];

const optionsSchema = z.object({
  /** Narrows the walk to these boards; absent, every board the site's index lists is walked. */
  boards: z.array(boardSchema).min(1).optional(),
  /**
   * Where the boards are listed: `boards.json` (read first; a site without one falls back to its
   * front page) or straight from the front page's board links.
   */
  boardIndex: z.enum(['boards.json', 'front-page']).default('boards.json'),
  listing: z.enum(LISTINGS).default('catalog.json'),
  /** Which form of a thread page to fetch. */
  threads: z.enum(['json', 'html']).default('json'),
  defaultNames: defaultNamesOption,
});

const LISTING_PATH = /^\/(catalog\.json|threads\.json|catalog\.html)$/;
/** `res/<id>.html`, its last-50 variant `res/<id>+50.html`, and `res/<id>.json`. */
const THREAD_PATH = /^\/res\/(\d+)(?:\+50)?\.(json|html)$/;
/** A board's own page as the board list links it: `/<board>/`, `/<board>/index.html`. */
const BOARD_HOME = /^\/(?:index\.html)?$/;
/** The catalog template's grid; a catalog without threads still has it, an error page does not. */
const HTML_CATALOG_MARK = /\bid=["']?Grid\b|class=["'][^"']*\bthreads\b/;

function listingUrl(source: SourceEntry, board: string, listing: Listing): string {
  return `${baseOf(source)}/${boardSegment(board)}/${listing}`;
}

/** `/<board>/res/<thread>.html#<post>`, the HTML thread page anchored at the post. */
export function vichanPermalink(source: SourceEntry, board: string, thread: number, post: number): string {
  return `${baseOf(source)}/${boardSegment(board)}/res/${thread}.html#${post}`;
}

/**
 * Board names of a `boards.json`. Sites that serve one write either a list of board objects
 * (`[{"uri":"b","title":…}]`, as 8chan-descended vichan sites do) or 4chan's shape
 * (`{"boards":[{"board":"b",…}]}`); a list of plain names is read too.
 */
export function vichanBoardList(json: unknown): string[] | undefined {
  const list = isRecord(json) ? json.boards : json;
  if (!Array.isArray(list)) return undefined;
  return list.flatMap((entry) => {
    const name = isRecord(entry) ? (entry.uri ?? entry.board) : entry;
    return typeof name === 'string' ? [name] : [];
  });
}

/**
 * Board names linked from a front page: the on-site links to `/<board>/` or `/<board>/index.html` of
 * vichan's `div.boardlist` where the page has one, else of the whole page, in page order.
 */
export function frontPageBoards(source: SourceEntry, body: string, url: string): string[] {
  const found: string[] = [];
  const doc = parseHtml(body);
  // vichan's own board list when the page has one; other links (rules, news) may look like boards.
  const listed = queryAll('.boardlist a[href]', doc);
  for (const link of listed.length > 0 ? listed : queryAll('a[href]', doc)) {
    const target = resolveOnSite(link.attribs.href, url, source);
    const route = target ? boardPath(source, target.href) : undefined;
    if (route && BOARD_HOME.test(route.rest) && !found.includes(route.board)) found.push(route.board);
  }
  return found;
}

/** Thread numbers of a `catalog.json` / `threads.json`, most recently active first. */
function jsonListing(json: unknown): number[] | undefined {
  if (!Array.isArray(json)) return undefined;
  const threads: Array<{ no: number; at: number }> = [];
  for (const page of json) {
    if (!isRecord(page) || !Array.isArray(page.threads)) return undefined;
    for (const thread of page.threads) {
      const no = isRecord(thread) ? num(thread.no) : undefined;
      if (isRecord(thread) && no !== undefined)
        threads.push({ no, at: num(thread.last_modified) ?? num(thread.time) ?? 0 });
    }
  }
  return threads.sort((a, b) => b.at - a.at || b.no - a.no).map((thread) => thread.no);
}

function threadLinked(
  source: SourceEntry,
  href: string | undefined,
  url: string,
  board: string,
): number | undefined {
  let target: URL;
  try {
    target = new URL(href ?? '', url);
  } catch {
    return undefined;
  }
  const route = boardPath(source, target.href);
  const thread = route?.board === board ? THREAD_PATH.exec(route.rest) : null;
  return thread ? Number(thread[1]) : undefined;
}

/**
 * Thread numbers of a `catalog.html`, in the page's (bump) order. Each catalog cell (`div.mix`) leads
 * with its thread's link; the comment preview after it may link to older threads ("previous thread"),
 * which are not listed and often gone, so only the first link of a cell counts.
 */
function htmlListing(source: SourceEntry, body: string, url: string, board: string): number[] | undefined {
  const doc = parseHtml(body);
  const cells = queryAll('div.mix', doc);
  const links = cells.length > 0 ? cells.map((cell) => queryOne('a[href]', cell)) : queryAll('a[href]', doc);
  const found: number[] = [];
  for (const link of links) {
    const no = threadLinked(source, link?.attribs.href, url, board);
    if (no !== undefined && !found.includes(no)) found.push(no);
  }
  if (found.length > 0) return found;
  return HTML_CATALOG_MARK.test(body) ? [] : undefined;
}

function postsFromJson(source: SourceEntry, json: unknown, board: string, thread: number): ExtractedPost[] {
  if (!isRecord(json) || !Array.isArray(json.posts)) return [];
  const posts: ExtractedPost[] = [];
  for (const raw of json.posts) {
    if (!isRecord(raw)) continue;
    const no = num(raw.no);
    if (no === undefined) continue;
    const name = str(raw.name);
    const trip = str(raw.trip);
    const files = [raw, ...(Array.isArray(raw.extra_files) ? raw.extra_files : [])]
      .filter(isRecord)
      .map((file) => (str(file.filename) ? `${String(file.filename)}${str(file.ext) ?? ''}` : undefined));
    const text = postText({
      subject: str(raw.sub),
      name,
      trip,
      email: str(raw.email),
      body: str(raw.com) ? htmlToText(String(raw.com)) : '',
      fileNames: files,
      defaultNames: readOptions(optionsSchema, source).defaultNames,
    });
    posts.push(boardPost(source, { board, thread, no, text, name, trip }));
  }
  return posts;
}

/** One post of a thread, with its permalink and, when it has one, its poster. */
function boardPost(
  source: SourceEntry,
  post: { board: string; thread: number; no: number; text: string; name?: string; trip?: string },
): ExtractedPost {
  const { board, thread, no, text } = post;
  const found = {
    postId: boardPostId(board, no),
    permalink: vichanPermalink(source, board, thread, no),
    text,
  };
  const author = posterOf(post.name, post.trip);
  return author ? { ...found, author } : found;
}

function textIn(selector: string, root: Element): string | undefined {
  const element = queryOne(selector, root);
  return element ? str(domToText(element)) : undefined;
}

function postsFromHtml(source: SourceEntry, body: string, board: string, thread: number): ExtractedPost[] {
  const doc = parseHtml(body);
  const posts: ExtractedPost[] = [];
  for (const element of queryAll('div.post', doc)) {
    const no = num(/^(?:op|reply)_(\d+)$/.exec(element.attribs.id ?? '')?.[1]);
    const intro = queryOne('p.intro', element);
    if (no === undefined || !intro) continue;
    const name = textIn('span.name', intro);
    const trip = textIn('span.trip', intro);
    // `mailto:sage` is an option, not an address; postText keeps only values that look like one.
    const mailto = queryOne('a.email[href^="mailto:"]', intro)?.attribs.href?.slice('mailto:'.length);
    const fileNames = [...filesBefore(element), element]
      .flatMap((holder) => queryAll('.postfilename', holder))
      .map((file) => str(domToText(file)));
    const bodyElement = queryOne('div.body', element);
    const text = postText({
      subject: textIn('span.subject', intro),
      name,
      trip,
      email: mailto ? safeDecode(mailto) : undefined,
      body: bodyElement ? domToText(bodyElement) : '',
      fileNames,
      defaultNames: readOptions(optionsSchema, source).defaultNames,
    });
    posts.push(boardPost(source, { board, thread, no, text, name, trip }));
  }
  return posts;
}

/** The opening post's files sit just before its `div.post.op`, as siblings inside the thread. */
function filesBefore(element: Element): Element[] {
  const found: Element[] = [];
  if (!` ${element.attribs.class ?? ''} `.includes(' op ')) return found;
  for (let node = element.prev; node; node = node.prev) {
    if (!isTag(node)) continue;
    if (` ${node.attribs.class ?? ''} `.includes(' post ')) break;
    if (` ${node.attribs.class ?? ''} `.includes(' files ')) found.unshift(node);
  }
  return found;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const vichanAdapter: SourceAdapter = {
  name: 'vichan',
  searchMode: 'listing',

  searchUrl(source) {
    const { boardIndex } = readOptions(optionsSchema, source);
    return boardIndex === 'boards.json' ? `${baseOf(source)}/boards.json` : `${baseOf(source)}/`;
  },

  parseSearchPage(source, body, url): SearchPage {
    const options = readOptions(optionsSchema, source);
    const path = pathBelowBase(source, url);
    const sections = (listed: string[]): SearchPage => {
      const found = boardSections(listed, options.boards, (board) =>
        listingUrl(source, board, options.listing),
      );
      return { outcome: found.list.length > 0 ? 'results' : 'empty', pages: [], sections: found };
    };
    // A narrowed walk needs nothing from the site's index; a whole one reads it.
    if (options.boards && (path === '/boards.json' || path === '/' || path === '/index.html'))
      return sections([]);
    if (path === '/boards.json') {
      const listed = vichanBoardList(parseJson(body));
      // Most vichan sites serve no boards.json (a 404 page here): their front page lists the boards.
      return listed ? sections(listed) : { outcome: 'results', pages: [], next: `${baseOf(source)}/` };
    }
    if (path === '/' || path === '/index.html') {
      const listed = frontPageBoards(source, body, url);
      // A front page without a single board link is a challenge or an error page, not an empty site.
      return listed.length > 0 ? sections(listed) : { outcome: 'unknown', pages: [] };
    }
    const route = boardPath(source, url);
    const listing = route ? LISTING_PATH.exec(route.rest)?.[1] : undefined;
    if (!route || !listing) return { outcome: 'unknown', pages: [] };
    const { board } = route;
    const threads =
      listing === 'catalog.html' ? htmlListing(source, body, url, board) : jsonListing(parseJson(body));
    if (!threads) return { outcome: 'unknown', pages: [] };
    const pages: PageRef[] = threads.map((no) => ({
      url: `${baseOf(source)}/${boardSegment(board)}/res/${no}.${options.threads}`,
    }));
    return { outcome: pages.length > 0 ? 'results' : 'empty', pages };
  },

  extractPosts(source, body, url): ExtractedPost[] {
    const route = boardPath(source, url);
    const match = route ? THREAD_PATH.exec(route.rest) : null;
    if (!route || !match) return [];
    const { board } = route;
    const thread = Number(match[1]);
    const json = parseJson(body);
    return json === undefined
      ? postsFromHtml(source, body, board, thread)
      : postsFromJson(source, json, board, thread);
  },
};
