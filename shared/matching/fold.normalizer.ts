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

/*
 * What `foldCodePoint` gives each UTF-16 unit, per level, learnt on first sight: a page is folded
 * by one table read per unit instead of a Map lookup per code point, so a page with a few accents or
 * look-alikes keeps near the speed of an ASCII one. A value of UNIT or more is the one unit the
 * character folds to (plus UNIT); surrogates and characters folding to several units take the slow
 * way through `foldCodePoint`.
 */
const UNSEEN = 0;
const SLOW = 1;
const DROPPED = 2;
const UNIT = 3;

/** Non-ASCII units only: the pass lowercases ASCII itself. */
const LIGHT_UNITS = new Uint32Array(0x10000);
const FULL_UNITS = new Uint32Array(0x10000);

function learn(table: Uint32Array, unit: number, level: FoldLevel): number {
  let value = SLOW;
  if (unit < 0xd800 || unit > 0xdfff) {
    const folded = foldCodePoint(unit, level);
    if (folded.length === 0) value = DROPPED;
    else if (folded.length === 1) value = folded.charCodeAt(0) + UNIT;
  }
  table[unit] = value;
  return value;
}

/** Folded units written by a pass, kept between pages (the texts are copied out as strings). */
let lightScratch = new Uint16Array(1 << 12);
let fullScratch = new Uint16Array(1 << 12);
let byteScratch = new Uint8Array(1 << 12);
/** Pages longer than this get scratch of their own, so one huge page does not pin it. */
const KEPT_UNITS = 1 << 20;

type Spans = ReturnType<typeof identityMap>;

/** The identity map of `n` units, shared up to KEPT_UNITS (a longer page's is its own, and goes with it). */
function unitSpans(n: number): Spans {
  if (n < KEPT_UNITS) return identityMap(n);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) offsets[i] = i;
  return { starts: offsets.subarray(0, n), ends: offsets.subarray(1) };
}

/**
 * The string of `size` units of `units`: Latin-1 when every unit fits a byte (one byte a unit), else
 * UTF-16 through Buffer, which keeps lone surrogates as they are (a TextDecoder would replace them)
 * and is several times faster than a TextDecoder.
 */
function decodeUnits(units: Uint16Array, size: number, wide: boolean): string {
  if (wide) return Buffer.from(units.buffer, units.byteOffset, 2 * size).toString('ucs2');
  if (size > KEPT_UNITS) return Buffer.from(units.subarray(0, size)).toString('latin1');
  if (byteScratch.length < size) byteScratch = new Uint8Array(Math.max(size, byteScratch.length * 2));
  const bytes = byteScratch;
  bytes.set(units.subarray(0, size));
  return Buffer.from(bytes.buffer, bytes.byteOffset, size).toString('latin1');
}

/** The buffers a pass writes into. */
interface PassBuffers {
  light: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
}

/** Larger buffers for `needed` units, holding the first `size` units of `from`. */
function grown(from: PassBuffers, size: number, needed: number): PassBuffers {
  const capacity = Math.max(from.starts.length * 2, needed);
  const to: PassBuffers = {
    light: new Uint16Array(capacity),
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
  };
  to.light.set(from.light.subarray(0, size));
  to.starts.set(from.starts.subarray(0, size));
  to.ends.set(from.ends.subarray(0, size));
  return to;
}

/**
 * The offset maps of the last page folded by foldPage. A page's maps are most of what folding it
 * allocates (8 bytes a unit, more than the page and its folds together), and fresh arrays that size
 * per page cost about as much as the whole fold: one page's maps are written over by the next's.
 */
let pageStarts = new Int32Array(0);
let pageEnds = new Int32Array(0);

/** What one pass gives: both folds sharing one offset map, or `undefined` when their shapes differ. */
interface Pass {
  light: string;
  full: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** ASCII lowercased: all that either level does to ASCII (see foldPass). */
const LOWER = Uint8Array.from({ length: 0x80 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));

/**
 * The full fold written out: the light one with the units where the levels differ (a look-alike,
 * at `patches[2k]`, is `patches[2k + 1]` at the full level) put in.
 */
function patched(light: Uint16Array, size: number, patches: number[]): Uint16Array {
  if (size <= KEPT_UNITS && fullScratch.length < size)
    fullScratch = new Uint16Array(Math.min(KEPT_UNITS, Math.max(size, fullScratch.length * 2)));
  const full = size > KEPT_UNITS ? new Uint16Array(size) : fullScratch;
  full.set(light.subarray(0, size));
  for (let k = 0; k < patches.length; k += 2) full[patches[k] as number] = patches[k + 1] as number;
  return full;
}

/**
 * Copies the map entries of input units `[from, to)` to `at` units further on: `set` where the
 * stretch is long enough to pay for the views it makes.
 */
function copyMap(
  starts: Int32Array,
  ends: Int32Array,
  fromStarts: Int32Array,
  fromEnds: Int32Array,
  from: number,
  to: number,
  at: number,
): void {
  if (to - from < 64) {
    for (let k = from; k < to; k++) {
      starts[k + at] = fromStarts[k] as number;
      ends[k + at] = fromEnds[k] as number;
    }
    return;
  }
  starts.set(fromStarts.subarray(from, to), from + at);
  ends.set(fromEnds.subarray(from, to), from + at);
}

/**
 * Writes the units of `input` from `from` on, lowercased, into `out` from `at` on, as long as they
 * are ASCII; returns where they stop (a non-ASCII unit or the end). The loop most of a page goes
 * through, kept apart from the pass so that it compiles to the few instructions it needs.
 */
function lowerAscii(input: string, from: number, out: Uint16Array, at: number): number {
  const n = input.length;
  const shift = at - from;
  let i = from;
  for (; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x80) break;
    out[i + shift] = LOWER[c] as number;
  }
  return i;
}

/**
 * Folds `input` through two level tables at once (the same table twice for one level). Both folds
 * share the offset map as long as every character folds to as many units at both levels, which is
 * nearly always (a look-alike is one letter for one); otherwise undefined, and each level takes a
 * pass of its own. Only the light fold is written unit by unit: the levels differ at few units (the
 * look-alikes), which are noted and put into a copy of it.
 */
function foldPass(
  input: string,
  lightTable: Uint32Array,
  fullTable: Uint32Array,
  sourceStarts: Int32Array | undefined,
  sourceEnds: Int32Array | undefined,
  /** Write the map into the page buffers (see foldPage) instead of arrays of its own. */
  intoPageMaps = false,
): Pass | undefined {
  const n = input.length;
  let capacity = n + 16;
  if (intoPageMaps && capacity <= KEPT_UNITS && pageStarts.length < capacity) {
    const grown = Math.min(KEPT_UNITS, Math.max(capacity, pageStarts.length * 2));
    pageStarts = new Int32Array(grown);
    pageEnds = new Int32Array(grown);
  }
  const reuse = intoPageMaps && capacity <= pageStarts.length;
  let starts: Int32Array = reuse ? pageStarts : new Int32Array(capacity);
  let ends: Int32Array = reuse ? pageEnds : new Int32Array(capacity);
  if (capacity <= KEPT_UNITS && lightScratch.length < capacity)
    lightScratch = new Uint16Array(Math.min(KEPT_UNITS, Math.max(capacity, lightScratch.length * 2)));
  let light: Uint16Array = capacity > KEPT_UNITS ? new Uint16Array(capacity) : lightScratch;
  // The span of each input unit: its source's, or the unit itself. The map of a stretch folding
  // unit for unit is then copied whole whether the input has a source or not.
  const own = sourceStarts && sourceEnds ? undefined : unitSpans(n);
  const fromStarts = sourceStarts ?? (own as Spans).starts;
  const fromEnds = sourceEnds ?? (own as Spans).ends;
  // No closure over these: a captured variable lives in a context object, out of the registers.
  let size = 0;
  // OR of all non-ASCII units written (a unit past 0xff makes a two-byte string).
  let wideLight = 0;
  let wideFull = 0;
  // Where the full fold differs from the light one, and its unit there.
  const patches: number[] = [];
  // Units fold one for one from `segment` on (at `size - i` from where they came), their map
  // entries not yet written: the map of such a stretch is copied whole when it ends (at a dropped
  // unit, a character of several units, or the end), most of a page at a few copies.
  let segment = 0;
  // Invariant at the top of the loop: the rest of the input fits if it folds unit for unit.
  for (let i = 0; i < n; i++) {
    // ASCII, most of any page, is only lowercased at both levels: the UTS #39 table would turn 0
    // into o and 1 into l, which belongs to leetspeak (applied to patterns, where it cannot blur a
    // phone number).
    const stop = lowerAscii(input, i, light, size);
    size += stop - i;
    i = stop;
    if (i === n) break;
    const c = input.charCodeAt(i);
    let l = lightTable[c] as number;
    let f = fullTable[c] as number;
    if (l === UNSEEN) l = learn(lightTable, c, levelOf(lightTable));
    if (f === UNSEEN) f = learn(fullTable, c, levelOf(fullTable));
    if (l >= UNIT && f >= UNIT) {
      light[size++] = l - UNIT;
      wideLight |= l - UNIT;
      wideFull |= f - UNIT;
      if (f !== l) patches.push(size - 1, f - UNIT);
      continue;
    }
    copyMap(starts, ends, fromStarts, fromEnds, segment, i, size - i);
    if (l === DROPPED && f === DROPPED) {
      segment = i + 1;
      continue;
    }
    // A surrogate pair, a lone surrogate, or a character folding to several units (or to none at
    // one level only): through the code point.
    const cp = input.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const lightFold = foldCodePoint(cp, levelOf(lightTable));
    const fullFold = foldCodePoint(cp, levelOf(fullTable));
    if (lightFold.length !== fullFold.length) return undefined;
    const start = fromStarts[i] as number;
    const end = fromEnds[i + width - 1] as number;
    const needed = size + lightFold.length + (n - i - width);
    if (needed > capacity) {
      ({ light, starts, ends } = grown({ light, starts, ends }, size, needed));
      capacity = starts.length;
    }
    for (let k = 0; k < lightFold.length; k++) {
      const lu = lightFold.charCodeAt(k);
      const fu = fullFold.charCodeAt(k);
      light[size] = lu;
      wideLight |= lu;
      wideFull |= fu;
      if (fu !== lu) patches.push(size, fu);
      starts[size] = start;
      ends[size] = end;
      size++;
    }
    i += width - 1;
    segment = i + 1;
  }
  copyMap(starts, ends, fromStarts, fromEnds, segment, n, size - n);
  const lightText = decodeUnits(light, size, wideLight > 0xff);
  return {
    light: lightText,
    full:
      patches.length === 0 ? lightText : decodeUnits(patched(light, size, patches), size, wideFull > 0xff),
    starts: starts.subarray(0, size),
    ends: ends.subarray(0, size),
  };
}

function levelOf(table: Uint32Array): FoldLevel {
  return table === FULL_UNITS ? 'full' : 'light';
}

function tableOf(level: FoldLevel): Uint32Array {
  return level === 'full' ? FULL_UNITS : LIGHT_UNITS;
}

/**
 * Folds `input`. `sourceStarts`/`sourceEnds`, when given, map each unit of `input` to a span of some
 * earlier text (a decoded view of the page), and the result maps through them.
 */
export function foldText(
  input: string,
  level: FoldLevel = 'full',
  sourceStarts?: Int32Array,
  sourceEnds?: Int32Array,
  /** Whether `input` is all ASCII, when the caller already knows. */
  ascii?: boolean,
): FoldedText {
  if (!sourceStarts && (ascii ?? !NON_ASCII.test(input)))
    return { text: input.toLowerCase(), ...identityMap(input.length), ascii: true };
  const table = tableOf(level);
  // One table twice: both folds have the same shape, so the pass always completes.
  const pass = foldPass(input, table, table, sourceStarts, sourceEnds) as Pass;
  return { text: pass.light, starts: pass.starts, ends: pass.ends };
}

/**
 * Both folds of a text, in one pass. They differ only where a non-ASCII character has a confusable
 * prototype, so on most pages one fold serves as both; where they differ, they still share one map.
 */
export function foldBoth(
  input: string,
  sourceStarts?: Int32Array,
  sourceEnds?: Int32Array,
): { full: FoldedText; light: FoldedText } {
  return bothFolds(input, sourceStarts, sourceEnds, false);
}

/**
 * Both folds of a page (as foldBoth), their offset maps views of buffers that the next foldPage
 * call writes over: for the plain reading of the page being matched, read before the next page is.
 */
export function foldPage(input: string): { full: FoldedText; light: FoldedText } {
  return bothFolds(input, undefined, undefined, true);
}

function bothFolds(
  input: string,
  sourceStarts: Int32Array | undefined,
  sourceEnds: Int32Array | undefined,
  intoPageMaps: boolean,
): { full: FoldedText; light: FoldedText } {
  if (!sourceStarts && !NON_ASCII.test(input)) {
    const both = foldText(input, 'light', undefined, undefined, true);
    return { full: both, light: both };
  }
  const pass = foldPass(input, LIGHT_UNITS, FULL_UNITS, sourceStarts, sourceEnds, intoPageMaps);
  if (!pass)
    return {
      full: foldText(input, 'full', sourceStarts, sourceEnds),
      light: foldText(input, 'light', sourceStarts, sourceEnds),
    };
  const light: FoldedText = { text: pass.light, starts: pass.starts, ends: pass.ends };
  if (pass.full === pass.light) return { full: light, light };
  return { full: { text: pass.full, starts: pass.starts, ends: pass.ends }, light };
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

/**
 * The blocks where the non-ASCII characters of most pages are (Latin-1 and Latin Extended,
 * combining marks, Greek, Cyrillic, general punctuation and zero-width characters, full-width
 * forms), learnt into the tables once at load: besides sparing the first pages the learning, this
 * runs every branch of the pass once, so the optimizing compiler knows them all before the first
 * long page and does not throw its code away on reaching one of them.
 */
const COMMON_BLOCKS: ReadonlyArray<readonly [number, number]> = [
  [0x80, 0x24f],
  [0x300, 0x36f],
  [0x370, 0x52f],
  [0x2000, 0x206f],
  [0xff00, 0xffef],
];
foldBoth(
  COMMON_BLOCKS.map(([first, last]) =>
    String.fromCharCode(...Array.from({ length: last - first + 1 }, (_, k) => first + k)),
  ).join('') + '\ud83d\ude00\ud800',
);
// That text stops the pass early (æ is two units at one level only), so the rest of the pass runs on
// a text taking each of its ways to the end: ASCII, a look-alike (the levels differ), an accent, a
// zero-width character, ß (two units), a surrogate pair, a lone surrogate. Without this the first
// page to reach the end meets code compiled blind to it, and is thrown back to the interpreter.
foldPage('Ab1 \u0430\u00e9\u200b\u00df\ud83d\ude00\ud800 z');
foldBoth('Ab1 \u0430\u00e9\u200b\u00df\ud83d\ude00\ud800 z', new Int32Array(16), new Int32Array(16));
