/**
 * The readings of one page that matchers search: the page itself, and the page as an obfuscator
 * would have us read it (rot13, reversed, decoded base64 runs, HTML entities left in plain text).
 * Each reading is folded twice (full: with confusable skeletons, for words; light: digits kept, for
 * numbers and dates) and both folds map back to offsets in the original page.
 */
import { decodeHTML } from 'entities';
import { foldText } from './fold.normalizer.js';
import type { FoldedText } from './fold.normalizer.js';

export type ViewKind = 'plain' | 'entities' | 'rot13' | 'reversed' | 'base64' | 'hex';

export interface TextView {
  kind: ViewKind;
  full: FoldedText;
  light: FoldedText;
}

interface Mapped {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

function view(kind: ViewKind, mapped: Mapped | string): TextView {
  if (typeof mapped === 'string')
    return { kind, full: foldText(mapped, 'full'), light: foldText(mapped, 'light') };
  return {
    kind,
    full: foldText(mapped.text, 'full', mapped.starts, mapped.ends),
    light: foldText(mapped.text, 'light', mapped.starts, mapped.ends),
  };
}

/** rot13 keeps every offset: a letter for a letter. */
export function rot13(text: string): string {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) codes[i] = ((c - 65 + 13) % 26) + 65;
    else if (c >= 97 && c <= 122) codes[i] = ((c - 97 + 13) % 26) + 97;
    else codes[i] = c;
  }
  return new TextDecoder('utf-16le').decode(codes);
}

/** A folded text read backwards, code point by code point, keeping each unit's original span. */
function reversed(folded: FoldedText): FoldedText {
  const text = folded.text;
  const n = text.length;
  const codes = new Uint16Array(n);
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    codes[n - 1 - i] = text.charCodeAt(i);
    starts[n - 1 - i] = folded.starts[i] as number;
    ends[n - 1 - i] = folded.ends[i] as number;
  }
  // Reversing units turns a surrogate pair around; put each pair back in order.
  for (let i = 0; i + 1 < n; i++) {
    const a = codes[i] as number;
    const b = codes[i + 1] as number;
    if (a >= 0xdc00 && a <= 0xdfff && b >= 0xd800 && b <= 0xdbff) {
      codes[i] = b;
      codes[i + 1] = a;
      i++;
    }
  }
  return { text: new TextDecoder('utf-16le').decode(codes), starts, ends };
}

const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;

/** Entities left in a text page (`&#64;`, `&#x74;`): each decoded character maps to its entity. */
function decodedEntities(text: string): Mapped | undefined {
  if (!ENTITY.test(text)) return undefined;
  ENTITY.lastIndex = 0;
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  const push = (chunk: string, start: number, end: number | undefined): void => {
    parts.push(chunk);
    for (let u = 0; u < chunk.length; u++) {
      starts.push(end === undefined ? start + u : start);
      ends.push(end === undefined ? start + u + 1 : end);
    }
  };
  for (const m of text.matchAll(ENTITY)) {
    push(text.slice(last, m.index), last, undefined);
    push(decodeHTML(m[0]), m.index, m.index + m[0].length);
    last = m.index + m[0].length;
  }
  push(text.slice(last), last, undefined);
  return { text: parts.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

// Runs of base64 alphabet; AIL only tries padded runs of 40+, which misses a short encoded
// "Label: value" line. Short runs are kept only if they decode to mostly printable text.
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{12,}={0,2}(?![A-Za-z0-9+/=_-])/g;

function decodeBase64(run: string): string | undefined {
  const body = run.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (body.length % 4 === 1) return undefined;
  // A run of plain letters is far more often a long word or a hash than base64.
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body)) return undefined;
  return decodeBytes(Buffer.from(body, 'base64'));
}

// Hex runs (AIL decodes these too): an even number of hex digits, optionally spaced or \x-prefixed.
const HEX_RUN = /(?<![0-9a-z])(?:(?:\\x)?[0-9a-f]{2}[ :]?){8,}(?![0-9a-z])/gi;

function decodeHex(run: string): string | undefined {
  const digits = run.replace(/\\x|[ :]/gi, '');
  if (digits.length % 2 !== 0 || !/[a-f]/i.test(digits)) return undefined;
  const bytes = Buffer.from(digits, 'hex');
  return decodeBytes(bytes);
}

/** Mostly printable ASCII or valid UTF-8 text with some letters, or undefined. */
function decodeBytes(bytes: Uint8Array): string | undefined {
  if (bytes.length < 6) return undefined;
  let printable = 0;
  for (const b of bytes)
    if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x09 || b === 0x0d || b >= 0x80) printable++;
  if (printable < 0.9 * bytes.length) return undefined;
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /\p{L}{2}/u.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** Every decodable run, joined by newlines; each decoded unit maps to the whole run. */
function decodedRuns(
  text: string,
  runs: RegExp,
  decode: (run: string) => string | undefined,
): Mapped | undefined {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const m of text.matchAll(runs)) {
    const decoded = decode(m[0]);
    if (decoded === undefined) continue;
    const chunk = `${decoded}\n`;
    parts.push(chunk);
    for (let u = 0; u < chunk.length; u++) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
  }
  if (parts.length === 0) return undefined;
  return { text: parts.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/**
 * All readings of a page, the plain one first (matchers prefer hits there). rot13 and reversed
 * readings are derived from the folded page rather than folded again: folding is the costly step,
 * and neither transformation interacts with it (rot13 touches ASCII letters only; marks and
 * ignorables are gone before the order is reversed).
 */
export function buildViews(text: string): TextView[] {
  const plain = view('plain', text);
  const views: TextView[] = [plain];
  const entities = decodedEntities(text);
  if (entities) views.push(view('entities', entities));
  views.push({
    kind: 'rot13',
    full: { ...plain.full, text: rot13(plain.full.text) },
    light: { ...plain.light, text: rot13(plain.light.text) },
  });
  views.push({ kind: 'reversed', full: reversed(plain.full), light: reversed(plain.light) });
  const base64 = decodedRuns(text, BASE64_RUN, decodeBase64);
  if (base64) views.push(view('base64', base64));
  const hex = decodedRuns(text, HEX_RUN, decodeHex);
  if (hex) views.push(view('hex', hex));
  return views;
}
