/**
 * Dates of birth: any complete writing of the same date. A date one day, month or year off is
 * another date; two-digit years and day/month order are read every valid way. A date written
 * backwards (a reversed segment of a paste) is read where the page holds its year reversed.
 */
import type { Identifier } from '../domain/identifier.js';
import { datesOf, parseIsoDate } from './date.parser.js';
import type { DateReading, FoundDate } from './date.parser.js';
import type { FoldedText } from './fold.normalizer.js';
import type { Hit, IdentifierMatcher } from './matcher.types.js';
import { isDecodedKind, reversed } from './text.views.js';
import type { TextView } from './text.views.js';

const BIRTH_CONTEXT =
  /(?:dob|d\.o\.b|born|birth|birthday|bday|b-day|geb(?:oren|urtstag)?|naissance|ne le|nee le|age)\W{0,20}$/;

/** Units of the page kept before and after a reversed year: the date, and read backwards its context. */
const BACKWARDS_BEFORE = 24;
const BACKWARDS_AFTER = 64;

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
 * The page read backwards around each place it holds the year of the date reversed ("3991"), a
 * window each (overlapping windows joined, so a page full of such years is read once): reversing
 * the whole page for a date would cost a second tokenisation of every page.
 */
function backwardsWindows(light: FoldedText, year: number): FoldedText[] {
  const text = light.text;
  const found: Array<[number, number]> = [];
  // The year in four digits, or in two ("19-70-32" is 23-07-91 backwards).
  for (const needle of [String(year), String(year).slice(2)].map((y) => [...y].reverse().join(''))) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      if ((at > 0 && isDigit(text, at - 1)) || isDigit(text, at + needle.length)) continue;
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
  return spans.map(([from, to]) =>
    reversed({
      text: text.slice(from, to),
      starts: light.starts.subarray(from, to),
      ends: light.ends.subarray(from, to),
    }),
  );
}

export function compileDob(identifier: Identifier): IdentifierMatcher {
  const date = parseIsoDate(identifier.value);
  return {
    identifier,
    patterns: [],
    anchors: [],
    reach: 0,
    scan(view: TextView, page: string): Hit[] {
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
      if (view.kind === 'plain') {
        for (const backwards of backwardsWindows(view.light, date.year)) {
          for (const found of datesOf(backwards)) {
            if (!sameDate(found, date)) continue;
            // A reversed span: its first unit is the last of the page's, and the other way round.
            const start = backwards.starts[found.to - 1] as number;
            const end = backwards.ends[found.from] as number;
            hits.push({ start, end, method: 'reversed', confidence: 0.85 });
          }
        }
      }
      return hits;
    },
  };
}
