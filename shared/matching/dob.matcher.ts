/**
 * Dates of birth: any complete writing of the same date. A date one day, month or year off is
 * another date; two-digit years and day/month order are read every valid way. A date written
 * backwards (a reversed segment of a paste) is read where the page holds its year reversed.
 */
import type { Identifier } from '../domain/identifier.js';
import { MONTH_NAME_LIST, datesOf, monthNumber, numberStarts, parseIsoDate } from './date.parser.js';
import type { DateReading, FoundDate } from './date.parser.js';
import type { FoldedText } from './fold.normalizer.js';
import type { Hit, IdentifierMatcher, WrittenWhen } from './matcher.types.js';
import { isDecodedKind, reversed } from './text.views.js';
import type { TextView } from './text.views.js';
import { PageMemo } from './page-memo.js';

const BIRTH_CONTEXT =
  /(?:dob|d\.o\.b|born|birth|birthday|bday|b-day|geb(?:oren|urtstag)?|naissance|ne le|nee le|age)\W{0,20}$/;

/** Units of the page kept before and after a reversed year: the date, and read backwards its context. */
const BACKWARDS_BEFORE = 24;
const BACKWARDS_AFTER = 64;

const isDateSeparator = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c === 46 || c === 47 || c === 45;
};
const isDigit = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};

const sameDay = (r: DateReading, date: DateReading): boolean =>
  r.year === date.year && r.month === date.month && r.day === date.day;
const sameDate = (found: FoundDate, date: DateReading): boolean =>
  found.readings.some((r) => sameDay(r, date));
/** Whether the date is found only read with a two-digit year first (`91-07-23`). */
const onlyYearFirst = (found: FoundDate, date: DateReading): boolean =>
  !found.readings.some((r) => sameDay(r, date) && !r.yearFirst);

/**
 * Where the page holds the year of the date reversed ("3991"), the spans to read backwards around it
 * (overlapping ones joined, so a page full of such years is read once): reversing the whole page for
 * a date would cost a second tokenisation of every page.
 */
function backwardsSpans(light: FoldedText, year: number): Array<[number, number]> {
  const text = light.text;
  const found: Array<[number, number]> = [];
  // The year in four digits, or in two ("19-70-32" is 23-07-91 backwards, "32-70-19" 91-07-23).
  // Two digits stand for many things (times, counts): only those joined to a number by a date
  // separator open a window.
  for (const needle of [String(year), String(year).slice(2)].map((y) => [...y].reverse().join(''))) {
    // A year under 100 has no two-digit form, and indexOf would find an empty needle forever.
    if (needle.length === 0) continue;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      if ((at > 0 && isDigit(text, at - 1)) || isDigit(text, at + needle.length)) continue;
      if (
        needle.length === 2 &&
        !(isDateSeparator(text, at + 2) && isDigit(text, at + 3)) &&
        !(isDateSeparator(text, at - 1) && isDigit(text, at - 2))
      )
        continue;
      found.push([
        Math.max(0, at - BACKWARDS_BEFORE),
        Math.min(text.length, at + needle.length + BACKWARDS_AFTER),
      ]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const spans: Array<[number, number]> = [];
  for (const [from, to] of found) {
    const last = spans[spans.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else spans.push([from, to]);
  }
  return spans;
}

/**
 * Between two spans read backwards: no date form reads across a blank line (numeric dates take one
 * separator, repeated; written ones no line break), so the spans are read as one text.
 */
const SPAN_BREAK = '\n\n';

/**
 * The spans read backwards, as one text: the spans, last first and blank lines between them, read
 * backwards, which puts them in page order, each reversed. One reversal and one date search per page
 * and date of birth, rather than one per span.
 */
function backwardsText(light: FoldedText, spans: Array<[number, number]>): FoldedText {
  let length = 0;
  for (const [from, to] of spans) length += to - from + SPAN_BREAK.length;
  const parts: string[] = [];
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);
  let at = 0;
  for (let s = spans.length - 1; s >= 0; s--) {
    const [from, to] = spans[s] as [number, number];
    parts.push(light.text.slice(from, to), SPAN_BREAK);
    starts.set(light.starts.subarray(from, to), at);
    ends.set(light.ends.subarray(from, to), at);
    at += to - from;
    // The break maps to the unit before it; no date holds it.
    starts.fill(light.starts[to - 1] as number, at, at + SPAN_BREAK.length);
    ends.fill(light.ends[to - 1] as number, at, at + SPAN_BREAK.length);
    at += SPAN_BREAK.length;
  }
  return reversed({ text: parts.join(''), starts, ends });
}

/** Each span read backwards on its own: the path `backwardsText` replaced, kept for its test. */
function backwardsWindows(light: FoldedText, spans: Array<[number, number]>): FoldedText[] {
  return spans.map(([from, to]) =>
    reversed({
      text: light.text.slice(from, to),
      starts: light.starts.subarray(from, to),
      ends: light.ends.subarray(from, to),
    }),
  );
}

/**
 * The date written backwards in a light-folded text, as page spans. `joined` false reads each span
 * on its own (the former path, for the differential test); the hits are the same, maybe in another
 * order.
 */
export function backwardsDates(light: FoldedText, date: DateReading, joined = true): Hit[] {
  const hits: Hit[] = [];
  const spans = backwardsSpans(light, date.year);
  if (spans.length === 0) return hits;
  for (const backwards of joined ? [backwardsText(light, spans)] : backwardsWindows(light, spans)) {
    for (const found of datesOf(backwards)) {
      if (!sameDate(found, date)) continue;
      // A reversed span: its first unit is the last of the page's, and the other way round.
      const start = backwards.starts[found.to - 1] as number;
      const end = backwards.ends[found.from] as number;
      hits.push({ start, end, method: 'reversed', confidence: 0.85 });
    }
  }
  return hits;
}

// An age with the day and month it is reached on, written around the post's date: "turns 35 on 23
// July", "35 ans le 23 juillet", "wird am 23. Juli 35". Read on the light fold (lower case, no accents).
const MONTH_WORD = `(${[...MONTH_NAME_LIST].sort((a, b) => b.length - a.length).join('|')})(?![a-z])\\.?`;
const DAY_WORD = '(\\d{1,2})(?:st|nd|rd|th|er|\\.)?';
const DAY_MONTH = `(?:${DAY_WORD}(?:[ \\t]+of)?[ \\t.\\-/]*${MONTH_WORD}|${MONTH_WORD}[ \\t.]*${DAY_WORD})`;
/** No year after the day and month: with one, it is a date, read as such. */
const NO_YEAR = '(?![ \\t.,/\\-]*\\d)';
/** Tried where a number starts: the age (English, French) or the day (German). */
const AGE_THEN_DAY = new RegExp(
  `(?<=(?:turns?|turning|will[ \\t]+be|is[ \\t]+going[ \\t]+to[ \\t]+be|becomes?)[ \\t]+)(\\d{1,3})(?:[ \\t]+years?(?:[ \\t]+old)?)?[ \\t]+on[ \\t]+(?:the[ \\t]+)?${DAY_MONTH}${NO_YEAR}` +
    `|(\\d{1,3})[ \\t]+ans,?[ \\t]+le[ \\t]+${DAY_MONTH}${NO_YEAR}`,
  'y',
);
const DAY_THEN_AGE = new RegExp(
  `(?<=(?:wird|werde|wirst|werden)[ \\t]+am[ \\t]+)${DAY_WORD}[ \\t]*${MONTH_WORD}[ \\t]+(\\d{1,3})(?![\\d.:/])` +
    `|(?<=(?<![\\p{L}])am[ \\t]+)${DAY_WORD}[ \\t]*${MONTH_WORD}[ \\t]+(?:wird|werde|wirst)[ \\t]+(?:er[ \\t]+|sie[ \\t]+|ich[ \\t]+|du[ \\t]+)?(\\d{1,3})(?![\\d.:/])`,
  'uy',
);

/** How far back from a fetch date a post may have been written, for an age read against that date. */
const FETCH_SLACK_YEARS = 3;
const YEAR_MS = 366 * 24 * 3600 * 1000;

interface SaidAge {
  from: number;
  to: number;
  age: number;
  month: number;
  day: number;
}

const agesMemo = new PageMemo<object, SaidAge[]>();

/** `findAges` once per folded text, however many dates of birth a profile has. */
function agesSaid(folded: FoldedText): SaidAge[] {
  let ages = agesMemo.get(folded);
  if (!ages) agesMemo.set(folded, (ages = findAges(folded.text)));
  return ages;
}

/** Ages said with a day and month in a light-folded text. */
function findAges(text: string): SaidAge[] {
  const out: SaidAge[] = [];
  for (const at of numberStarts(text)) {
    // Cheap test first: a space after the number (age, then "on"/"ans"; German day, then the month).
    let end = at;
    while (end < text.length && isDigit(text, end)) end++;
    const next = text.charCodeAt(end);
    if (
      next !== 32 &&
      next !== 9 &&
      next !== 46 &&
      next !== 115 &&
      next !== 110 &&
      next !== 114 &&
      next !== 116 &&
      next !== 101
    )
      continue;
    AGE_THEN_DAY.lastIndex = at;
    const m = AGE_THEN_DAY.exec(text);
    if (m) {
      const [, enAge, d1, m1, m2, d2, frAge, d3, m3, m4, d4] = m;
      const age = Number(enAge ?? frAge);
      const month = monthNumber(m1 ?? m2 ?? m3 ?? m4 ?? '') ?? 0;
      const day = Number(d1 ?? d2 ?? d3 ?? d4);
      out.push({ from: at, to: at + m[0].length, age, month, day });
      continue;
    }
    DAY_THEN_AGE.lastIndex = at;
    const g = DAY_THEN_AGE.exec(text);
    if (g) {
      const [, d1, m1, a1, d2, m2, a2] = g;
      out.push({
        from: at,
        to: at + g[0].length,
        age: Number(a1 ?? a2),
        month: monthNumber(m1 ?? m2 ?? '') ?? 0,
        day: Number(d1 ?? d2),
      });
    }
  }
  return out;
}

/**
 * Whether an age reached on a day and month fits a date of birth, said when `written` says: the
 * birthday meant falls within a year of the day written (said before it or just after); a fetch
 * date only bounds the day written from above, so a post up to FETCH_SLACK_YEARS older is allowed.
 * In years of birth: the year range the age gives must hold the person's, with the same day and month.
 */
export function ageFits(
  said: Omit<SaidAge, 'from' | 'to'>,
  born: DateReading,
  written: WrittenWhen,
): boolean {
  if (said.month !== born.month || said.day !== born.day || said.age > 130) return false;
  const birthday = Date.UTC(born.year + said.age, born.month - 1, born.day);
  const at = written.date.getTime();
  const slack = written.known === 'fetch' ? FETCH_SLACK_YEARS * YEAR_MS : 0;
  return birthday <= at + YEAR_MS && birthday >= at - YEAR_MS - slack;
}

export function compileDob(identifier: Identifier): IdentifierMatcher {
  const date = parseIsoDate(identifier.value);
  return {
    identifier,
    patterns: [],
    anchors: [],
    reach: 0,
    scan(view: TextView, page: string, written?: WrittenWhen): Hit[] {
      // rot13 changes only month names, so only written dates are looked for there.
      if (!date || view.kind === 'reversed') return [];
      const hits: Hit[] = [];
      for (const found of datesOf(view.light, view.kind === 'rot13')) {
        if (!sameDate(found, date)) continue;
        const start = view.light.starts[found.from] as number;
        const end = view.light.ends[found.to - 1] as number;
        const original = page.slice(start, end);
        const context = BIRTH_CONTEXT.test(view.light.text.slice(Math.max(0, found.from - 40), found.from));
        let method = found.written
          ? 'dob-written'
          : onlyYearFirst(found, date)
            ? 'dob-year-first'
            : 'dob-numeric';
        if (original === identifier.value) method = 'exact';
        if (view.kind === 'rot13' || isDecodedKind(view.kind)) method = view.kind;
        hits.push({ start, end, method, confidence: context ? 0.95 : 0.8 });
      }
      // An age with its day and month: a year range, not a date, so surer with the post's own date.
      if (written && view.kind !== 'rot13') {
        for (const said of agesSaid(view.light)) {
          if (!ageFits(said, date, written)) continue;
          hits.push({
            start: view.light.starts[said.from] as number,
            end: view.light.ends[said.to - 1] as number,
            method: 'dob-age-day-month',
            confidence: written.known === 'post' ? 0.7 : 0.6,
          });
        }
      }
      if (view.kind === 'plain') for (const hit of backwardsDates(view.light, date)) hits.push(hit);
      return hits;
    },
  };
}
