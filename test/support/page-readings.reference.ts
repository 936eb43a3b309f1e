/**
 * Passes of the page's readings as they were before they were made faster, kept as the references
 * the new ones are compared with (fused-passes.test.ts): the search for one-letter words of
 * page.readings.ts before it read ASCII as bits (a walk by code point, passing over longer words
 * whole), and the searches for percent-encoding and HTML entities over the whole page.
 */
import { isUtf8 } from 'node:buffer';
import { decodeHTML } from 'entities';
import { rewriteAround } from '../../shared/matching/rewritten.js';
import type { Edit, Mapped } from '../../shared/matching/rewritten.js';

const PERCENT_RUN = /(?:%[0-9a-f]{2})+/gi;
const MAX_EDITS = 100_000;

export function percentDecodedReference(text: string): Mapped | undefined {
  if (text.indexOf('%') === -1) return undefined;
  const edits: Edit[] = [];
  for (const m of text.matchAll(PERCENT_RUN)) {
    const bytes = Buffer.from(m[0].replace(/%/g, ''), 'hex');
    if (!isUtf8(bytes)) continue;
    edits.push({ start: m.index, end: m.index + m[0].length, text: bytes.toString('utf8') });
    if (edits.length >= MAX_EDITS) break;
  }
  return rewriteAround(text, edits);
}

const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;

/** Entities left in a text page (`&#64;`, `&#x74;`): each decoded character maps to its entity. */
export function decodedEntitiesReference(text: string): Mapped | undefined {
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

/** A code point's part in a run: a letter, digit or `_` (WORD), or a combining mark (MARK). */
const WORD = 1;
const MARK = 2;
const KNOWN = 4;
const WORD_CP = /^[\p{L}\p{N}_]$/u;
const MARK_CP = /^\p{M}$/u;
/** Classes of BMP code points, learnt on first sight (0: not yet seen); astral ones in a map. */
const BMP_CLASSES = new Uint8Array(0x10000);
const ASTRAL_CLASSES = new Map<number, number>();

function classify(cp: number): number {
  const char = String.fromCodePoint(cp);
  return KNOWN | (WORD_CP.test(char) ? WORD : 0) | (MARK_CP.test(char) ? MARK : 0);
}

function classOf(cp: number): number {
  if (cp < 0x10000) {
    let known = BMP_CLASSES[cp] as number;
    if (known === 0) BMP_CLASSES[cp] = known = classify(cp);
    return known;
  }
  let known = ASTRAL_CLASSES.get(cp);
  if (known === undefined) ASTRAL_CLASSES.set(cp, (known = classify(cp)));
  return known;
}

/** The class of the code point that ends just before `i`. */
function classBefore(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return classOf(text.codePointAt(i - 2) as number);
  }
  return classOf(low);
}

/** Classes of ASCII units, read without a call: letters, digits and `_` are words, no mark. */
const ASCII_CLASSES = Uint8Array.from({ length: 0x80 }, (_, c) => classify(c));

/** The class of the code point at `i`. */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 0x80 ? (ASCII_CLASSES[c] as number) : classOf(text.codePointAt(i) as number);
}

/**
 * The first place from `from` on where a one-letter word stands (a letter, digit or `_` with no
 * letter, digit or mark before it and no letter or digit after it, and something after it), or -1.
 */
export function nextSingleReference(text: string, from: number): number {
  const n = text.length;
  let p = from;
  while (p < n) {
    if ((classAt(text, p) & WORD) === 0) {
      p++;
      continue;
    }
    let end = p + (text.charCodeAt(p) >= 0xd800 && text.codePointAt(p)! > 0xffff ? 2 : 1);
    if (end >= n) return -1;
    if (classAt(text, end) & WORD) {
      // No place inside a word is one: go past it.
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c < 0x80) {
          if (((ASCII_CLASSES[c] as number) & WORD) === 0) break;
          end++;
        } else {
          const cp = text.codePointAt(end) as number;
          if ((classOf(cp) & WORD) === 0) break;
          end += cp > 0xffff ? 2 : 1;
        }
      }
      p = end;
      continue;
    }
    if (p === 0 || (classBefore(text, p) & (WORD | MARK)) === 0) return p;
    p = end;
  }
  return -1;
}
