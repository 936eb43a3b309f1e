/**
 * The date finder as it was before its scan of number starts moved into code (issue 15): the
 * reference `findDates`, `datesOf` and `numberStarts` are pinned to. The month table, its reverse
 * trie and the date types are the production ones: only the search is compared.
 */

import {
  MONTH_NAME_LIST,
  monthNumber,
  reverseTrie,
  longestWordEndingAt,
} from '../../shared/matching/date.parser.js';
import type { DateReading, FoundDate } from '../../shared/matching/date.parser.js';

const MONTHS_BACKWARDS = reverseTrie(MONTH_NAME_LIST);
const MONTH = `(${[...MONTH_NAME_LIST].sort((a, b) => b.length - a.length).join('|')})\\.?`;

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
const NUMBER_START = /(?<!\d)\d/g;

/**
 * The last two texts asked about and their number starts: a page and its light fold (the dates, the
 * rot13 date hints and the detectors of other people's data share them).
 */
const recent: Array<{ text: string; starts: number[] }> = [];

/** Offsets of the first digit of every number in `text`. */
export function numberStarts(text: string): number[] {
  for (const known of recent) if (known.text === text) return known.starts;
  const starts: number[] = [];
  // test() and not exec(): no match object per number; the one digit matched ends at lastIndex.
  NUMBER_START.lastIndex = 0;
  while (NUMBER_START.test(text)) starts.push(NUMBER_START.lastIndex - 1);
  recent.unshift({ text, starts });
  if (recent.length > 2) recent.pop();
  return starts;
}

function years(text: string): number[] {
  const n = Number(text);
  if (text.length === 4) return [n];
  return [1900 + n, 2000 + n];
}

function valid(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
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
  let start = end;
  while (start > 0 && end - start < 10 && isLowerLetter(text.charCodeAt(start - 1))) start--;
  // The whole run of letters must be a month name.
  // No word starts before `start` (the limit), so the whole run is a month when the longest is it.
  return start < end && longestWordEndingAt(MONTHS_BACKWARDS, text, end, start) === start ? start : -1;
}

/** Whether a day of one or two digits at `digit` could be followed by a month name. */
function dayThenWord(text: string, digit: number): boolean {
  let i = digit + 1;
  if (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const next = text.charCodeAt(i);
  return isLowerLetter(next) || isMonthGap(next);
}

const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
const WHITE_SPACE = /\s/;

/**
 * Whether NUMERIC can match at `at`: up to four digits, then a separator, then a digit. Most numbers
 * on a page (post numbers, times, prices) fail this, and are passed over without running NUMERIC.
 */
function numericMayStart(text: string, at: number): boolean {
  let k = at;
  while (k < at + 4 && isAsciiDigit(text.charCodeAt(k))) k++;
  const c = text.charCodeAt(k);
  const separator =
    c === 46 ||
    c === 47 ||
    c === 45 ||
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c > 127 && WHITE_SPACE.test(text.charAt(k)));
  return separator && isAsciiDigit(text.charCodeAt(k + 1));
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
  const month = monthNumber(parts.month ?? '') ?? 0;
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
    if (!writtenOnly && at >= ends.numeric && numericMayStart(text, at)) {
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
    if (at >= ends.dayFirst && dayThenWord(text, at)) {
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

const memo = { all: new WeakMap<object, FoldedDates>(), written: new WeakMap<object, FoldedDates>() };
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
