/**
 * How a stored page goes into the pack: its kind read from its content (the content type a server
 * declared is not kept), the file name it gets, and the HTML Chromium draws its screenshot from.
 *
 * An HTML snapshot is named `.html.txt`, not `.html`: it is the hostile site's own page, and opened by
 * a double click in a browser it would fetch that site's images and scripts, telling the site that
 * someone is looking at it, from the reader's own address. A text editor shows it safely; the
 * screenshot shows how it looked.
 */

export interface SnapshotKind {
  mediaType: 'text/html' | 'application/json' | 'text/plain';
  extension: '.html.txt' | '.json' | '.txt';
}

const HTML_START = /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)/i;
const HTML_TAG = /<(?:html|head|body|div|p|table|article|section|span|a|br)[\s>/]/i;

export function snapshotKind(body: string): SnapshotKind {
  const start = body.trimStart();
  if ((start.startsWith('{') || start.startsWith('[')) && isJson(start)) {
    return { mediaType: 'application/json', extension: '.json' };
  }
  if (HTML_START.test(start) || HTML_TAG.test(start.slice(0, 4096))) {
    return { mediaType: 'text/html', extension: '.html.txt' };
  }
  return { mediaType: 'text/plain', extension: '.txt' };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function snapshotPath(pageId: string, kind: SnapshotKind): string {
  return `pages/${pageId}${kind.extension}`;
}

export function screenshotPath(pageId: string): string {
  return `screenshots/${pageId}.png`;
}

/**
 * What Chromium is given to draw: an HTML page as it is; JSON and plain text as preformatted text, so
 * the picture shows the words the site served rather than a page of run-together markup.
 */
export function screenshotSource(body: string, kind: SnapshotKind): string {
  // A meta refresh would navigate away from the copy (to an aborted request, an empty error page)
  // while it is drawn: the picture is of the page as stored, so the refresh is taken out.
  if (kind.mediaType === 'text/html') return body.replace(META_REFRESH, '');
  return (
    '<!doctype html><html><head><meta charset="utf-8"><style>' +
    'body{margin:16px;background:#fff;color:#111}' +
    'pre{font:13px/1.45 monospace;white-space:pre-wrap;overflow-wrap:anywhere}' +
    `</style></head><body><pre>${escapeHtml(body)}</pre></body></html>`
  );
}

const META_REFRESH = /<meta\b[^>]*\bhttp-equiv\s*=\s*["']?refresh\b[^>]*>/gi;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
