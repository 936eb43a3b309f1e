/**
 * Readings of a page for writings that hide an identifier from a plain search, each made only
 * where its trigger is on the page (a `%XX`, a backslash before punctuation, single letters
 * separated alike), and only around the places it changes (see rewritten.ts):
 *
 * - percent-decoded: `mailto:name%40example.com`, `https://x.example/%40handle`;
 * - markdown-unescaped: `salt\_marsh\_finch`, `\*`: a backslash before ASCII punctuation dropped;
 * - letters joined: `s|a|l|t`, `m / a / r / g`, `s🔸a🔸l🔸t`, or one letter per line: a run of at
 *   least four single letters (digits, a handle's `_`) separated by the same separator, dropped
 *   and a doubled separator (`a|b| |c|d`, a blank line) read as a space between words.
 */
import { isUtf8 } from 'node:buffer';
import { rewriteAround } from './rewritten.js';
import type { Edit, Mapped } from './rewritten.js';
import { TextUnits } from './text-units.js';

/** A run of percent-encoded bytes, tried where a "%" is. */
const PERCENT_RUN = /(?:%[0-9a-f]{2})+/iy;
/**
 * Edits read per page and reading, at most: a hostile page of nothing but escapes or spelled-out
 * letters stays bounded in memory (its first stretch is read, which is where a dox starts).
 */
export const MAX_EDITS = 100_000;

/** Percent-encoded bytes decoded (UTF-8; a run that is not is left as it is). */
export function percentDecoded(text: string): Mapped | undefined {
  const edits: Edit[] = [];
  // From one "%" to the next rather than a search with the expression, which reads a page with a
  // few "%" (and none before a hex pair) several times slower.
  for (let p = text.indexOf('%'); p !== -1 && edits.length < MAX_EDITS;) {
    PERCENT_RUN.lastIndex = p;
    const m = PERCENT_RUN.exec(text);
    if (!m) {
      p = text.indexOf('%', p + 1);
      continue;
    }
    const run = m[0];
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    if (isUtf8(bytes)) edits.push({ start: p, end: p + run.length, text: bytes.toString('utf8') });
    p = text.indexOf('%', p + run.length);
  }
  return rewriteAround(text, edits);
}

const MARKDOWN_ESCAPE = /\\([!-/:-@[-`{-~])/g;

/** Markdown's backslash escapes removed: `\_` is `_`, `\\` is `\`. */
export function markdownUnescaped(text: string): Mapped | undefined {
  if (text.indexOf('\\') === -1) return undefined;
  const edits: Edit[] = [];
  for (const m of text.matchAll(MARKDOWN_ESCAPE)) {
    edits.push({ start: m.index, end: m.index + m[0].length, text: m[1] as string });
    if (edits.length >= MAX_EDITS) break;
  }
  return rewriteAround(text, edits);
}

/**
 * Four single letters or digits with the same separator between them: up to four symbols (`|`,
 * `/`, `~`, `·`, an emoji with its variation selector), optionally with a space either side, one
 * space or tab, or a line break.
 */
const SEPARATED =
  /(?<![\p{L}\p{N}\p{M}_])[\p{L}\p{N}_](?<sep>[^\p{L}\p{N}_\s]{1,4}|[ \t][^\p{L}\p{N}_\s]{1,4}[ \t]|[ \t]|[ \t]*\r?\n[ \t]*)[\p{L}\p{N}_]\k<sep>[\p{L}\p{N}_]\k<sep>[\p{L}\p{N}_](?![\p{L}\p{N}\p{M}_])/gu;
/** The same on an all-ASCII page, where `\b\w` says it and runs twice as fast. */
const SEPARATED_ASCII =
  /\b\w(?<sep>[^\w\s]{1,4}|[ \t][^\w\s]{1,4}[ \t]|[ \t]|[ \t]*\r?\n[ \t]*)\w\k<sep>\w\k<sep>\w\b/g;
/** A unit of a spelled-out run: a letter, a digit, or the underscore of a handle. */
const ALNUM = /^[\p{L}\p{N}_]$/u;
const NOT_WORD = /^[^\p{L}\p{N}\p{M}_]$/u;
/** Whether the text between two letters of a run is only separators and whitespace. */
const GAP_CHARS = /^[^\p{L}\p{N}]*$/u;

/** The code point at `i` as a string, or '' at the end. */
function charAt(text: string, i: number): string {
  if (i >= text.length) return '';
  const cp = text.codePointAt(i) as number;
  return String.fromCodePoint(cp);
}

/** Whether a single letter or digit starts at `i` (a letter alone: no letter, digit or mark after it). */
function singleAt(text: string, i: number): number {
  const c = charAt(text, i);
  if (!ALNUM.test(c)) return 0;
  const next = charAt(text, i + c.length);
  return next === '' || NOT_WORD.test(next) ? c.length : 0;
}

/** Longest stretch between two words of a run, in separators (`a|b| |c`, a blank line). */
const MAX_GAP_SEPARATORS = 3;

/** A code point's part in a run: a letter, digit or `_` (WORD), or a combining mark (MARK). */
export const WORD = 1;
export const MARK = 2;
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

export function classOf(cp: number): number {
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
export function classBefore(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return classOf(text.codePointAt(i - 2) as number);
  }
  return classOf(low);
}

/** Classes of ASCII units, read without a call: letters, digits and `_` are words, no mark. */
export const ASCII_CLASSES = Uint8Array.from({ length: 0x80 }, (_, c) => classify(c));

/** The class of the code point at `i`. */
export function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 0x80 ? (ASCII_CLASSES[c] as number) : classOf(text.codePointAt(i) as number);
}

/**
 * The class of each BMP unit that is a code point of its own (KNOWN | WORD | MARK, see classOf), for
 * the scan of nextSingle: 0 for one not yet seen, and for surrogates, always (a surrogate is read
 * with its pair, or alone).
 */
const UNIT_CLASSES = new Uint8Array(0x10000);
UNIT_CLASSES.set(ASCII_CLASSES);

/** The class of BMP unit `c`, which is no surrogate, learnt if not yet seen. */
function unitClass(c: number): number {
  let known = UNIT_CLASSES[c] as number;
  if (known === 0) UNIT_CLASSES[c] = known = classOf(c);
  return known;
}

/**
 * Whether a one-letter word stands at `p`: a letter, digit or `_` with no letter, digit or mark
 * before it and no letter or digit after it, and something after it. Read by code point: `p` on the
 * low half of a pair is no letter.
 */
function singleStandsAt(text: string, p: number): boolean {
  if ((classAt(text, p) & WORD) === 0) return false;
  const end = p + (text.charCodeAt(p) >= 0xd800 && (text.codePointAt(p) as number) > 0xffff ? 2 : 1);
  if (end >= text.length || (classAt(text, end) & WORD) !== 0) return false;
  return p === 0 || (classBefore(text, p) & (WORD | MARK)) === 0;
}

const isSurrogate = (c: number): boolean => (c & 0xf800) === 0xd800;

/**
 * The first place from `from` on where a one-letter word stands (see singleStandsAt), or -1. Every
 * run SEPARATED finds starts at such a place, and in prose they are few: the expression is tried
 * only there instead of at every position of the page.
 *
 * Where each unit is a code point (all but surrogates), the test needs only the WORD and MARK bits
 * of the last three units read, kept two by two in `seen` (the oldest highest): a word unit, with
 * neither before it and no word after it, is one. A unit is read with no branch that prose makes
 * hard to predict (a word ends every few units). Around surrogates each place is tested whole.
 */
export function nextSingle(text: string, from: number): number {
  const n = text.length;
  if (from >= n) return -1;
  // Before `from` (a word or a mark there keeps `from` from being one; the start of the text not),
  // never found itself: a word there stands as word and mark at once, which no place is.
  let seen = from > 0 && (classBefore(text, from) & (WORD | MARK)) !== 0 ? MARK : 0;
  for (let i = from; i < n;) {
    const found = knownSingle(text, i, seen);
    if (found !== STOPPED) return found;
    // Stopped at a unit of no known class: a surrogate, or a unit seen for the first time.
    i = stoppedAt;
    const c = text.charCodeAt(i);
    if (isSurrogate(c)) {
      // The places whose test reads this stretch of surrogates: the one before it, each in it, and
      // the first after it; then back to bits from there on (tested already).
      let last = i + 1;
      while (last < n && isSurrogate(text.charCodeAt(last))) last++;
      for (let p = Math.max(from, i - 1); p <= last && p < n; p++) if (singleStandsAt(text, p)) return p;
      if (last >= n) return -1;
      const bits = unitClass(text.charCodeAt(last)) & (WORD | MARK);
      seen = bits === 0 ? 0 : bits | MARK;
      i = last + 1;
      continue;
    }
    // Learnt now, the unit is read again by the loop of known units.
    unitClass(c);
    seen = stoppedSeen;
  }
  return -1;
}

/** What knownSingle returns when it stops at a unit of no known class (left in `stoppedAt`). */
const STOPPED = -2;
/** Where knownSingle stopped, and its bits of the units before that one. */
let stoppedAt = 0;
let stoppedSeen = 0;

const singleUnits = new TextUnits();

/**
 * nextSingle's loop over units whose class is known: the place of a one-letter word, -1 at the end,
 * or STOPPED at a unit it must leave to nextSingle. Kept apart so that it compiles to the few
 * instructions it needs whatever the page: with the surrogate and learning paths in the same loop,
 * a scan of ASCII pages ran at a third of its speed once the process had read other pages.
 */
function knownSingle(text: string, from: number, seen: number): number {
  const n = text.length;
  const units = singleUnits.of(text);
  for (let i = from; i < n; i++) {
    const known = UNIT_CLASSES[units[i] as number] as number;
    if (known === 0) {
      stoppedAt = i;
      stoppedSeen = seen;
      return STOPPED;
    }
    seen = ((seen << 2) | (known & (WORD | MARK))) & 0b111111;
    // Before: neither; the middle one: a word; after: no word (a mark may follow).
    if ((seen & 0b111101) === WORD << 2) return i - 1;
  }
  return -1;
}

const SEPARATED_HERE = new RegExp(SEPARATED.source, 'uy');

/** Units of the code point at `i`. */
function widthAt(text: string, i: number): number {
  return text.charCodeAt(i) >= 0xd800 && (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
}

/**
 * Whether a run SEPARATED finds may start at the one-letter word at `p`: the separator after it
 * holds no letter or digit, so the next one ends it, and the separator starts again right after
 * that one. In prose the next word is longer (`a word`), and this reads a few units where the
 * expression would be run.
 */
function mayStartRun(text: string, p: number): boolean {
  const separator = p + widthAt(text, p);
  let next = separator;
  while (next < text.length && (classAt(text, next) & WORD) === 0) next++;
  if (next >= text.length) return false;
  return text.charCodeAt(next + widthAt(text, next)) === text.charCodeAt(separator);
}

/**
 * `ascii`: whether the text is known to be all ASCII. `anchored`: SEPARATED is tried only where a
 * one-letter word stands (see nextSingle); without it, as a search over every position (the path
 * the anchored one replaced, kept for the test that pins one to the other).
 */
export function lettersJoined(text: string, ascii = false, anchored = true): Mapped | undefined {
  const edits: Edit[] = [];
  const runs = ascii ? SEPARATED_ASCII : SEPARATED;
  const nextRun = (from: number): RegExpExecArray | null => {
    if (!anchored) {
      runs.lastIndex = from;
      return runs.exec(text);
    }
    for (let p = nextSingle(text, from); p >= 0; p = nextSingle(text, p + 1)) {
      if (!mayStartRun(text, p)) continue;
      SEPARATED_HERE.lastIndex = p;
      const m = SEPARATED_HERE.exec(text);
      if (m) return m;
    }
    return null;
  };
  let from = 0;
  let m: RegExpExecArray | null;
  while (edits.length < MAX_EDITS && (m = nextRun(from)) !== null) {
    const sep = m.groups?.sep as string;
    const whitespace = sep.trim() === '';
    let at = m.index + charAt(text, m.index).length;
    // Walk the run letter by letter: each separator dropped, a wider gap read as a space.
    while (edits.length < MAX_EDITS) {
      if (text.startsWith(sep, at)) {
        const letter = singleAt(text, at + sep.length);
        if (letter > 0) {
          edits.push({ start: at, end: at + sep.length, text: '' });
          at += sep.length + letter;
          continue;
        }
      }
      // A gap between words: the separator at least twice (or once with extra space), nothing else.
      let end = at;
      let seen = 0;
      while (seen < MAX_GAP_SEPARATORS + 1 && text.startsWith(sep, end)) {
        end += sep.length;
        seen++;
        while (
          end < text.length &&
          !text.startsWith(sep, end) &&
          (text.charAt(end) === ' ' || text.charAt(end) === '\t')
        )
          end++;
        if (whitespace && text.startsWith('\n', end)) {
          end++;
          seen++;
        }
      }
      const letter = end > at ? singleAt(text, end) : 0;
      const gap = text.slice(at, end);
      if (
        letter > 0 &&
        seen >= 1 &&
        seen <= MAX_GAP_SEPARATORS &&
        gap.length > sep.length &&
        GAP_CHARS.test(gap) &&
        singleAt(text, end + letter) === 0 &&
        text.startsWith(sep, end + letter)
      ) {
        edits.push({ start: at, end, text: ' ' });
        at = end + letter;
        continue;
      }
      break;
    }
    from = Math.max(at, m.index + 1);
  }
  return rewriteAround(text, edits);
}
