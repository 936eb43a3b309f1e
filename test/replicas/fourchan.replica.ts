/**
 * A look-alike of 4chan's read-only JSON API (a.4cdn.org), for any board names a seed gives (a
 * non-ASCII one is requested percent-encoded, as clients send it):
 * `boards.json`, `<board>/catalog.json`, `threads.json`, `thread/<no>.json` (404 once pruned),
 * `archive.json`, with `Last-Modified` and 304 answers. Content comes from a synthetic seed.
 */
import {
  boardRoute,
  byBumpOrder,
  listedBoards,
  escapeHtml,
  fourchanDate,
  lastModified,
  notFoundPage,
  renderComment,
  responder,
  threadOf,
  unixTime,
} from './imageboard-seed.util.js';
import type {
  BoardReplicaOptions,
  BoardPostSeed,
  BoardSiteSeed,
  BoardThreadSeed,
  ReplicaHandler,
} from './imageboard-seed.util.js';

/** Threads per catalog page, as on 4chan's boards. */
const PER_PAGE = 15;

function postJson(thread: BoardThreadSeed, post: BoardPostSeed): Record<string, unknown> {
  const op = thread.posts[0] as BoardPostSeed;
  const isOp = post === op;
  const time = unixTime(post.postedAt);
  const json: Record<string, unknown> = {
    no: post.no,
    now: fourchanDate(post.postedAt),
    name: escapeHtml(post.name ?? 'Anonymous'),
    ...(post.trip ? { trip: post.trip } : {}),
    ...(post.subject ? { sub: escapeHtml(post.subject) } : {}),
    com: renderComment(post.comment, {
      quoteLink: (no) => `<a href="#p${no}" class="quotelink">&gt;&gt;${no}</a>`,
      greentext: (line) => `<span class="quote">${line}</span>`,
      lineBreak: '<br>',
    }),
    ...(post.file
      ? {
          filename: escapeHtml(post.file.name),
          ext: post.file.ext,
          tim: time * 1000 + 123,
          w: 1280,
          h: 720,
          tn_w: 250,
          tn_h: 140,
          fsize: 184_220,
          md5: 'c3ludGhldGljLW1kNS00Y2g=',
        }
      : {}),
    time,
    resto: isOp ? 0 : op.no,
  };
  if (isOp) {
    json.semantic_url = (post.subject ?? 'thread')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    json.replies = thread.posts.length - 1;
    json.images = thread.posts.filter((p) => p.file).length;
    json.unique_ips = new Set(thread.posts.map((p) => p.name ?? p.no)).size;
  }
  return json;
}

function catalogThread(thread: BoardThreadSeed): Record<string, unknown> {
  const [op, ...replies] = thread.posts;
  const last = replies.slice(-5);
  return {
    ...postJson(thread, op as BoardPostSeed),
    omitted_posts: replies.length - last.length,
    omitted_images: replies.slice(0, replies.length - last.length).filter((p) => p.file).length,
    bumplimit: 0,
    imagelimit: 0,
    last_modified: lastModified(thread),
    ...(last.length > 0 ? { last_replies: last.map((post) => postJson(thread, post)) } : {}),
  };
}

function pages<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PER_PAGE) out.push(items.slice(i, i + PER_PAGE));
  return out.length > 0 ? out : [[]];
}

export function createFourchanReplica(
  seed: BoardSiteSeed,
  options: BoardReplicaOptions = {},
): ReplicaHandler {
  return (req, res) => {
    const r = responder(req, res);
    if (!r) return;
    const notFound = (): void => r.send(404, notFoundPage());
    // The API asks clients to send If-Modified-Since and answers 304 when nothing changed.
    const sendJson = (value: unknown, modified: number): void => {
      const since = Date.parse(String(req.headers['if-modified-since'] ?? ''));
      if (Number.isFinite(since) && Math.floor(since / 1000) >= modified) {
        r.send(304, '', 'application/json');
        return;
      }
      r.json(200, value, { 'last-modified': new Date(modified * 1000).toUTCString() });
    };

    if (r.path === '/boards.json') {
      const boards = listedBoards(seed, options).map(([board, title]) => ({
        board,
        title,
        ws_board: 0,
        per_page: PER_PAGE,
        pages: 10,
      }));
      sendJson({ boards }, 0);
      return;
    }
    const path = boardRoute(r.path);
    const route = /^\/(catalog\.json|threads\.json|archive\.json|thread\/(\d+)\.json)$/.exec(
      path?.rest ?? '',
    );
    const board = path?.board ?? '';
    if (!route || !Object.hasOwn(seed.boards, board)) {
      notFound();
      return;
    }
    const threads = byBumpOrder(seed.threads.filter((thread) => thread.board === board));
    const newest = Math.max(0, ...threads.map(lastModified));
    if (route[1] === 'catalog.json') {
      sendJson(
        pages(threads).map((list, i) => ({ page: i + 1, threads: list.map(catalogThread) })),
        newest,
      );
    } else if (route[1] === 'threads.json') {
      const list = pages(threads).map((page, i) => ({
        page: i + 1,
        threads: page.map((t) => ({
          no: t.posts[0]?.no,
          last_modified: lastModified(t),
          replies: t.posts.length - 1,
        })),
      }));
      sendJson(list, newest);
    } else if (route[1] === 'archive.json') {
      sendJson([], newest);
    } else {
      // A thread that is not on the board any more (pruned, deleted) is a plain 404.
      const thread = threadOf(seed, board, Number(route[2]));
      if (!thread) notFound();
      else sendJson({ posts: thread.posts.map((post) => postJson(thread, post)) }, lastModified(thread));
    }
  };
}
