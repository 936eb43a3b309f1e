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
import {
  MAX_EDITS,
  WORD,
  MARK,
  classOf,
  classBefore,
  ASCII_CLASSES,
  classAt,
} from '../../shared/matching/page.readings.js';

const PERCENT_RUN = /(?:%[0-9a-f]{2})+/gi;

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
