/**
 * Text folding with an offset map back to the original.
 *
 * Every matcher searches a folded copy of the page (compatibility forms, zero-width characters,
 * case, diacritics and confusable look-alikes all collapsed), but evidence and snippets must show
 * the page as it was. So each folded UTF-16 unit remembers the span of the original it came from.
 */
import confusables from 'unhomoglyph/data.json' with { type: 'json' };
import { LETTER_FORM_RANGES } from './letter-forms.data.js';

const PROTOTYPES: Record<string, string> = confusables;

/**
 * Letter forms used as a font trick like the mathematical letters (🅢🅐🅛🅣, 🇸🇦🇱🇹, ɴɪɢʜᴛ, ⒮⒜⒧⒯)
 * that NFKC leaves alone or wraps in parentheses, and that are no look-alikes in the confusables
 * table: the letter each stands for, by code point (see letter-forms.data.ts).
 */
const LETTER_FORMS = new Map<number, string>(
  LETTER_FORM_RANGES.flatMap(([first, letters]) =>
    [...letters].map((l, i): [number, string] => [first + i, l]),
  ),
);

/** A folded text and, for each of its UTF-16 units, the original span `[starts[i], ends[i])`. */
export interface FoldedText {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  /** Set when the text is known to be all ASCII (the fold of an ASCII page), so nobody asks again. */
  ascii?: boolean;
}

/** How far to fold: `light` stops before confusable skeletons (used to tell methods apart). */
export type FoldLevel = 'light' | 'full';

const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const MARK = /\p{M}/gu;

// Most pages are mostly ASCII; folding a code point is costly (normalize() per character), so the
// result for each code point is cached. The cache is bounded by the number of distinct characters.
const fullCache = new Map<number, string>();
const lightCache = new Map<number, string>();

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Folds one code point; the result may be empty (ignorable) or longer than one unit (ß -> ss). */
export function foldCodePoint(cp: number, level: FoldLevel): string {
  const cache = level === 'full' ? fullCache : lightCache;
  const cached = cache.get(cp);
  if (cached !== undefined) return cached;
  const char = String.fromCodePoint(cp);
  let out: string;
  const letter = LETTER_FORMS.get(cp);
  if (letter !== undefined) {
    cache.set(cp, letter);
    return letter;
  }
  // A capital look-alike is the Latin capital it imitates (Cyrillic М is M, Greek Ν is N): its
  // prototype is taken before case folding, since its lowercase form often imitates nothing Latin
  // (м, ν) or something else (ν looks like v).
  const capital = level === 'full' ? PROTOTYPES[char.normalize('NFKC')] : undefined;
  if (IGNORABLE.test(char)) out = '';
  else if (capital !== undefined && /^[A-Z]$/.test(capital)) out = capital.toLowerCase();
  else {
    out = char.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss');
    out = out.normalize('NFD').replace(MARK, '');
    // A compatibility form of an ASCII character (full-width ｍ) is that character: skeleton
    // prototypes apply only to what is still non-ASCII, as they do nothing to ASCII on the other side.
    if (level === 'full' && !isAscii(out)) {
      // UTS #39 skeleton: map each code point to its prototype, then decompose again. Marks are
      // dropped once more because some prototypes carry an overlay (ø -> o + U+0338).
      let skeleton = '';
      for (const c of out) skeleton += LETTER_FORMS.get(c.codePointAt(0) as number) ?? PROTOTYPES[c] ?? c;
      out = skeleton.toLowerCase().normalize('NFD').replace(MARK, '');
    }
  }
  cache.set(cp, out);
  return out;
}

/**
 * Folds `input`. `sourceStarts`/`sourceEnds`, when given, map each unit of `input` to a span of some
 * earlier text (a decoded view of the page), and the result maps through them.
 */
// Offsets 0, 1, 2, ... shared by every ASCII page: such a page folds one unit to one unit, so its
// maps are the identity and need not be filled (or allocated) per page. Never written to.
let identity = new Int32Array(0);

function identityMap(n: number): { starts: Int32Array; ends: Int32Array } {
  if (identity.length < n + 1) {
    identity = new Int32Array(Math.max(n + 1, identity.length * 2, 1 << 16));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return { starts: identity.subarray(0, n), ends: identity.subarray(1, n + 1) };
}

const NON_ASCII = /[^\0-\x7f]/;

export function foldText(
  input: string,
  level: FoldLevel = 'full',
  sourceStarts?: Int32Array,
  sourceEnds?: Int32Array,
  /** Whether `input` is all ASCII, when the caller already knows. */
  ascii?: boolean,
): FoldedText {
  const n = input.length;
  if (!sourceStarts && (ascii ?? !NON_ASCII.test(input)))
    return { text: input.toLowerCase(), ...identityMap(n), ascii: true };
  let starts = new Int32Array(n + 16);
  let ends = new Int32Array(n + 16);
  let size = 0;
  const reserve = (more: number): void => {
    if (size + more <= starts.length) return;
    const grown = Math.max(starts.length * 2, size + more);
    const s = new Int32Array(grown);
    const e = new Int32Array(grown);
    s.set(starts);
    e.set(ends);
    starts = s;
    ends = e;
  };
  const parts: string[] = [];
  let i = 0;
  while (i < n) {
    // Pages are mostly ASCII: a whole run is lowercased at once and mapped one to one. ASCII is only
    // lowercased at both levels: the UTS #39 table would turn 0 into o and 1 into l, which belongs
    // to leetspeak (applied to patterns, where it cannot blur a phone number).
    let j = i;
    while (j < n && input.charCodeAt(j) < 0x80) j++;
    if (j > i) {
      parts.push(input.slice(i, j).toLowerCase());
      reserve(j - i);
      for (let k = i; k < j; k++) {
        starts[size] = sourceStarts ? (sourceStarts[k] as number) : k;
        ends[size] = sourceEnds ? (sourceEnds[k] as number) : k + 1;
        size++;
      }
      i = j;
      continue;
    }
    const cp = input.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp, level);
    const start = sourceStarts ? (sourceStarts[i] as number) : i;
    const end = sourceEnds ? (sourceEnds[i + width - 1] as number) : i + width;
    reserve(folded.length);
    for (let k = 0; k < folded.length; k++) {
      starts[size] = start;
      ends[size] = end;
      size++;
    }
    if (folded.length > 0) parts.push(folded);
    i += width;
  }
  return { text: parts.join(''), starts: starts.subarray(0, size), ends: ends.subarray(0, size) };
}

/**
 * Both folds of a text. They differ only where a non-ASCII character has a confusable prototype,
 * so on most pages (ASCII, or accents and punctuation only) one fold serves as both.
 */
export function foldBoth(
  input: string,
  sourceStarts?: Int32Array,
  sourceEnds?: Int32Array,
): { full: FoldedText; light: FoldedText } {
  const ascii = !NON_ASCII.test(input);
  const light = foldText(input, 'light', sourceStarts, sourceEnds, ascii);
  if (ascii) return { full: light, light };
  let differs = false;
  for (const char of new Set(input.match(/[^\0-\x7f]/gu))) {
    const cp = char.codePointAt(0) as number;
    if (foldCodePoint(cp, 'full') !== foldCodePoint(cp, 'light')) {
      differs = true;
      break;
    }
  }
  return { full: differs ? foldText(input, 'full', sourceStarts, sourceEnds) : light, light };
}

/** The folded form of an identifier value or pattern fragment (no map needed). */
export function foldValue(value: string, level: FoldLevel = 'full'): string {
  return foldText(value, level).text;
}

/** The original span covered by folded units `[from, to)`. */
export function originalSpan(folded: FoldedText, from: number, to: number): [number, number] {
  const last = Math.max(from, to - 1);
  return [folded.starts[from] ?? 0, folded.ends[last] ?? 0];
}
