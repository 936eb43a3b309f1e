/**
 * A Pastebin look-alike: the `/archive` table, `/raw/<key>` text and the `/<key>` HTML page
 *. Content comes from a synthetic seed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from './xenforo.replica.js';

export interface PasteSeed {
  /** 8 letters and digits, like Pastebin's keys. */
  key: string;
  title: string;
  /** Archive syntax slug and label, e.g. `text` / `None`, `python` / `Python`. */
  syntax: { slug: string; label: string };
  /** What the archive shows in its "Posted" column. */
  postedAgo: string;
  body: string;
}

function archivePage(pastes: readonly PasteSeed[]): string {
  const rows = pastes
    .map(
      (paste) => `<tr>
  <td><span class="status -public"></span><a href="/${paste.key}">${escapeHtml(paste.title)}</a></td>
  <td>${escapeHtml(paste.postedAgo)}</td>
  <td><a href="/archive/${paste.syntax.slug}">${escapeHtml(paste.syntax.label)}</a></td>
</tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Pastes Archive - Pastebin.com (replica)</title></head>
<body>
<div class="wrap">
<div class="container">
<div class="content">
<div class="archive-table">
<table class="maintable">
<tbody>
<tr>
  <th scope="col">Name / Title</th>
  <th scope="col">Posted</th>
  <th scope="col">Syntax</th>
</tr>
${rows}
</tbody>
</table>
</div>
</div>
</div>
</div>
</body>
</html>
`;
}

function pastePage(paste: PasteSeed): string {
  const lines = paste.body
    .split('\n')
    .map((line) => `<li class="li1"><div class="de1">${escapeHtml(line)}</div></li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(paste.title)} - Pastebin.com (replica)</title></head>
<body>
<div class="wrap">
<div class="container">
<div class="content">
<div class="post-view">
  <div class="details"><div class="info-top"><h1>${escapeHtml(paste.title)}</h1></div></div>
  <div class="highlighted-code">
    <div class="source ${paste.syntax.slug}"><ol class="${paste.syntax.slug}">${lines}</ol></div>
  </div>
  <div class="form-group"><textarea class="textarea -raw js-paste-raw" readonly>${escapeHtml(paste.body)}</textarea></div>
</div>
</div>
</div>
</div>
</body>
</html>
`;
}

export function createPastebinReplica(
  pastes: readonly PasteSeed[],
): (req: IncomingMessage, res: ServerResponse) => void {
  const byKey = new Map(pastes.map((paste) => [paste.key, paste]));
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://replica.invalid').pathname;
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain', 'Method not allowed');
      return;
    }
    if (path === '/archive') {
      send(200, 'text/html', archivePage(pastes));
      return;
    }
    const raw = /^\/raw\/([A-Za-z0-9]{8})$/.exec(path);
    if (raw) {
      const paste = byKey.get(raw[1] ?? '');
      if (paste) send(200, 'text/plain', paste.body);
      else send(404, 'text/plain', 'Error, we cannot find this paste.');
      return;
    }
    const page = /^\/([A-Za-z0-9]{8})$/.exec(path);
    const paste = page ? byKey.get(page[1] ?? '') : undefined;
    if (paste) send(200, 'text/html', pastePage(paste));
    else send(404, 'text/html', '<!DOCTYPE html><html><body><h1>Not Found (#404)</h1></body></html>');
  };
}
