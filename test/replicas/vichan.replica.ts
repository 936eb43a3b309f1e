/**
 * A vichan/Tinyboard site look-alike: its front page with the board list (`div.boardlist`, also at the
 * top of every page), per board the static `catalog.json`, `threads.json` and `res/<id>.json`, the HTML
 * thread page `res/<id>.html` (`div.thread#thread_<id>`, `div.post.op`, `div.post.reply`, `p.intro`,
 * `div.body`) and `catalog.html`; `boards.json` only where a site adds one (stock vichan has none).
 * A site that serves no JSON (lolcow.farm) is imitated with `json: false`. Content comes from a seed;
 * board names in any script are linked as the software writes them (raw UTF-8) and read percent-encoded.
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

export interface VichanReplicaOptions extends BoardReplicaOptions {
  /** Whether the board's static JSON files exist (stock vichan: yes; lolcow.farm: no). */
  json?: boolean;
  /** Whether the site serves a `boards.json` board list (`[{"uri":…,"title":…}]`; stock vichan: no). */
  boardsJson?: boolean;
  /** Title suffix of the HTML pages. */
  siteName?: string;
}

const PER_PAGE = 10;

function body(thread: BoardThreadSeed, post: BoardPostSeed): string {
  const op = thread.posts[0]?.no ?? post.no;
  return renderComment(post.comment, {
    quoteLink: (no) =>
      `<a onclick="highlightReply('${no}', event);" href="/${thread.board}/res/${op}.html#${no}">&gt;&gt;${no}</a>`,
    greentext: (line) => `<span class="quote">${line}</span>`,
    lineBreak: '<br/>',
  });
}

function postJson(thread: BoardThreadSeed, post: BoardPostSeed): Record<string, unknown> {
  const isOp = post === thread.posts[0];
  return {
    no: post.no,
    ...(post.subject ? { sub: escapeHtml(post.subject) } : {}),
    com: body(thread, post),
    name: escapeHtml(post.name ?? 'Anonymous'),
    ...(post.trip ? { trip: post.trip } : {}),
    ...(post.email ? { email: post.email } : {}),
    time: unixTime(post.postedAt),
    ...(isOp
      ? {
          omitted_posts: 0,
          omitted_images: 0,
          sticky: 0,
          locked: 0,
          cyclical: '0',
          last_modified: lastModified(thread),
        }
      : {}),
    ...(post.file
      ? {
          tn_h: 143,
          tn_w: 255,
          h: 720,
          w: 1280,
          fsize: 210_432,
          filename: post.file.name,
          ext: post.file.ext,
          tim: `${unixTime(post.postedAt)}456`,
          md5: 'c3ludGhldGljLW1kNS12aQ==',
        }
      : {}),
    resto: isOp ? 0 : thread.posts[0]?.no,
  };
}

function catalogEntry(thread: BoardThreadSeed): Record<string, unknown> {
  return {
    ...postJson(thread, thread.posts[0] as BoardPostSeed),
    replies: thread.posts.length - 1,
    images: thread.posts.slice(1).filter((p) => p.file).length,
    omitted_posts: Math.max(0, thread.posts.length - 1 - 5),
  };
}

function paged<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PER_PAGE) out.push(items.slice(i, i + PER_PAGE));
  return out.length > 0 ? out : [[]];
}

function postHtml(thread: BoardThreadSeed, post: BoardPostSeed): string {
  const isOp = post === thread.posts[0];
  const opNo = thread.posts[0]?.no ?? post.no;
  const name = `<span class="name">${escapeHtml(post.name ?? 'Anonymous')}</span>${post.trip ? ` <span class="trip">${escapeHtml(post.trip)}</span>` : ''}`;
  const poster = post.email ? `<a class="email" href="mailto:${escapeHtml(post.email)}">${name}</a>` : name;
  const subject = post.subject ? `<span class="subject">${escapeHtml(post.subject)}</span> ` : '';
  const time = `<time datetime="${new Date(post.postedAt).toISOString().replace('.000Z', 'Z')}">${fourchanDate(post.postedAt)}</time>`;
  const file = post.file
    ? `<div class="files"><div class="file"><p class="fileinfo">File: <a href="/${thread.board}/src/${unixTime(post.postedAt)}456${post.file.ext}">${unixTime(post.postedAt)}456${post.file.ext}</a> <span class="unimportant">(205.5 KB, 1280x720, <span class="postfilename">${escapeHtml(post.file.name + post.file.ext)}</span>)</span></p></div></div>\n`
    : '';
  const anchor = isOp ? '' : `<a id="${post.no}" class="post_anchor"></a>`;
  return `${isOp ? file : ''}<div class="post ${isOp ? 'op' : 'reply'}" id="${isOp ? 'op' : 'reply'}_${post.no}"><p class="intro">${anchor}<input type="checkbox" class="delete" name="delete_${post.no}" id="delete_${post.no}" /><label for="delete_${post.no}">${subject}${poster} ${time}</label>&nbsp;<a class="post_no" id="post_no_${post.no}" onclick="highlightReply(${post.no})" href="/${thread.board}/res/${opNo}.html#${post.no}">No.</a><a class="post_no" onclick="citeReply(${post.no})" href="/${thread.board}/res/${opNo}.html#q${post.no}">${post.no}</a></p>
${isOp ? '' : file}<div class="body">${body(thread, post)}</div>
</div>
${isOp ? '' : '<br/>\n'}`;
}

/** vichan's board list, as `$config['boards']` renders it at the top of every page. */
function renderBoardList(boards: Array<[string, string]>): string {
  const links = boards
    .map(
      ([board, title]) =>
        `<a href="/${board}/index.html" title="${escapeHtml(title)}">${escapeHtml(board)}</a>`,
    )
    .join(' / ');
  return `<div class="boardlist"><span class="sub" data-description="0">[ ${links} ]</span></div>`;
}

function page(title: string, main: string, boardList: string): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" media="screen" href="/stylesheets/style.css">
</head>
<body class="8chan vichan is-not-moderator" data-stylesheet="default">
${boardList}
${main}
</body>
</html>
`;
}

function threadPage(
  seed: BoardSiteSeed,
  siteName: string,
  thread: BoardThreadSeed,
  boardList: string,
): string {
  const op = thread.posts[0] as BoardPostSeed;
  const boardTitle = seed.boards[thread.board] ?? thread.board;
  return page(
    `/${thread.board}/ - ${op.subject ?? boardTitle} - ${siteName}`,
    `<header><h1>/${thread.board}/ - ${escapeHtml(boardTitle)}</h1></header>
<form name="postcontrols" action="/post.php" method="post">
<input type="hidden" name="board" value="${thread.board}" />
<div class="thread" id="thread_${op.no}" data-board="${thread.board}">
<a id="${op.no}" class="post_anchor"></a>
${thread.posts.map((post) => postHtml(thread, post)).join('')}<br class="clear"/><hr/>
</div>
</form>`,
    boardList,
  );
}

function catalogPage(
  seed: BoardSiteSeed,
  siteName: string,
  board: string,
  threads: BoardThreadSeed[],
  boardList: string,
): string {
  const items = threads
    .map((thread) => {
      const op = thread.posts[0] as BoardPostSeed;
      return `<div class="mix" data-reply="${thread.posts.length - 1}" data-bump="${lastModified(thread)}" data-time="${unixTime(op.postedAt)}" data-id="${op.no}" data-sticky="false" data-locked="false">
<div class="thread grid-li grid-size-small">
<a href="/${board}/res/${op.no}.html"><img src="/static/no-file.png" id="img-${op.no}" data-subject="${escapeHtml(op.subject ?? '')}" data-name="${escapeHtml(op.name ?? 'Anonymous')}" class="${board} thread-image" title="${fourchanDate(op.postedAt)}"></a>
<div class="replies"><strong>R: ${thread.posts.length - 1} / I: ${thread.posts.filter((p) => p.file).length}</strong><p class="intro"><span class="subject">${escapeHtml(op.subject ?? '')}</span></p>${body(thread, op)}</div>
</div>
</div>`;
    })
    .join('\n');
  return page(
    `/${board}/ - Catalog - ${siteName}`,
    `<header><h1>/${board}/ - ${escapeHtml(seed.boards[board] ?? board)} (Catalog)</h1></header>
<div class="threads"><div id="Grid">
${items}
</div></div>`,
    boardList,
  );
}

function frontPage(siteName: string, boards: Array<[string, string]>, boardList: string): string {
  const rows = boards
    .map(
      ([board, title]) => `<li><a href="/${board}/">/${escapeHtml(board)}/ - ${escapeHtml(title)}</a></li>`,
    )
    .join('\n');
  return page(
    siteName,
    `<header><h1>${escapeHtml(siteName)}</h1></header>\n<div class="ban"><h2>Boards</h2><ul>\n${rows}\n</ul></div>`,
    boardList,
  );
}

export function createVichanReplica(seed: BoardSiteSeed, options: VichanReplicaOptions = {}): ReplicaHandler {
  const json = options.json ?? true;
  const siteName = options.siteName ?? 'replica board';
  const listed = listedBoards(seed, options);
  const list = renderBoardList(listed);
  return (req, res) => {
    const r = responder(req, res);
    if (!r) return;
    const notFound = (): void => r.send(404, notFoundPage());
    if (r.path === '/' || r.path === '/index.html') {
      r.send(200, frontPage(siteName, listed, list));
      return;
    }
    if (r.path === '/boards.json') {
      if (options.boardsJson)
        r.json(
          200,
          listed.map(([uri, title]) => ({ uri, title })),
        );
      else notFound();
      return;
    }
    const path = boardRoute(r.path);
    const matched = /^\/(catalog\.json|threads\.json|catalog\.html|res\/(\d+)\.(json|html))$/.exec(
      path?.rest ?? '',
    );
    const board = path?.board ?? '';
    if (!matched || !Object.hasOwn(seed.boards, board)) {
      notFound();
      return;
    }
    // The groups as they were numbered with the board in front.
    const route = [matched[0], board, matched[1], matched[2], matched[3]];
    const isJson = route[2]?.endsWith('.json') ?? false;
    if (isJson && !json) {
      notFound();
      return;
    }
    const threads = byBumpOrder(seed.threads.filter((thread) => thread.board === board));
    if (route[2] === 'catalog.json') {
      r.json(
        200,
        paged(threads).map((list, i) => ({ page: i, threads: list.map(catalogEntry) })),
      );
    } else if (route[2] === 'threads.json') {
      r.json(
        200,
        paged(threads).map((list, i) => ({
          page: i,
          threads: list.map((t) => ({ no: t.posts[0]?.no, last_modified: lastModified(t) })),
        })),
      );
    } else if (route[2] === 'catalog.html') {
      r.send(200, catalogPage(seed, siteName, board, threads, list));
    } else {
      const thread = threadOf(seed, board, Number(route[3]));
      if (!thread) notFound();
      else if (route[4] === 'json')
        r.json(200, { posts: thread.posts.map((post) => postJson(thread, post)) });
      else r.send(200, threadPage(seed, siteName, thread, list));
    }
  };
}
