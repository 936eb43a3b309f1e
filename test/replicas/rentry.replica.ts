/**
 * A rentry look-alike: the HTML render at `/<slug>`, the markdown
 * at `/<slug>/raw` and `/api/raw/<slug>`. Both raw views answer 403 with rentry's message unless the
 * request carries `rentry-auth: <code>` with the farm's code, which is why the adapter reads the HTML.
 * Slugs are matched without regard to case (inferred). Content comes from a synthetic seed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from './xenforo.replica.js';

export interface RentryPageSeed {
  slug: string;
  /** The page's markdown (headings, lists, quotes, bold and inline code are rendered). */
  markdown: string;
}

export interface RentryReplicaOptions {
  /** The code a `rentry-auth` header must carry for raw access; without one, raw access is always refused. */
  rawAccessCode?: string;
}

export const RENTRY_RAW_FORBIDDEN =
  'This page does not have a SECRET_RAW_ACCESS_CODE set. You may still view it over raw by obtaining your own code from Rentry admins and setting it as a custom header: rentry-auth';

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Just enough markdown for the seeds; each block keeps its own element so lines never run together. */
export function renderMarkdown(markdown: string): string {
  const out: string[] = [];
  let list = false;
  for (const line of markdown.split('\n')) {
    const item = /^\s*[-*] (.*)$/.exec(line);
    if (!item && list) {
      out.push('</ul>');
      list = false;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) out.push(`<h${heading[1]?.length}>${inline(heading[2] ?? '')}</h${heading[1]?.length}>`);
    else if (item) {
      if (!list) out.push('<ul>');
      list = true;
      out.push(`<li>${inline(item[1] ?? '')}</li>`);
    } else if (line.startsWith('> ')) out.push(`<blockquote><p>${inline(line.slice(2))}</p></blockquote>`);
    else if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push('</ul>');
  return out.join('\n');
}

export function renderRentryPage(page: RentryPageSeed): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(page.slug)} - rentry (replica)</title></head>
<body>
<div class="container">
<div class="entry-text">
<article>
${renderMarkdown(page.markdown)}
</article>
</div>
<div class="text-muted">Pub: 01 Oct 2026 12:00 UTC &middot; Views: 120</div>
</div>
</body>
</html>
`;
}

const NOT_FOUND_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>404 - rentry (replica)</title></head>
<body><div class="container"><h3>404</h3><p>This page does not exist.</p></div></body></html>
`;

export function createRentryReplica(
  pages: readonly RentryPageSeed[],
  options: RentryReplicaOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const bySlug = new Map(pages.map((page) => [page.slug.toLowerCase(), page]));
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain', 'Method not allowed');
      return;
    }
    const auth = req.headers['rentry-auth'];
    const rawAllowed = options.rawAccessCode !== undefined && auth === options.rawAccessCode;
    const api = /^\/api\/raw\/([^/]+)\/?$/.exec(url.pathname);
    if (api) {
      const page = bySlug.get(decodeURIComponent(api[1] ?? '').toLowerCase());
      const json = (status: number, body: unknown): void =>
        send(status, 'application/json', JSON.stringify(body));
      if (!page) json(404, { status: '404', content: 'Not found' });
      else if (!rawAllowed) json(403, { status: '403', content: RENTRY_RAW_FORBIDDEN });
      else json(200, { status: '200', content: page.markdown });
      return;
    }
    const route = /^\/([^/]+)(\/raw)?\/?$/.exec(url.pathname);
    const page = route ? bySlug.get(decodeURIComponent(route[1] ?? '').toLowerCase()) : undefined;
    if (!page) {
      send(404, 'text/html', NOT_FOUND_PAGE);
      return;
    }
    if (route?.[2]) {
      if (rawAllowed) send(200, 'text/plain', page.markdown);
      else send(403, 'text/plain', RENTRY_RAW_FORBIDDEN);
      return;
    }
    send(200, 'text/html', renderRentryPage(page));
  };
}
