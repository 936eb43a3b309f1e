/**
 * A LynxChan site look-alike: the board list `/boards.js?json=1` (a page at a time, `&page=N`), and
 * per board the static JSON `/<board>/catalog.json` and `/<board>/res/<thread>.json`, for board names
 * in any script (requested percent-encoded). Content comes from a synthetic seed. LynxChan's HTML
 * front-ends vary per site, so only the JSON is imitated.
 */
import {
  boardRoute,
  byBumpOrder,
  listedBoards,
  escapeHtml,
  notFoundPage,
  renderComment,
  responder,
  threadOf,
} from './imageboard-seed.util.js';
import type {
  BoardReplicaOptions,
  BoardPostSeed,
  BoardSiteSeed,
  BoardThreadSeed,
  ReplicaHandler,
} from './imageboard-seed.util.js';

function markdown(thread: BoardThreadSeed, post: BoardPostSeed): string {
  const op = thread.posts[0]?.no ?? post.no;
  return renderComment(post.comment, {
    quoteLink: (no) => `<a class="quoteLink" href="/${thread.board}/res/${op}.html#${no}">&gt;&gt;${no}</a>`,
    greentext: (line) => `<span class="greenText">${line}</span>`,
    lineBreak: '<br>',
  });
}

/** A poster id: LynxChan's `id` is a per-thread hash of the poster, not the post number. */
function posterId(post: BoardPostSeed): string {
  return ((post.no * 2654435761) % 0xffffff).toString(16).padStart(6, '0');
}

function files(post: BoardPostSeed): Array<Record<string, unknown>> {
  if (!post.file) return [];
  const hash = `${post.no.toString(16).padStart(8, '0')}${'0'.repeat(56)}`;
  return [
    {
      originalName: `${post.file.name}${post.file.ext}`,
      path: `/.media/${hash}${post.file.ext}`,
      thumb: `/.media/t_${hash}`,
      size: 40_211,
      name: `${hash}${post.file.ext}`,
      width: 800,
      height: 450,
    },
  ];
}

function replyJson(thread: BoardThreadSeed, post: BoardPostSeed): Record<string, unknown> {
  return {
    name: post.name ?? 'Anonymous',
    signedRole: null,
    email: post.email ?? null,
    postId: post.no,
    id: posterId(post),
    markdown: markdown(thread, post),
    subject: post.subject ?? null,
    message: post.comment,
    banMessage: null,
    creation: new Date(post.postedAt).toISOString(),
    files: files(post),
  };
}

function threadJson(thread: BoardThreadSeed): Record<string, unknown> {
  const [op, ...replies] = thread.posts as [BoardPostSeed, ...BoardPostSeed[]];
  return {
    signedRole: null,
    banMessage: null,
    id: posterId(op),
    email: op.email ?? null,
    markdown: markdown(thread, op),
    threadId: op.no,
    subject: op.subject ?? null,
    message: op.comment,
    name: op.name ?? 'Anonymous',
    creation: new Date(op.postedAt).toISOString(),
    locked: false,
    pinned: false,
    files: files(op),
    posts: replies.map((post) => replyJson(thread, post)),
  };
}

export interface LynxchanReplicaOptions extends BoardReplicaOptions {
  /** Boards per page of `boards.js` (the engine's `boardsPerPage`, 50 by default). */
  boardsPerPage?: number;
}

export function createLynxchanReplica(
  seed: BoardSiteSeed,
  options: LynxchanReplicaOptions = {},
): ReplicaHandler {
  const perPage = options.boardsPerPage ?? 50;
  return (req, res) => {
    const r = responder(req, res);
    if (!r) return;
    if (r.path === '/boards.js') {
      const listed = listedBoards(seed, options);
      const pageCount = Math.max(1, Math.ceil(listed.length / perPage));
      const page = Math.min(pageCount, Math.max(1, Number(r.url.searchParams.get('page') ?? '1') || 1));
      const boards = listed.slice((page - 1) * perPage, page * perPage).map(([boardUri, boardName]) => ({
        boardUri,
        boardName,
        description: boardName,
        postsPerHour: 0,
        lastPostId: 0,
        uniqueIps: 0,
        tags: [],
        specialSettings: ['sfw'],
      }));
      if (r.url.searchParams.get('json') === '1') r.json(200, { status: 'ok', data: { pageCount, boards } });
      else
        r.send(
          200,
          `<html><body>${boards.map((b) => `<a href="/${b.boardUri}/">${escapeHtml(b.boardName)}</a>`).join('')}</body></html>`,
        );
      return;
    }
    const path = boardRoute(r.path);
    const matched = /^\/(catalog\.json|res\/(\d+)\.json)$/.exec(path?.rest ?? '');
    const board = path?.board ?? '';
    if (!matched || !Object.hasOwn(seed.boards, board)) {
      r.send(404, notFoundPage());
      return;
    }
    const route = [matched[0], board, matched[1], matched[2]];
    if (route[2] === 'catalog.json') {
      const threads = byBumpOrder(seed.threads.filter((thread) => thread.board === board));
      r.json(
        200,
        threads.map((thread) => {
          const op = thread.posts[0] as BoardPostSeed;
          return {
            message: escapeHtml(op.comment).slice(0, 256),
            threadId: op.no,
            postCount: thread.posts.length - 1,
            fileCount: thread.posts.filter((p) => p.file).length,
            page: 1,
            subject: op.subject ?? null,
            locked: false,
            pinned: false,
            thumb: op.file ? `/.media/t_${op.no.toString(16).padStart(8, '0')}` : null,
          };
        }),
      );
      return;
    }
    const thread = threadOf(seed, board, Number(route[3]));
    if (!thread) r.send(404, notFoundPage());
    else r.json(200, threadJson(thread));
  };
}
