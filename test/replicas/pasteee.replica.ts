/**
 * A paste.ee look-alike: `/recent` (links `/p/<id>`), the HTML
 * view `/p/<id>`, the raw view `/r/<id>` (no key) and the v1 API `/v1/pastes/<id>` (key in
 * `X-Auth-Token` or `?key=`; the real API lives on its own `api.` host). Content comes from a seed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from './xenforo.replica.js';

export interface PasteeeSectionSeed {
  name: string;
  syntax: string;
  contents: string;
}

export interface PasteeeSeed {
  id: string;
  description: string;
  /** `YYYY-MM-DD hh:mm:ss`. */
  createdAt: string;
  sections: PasteeeSectionSeed[];
}

export interface PasteeeReplicaOptions {
  /** The key the API accepts; without one the API refuses every request, as it does keyless callers. */
  apiKey?: string;
}

/** What `/r/<id>` serves: every section's contents, blank-line separated. */
export function pasteeeRawText(paste: PasteeeSeed): string {
  return paste.sections.map((section) => section.contents).join('\n\n');
}

function recentPage(pastes: readonly PasteeeSeed[]): string {
  const rows = pastes
    .map(
      (paste) =>
        `<tr><td><a href="/p/${paste.id}">${escapeHtml(paste.description || 'Untitled')}</a></td><td>${escapeHtml(paste.createdAt)}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Recent Pastes - Paste.ee (replica)</title></head>
<body><div class="container"><h1>Recent Pastes</h1>
<table class="table"><thead><tr><th>Description</th><th>Created</th></tr></thead><tbody>
${rows}
</tbody></table></div></body></html>
`;
}

function pastePage(paste: PasteeeSeed): string {
  const sections = paste.sections
    .map(
      (section) =>
        `<div class="paste-section"><h4>${escapeHtml(section.name)}</h4><pre><code class="language-${escapeHtml(section.syntax)}">${escapeHtml(section.contents)}</code></pre></div>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(paste.description || 'Untitled')} - Paste.ee (replica)</title></head>
<body><div class="container"><h1>${escapeHtml(paste.description)}</h1><a href="/r/${paste.id}">Raw</a>
${sections}
</div></body></html>
`;
}

export function createPasteeeReplica(
  pastes: readonly PasteeeSeed[],
  options: PasteeeReplicaOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const byId = new Map(pastes.map((paste) => [paste.id, paste]));
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const json = (status: number, body: unknown): void =>
      send(status, 'application/json', JSON.stringify(body));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain', 'Method not allowed');
      return;
    }
    if (url.pathname === '/recent') {
      send(200, 'text/html', recentPage(pastes));
      return;
    }
    const api = /^\/v1\/pastes\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (api) {
      const key = req.headers['x-auth-token'] ?? url.searchParams.get('key');
      if (options.apiKey === undefined || key !== options.apiKey) {
        json(401, {
          success: false,
          errors: [{ field: 'key', message: 'Invalid application key.', code: 401 }],
        });
        return;
      }
      const paste = byId.get(api[1] ?? '');
      if (!paste) {
        json(404, { success: false, errors: [{ field: 'id', message: 'Paste not found.', code: 404 }] });
        return;
      }
      json(200, {
        success: true,
        paste: {
          id: paste.id,
          encrypted: false,
          description: paste.description,
          views: 12,
          created_at: paste.createdAt,
          expires_at: null,
          sections: paste.sections.map((section, i) => ({
            id: 4410000 + i,
            syntax: section.syntax,
            name: section.name,
            contents: section.contents,
            size: section.contents.length,
          })),
        },
      });
      return;
    }
    const view = /^\/(p|r)\/([A-Za-z0-9]+)$/.exec(url.pathname);
    const paste = view ? byId.get(view[2] ?? '') : undefined;
    if (!paste) send(404, 'text/html', '<!DOCTYPE html><html><body><h1>Paste not found</h1></body></html>');
    else if (view?.[1] === 'r') send(200, 'text/plain', pasteeeRawText(paste));
    else send(200, 'text/html', pastePage(paste));
  };
}
