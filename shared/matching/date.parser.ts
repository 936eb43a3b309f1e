/**
 * Dates as people write them: ISO, US and European numeric forms with two- or four-digit years,
 * and month names (English, German, French) before or after the day. Numeric dates are ambiguous
 * (03/04): every valid reading is returned and the caller decides.
 */

export interface DateReading {
  year: number;
  month: number;
  day: number;
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
const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;

const NUMERIC = /(?<![\p{N}][./-]?|[\p{N}])(\d{1,4})([./\-\s])(\d{1,2})\2(\d{4}|\d{2})(?![\p{N}]|[./-]\d)/gu;
const DAY = '(\\d{1,2})(?:st|nd|rd|th|er|\\.)?';
const YEAR = "'?(\\d{4}|\\d{2})";
const DAY_MONTH_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])${DAY}(?:[ \\t]+of)?[ \\t.\\-/]*${MONTH}[ \\t.,\\-/]*${YEAR}(?![\\p{N}])`,
  'gu',
);
const MONTH_DAY_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])${MONTH}[ \\t.\\-/]*${DAY}(?![\\p{N}]),?[ \\t.\\-/]*${YEAR}(?![\\p{N}])`,
  'gu',
);

function years(text: string): number[] {
  const n = Number(text);
  if (text.length === 4) return [n];
  return [1900 + n, 2000 + n];
}

function valid(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function readings(list: Array<[number, number, number]>): DateReading[] {
  return list.filter(([y, m, d]) => valid(y, m, d)).map(([year, month, day]) => ({ year, month, day }));
}

/** Every date in `text` (lowercase, light-folded); `writtenOnly` skips numeric forms. */
export function findDates(text: string, writtenOnly = false): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of writtenOnly ? [] : text.matchAll(NUMERIC)) {
    const [, a = '', , b = '', c = ''] = m;
    const list: Array<[number, number, number]> = [];
    if (a.length === 4) list.push([Number(a), Number(b), Number(c)]);
    else if (a.length <= 2) {
      for (const y of years(c)) {
        list.push([y, Number(a), Number(b)]);
        list.push([y, Number(b), Number(a)]);
      }
    }
    if (m[2] === ' ' && a.length !== 4) continue; // "12 05 1990" is too often two numbers and a year
    const r = readings(list);
    if (r.length > 0) out.push({ from: m.index, to: m.index + m[0].length, readings: r, written: false });
  }
  for (const m of text.matchAll(DAY_MONTH_YEAR)) {
    const [, d = '', month = '', y = ''] = m;
    const r = readings(years(y).map((year) => [year, MONTHS[month] ?? 0, Number(d)]));
    if (r.length > 0) out.push({ from: m.index, to: m.index + m[0].length, readings: r, written: true });
  }
  for (const m of text.matchAll(MONTH_DAY_YEAR)) {
    const [, month = '', d = '', y = ''] = m;
    const r = readings(years(y).map((year) => [year, MONTHS[month] ?? 0, Number(d)]));
    if (r.length > 0) out.push({ from: m.index, to: m.index + m[0].length, readings: r, written: true });
  }
  return out;
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

/** The date of an ISO `YYYY-MM-DD` value (the profile form of a date of birth). */
export function parseIsoDate(value: string): DateReading | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return valid(year, month, day) ? { year, month, day } : undefined;
}
