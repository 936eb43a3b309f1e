/**
 * Seeds and shared rendering for the imageboard replicas (FoolFuuka, 4chan, vichan, LynxChan). A seed
 * holds what posters typed; each replica renders it in its software's own markup and JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface BoardPostSeed {
  /** Post number (per board, as on the real software). For an opening post it is the thread number. */
  no: number;
  /** FoolFuuka "ghost" reply added on the archive after the thread died: `<no>_<subnum>`. */
  subnum?: number;
  /** Defaults to "Anonymous". The name field is free text: people post under other people's handles. */
  name?: string;
  trip?: string;
  /** The options field ("sage"). */
  email?: string;
  subject?: string;
  /** What the poster typed: `>>123` links to a post, a line starting with a single `>` is greentext. */
  comment: string;
  /** ISO time of posting. */
  postedAt: string;
  file?: { name: string; ext: string };
  /** Deleted on 4chan before the archive's copy was taken (FoolFuuka keeps and flags them). */
  deleted?: boolean;
}

export interface BoardThreadSeed {
  board: string;
  /** The opening post first. */
  posts: BoardPostSeed[];
}

export interface BoardSiteSeed {
  /** Board URI -> title, every board the site serves (possibly without threads). */
  boards: Record<string, string>;
  threads: BoardThreadSeed[];
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#039;',
};

/** Escapes as the board software does (`&gt;`, `&quot;`, `&#039;`), which is what the samples show. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

export function unixTime(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** 4chan's `now` column: `10/05/26(Mon)21:14:07` in the board's time. */
export function fourchanDate(iso: string, seconds = true): string {
  const d = new Date(iso);
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()] as string;
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}${seconds ? `:${two(d.getUTCSeconds())}` : ''}`;
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCFullYear() % 100)}(${day})${time}`;
}

export interface CommentMarkup {
  /** The link a `>>no` reference becomes. */
  quoteLink(no: number): string;
  /** Wraps one escaped greentext line. */
  greentext(escapedLine: string): string;
  lineBreak: string;
}

/** Renders a typed comment as the board software does: escaped, quote links, greentext, line breaks. */
export function renderComment(comment: string, markup: CommentMarkup): string {
  return comment
    .split('\n')
    .map((line) => {
      const escaped = escapeHtml(line).replace(/&gt;&gt;(\d+)/g, (_, no: string) =>
        markup.quoteLink(Number(no)),
      );
      return /^>(?!>\d)/.test(line) ? markup.greentext(escaped) : escaped;
    })
    .join(markup.lineBreak);
}

export function threadOf(seed: BoardSiteSeed, board: string, no: number): BoardThreadSeed | undefined {
  return seed.threads.find((thread) => thread.board === board && thread.posts[0]?.no === no);
}

/** Last activity of a thread, for bump order and `last_modified`. */
export function lastModified(thread: BoardThreadSeed): number {
  return Math.max(...thread.posts.map((post) => unixTime(post.postedAt)));
}

export function byBumpOrder(threads: BoardThreadSeed[]): BoardThreadSeed[] {
  return [...threads].sort((a, b) => lastModified(b) - lastModified(a));
}

export type ReplicaHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Responder {
  url: URL;
  path: string;
  send(status: number, body: string, type?: string, headers?: Record<string, string>): void;
  json(status: number, value: unknown, headers?: Record<string, string>): void;
}

/** Request plumbing every imageboard replica shares: GET/HEAD only, bodies left out of HEAD answers. */
export function responder(req: IncomingMessage, res: ServerResponse): Responder | undefined {
  const url = new URL(req.url ?? '/', 'http://replica.invalid');
  const send = (status: number, body: string, type = 'text/html; charset=utf-8', headers = {}): void => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(405, 'Method Not Allowed', 'text/plain; charset=utf-8', { allow: 'GET, HEAD' });
    return undefined;
  }
  return {
    url,
    path: url.pathname,
    send,
    json: (status, value, headers = {}) =>
      send(status, JSON.stringify(value), 'application/json; charset=utf-8', headers),
  };
}

/**
 * A request path's board and what follows it, the board percent-decoded as the real servers decode it
 * (`/%CE%BB/catalog.json` is board `λ`). Undefined for a path with no such segment.
 */
export function boardRoute(path: string): { board: string; rest: string } | undefined {
  const route = /^\/([^/]+)(\/.*)$/.exec(path);
  if (!route) return undefined;
  try {
    return { board: decodeURIComponent(route[1] as string), rest: route[2] as string };
  } catch {
    return undefined;
  }
}

/** Options every imageboard replica takes. */
export interface BoardReplicaOptions {
  /**
   * Boards the site's index lists that answer 404 (deleted, or never set up): the index names them,
   * their listing is not there.
   */
  alsoListed?: readonly string[];
}

/** Every board the site's index lists: the seeded ones, then the missing ones. */
export function listedBoards(seed: BoardSiteSeed, options: BoardReplicaOptions): Array<[string, string]> {
  return [
    ...Object.entries(seed.boards),
    ...(options.alsoListed ?? []).map((board): [string, string] => [board, board]),
  ];
}

export function notFoundPage(): string {
  return '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>\n';
}
