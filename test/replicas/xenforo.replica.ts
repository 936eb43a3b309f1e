/**
 * A XenForo 2 look-alike (Kiwi Farms' software) for tests and `exposure-scanner demo`. URL routes,
 * redirects, classes and attributes follow the real thing as its public clients record them, and
 * the pages in test/fixtures/samples/kiwifarms; every word of content comes from a synthetic seed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { htmlToText } from '../../shared/text/html-to-text.js';

export interface ForumPostSeed {
  postId: string;
  author: string;
  /** ISO time of posting. */
  postedAt: string;
  /** Inner HTML of `.bbWrapper`, built with the helpers below so quotes and spoilers look real. */
  html: string;
}

export interface ForumThreadSeed {
  threadId: number;
  slug: string;
  title: string;
  forum: { nodeId: number; slug: string; title: string };
  /** Posts per thread page, in order; page 1 first. */
  pages: ForumPostSeed[][];
}

export interface ForumSeed {
  siteName: string;
  threads: ForumThreadSeed[];
  /** Members by name, so author links carry stable ids. */
  memberIds: Record<string, number>;
}

export interface XenforoReplicaOptions {
  /** XenForo shows 20 rows per result page; the demo uses fewer so result pagination is exercised. */
  resultsPerPage?: number;
}

// ---- helpers for seeds: XenForo's BBCode output -------------------------------------------------------

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `[QUOTE="member, post: id"]` as XenForo renders it, collapsed, with its "Click to expand..." control. */
export function bbQuote(member: string, memberId: number, postId: string, innerHtml: string): string {
  return (
    `<blockquote data-attributes="member: ${memberId}" data-quote="${escapeHtml(member)}" data-source="post: ${postId}" class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote js-expandWatch">\n` +
    `\t<div class="bbCodeBlock-title"><a href="/goto/post?id=${postId}" class="bbCodeBlock-sourceJump" rel="nofollow" data-xf-click="attribution" data-content-selector="#post-${postId}">${escapeHtml(member)} said:</a></div>\n` +
    `\t<div class="bbCodeBlock-content">\n` +
    `\t\t<div class="bbCodeBlock-expandContent js-expandContent">${innerHtml}</div>\n` +
    `\t\t<div class="bbCodeBlock-expandLink js-expandLink"><a role="button" tabindex="0">Click to expand...</a></div>\n` +
    `\t</div>\n</blockquote>`
  );
}

export function bbSpoiler(title: string, innerHtml: string): string {
  return (
    `<div class="bbCodeBlock bbCodeBlock--spoiler">\n\t<div class="bbCodeSpoiler">\n` +
    `\t\t<button type="button" class="bbCodeSpoiler-button button--longText button" data-xf-click="toggle"><span class="button-text"><span>Spoiler: ${escapeHtml(title)}</span></span></button>\n` +
    `\t\t<div class="bbCodeSpoiler-content">\n` +
    `\t\t\t<div class="bbCodeBlock bbCodeBlock--spoiler"><div class="bbCodeBlock-content">${innerHtml}</div></div>\n` +
    `\t\t</div>\n\t</div>\n</div>`
  );
}

export function bbLink(url: string, label: string = url): string {
  return `<a href="${escapeHtml(url)}" target="_blank" class="link link--external" rel="nofollow ugc noopener">${escapeHtml(label)}</a>`;
}

// ---- rendering --------------------------------------------------------------------------------------

interface Located {
  thread: ForumThreadSeed;
  page: number;
  position: number;
  post: ForumPostSeed;
}

function threadPath(thread: ForumThreadSeed, page = 1): string {
  return `/threads/${thread.slug}.${thread.threadId}/${page > 1 ? `page-${page}` : ''}`;
}

function memberPath(seed: ForumSeed, name: string): { path: string; id: number } {
  const id = seed.memberIds[name] ?? 1;
  return { path: `/members/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.${id}/`, id };
}

function unixTime(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function timeTag(iso: string): string {
  const at = new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+0000');
  return `<time class="u-dt" dir="auto" datetime="${at}" data-time="${unixTime(iso)}">${shortDate(iso)}</time>`;
}

function pageDocument(seed: ForumSeed, template: string, title: string, head: string, main: string): string {
  return `<!DOCTYPE html>
<html id="XF" lang="en-US" dir="LTR" data-app="public" data-template="${template}" data-logged-in="false" data-cookie-prefix="xf_" data-csrf="1732500000,5eedc0ffee5eedc0ffee5eedc0ffee00" class="has-no-js template-${template}">
<head>
<meta charset="utf-8" />
<title>${escapeHtml(title)} | ${escapeHtml(seed.siteName)}</title>
${head}</head>
<body data-template="${template}">
<div class="p-pageWrapper" id="top">
<div class="p-body">
<div class="p-body-inner">
${main}
</div>
</div>
</div>
</body>
</html>
`;
}

function pageNav(current: number, last: number, href: (page: number) => string): string {
  if (last <= 1) return '';
  const items: string[] = [];
  for (let page = 1; page <= last; page++) {
    const cls = page === current ? 'pageNav-page pageNav-page--current' : 'pageNav-page';
    items.push(`          <li class="${cls}"><a href="${escapeHtml(href(page))}">${page}</a></li>`);
  }
  const prev =
    current > 1
      ? `        <a href="${escapeHtml(href(current - 1))}" class="pageNav-jump pageNav-jump--prev">Prev</a>\n`
      : '';
  const next =
    current < last
      ? `        <a href="${escapeHtml(href(current + 1))}" class="pageNav-jump pageNav-jump--next">Next</a>\n`
      : '';
  return `<div class="block-outer">
  <div class="block-outer-main">
    <nav class="pageNavWrapper pageNavWrapper--mixed">
      <div class="pageNav">
${prev}        <ul class="pageNav-main">
${items.join('\n')}
        </ul>
${next}      </div>
    </nav>
  </div>
</div>`;
}

function renderPost(seed: ForumSeed, located: Located): string {
  const { thread, post, position } = located;
  const member = memberPath(seed, post.author);
  const permalink = `${threadPath(thread)}post-${post.postId}`;
  const author = escapeHtml(post.author);
  return `<article class="message message--post js-post js-inlineModContainer" data-author="${author}" data-content="post-${post.postId}" id="js-post-${post.postId}">
  <span class="u-anchorTarget" id="post-${post.postId}"></span>
  <div class="message-inner">
    <div class="message-cell message-cell--user">
      <section class="message-user">
        <div class="message-userDetails">
          <h4 class="message-name"><a href="${member.path}" class="username" dir="auto" data-user-id="${member.id}" data-xf-init="member-tooltip">${author}</a></h4>
        </div>
      </section>
    </div>
    <div class="message-cell message-cell--main">
      <div class="message-main js-quickEditTarget">
        <header class="message-attribution message-attribution--split">
          <ul class="message-attribution-main listInline">
            <li class="u-concealed"><a href="${permalink}" rel="nofollow">${timeTag(post.postedAt)}</a></li>
          </ul>
          <ul class="message-attribution-opposite message-attribution-opposite--list">
            <li><a href="${permalink}" class="message-attribution-gadget" rel="nofollow">#${position}</a></li>
          </ul>
        </header>
        <div class="message-content js-messageContent">
          <div class="message-userContent lbContainer js-lbContainer" data-lb-id="post-${post.postId}">
            <article class="message-body js-selectToQuote">
              <div class="bbWrapper">${post.html}</div>
              <div class="js-selectToQuoteEnd">&nbsp;</div>
            </article>
          </div>
        </div>
      </div>
    </div>
  </div>
</article>`;
}

function renderThreadPage(seed: ForumSeed, origin: string, thread: ForumThreadSeed, page: number): string {
  const posts = thread.pages[page - 1] ?? [];
  const before = thread.pages.slice(0, page - 1).reduce((n, p) => n + p.length, 0);
  const first = thread.pages[0]?.[0];
  const starter = first ? memberPath(seed, first.author) : undefined;
  const nav = pageNav(page, thread.pages.length, (n) => threadPath(thread, n));
  const head =
    `<link rel="canonical" href="${origin}${threadPath(thread, page)}" />\n` +
    (page < thread.pages.length ? `<link rel="next" href="${threadPath(thread, page + 1)}" />\n` : '');
  const main = `<div class="p-body-header">
  <div class="p-title"><h1 class="p-title-value">${escapeHtml(thread.title)}</h1></div>
  <div class="p-description">
    <ul class="listInline listInline--bullet">
      <li>Thread starter <a href="${starter?.path ?? '/'}" class="username u-concealed" dir="auto" data-user-id="${starter?.id ?? 0}">${escapeHtml(first?.author ?? '')}</a></li>
      <li>Start date <a href="${threadPath(thread)}" class="u-concealed">${timeTag(first?.postedAt ?? '2026-01-01T00:00:00Z')}</a></li>
    </ul>
  </div>
</div>
<div class="p-body-main">
<div class="block block--messages" data-xf-init="" data-type="post" data-href="/inline-mod/" data-search-target="*">
${nav}
<div class="block-container lbContainer" data-xf-init="lightbox select-to-quote" data-message-selector=".js-post" data-lb-id="thread-${thread.threadId}">
<div class="block-body js-replyNewMessageContainer">
${posts.map((post, i) => renderPost(seed, { thread, post, page, position: before + i + 1 })).join('\n\n')}
</div>
</div>
${nav.replace('class="block-outer"', 'class="block-outer block-outer--after"')}
</div>
</div>`;
  return pageDocument(seed, 'thread_view', thread.title, head, main);
}

function renderSearchPage(
  seed: ForumSeed,
  searchId: number,
  query: string,
  rows: Located[],
  page: number,
  perPage: number,
): string {
  const last = Math.max(1, Math.ceil(rows.length / perPage));
  const href = (n: number): string =>
    `/search/${searchId}/?${n > 1 ? `page=${n}&` : ''}q=${encodeURIComponent(query)}&o=date`;
  const shown = rows.slice((page - 1) * perPage, page * perPage);
  const items = shown.map(({ thread, post, position }) => {
    const member = memberPath(seed, post.author);
    const snippet = htmlToText(post.html).replace(/\s+/g, ' ').slice(0, 160);
    return `      <li class="block-row block-row--separated js-inlineModContainer" data-author="${escapeHtml(post.author)}">
        <div class="contentRow">
          <span class="contentRow-figure"><a href="${member.path}" class="avatar avatar--s" data-user-id="${member.id}"><span class="avatar-u${member.id}-s">${escapeHtml(post.author.charAt(0))}</span></a></span>
          <div class="contentRow-main">
            <h3 class="contentRow-title"><a href="${threadPath(thread)}post-${post.postId}">${escapeHtml(thread.title)}</a></h3>
            <div class="contentRow-snippet">${escapeHtml(snippet)}</div>
            <div class="contentRow-minor contentRow-minor--hideLinks">
              <ul class="listInline listInline--bullet">
                <li><a href="${member.path}" class="username" dir="auto" data-user-id="${member.id}">${escapeHtml(post.author)}</a></li>
                <li>${timeTag(post.postedAt)}</li>
                <li>Post #${position}</li>
                <li>Forum: <a href="/forums/${thread.forum.slug}.${thread.forum.nodeId}/">${escapeHtml(thread.forum.title)}</a></li>
              </ul>
            </div>
          </div>
        </div>
      </li>`;
  });
  const title = `Search results for query: ${query}`;
  const main = `<div class="p-body-header">
  <div class="p-title"><h1 class="p-title-value">${escapeHtml(title)}</h1></div>
</div>
<div class="p-body-main">
<div class="block" data-xf-init="" data-type="post" data-href="/inline-mod/">
${pageNav(page, last, href)}
  <div class="block-container">
    <ol class="block-body">
${items.join('\n')}
    </ol>
  </div>
</div>
</div>`;
  return pageDocument(seed, 'search_results', title, '', main);
}

function messagePage(seed: ForumSeed, template: string, title: string, message: string): string {
  const main = `<div class="p-body-header">
  <div class="p-title"><h1 class="p-title-value">${escapeHtml(title)}</h1></div>
</div>
<div class="p-body-main">
<div class="blockMessage">${escapeHtml(message)}</div>
</div>`;
  return pageDocument(seed, template, title, '', main);
}

// ---- the request handler ----------------------------------------------------------------------------

/** Builds the replica's request handler over a seed. State (stored searches) lives in the closure. */
export function createXenforoReplica(
  seed: ForumSeed,
  options: XenforoReplicaOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const perPage = options.resultsPerPage ?? 20;
  const located: Located[] = [];
  const byPostId = new Map<string, Located>();
  const textOf = new Map<string, string>();
  for (const thread of seed.threads) {
    let position = 0;
    thread.pages.forEach((posts, index) => {
      for (const post of posts) {
        const entry = { thread, page: index + 1, position: ++position, post };
        located.push(entry);
        byPostId.set(post.postId, entry);
        textOf.set(post.postId, htmlToText(post.html).toLowerCase());
      }
    });
  }
  const searches = new Map<number, string>();
  let nextSearchId = 4471100;

  /** Newest first (`o=date`): one row per matching post; a thread matching by title alone shows its first post. */
  function search(query: string): Located[] {
    const needle = query.toLowerCase();
    const rows: Located[] = [];
    for (const thread of seed.threads) {
      const inThread = located.filter((entry) => entry.thread === thread);
      const hits = inThread.filter((entry) => textOf.get(entry.post.postId)?.includes(needle));
      if (hits.length > 0) rows.push(...hits);
      else if (thread.title.toLowerCase().includes(needle) && inThread[0]) rows.push(inThread[0]);
    }
    return rows.sort((a, b) => Date.parse(b.post.postedAt) - Date.parse(a.post.postedAt));
  }

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const redirect = (status: number, location: string): void => send(status, '', { location });
    const notFound = (): void =>
      send(
        404,
        messagePage(
          seed,
          'error',
          'Oops! We ran into some problems.',
          'The requested page could not be found.',
        ),
      );

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, messagePage(seed, 'error', 'Oops!', 'Method not allowed.'), { allow: 'GET, HEAD' });
      return;
    }
    const path = url.pathname;

    if (path === '/search/search') {
      const query = (url.searchParams.get('keywords') ?? '').trim();
      if (!query) {
        send(
          200,
          messagePage(seed, 'error', 'Oops! We ran into some problems.', 'Please specify a search query.'),
        );
        return;
      }
      const searchId = nextSearchId++;
      searches.set(searchId, query);
      redirect(303, `/search/${searchId}/?q=${encodeURIComponent(query)}&o=date`);
      return;
    }

    const stored = /^\/search\/(\d+)\/?$/.exec(path);
    if (stored) {
      const query = searches.get(Number(stored[1]));
      if (query === undefined) {
        notFound();
        return;
      }
      const rows = search(query);
      if (rows.length === 0) {
        send(
          200,
          messagePage(seed, 'search_results', `Search results for query: ${query}`, 'No results found.'),
        );
        return;
      }
      const page = Number(url.searchParams.get('page') ?? '1');
      const last = Math.ceil(rows.length / perPage);
      if (!Number.isInteger(page) || page < 1 || page > last) {
        notFound();
        return;
      }
      send(200, renderSearchPage(seed, Number(stored[1]), query, rows, page, perPage));
      return;
    }

    const postLink = /^\/(?:threads\/[^/]+\/post-|posts\/)(\d+)\/?$/.exec(path);
    if (postLink) {
      const entry = byPostId.get(postLink[1] ?? '');
      if (!entry) notFound();
      else redirect(302, `${threadPath(entry.thread, entry.page)}#post-${entry.post.postId}`);
      return;
    }

    const threadRoute = /^\/threads\/(?:([^/]*)\.)?(\d+)\/(?:page-(\d+))?$/.exec(path);
    if (threadRoute) {
      const thread = seed.threads.find((t) => t.threadId === Number(threadRoute[2]));
      const page = Number(threadRoute[3] ?? '1');
      if (!thread || page < 1 || page > thread.pages.length) {
        notFound();
        return;
      }
      // XenForo sends a wrong or missing slug to the canonical address.
      if (threadRoute[1] !== thread.slug || threadRoute[3] === '1') {
        redirect(301, threadPath(thread, page));
        return;
      }
      send(200, renderThreadPage(seed, origin, thread, page));
      return;
    }

    notFound();
  };
}
