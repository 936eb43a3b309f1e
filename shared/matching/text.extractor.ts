/**
 * Text of a fetched file as the matcher reads it, chosen by extension and content: HTML through
 * the same extraction as the fetch path, JSON by walking every string (HTML-bearing strings, like
 * the `com` field of the 4chan API, go through the HTML extraction), anything else as it is.
 */
import { htmlToText } from '../text/html-to-text.js';

const LOOKS_LIKE_HTML = /<(?:[a-z][a-z0-9-]*|\/[a-z]|!--|!doctype)[\s>/]/i;
const HAS_ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;
/** Hashes and ids in API JSON are noise (and a base64 md5 wastes the decoder's time). */
const SKIPPED_KEYS = new Set(['md5', 'tim', 'ext', 'semantic_url', 'country', 'board_flag', 'id']);

function stringsOf(value: unknown, key: string | undefined, out: string[], depth: number): void {
  if (depth > 64) return;
  if (typeof value === 'string') {
    if (key !== undefined && SKIPPED_KEYS.has(key)) return;
    out.push(LOOKS_LIKE_HTML.test(value) || HAS_ENTITY.test(value) ? htmlToText(value) : value);
  } else if (Array.isArray(value)) {
    for (const item of value) stringsOf(item, key, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) stringsOf(v, k, out, depth + 1);
  }
}

/** All string values of a JSON document, one per line. Falls back to the raw text if it does not parse. */
export function jsonToText(json: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return json;
  }
  const out: string[] = [];
  stringsOf(parsed, undefined, out, 0);
  return out.join('\n');
}

export function extractText(file: string, content: string): string {
  const lower = file.toLowerCase();
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return htmlToText(content);
  if (lower.endsWith('.json')) return jsonToText(content);
  if (content.trimStart().startsWith('<')) return htmlToText(content);
  return content;
}
