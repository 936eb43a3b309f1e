/**
 * Dates as people write them: ISO, US and European numeric forms with two- or four-digit years,
 * and month names (English, German, French) before or after the day. Numeric dates are ambiguous
 * (03/04): every valid reading is returned and the caller decides.
 */
import { unitAt } from './anchored-search.js';
import { PageMemo } from './page-memo.js';

export interface DateReading {
  year: number;
  month: number;
  day: number;
  /** Read with a two-digit year first (`91-07-23`): an order few write, reported as such. */
  yearFirst?: boolean;
}

export interface FoundDate {
  /** Offsets in the searched (light-folded) text. */
  from: number;
  to: number;
  readings: DateReading[];
  written: boolean;
}

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: Array<[number, string[]]> = [
  [1, ['january', 'jan', 'januar', 'janvier', 'janv', 'jaenner', 'janner']],
  [2, ['february', 'feb', 'febr', 'februar', 'fevrier', 'fevr', 'fev']],
  [3, ['march', 'mar', 'maerz', 'marz', 'mars', 'mrz']],
  [4, ['april', 'apr', 'avril', 'avr']],
  [5, ['may', 'mai']],
  [6, ['june', 'jun', 'juni', 'juin']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil']],
  [8, ['august', 'aug', 'aout']],
  [9, ['september', 'sep', 'sept', 'septembre']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre']],
  [11, ['november', 'nov', 'novembre']],
  [12, ['december', 'dec', 'dezember', 'dez', 'decembre']],
];
for (const [n, names] of MONTH_NAMES) for (const name of names) MONTHS[name] = n;
/** Every month name and abbreviation the parser reads. */
export const MONTH_NAME_LIST: readonly string[] = Object.keys(MONTHS);
/** The month (1-12) a folded month name or abbreviation stands for, or undefined. */
export const monthNumber = (name: string): number | undefined => MONTHS[name];

/** Words read from their last letter back: for asking "does a word of the list end here?" without slicing. */
export interface ReverseTrie {
  next: Map<number, ReverseTrie>;
  word: boolean;
}

export function reverseTrie(words: Iterable<string>): ReverseTrie {
  const root: ReverseTrie = { next: new Map(), word: false };
  for (const word of words) {
    let node = root;
    for (let i = word.length - 1; i >= 0; i--) {
      const c = word.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map(), word: false }));
      node = child;
    }
    node.word = true;
  }
  return root;
}

/**
 * The start of the longest word of `trie` that ends at `end` of `text` and starts at or after
 * `limit`, or -1. A number rather than a callback per word: it is asked at every number of a page,
 * and a closure per question was a good part of what the date passes allocated.
 */
export function longestWordEndingAt(trie: ReverseTrie, text: string, end: number, limit: number): number {
  let node: ReverseTrie | undefined = trie;
  let longest = -1;
  for (let start = end - 1; start >= limit; start--) {
    node = node.next.get(text.charCodeAt(start));
    if (!node) break;
    if (node.word) longest = start;
  }
  return longest;
}

/** The month names read from their last letter back, each node's children by letter (a-z as 0-25). */
interface LetterTrie {
  next: Array<LetterTrie | undefined>;
  word: boolean;
}
const MONTHS_BACKWARDS: LetterTrie = { next: [], word: false };
for (const name of MONTH_NAME_LIST) {
  let node = MONTHS_BACKWARDS;
  for (let i = name.length - 1; i >= 0; i--) {
    const letter = name.charCodeAt(i) - 97;
    node = node.next[letter] ??= { next: [], word: false };
  }
  node.word = true;
}
const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;

const NUMERIC = /(?<![\p{N}][./-]?|[\p{N}])(\d{1,4})([./\-\s])(\d{1,2})\2(\d{4}|\d{2})(?![\p{N}]|[./-]\d)/uy;
const DAY = '(\\d{1,2})(?:st|nd|rd|th|er|\\.)?';
const YEAR = "'?(\\d{4}|\\d{2})";
const DAY_MONTH_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])${DAY}(?:[ \\t]+of)?[ \\t.\\-/]*${MONTH}[ \\t.,\\-/]*${YEAR}(?![\\p{N}])`,
  'uy',
);
const MONTH_DAY_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])${MONTH}[ \\t.\\-/]*${DAY}(?![\\p{N}]),?[ \\t.\\-/]*${YEAR}(?![\\p{N}])`,
  'uy',
);
/** The first digit of every number: every date form has one, and the engine finds them fast. */
const DIGIT = /\d/g;
const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The last two long texts asked about and their number starts: a page and its light fold (the dates,
 * the rot13 date hints and the detectors of other people's data share them). Short texts (a decoded
 * run, the spans read backwards for a date of birth) are not kept: asked about between two questions
 * on the page, they pushed the page out, and its numbers were found again.
 */
const recent: Array<{ text: string; starts: number[] }> = [];
const KEPT_FROM_LENGTH = 4096;

/** Offsets of the first digit of every number in `text`. */
export function numberStarts(text: string): number[] {
  for (const known of recent) if (known.text === text) return known.starts;
  const starts: number[] = [];
  // test() and not exec(): no match object per number; the one digit matched ends at lastIndex.
  // The engine finds the next digit; the rest of its number is stepped over here, which costs less
  // than a look-behind tried at every position.
  DIGIT.lastIndex = 0;
  while (DIGIT.test(text)) {
    const at = DIGIT.lastIndex - 1;
    starts.push(at);
    let end = at + 1;
    while (end < text.length && isAsciiDigit(text.charCodeAt(end))) end++;
    DIGIT.lastIndex = end;
  }
  if (text.length < KEPT_FROM_LENGTH) return starts;
  recent.unshift({ text, starts });
  if (recent.length > 2) recent.pop();
  return starts;
}

function years(text: string): number[] {
  const n = Number(text);
  if (text.length === 4) return [n];
  return [1900 + n, 2000 + n];
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the day exists, by the Gregorian calendar as `Date.UTC` keeps it (no Date made per date). */
function valid(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Date.UTC reads the years 0 to 99 as 1900 to 1999.
  const y = year >= 0 && year <= 99 ? 1900 + year : year;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

function readings(list: Array<[number, number, number, boolean?]>): DateReading[] {
  return list
    .filter(([y, m, d]) => valid(y, m, d))
    .map(([year, month, day, yearFirst]) =>
      yearFirst ? { year, month, day, yearFirst } : { year, month, day },
    );
}

const isLowerLetter = (c: number): boolean => c >= 97 && c <= 122;
/** Characters allowed between a month name and the day after it (the "." of "Aug." included). */
const isMonthGap = (c: number): boolean => c === 32 || c === 9 || c === 46 || c === 45 || c === 47;

/**
 * Where the month name of a "month day year" date would start, given the number after it: the
 * letters right before the number (separators skipped), if they spell a month. -1 otherwise.
 */
function monthBefore(text: string, digit: number): number {
  let end = digit;
  while (end > 0 && isMonthGap(text.charCodeAt(end - 1))) end--;
  // The whole run of letters must be a month name: read back along the names (all lowercase
  // letters), a name being the run when no letter comes before it.
  let node: LetterTrie | undefined = MONTHS_BACKWARDS;
  for (let at = end - 1; at >= 0; at--) {
    const c = text.charCodeAt(at);
    if (!isLowerLetter(c)) return -1;
    node = node.next[c - 97];
    if (!node) return -1;
    if (node.word && !isLowerLetter(unitAt(text, at - 1))) return at;
  }
  return -1;
}

/** The first letters of the month names. */
const MONTH_FIRSTS = new Set(MONTH_NAME_LIST.map((name) => name.charCodeAt(0)));
const DAY_SUFFIXES = new Set(['st', 'nd', 'rd', 'th', 'er']);

/**
 * Whether a day of `digits` digits, ending at `end`, could be followed by a month name as
 * DAY_MONTH_YEAR reads one: its suffix ("st", "nd", "rd", "th", "er"), separators, then the first
 * letter of a month ("of" starts with one too). Most small numbers (counts, times, parts of numeric
 * dates) are turned away without running the pattern.
 */
function dayThenMonth(text: string, digits: number, end: number): boolean {
  if (digits > 2) return false;
  let k = end;
  const first = unitAt(text, k);
  if (MONTH_FIRSTS.has(first)) return true;
  if (isLowerLetter(first) && DAY_SUFFIXES.has(text.slice(k, k + 2))) k += 2;
  while (isMonthGap(unitAt(text, k))) k++;
  return MONTH_FIRSTS.has(unitAt(text, k));
}

const WHITE_SPACE = /\s/;

/**
 * How many digits the number at `at` has, counted up to five: every date form reads the digits of a
 * number start once, and none starts with more than four.
 */
function digitsAt(text: string, at: number): number {
  let k = at + 1;
  while (k - at < 5 && isAsciiDigit(unitAt(text, k))) k++;
  return k - at;
}

/**
 * Whether NUMERIC can match at `at`, a number of `digits` digits: up to four digits, then a
 * separator, then a digit. Most numbers on a page (post numbers, times, prices) fail this, and are
 * passed over without running NUMERIC.
 */
function numericMayStart(text: string, at: number, digits: number): boolean {
  if (digits > 4) return false;
  const k = at + digits;
  const c = unitAt(text, k);
  const separator =
    c === 46 ||
    c === 47 ||
    c === 45 ||
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c > 127 && WHITE_SPACE.test(text.charAt(k)));
  return separator && isAsciiDigit(unitAt(text, k + 1));
}

/** A sticky pattern tried at `at` only. */
function execAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** A written date matched at `from`, if its day exists in its month (in some reading of the year). */
function writtenDate(
  from: number,
  match: string,
  parts: { day?: string; month?: string; year?: string },
): FoundDate | undefined {
  const month = MONTHS[parts.month ?? ''] ?? 0;
  const r = readings(years(parts.year ?? '').map((year) => [year, month, Number(parts.day)]));
  return r.length > 0 ? { from, to: from + match.length, readings: r, written: true } : undefined;
}

/**
 * Every date in `text` (lowercase, light-folded); `writtenOnly` skips numeric forms. Found as global
 * searches of the three forms would find them (each in text order, left to right, not overlapping),
 * but each form is tried only where a number starts, not at every position of the page.
 */
export function findDates(text: string, writtenOnly = false): FoundDate[] {
  const numeric: FoundDate[] = [];
  const dayFirst: FoundDate[] = [];
  const monthFirst: FoundDate[] = [];
  const ends = { numeric: 0, dayFirst: 0, monthFirst: 0 };
  for (const at of numberStarts(text)) {
    const digits = digitsAt(text, at);
    if (!writtenOnly && at >= ends.numeric && numericMayStart(text, at, digits)) {
      const m = execAt(NUMERIC, text, at);
      if (m) {
        ends.numeric = at + m[0].length;
        const [, a = '', separator, b = '', c = ''] = m;
        const list: Array<[number, number, number, boolean?]> = [];
        if (a.length === 4) list.push([Number(a), Number(b), Number(c)]);
        else if (a.length <= 2) {
          for (const y of years(c)) {
            list.push([y, Number(a), Number(b)]);
            list.push([y, Number(b), Number(a)]);
          }
          // "91-07-23": a two-digit year first, then month and day, as ISO order with the century cut.
          if (a.length === 2 && c.length === 2)
            for (const y of years(a)) list.push([y, Number(b), Number(c), true]);
        }
        // "12 05 1990" is too often two numbers and a year.
        const r = separator === ' ' && a.length !== 4 ? [] : readings(list);
        if (r.length > 0) numeric.push({ from: at, to: ends.numeric, readings: r, written: false });
      }
    }
    if (at >= ends.dayFirst && dayThenMonth(text, digits, at + digits)) {
      const m = execAt(DAY_MONTH_YEAR, text, at);
      if (m) {
        ends.dayFirst = at + m[0].length;
        const found = writtenDate(at, m[0], { day: m[1], month: m[2], year: m[3] });
        if (found) dayFirst.push(found);
      }
    }
    const monthAt = monthBefore(text, at);
    if (monthAt >= ends.monthFirst) {
      const m = execAt(MONTH_DAY_YEAR, text, monthAt);
      if (m) {
        ends.monthFirst = monthAt + m[0].length;
        const found = writtenDate(monthAt, m[0], { month: m[1], day: m[2], year: m[3] });
        if (found) monthFirst.push(found);
      }
    }
  }
  return [...numeric, ...dayFirst, ...monthFirst];
}

const memo = { all: new PageMemo<object, FoldedDates>(), written: new PageMemo<object, FoldedDates>() };
type FoldedDates = FoundDate[];

/** `findDates` once per folded text, however many date matchers (and the PII detector) ask. */
export function datesOf(folded: { text: string }, writtenOnly = false): FoundDate[] {
  const cache = writtenOnly ? memo.written : memo.all;
  let dates = cache.get(folded);
  if (!dates) {
    dates = findDates(folded.text, writtenOnly);
    cache.set(folded, dates);
  }
  return dates;
}

/** The date of an ISO `YYYY-MM-DD` value (the profile form of a date of birth). */
export function parseIsoDate(value: string): DateReading | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return valid(year, month, day) ? { year, month, day } : undefined;
}
