/**
 * A FoolFuuka archive look-alike (archived.moe, 4plebs, desuarchive): the `/_/api/chan/` JSON API
 * with its search modifiers, errors and status codes, plus
 * the HTML thread page permalinks point at. Content comes from a synthetic seed.
 */
import {
  escapeHtml,
  fourchanDate,
  notFoundPage,
  renderComment,
  responder,
  threadOf,
  unixTime,
} from './imageboard-seed.util.js';
import type {
  BoardPostSeed,
  BoardSiteSeed,
  BoardThreadSeed,
  ReplicaHandler,
} from './imageboard-seed.util.js';

export interface FoolfuukaReplicaOptions {
  /** `list` = `[{"posts":[…]}]` (FoolFuuka as released); `object` = `{"0":{"posts":[…]},"meta":{…}}` (newer forks). */
  searchShape?: 'list' | 'object';
  /** FoolFuuka answers 25 posts per search page. */
  pageSize?: number;
  /** Archives that switch the global search off answer a search without `boards` with an error. */
  globalSearch?: boolean;
}

interface Located {
  thread: BoardThreadSeed;
  post: BoardPostSeed;
  isOp: boolean;
  docId: number;
}

/** Unicode-folded lower case: Sphinx matches words whatever their case or width. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function commentProcessed(origin: string, thread: BoardThreadSeed, post: BoardPostSeed): string {
  const opNo = thread.posts[0]?.no ?? post.no;
  return renderComment(post.comment, {
    quoteLink: (no) =>
      `<a href="${origin}/${thread.board}/thread/${opNo}/#${no}" class="backlink${no === opNo ? ' op' : ''}" data-function="highlight" data-backlink="true" data-board="${thread.board}" data-post="${no}">&gt;&gt;${no}</a>`,
    greentext: (line) => `<span class="greentext">${line}</span>`,
    lineBreak: '<br />\n',
  });
}

function postJson(seed: BoardSiteSeed, origin: string, entry: Located): Record<string, unknown> {
  const { thread, post, isOp, docId } = entry;
  const opNo = thread.posts[0]?.no ?? post.no;
  const name = post.name ?? 'Anonymous';
  const time = unixTime(post.postedAt);
  const media = post.file
    ? {
        media_id: docId + 1_000_000,
        spoiler: false,
        preview_orig: `${time}123s.jpg`,
        media: `${time}123${post.file.ext}`,
        preview_op: isOp ? `${time}123s.jpg` : null,
        preview_reply: isOp ? null : `${time}123s.jpg`,
        preview_w: 125,
        preview_h: 94,
        media_filename: `${post.file.name}${post.file.ext}`,
        media_w: 1600,
        media_h: 1200,
        media_size: 402113,
        media_hash: 'c3ludGhldGljbWQ1aGFzaA==',
        media_orig: `${time}123${post.file.ext}`,
        exif: null,
        total: 1,
        banned: false,
        media_status: 'normal',
        safe_media_hash: 'c3ludGhldGljbWQ1aGFzaA',
        remote_media_link: `${origin}/${thread.board}/redirect/${time}123${post.file.ext}`,
        media_link: `${origin}/${thread.board}/image/${time}123${post.file.ext}`,
        thumb_link: `${origin}/${thread.board}/thumb/${time}123s.jpg`,
        media_filename_processed: escapeHtml(`${post.file.name}${post.file.ext}`),
      }
    : null;
  const replies = thread.posts.length - 1;
  return {
    doc_id: docId,
    num: post.no,
    subnum: post.subnum ?? 0,
    thread_num: opNo,
    op: isOp ? 1 : 0,
    timestamp: time,
    timestamp_expired: post.deleted ? time + 3600 : 0,
    capcode: 'N',
    email: post.email ?? null,
    name,
    trip: post.trip ?? null,
    title: post.subject ?? null,
    comment: post.comment,
    poster_hash: post.subnum ? null : `Px${(docId % 100000).toString(36)}`,
    poster_country: null,
    sticky: false,
    locked: false,
    deleted: post.deleted ?? false,
    nreplies: isOp ? replies : null,
    nimages: isOp ? thread.posts.filter((p) => p.file).length : null,
    fourchan_date: fourchanDate(post.postedAt, false),
    comment_sanitized: post.comment,
    comment_processed: commentProcessed(origin, thread, post),
    formatted: false,
    title_processed: escapeHtml(post.subject ?? ''),
    name_processed: escapeHtml(name),
    email_processed: escapeHtml(post.email ?? ''),
    trip_processed: escapeHtml(post.trip ?? ''),
    poster_hash_processed: post.subnum ? '' : `Px${(docId % 100000).toString(36)}`,
    poster_country_name: null,
    poster_country_name_processed: '',
    media,
    board: { name: seed.boards[thread.board] ?? thread.board, shortname: thread.board },
  };
}

function postKey(post: BoardPostSeed): string {
  return post.subnum ? `${post.no}_${post.subnum}` : String(post.no);
}

/** The HTML thread page (`/<board>/thread/<num>/`) that permalinks point at; the API is what scans read. */
function threadPage(seed: BoardSiteSeed, origin: string, entries: Located[]): string {
  const first = entries[0] as Located;
  const articles = entries
    .map(({ post, isOp, docId, thread }) => {
      const ghost = post.subnum ? ' post_ghost' : '';
      return `<article class="post doc_id_${docId}${isOp ? ' post_is_op' : ''}${ghost}" id="${postKey(post)}">
  <header><div class="post_data">
    ${post.subject ? `<h2 class="post_title">${escapeHtml(post.subject)}</h2>` : ''}
    <span class="post_poster_data"><span class="post_author">${escapeHtml(post.name ?? 'Anonymous')}</span><span class="post_tripcode">${escapeHtml(post.trip ?? '')}</span></span>
    <span class="time_wrap"><time datetime="${new Date(post.postedAt).toISOString().replace('.000Z', '+00:00')}">${escapeHtml(post.postedAt)}</time></span>
    <a href="${origin}/${thread.board}/thread/${first.post.no}/#${postKey(post)}" data-post="${postKey(post)}" data-function="highlight">No.</a>
  </div></header>
  <div class="text">${commentProcessed(origin, thread, post)}</div>
</article>`;
    })
    .join('\n');
  const board = first.thread.board;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>/${board}/ - ${escapeHtml(seed.boards[board] ?? board)} (replica archive)</title></head>
<body class="theme_default"><div role="main" id="main">
<article class="clearfix thread doc_id_${first.docId} board_${board}" id="${first.post.no}" data-doc-id="${first.docId}" data-thread-num="${first.post.no}">
${articles}
</article>
</div></body></html>
`;
}

export function createFoolfuukaReplica(
  seed: BoardSiteSeed,
  options: FoolfuukaReplicaOptions = {},
): ReplicaHandler {
  const pageSize = options.pageSize ?? 25;
  const located: Located[] = [];
  let docId = 88_120_000;
  for (const thread of seed.threads) {
    thread.posts.forEach((post, index) => located.push({ thread, post, isOp: index === 0, docId: docId++ }));
  }
  const inThread = (thread: BoardThreadSeed): Located[] => located.filter((entry) => entry.thread === thread);

  return (req, res) => {
    const r = responder(req, res);
    if (!r) return;
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    const params = r.url.searchParams;
    const apiError = (status: number, error: string): void => r.json(status, { error });

    if (r.path === '/_/api/chan/search/' || r.path === '/_/api/chan/search') {
      const boards = params.get('boards')?.split('.').filter(Boolean);
      if (boards?.some((board) => !(board in seed.boards))) {
        apiError(422, 'One or more of the boards you selected does not exist.');
        return;
      }
      if (!boards && options.globalSearch === false) {
        apiError(200, 'Sorry, the global search function has not been enabled.');
        return;
      }
      const text = params.get('text');
      const username = params.get('username');
      const page = Number(params.get('page') ?? '1');
      if (!Number.isInteger(page) || page < 1 || page > 200) {
        apiError(422, 'The page number is invalid.');
        return;
      }
      const rows = located
        .filter((entry) => !boards || boards.includes(entry.thread.board))
        .filter((entry) => !text || fold(entry.post.comment).includes(fold(text)))
        .filter((entry) => !username || fold(entry.post.name ?? 'Anonymous').includes(fold(username)))
        .sort((a, b) => unixTime(b.post.postedAt) - unixTime(a.post.postedAt));
      const shown = rows.slice((page - 1) * pageSize, page * pageSize);
      // "Nothing" is an error object with HTTP 200, on the first page and past the last one alike.
      if (shown.length === 0) {
        apiError(200, 'No results found.');
        return;
      }
      const posts = shown.map((entry) => postJson(seed, origin, entry));
      r.json(
        200,
        options.searchShape === 'object'
          ? { 0: { posts }, meta: { total_found: rows.length, max_results: 5000, search_title: 'Searching' } }
          : [{ posts }],
      );
      return;
    }

    if (r.path === '/_/api/chan/thread/' || r.path === '/_/api/chan/post/') {
      const board = params.get('board') ?? '';
      const no = Number(params.get('num') ?? 'x');
      if (!(board in seed.boards)) {
        apiError(422, 'No board was selected.');
        return;
      }
      if (!Number.isInteger(no) || no < 1) {
        apiError(422, 'The value for "num" is invalid.');
        return;
      }
      if (r.path === '/_/api/chan/post/') {
        const entry = located.find((e) => e.thread.board === board && e.post.no === no && !e.post.subnum);
        if (!entry) apiError(404, 'Post not found.');
        else r.json(200, postJson(seed, origin, entry));
        return;
      }
      const thread = threadOf(seed, board, no);
      if (!thread) {
        apiError(404, 'Thread not found.');
        return;
      }
      const [op, ...replies] = inThread(thread);
      const posts = Object.fromEntries(
        replies.map((entry) => [postKey(entry.post), postJson(seed, origin, entry)]),
      );
      // PHP encodes an empty reply map as a list.
      r.json(200, {
        [no]: { op: postJson(seed, origin, op as Located), posts: replies.length > 0 ? posts : [] },
      });
      return;
    }

    if (r.path.startsWith('/_/api/')) {
      apiError(404, 'Requested resource does not exist.');
      return;
    }

    const htmlThread = /^\/([a-z0-9]+)\/thread\/(\d+)\/?$/.exec(r.path);
    const thread = htmlThread ? threadOf(seed, htmlThread[1] ?? '', Number(htmlThread[2])) : undefined;
    if (thread) r.send(200, threadPage(seed, origin, inThread(thread)));
    else r.send(404, notFoundPage());
  };
}
