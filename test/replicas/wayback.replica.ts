/**
 * A Wayback Machine look-alike: the CDX API (`url` with
 * `matchType` or a trailing `*`, `filter` with regexes and `!`, `collapse`, `limit`, resume keys,
 * JSON or text output) and replays at `/web/<ts>id_/<url>` (raw bytes) and `/web/<ts>/<url>` (with a
 * toolbar), redirecting to the nearest capture as the real one does. Optionally answers bursts with
 * 429, like the real site's nginx. Captures come from a synthetic seed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface WaybackCaptureSeed {
  original: string;
  /** 14 digits. */
  timestamp: string;
  statuscode: string;
  mimetype: string;
  digest: string;
  body: string;
}

export interface WaybackReplicaOptions {
  /** Requests allowed per second before 429 answers; unlimited when absent. */
  burstLimit?: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * What another replica's handler answers for a URL, without a socket: used to capture the forum
 * replica's pages as the archive saw them. Handlers of the farm answer synchronously.
 */
export function captureFrom(handler: Handler, url: string): { status: number; body: string } {
  const target = new URL(url);
  let status = 0;
  let body = '';
  const req = { url: `${target.pathname}${target.search}`, method: 'GET', headers: { host: target.host } };
  const res = {
    headersSent: false,
    writeHead(code: number) {
      status = code;
      this.headersSent = true;
      return this;
    },
    setHeader() {
      return this;
    },
    end(chunk?: string) {
      if (typeof chunk === 'string') body += chunk;
      return this;
    },
  };
  handler(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  if (status === 0) throw new Error(`capture of ${url} got no synchronous answer`);
  return { status, body };
}

/** SURT-style key: host labels reversed, `)` before the path, lower case (`example,kiwifarms)/threads/x`). */
function urlKeyOf(original: string): string {
  const url = new URL(original);
  const host = url.hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .split('.')
    .reverse()
    .join(',');
  return `${host})${url.pathname}${url.search}`.toLowerCase();
}

/** The URL without scheme and `www.`, lower case: what `url=` prefixes are compared with. */
function bareOf(original: string): string {
  return original
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .toLowerCase();
}

/** CDX filter regexes are Java/Python style and must match the whole field; `(?i)` becomes a flag. */
function compileFilter(expression: string): ((row: Record<string, string>) => boolean) | undefined {
  const negate = expression.startsWith('!');
  const body = negate ? expression.slice(1) : expression;
  const colon = body.indexOf(':');
  if (colon < 1) return undefined;
  const field = body.slice(0, colon);
  let pattern = body.slice(colon + 1);
  let flags = '';
  if (pattern.startsWith('(?i)')) {
    pattern = pattern.slice(4);
    flags = 'i';
  }
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`, flags);
  } catch {
    return undefined;
  }
  return (row) => regex.test(row[field] ?? '') !== negate;
}

/** Where a row stands in the index, as a resume key names it once decoded. */
function positionOf(row: { urlkey: string; timestamp: string }): string {
  return `${row.urlkey} ${row.timestamp}`;
}

/** The resume key as the server prints it: the position, form-encoded. */
function printedKey(row: { urlkey: string; timestamp: string }): string {
  return new URLSearchParams({ k: positionOf(row) }).toString().slice(2);
}

const FIELDS = ['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode', 'digest', 'length'] as const;

export function createWaybackReplica(
  captures: readonly WaybackCaptureSeed[],
  options: WaybackReplicaOptions = {},
): Handler {
  const rows = captures
    .map((capture) => ({
      urlkey: urlKeyOf(capture.original),
      timestamp: capture.timestamp,
      original: capture.original,
      mimetype: capture.mimetype,
      statuscode: capture.statuscode,
      digest: capture.digest,
      length: String(Buffer.byteLength(capture.body)),
      capture,
    }))
    // In the order resume keys compare (code points), so a key is a position in this list.
    .sort((a, b) => (positionOf(a) < positionOf(b) ? -1 : positionOf(a) > positionOf(b) ? 1 : 0));
  const recent: number[] = [];

  function cdx(url: URL, send: (status: number, type: string, body: string) => void): void {
    let target = url.searchParams.get('url') ?? '';
    let matchType = url.searchParams.get('matchType') ?? 'exact';
    if (target.endsWith('*')) {
      target = target.slice(0, -1);
      matchType = 'prefix';
    }
    if (target === '') {
      send(400, 'text/plain', 'org.archive.wayback.exception.BadQueryException: Missing url');
      return;
    }
    const bare = bareOf(target);
    const filters = url.searchParams.getAll('filter').map(compileFilter);
    if (filters.some((filter) => filter === undefined)) {
      send(400, 'text/plain', 'org.archive.wayback.exception.BadQueryException: Bad filter');
      return;
    }
    let selected = rows.filter((row) =>
      matchType === 'prefix' ? bareOf(row.original).startsWith(bare) : bareOf(row.original) === bare,
    );
    selected = selected.filter((row) => {
      const fields: Record<string, string> = Object.fromEntries(FIELDS.map((field) => [field, row[field]]));
      return filters.every((filter) => filter?.(fields));
    });
    // Collapsing drops a row whose field equals the previous kept row's (adjacent rows only).
    const collapse = url.searchParams.get('collapse');
    if (collapse && (FIELDS as readonly string[]).includes(collapse)) {
      const field = collapse as (typeof FIELDS)[number];
      selected = selected.filter((row, i, all) => i === 0 || all[i - 1]?.[field] !== row[field]);
    }
    // Resume keys are opaque to clients. As the real server does, the key is printed already
    // percent-encoded ("<urlkey> <timestamp>" of the last row sent, form-encoded: `,` -> %2C, `)` ->
    // %29, `/` -> %2F, the space -> `+`) and read back with one decoding. A client that encodes it again
    // asks for a position the server never issued (and here gets the first page again).
    const resumeKey = url.searchParams.get('resumeKey');
    if (resumeKey) selected = selected.filter((row) => positionOf(row) > resumeKey);
    const limit = Number(url.searchParams.get('limit') ?? '0');
    const more = limit > 0 && selected.length > limit;
    if (limit > 0) selected = selected.slice(0, limit);
    const showResumeKey = url.searchParams.get('showResumeKey') === 'true';
    const last = selected[selected.length - 1];
    const values = selected.map((row) => FIELDS.map((field) => row[field]));
    if (url.searchParams.get('output') === 'json') {
      if (values.length === 0) {
        send(200, 'application/json', '[]');
        return;
      }
      const lines = [JSON.stringify([...FIELDS]), ...values.map((v) => JSON.stringify(v))];
      if (showResumeKey && more && last) lines.push('[]', JSON.stringify([printedKey(last)]));
      send(200, 'application/json', `[${lines.join(',\n')}]\n`);
      return;
    }
    const text = values.map((v) => v.join(' ')).join('\n');
    const tail = showResumeKey && more && last ? `\n\n${printedKey(last)}` : '';
    send(200, 'text/plain', values.length > 0 ? `${text}${tail}\n` : '');
  }

  function replay(
    path: string,
    send: (status: number, type: string, body: string, headers?: Record<string, string>) => void,
  ): void {
    const match = /^\/web\/(\d{1,14})(id_)?\/(.+)$/s.exec(path);
    if (!match) {
      send(404, 'text/html', '<html><body><p>Wayback Machine has not archived that URL.</p></body></html>');
      return;
    }
    const [, stamp = '', raw, originalRaw = ''] = match;
    const original = originalRaw.replace(/^(https?):\/+/i, '$1://');
    const candidates = rows.filter((row) => bareOf(row.original) === bareOf(original));
    if (candidates.length === 0) {
      send(404, 'text/html', '<html><body><p>Wayback Machine has not archived that URL.</p></body></html>');
      return;
    }
    const wanted = Number(stamp.padEnd(14, '0'));
    const nearest = candidates.reduce((best, row) =>
      Math.abs(Number(row.timestamp) - wanted) < Math.abs(Number(best.timestamp) - wanted) ? row : best,
    );
    if (nearest.timestamp !== stamp) {
      send(302, 'text/html', '', { location: `/web/${nearest.timestamp}${raw ?? ''}/${nearest.original}` });
      return;
    }
    const { capture } = nearest;
    const type = capture.mimetype.startsWith('text/html') ? 'text/html' : capture.mimetype;
    // Captures are replayed with the status they were captured with (a captured challenge stays 203).
    const status = Number(capture.statuscode) || 200;
    if (raw) {
      send(status, type, capture.body);
      return;
    }
    const toolbar =
      '<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n<div id="wm-ipp-base">The Wayback Machine (replica) - ' +
      `${capture.timestamp}</div>\n<!-- END WAYBACK TOOLBAR INSERT -->\n`;
    send(
      status,
      type,
      capture.body.replace(/<body([^>]*)>/i, (tag) => `${tag}\n${toolbar}`),
    );
  }

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain', 'Method not allowed');
      return;
    }
    if (options.burstLimit !== undefined) {
      const now = Date.now();
      while (recent.length > 0 && (recent[0] ?? 0) <= now - 1000) recent.shift();
      if (recent.length >= options.burstLimit) {
        send(
          429,
          'text/html',
          '<html>\n<head><title>429 Too Many Requests</title></head>\n<body>\n<center><h1>429 Too Many Requests</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n',
          { 'x-ts': '429', 'retry-after': '60' },
        );
        return;
      }
      recent.push(now);
    }
    if (url.pathname === '/cdx/search/cdx') {
      cdx(url, send);
      return;
    }
    // The original URL may carry its own query string: keep everything after the timestamp.
    replay(`${url.pathname}${url.search}`, send);
  };
}
