/**
 * The readings of one page that matchers search: the page itself, and the page as an obfuscator
 * would have us read it (rot13, reversed, decoded base64 and hex runs, HTML entities left in plain
 * text, percent-encoding decoded, markdown escapes removed, separated letters joined), and what a
 * decoding reveals read once more (base64 of rot13, hex of base64, percent-encoding in base64).
 * Each reading is folded twice (full: with confusable skeletons, for words; light: digits kept, for
 * numbers and dates) and both folds map back to offsets in the original page.
 */
import { isUtf8 } from 'node:buffer';
import { decodeHTML } from 'entities';
import { foldBoth, foldPage } from './fold.normalizer.js';
import type { FoldedText } from './fold.normalizer.js';
import { MONTH_NAME_LIST, longestWordEndingAt, numberStarts, reverseTrie } from './date.parser.js';
import { forgetPageMemos } from './page-memo.js';
import { lettersJoined, markdownUnescaped, percentDecoded } from './page.readings.js';
import { compose } from './rewritten.js';
import type { Mapped } from './rewritten.js';
import { TextUnits } from './text-units.js';

export type ViewKind =
  | 'plain'
  | 'entities'
  | 'rot13'
  | 'reversed'
  | 'base64'
  | 'hex'
  | 'percent-encoded'
  | 'markdown-escaped'
  | 'letters-separated'
  | 'double-encoded';

export interface TextView {
  kind: ViewKind;
  full: FoldedText;
  light: FoldedText;
}

function view(kind: ViewKind, mapped: Mapped | string): TextView {
  if (typeof mapped === 'string') return { kind, ...foldBoth(mapped) };
  return { kind, ...foldBoth(mapped.text, mapped.starts, mapped.ends) };
}

/** One decoder for every rotated or reversed window: making one per call cost as much as the window. */
const utf16 = new TextDecoder('utf-16le');

/** rot13 keeps every offset: a letter for a letter. */
export function rot13(text: string): string {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) codes[i] = ((c - 65 + 13) % 26) + 65;
    else if (c >= 97 && c <= 122) codes[i] = ((c - 97 + 13) % 26) + 97;
    else codes[i] = c;
  }
  return utf16.decode(codes);
}

/** A folded text read backwards, code point by code point, keeping each unit's original span. */
export function reversed(folded: FoldedText): FoldedText {
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
  return { text: utf16.decode(codes), starts, ends };
}

const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;

/** Entities left in a text page (`&#64;`, `&#x74;`): each decoded character maps to its entity. */
export function decodedEntities(text: string): Mapped | undefined {
  // Most pages have no "&" at all, and finding that out is far quicker than running ENTITY.
  const amp = text.indexOf('&');
  if (amp === -1) return undefined;
  ENTITY.lastIndex = amp;
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
const MIN_BASE64_RUN = 12;

function decodeBase64(run: string): string | undefined {
  const body = run.endsWith('=') ? run.replace(/=+$/, '') : run;
  if (body.length % 4 === 1) return undefined;
  // A run of plain letters is far more often a long word or a hash than base64.
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body)) return undefined;
  // Node's base64 decoder also reads the URL-safe alphabet (- and _).
  return decodeBytes(Buffer.from(body, 'base64'));
}

// Hex runs (AIL decodes these too): an even number of hex digits, optionally spaced or \x-prefixed.
const HEX_RUN = /(?<![0-9a-z])(?:(?:\\x)?[0-9a-f]{2}[ :]?){8,}(?![0-9a-z])/gi;
const MIN_HEX_DIGITS = 16;

const BASE64_CHAR = 1;
const PAD = 2;
const HEX_DIGIT = 4;
/** Characters a hex run may hold besides its digits (separators and the \x prefix). */
const HEX_OTHER = 8;
const CLASSES = new Uint8Array(128);
const mark = (chars: string, flag: number): void => {
  for (const c of chars) CLASSES[c.charCodeAt(0)] = (CLASSES[c.charCodeAt(0)] as number) | flag;
};
mark('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-', BASE64_CHAR);
mark('0123456789abcdefABCDEF', HEX_DIGIT);
mark(' :\\xX', HEX_OTHER);
CLASSES['='.charCodeAt(0)] = PAD;

interface Run {
  index: number;
  run: string;
}

const runUnits = new TextUnits();

/**
 * Calls `onRun(start, end)` for every maximal run of at least `min` units of class `member`. Units
 * are read backwards from `min - 1` past the first place a run may start: a non-member there rules
 * out every start up to it, and the next probe is `min - 1` past it (in prose, a probe lands in a
 * word and reads back to the space before it, so most units of a page are never read); `min`
 * members in a row are a run, measured forwards.
 */
function runsOf(
  text: string,
  member: number,
  min: number,
  onRun: (start: number, end: number) => void,
): void {
  const n = text.length;
  const units = runUnits.of(text);
  // No run of `min` members starts before `i`: it is 0 or just past a non-member.
  let i = 0;
  while (i + min <= n) {
    let j = i + min - 1;
    for (; j >= i; j--) {
      const c = units[j] as number;
      if (c >= 128 || ((CLASSES[c] as number) & member) === 0) break;
    }
    if (j >= i) {
      i = j + 1;
      continue;
    }
    let end = i + min;
    for (; end < n; end++) {
      const c = units[end] as number;
      if (c >= 128 || ((CLASSES[c] as number) & member) === 0) break;
    }
    onRun(i, end);
    i = end + 1;
  }
}

/**
 * Base64 runs (maximal runs of the alphabet, at least 12 long, at most two "=" after) and stretches
 * of hex-run characters holding at least 16 hex digits, where HEX_RUN then runs; both by probing
 * (see runsOf) rather than reading every unit or trying a regex at every position.
 */
export function encodedRuns(text: string): { base64: Run[]; hex: Run[] } {
  const base64: Run[] = [];
  const n = text.length;
  runsOf(text, BASE64_CHAR, MIN_BASE64_RUN, (start, runEnd) => {
    let end = runEnd;
    while (end < n && end - runEnd < 3 && text.charCodeAt(end) === 61) end++;
    const next = end < n ? text.charCodeAt(end) : 0;
    if (end - runEnd <= 2 && !(next < 128 && (CLASSES[next] as number) & (BASE64_CHAR | PAD)))
      base64.push({ index: start, run: text.slice(start, end) });
  });
  const hex: Run[] = [];
  runsOf(text, HEX_DIGIT | HEX_OTHER, MIN_HEX_DIGITS, (from, to) => {
    let digits = 0;
    for (let k = from; k < to; k++) if ((CLASSES[text.charCodeAt(k)] as number) & HEX_DIGIT) digits++;
    if (digits < MIN_HEX_DIGITS) return;
    // One character of real context each side: all the lookarounds of HEX_RUN need.
    const offset = Math.max(0, from - 1);
    for (const m of text.slice(offset, to + 1).matchAll(HEX_RUN))
      hex.push({ index: offset + m.index, run: m[0] });
  });
  return { base64, hex };
}

function decodeHex(run: string): string | undefined {
  const digits = run.replace(/\\x|[ :]/gi, '');
  if (digits.length % 2 !== 0 || !/[a-f]/i.test(digits)) return undefined;
  const bytes = Buffer.from(digits, 'hex');
  return decodeBytes(bytes);
}

/** Mostly printable ASCII or valid UTF-8 text with some letters, or undefined. */
function decodeBytes(bytes: Buffer): string | undefined {
  if (bytes.length < 6) return undefined;
  let printable = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x09 || b === 0x0d || b >= 0x80) printable++;
  }
  if (printable < 0.9 * bytes.length) return undefined;
  // Checked first: most runs are hashes and ids, random bytes, and a decoder that throws on them
  // costs more than all the rest of the decoding.
  if (!isUtf8(bytes)) return undefined;
  const decoded = bytes.toString('utf8');
  return /\p{L}{2}/u.test(decoded) ? decoded : undefined;
}

/** Every decodable run, joined by newlines; each decoded unit maps to the whole run. */
function decodedRuns(runs: Run[], decode: (run: string) => string | undefined): Mapped | undefined {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { index, run } of runs) {
    const decoded = decode(run);
    if (decoded === undefined) continue;
    const chunk = `${decoded}\n`;
    parts.push(chunk);
    for (let u = 0; u < chunk.length; u++) {
      starts.push(index);
      ends.push(index + run.length);
    }
  }
  if (parts.length === 0) return undefined;
  return { text: parts.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Month names rot13-encoded: how a written date looks in a rot13 stretch of a page. */
const ROT13_MONTHS = reverseTrie(MONTH_NAME_LIST.filter((name) => /^[a-z]+$/.test(name)).map(rot13));
/** Between a month and its day or year: the day-month separators, commas, an apostrophe ('93). */
const isDateGap = (c: number): boolean => c === 32 || c === 9 || c === 46 || c === 44 || c === 45 || c === 47;

/**
 * Every rot13 month name followed (after separators) by a number: where the month starts and where
 * the first digit ends, non-overlapping, as a left-to-right search for "month, separators, digit"
 * would report them. The month may end a longer word, as in such a search; the longest name wins.
 */
function rot13MonthsThenDigit(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let lastEnd = 0;
  for (const digit of numberStarts(text)) {
    let end = digit;
    if (end > 0 && text.charCodeAt(end - 1) === 39) end--;
    while (end > 0 && isDateGap(text.charCodeAt(end - 1))) end--;
    const month = longestWordEndingAt(ROT13_MONTHS, text, end, lastEnd);
    if (month < 0) continue;
    found.push([month, digit + 1]);
    lastEnd = digit + 1;
  }
  return found;
}
/** Folded units kept around such a hint: the day before the month and the birth context before that. */
const DATE_WINDOW_BEFORE = 64;
const DATE_WINDOW_AFTER = 32;
const WORD_UNIT = /[\p{L}\p{N}]/u;

/**
 * The rot13 reading of the lines around every rot13 month name followed by a number, joined by
 * newlines (dates never span one): what the date matcher reads in rot13, without rotating the page.
 */
function rot13DateView(light: FoldedText): TextView | undefined {
  const text = light.text;
  const spans: Array<[number, number]> = [];
  for (const [monthAt, digitEnd] of rot13MonthsThenDigit(text)) {
    let from = Math.max(0, monthAt - DATE_WINDOW_BEFORE);
    let to = Math.min(text.length, digitEnd + DATE_WINDOW_AFTER);
    // Never cut a word: a cut would read as a word boundary that is not there.
    for (let k = 0; k < 64 && from > 0 && WORD_UNIT.test(text.charAt(from - 1)); k++) from--;
    for (let k = 0; k < 64 && to < text.length && WORD_UNIT.test(text.charAt(to)); k++) to++;
    const last = spans[spans.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else spans.push([from, to]);
  }
  if (spans.length === 0) return undefined;
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const [from, to] of spans) {
    parts.push(rot13(text.slice(from, to)), '\n');
    for (let u = from; u < to; u++) {
      starts.push(light.starts[u] as number);
      ends.push(light.ends[u] as number);
    }
    starts.push(light.starts[to - 1] as number);
    ends.push(light.ends[to - 1] as number);
  }
  const folded: FoldedText = {
    text: parts.join(''),
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
  };
  return { kind: 'rot13', full: folded, light: folded };
}

/**
 * The readings of a page. The plain one and the decoded ones (entities, base64, hex, percent-encoding,
 * markdown escapes, joined letters, a second decoding: usually small or absent) are folded whole. The rot13 and reversed readings are never built whole: the anchor
 * search projects the plain fold through rot13 (or reads its projection backwards), and only
 * windows around candidates are rotated or reversed (see text.matcher.ts); rot13 and reversed
 * keep every offset of the plain fold, which is what makes that possible. `rot13Dates()` is the
 * rot13 reading of the few places a written date could be hidden, for the date matcher.
 */
export interface PageViews {
  /**
   * The page itself. Its offset maps are views of buffers that the next buildViews call writes
   * over (see foldPage): read them before building the views of another page.
   */
  plain: TextView;
  decoded: TextView[];
  rot13Dates(): TextView | undefined;
}

/** A decoded text longer than this is not decoded a second time. */
const MAX_SECOND_LAYER = 1 << 18;

/** What an encoding hides in a text: base64 and hex runs, percent-encoding. */
function decodings(text: string): Array<[ViewKind, Mapped]> {
  const out: Array<[ViewKind, Mapped]> = [];
  const runs = encodedRuns(text);
  const base64 = decodedRuns(runs.base64, decodeBase64);
  if (base64) out.push(['base64', base64]);
  const hex = decodedRuns(runs.hex, decodeHex);
  if (hex) out.push(['hex', hex]);
  const percent = percentDecoded(text);
  if (percent) out.push(['percent-encoded', percent]);
  return out;
}

/**
 * What a decoding reveals, read once more (depth 2, never deeper): decoded again (hex of base64,
 * percent-encoding inside base64) or rot13 (base64 of rot13). Each maps through the first layer.
 */
function secondLayer(first: Mapped): Mapped[] {
  if (first.text.length > MAX_SECOND_LAYER) return [];
  const inner = decodings(first.text).map(([, second]) => compose(first, second));
  inner.push({ text: rot13(first.text), starts: first.starts, ends: first.ends });
  return inner;
}

export function buildViews(text: string): PageViews {
  // The readings of the last page are no longer asked about: what was worked out of them goes.
  forgetPageMemos();
  const plain: TextView = { kind: 'plain', ...foldPage(text) };
  const decoded: TextView[] = [];
  const entities = decodedEntities(text);
  if (entities) decoded.push(view('entities', entities));
  for (const [kind, first] of decodings(text)) {
    decoded.push(view(kind, first));
    for (const second of secondLayer(first)) decoded.push(view('double-encoded', second));
  }
  const unescaped = markdownUnescaped(text);
  if (unescaped) decoded.push(view('markdown-escaped', unescaped));
  const joined = lettersJoined(text, plain.full.ascii === true);
  if (joined) decoded.push(view('letters-separated', joined));
  let rotated: TextView | undefined | null = null;
  return {
    plain,
    decoded,
    rot13Dates(): TextView | undefined {
      if (rotated === null) rotated = rot13DateView(plain.light);
      return rotated;
    },
  };
}

/** Readings that decode or rewrite the page: a number found there is named after the reading. */
export function isDecodedKind(kind: ViewKind): boolean {
  return kind !== 'plain' && kind !== 'entities' && kind !== 'rot13' && kind !== 'reversed';
}
