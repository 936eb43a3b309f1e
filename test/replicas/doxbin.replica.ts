/**
 * A Doxbin-style paste site: the paged listing (`/?page=N`),
 * the title search (`/?search=<q>`, the parameter is inferred from the site's search form), and paste
 * pages at `/upload/<slug>` with the body in `pre[style]`; unknown pastes answer 404. The JS gate of
 * the real site is not imitated here (the browser fetch path is tested against the forum's gate).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from './xenforo.replica.js';

export interface DoxbinPasteSeed {
  title: string;
  author: string;
  /** As the listing writes it ("Oct 10th, 2026"). */
  added: string;
  views: number;
  comments: number;
  body: string;
}

export interface DoxbinReplicaOptions {
  /** Rows per listing or search page; small in the farm so pagination is exercised. */
  rowsPerPage?: number;
}

/** The site's slug rule: the title without any character that is not a letter or digit, case kept. */
export function doxbinSlug(title: string): string {
  return title.replace(/[^A-Za-z0-9]+/g, '');
}

function documentOf(title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<div class="container">
${main}
</div>
</body>
</html>
`;
}

function listPage(
  rows: readonly DoxbinPasteSeed[],
  page: number,
  last: number,
  href: (n: number) => string,
): string {
  const body = rows
    .map(
      (paste) => `<tr class="doxentry">
  <td><a href="/upload/${doxbinSlug(paste.title)}" title="${escapeHtml(paste.title)}">${escapeHtml(paste.title)}</a></td>
  <td>${paste.comments}</td>
  <td>${paste.views}</td>
  <td><a class="dox-username" href="/user/${encodeURIComponent(paste.author)}" title="${escapeHtml(paste.author)}">${escapeHtml(paste.author)}</a></td>
  <td>${escapeHtml(paste.added)}</td>
</tr>`,
    )
    .join('\n');
  const pages: string[] = [];
  for (let n = 1; n <= last; n++) {
    pages.push(`  <li${n === page ? ' class="active"' : ''}><a href="${escapeHtml(href(n))}">${n}</a></li>`);
  }
  if (page < last) pages.push(`  <li><a href="${escapeHtml(href(page + 1))}" rel="next">&raquo;</a></li>`);
  return documentOf(
    'Doxbin (replica)',
    `<form class="search" action="/" method="get"><input type="text" name="search" placeholder="Search pastes"></form>
<table class="table">
<thead><tr><th>Title</th><th>Comments</th><th>Views</th><th>Created by</th><th>Added</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
<ul class="pagination">
${pages.join('\n')}
</ul>`,
  );
}

function pastePage(paste: DoxbinPasteSeed): string {
  return documentOf(
    `${paste.title} - Doxbin (replica)`,
    `<div class="paste-header">
  <h1 class="paste-title">${escapeHtml(paste.title)}</h1>
  <span class="paste-meta">Created by <a class="dox-username" href="/user/${encodeURIComponent(paste.author)}">${escapeHtml(paste.author)}</a> &middot; ${escapeHtml(paste.added)} &middot; ${paste.views} views</span>
</div>
<pre style="white-space: pre-wrap; word-wrap: break-word;">
${escapeHtml(paste.body)}
</pre>
<div class="comments"><h3>Comments (${paste.comments})</h3></div>`,
  );
}

export function createDoxbinReplica(
  pastes: readonly DoxbinPasteSeed[],
  options: DoxbinReplicaOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const perPage = options.rowsPerPage ?? 50;
  const bySlug = new Map(pastes.map((paste) => [doxbinSlug(paste.title), paste]));
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = (): void =>
      send(404, documentOf('404 - Doxbin (replica)', '<h1>404</h1><p>Paste not found.</p>'));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, documentOf('Doxbin (replica)', '<p>Method not allowed</p>'));
      return;
    }
    if (url.pathname === '/') {
      const query = (url.searchParams.get('search') ?? '').trim();
      const rows = query
        ? pastes.filter((paste) => paste.title.toLowerCase().includes(query.toLowerCase()))
        : pastes;
      const page = Number(url.searchParams.get('page') ?? '1');
      const last = Math.max(1, Math.ceil(rows.length / perPage));
      if (!Number.isInteger(page) || page < 1 || page > last) {
        notFound();
        return;
      }
      const href = (n: number): string =>
        query ? `/?search=${encodeURIComponent(query)}&page=${n}` : `/?page=${n}`;
      send(200, listPage(rows.slice((page - 1) * perPage, page * perPage), page, last, href));
      return;
    }
    const upload = /^\/upload\/([A-Za-z0-9]+)$/.exec(url.pathname);
    const paste = upload ? bySlug.get(upload[1] ?? '') : undefined;
    if (paste) send(200, pastePage(paste));
    else notFound();
  };
}
