/**
 * streetAddresses as it was before the fused trigger scan (issue 15): the reference the fast one is
 * pinned to. Other people's street addresses on a page, in English, French and German forms. Each form is a
 * pattern; the patterns are tried only where a match can start (issue 15): English and French forms
 * at a number or an English unit word, German ones at the capital of a street name ending in a
 * street word right before a number. `reference` runs the plain global searches instead, for the
 * test that pins the anchored search to them.
 */
import { matchesAt, mergeAscending, stickyOf } from '../../shared/matching/anchored-search.js';
import { reverseTrie, wordsEndingAt } from '../../shared/matching/date.parser.js';

export type AddressFamily = 'en' | 'fr' | 'de';

const STREET_TYPES_EN =
  'Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Dr|Boulevard|Blvd|Court|Ct|Close|Place|Pl|Terrace|Ter|Crescent|Cres|Circle|Cir|Square|Sq|Way|Gardens|Grove|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Mews|Row|Walk|Hill|Green';
const TOWN_TAIL =
  "(?:,?[ \\t]+(?:[A-Z][\\p{L}'-]+(?![\\p{N}])[ \\t]?){1,3})?(?:,?[ \\t]*[A-Z]{2}(?![\\p{L}\\p{N}]))?(?:[ \\t]*(?:[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]?\\d[A-Z]{2}|[A-Z]\\d[A-Z][ \\t]?\\d[A-Z]\\d|\\d{5}(?:-\\d{4})?))?";
const UNIT_WORDS = ['Unit', 'Apt', 'Flat', 'Suite'];
const ADDRESS_EN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${UNIT_WORDS.join('|')})[ \\t]*\\w+,?[ \\t]*)?\\d{1,6}[A-Za-z]?(?:[-/]\\d{1,6})?,?[ \\t]+(?:[A-Z][\\p{L}'-]+[ \\t]+){1,4}(?:${STREET_TYPES_EN})\\.?(?![\\p{L}])${TOWN_TAIL}`,
  'gu',
);
const FR_STREET_WORDS = [
  'rue',
  'avenue',
  'av\\.',
  'boulevard',
  'bd',
  'place',
  'all[ée]e',
  'chemin',
  'impasse',
  'quai',
  'cours',
  'route',
];
const ADDRESS_FR = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,4}(?:[ \\t]?(?:bis|ter))?,?[ \\t]+(?:${FR_STREET_WORDS.join('|')})[ \\t]+[\\p{L}' -]{2,60}?(?=,|\\n|$)(?:,[ \\t]*\\d{5}[ \\t]+[A-Z][\\p{L}-]+)?`,
  'giu',
);
const DE_STREET_WORDS = ['straße', 'strasse', 'str.', 'weg', 'platz', 'allee', 'gasse', 'ring', 'damm'];
const ADDRESS_DE = new RegExp(
  `(?<![\\p{L}])[A-ZÄÖÜ][\\p{L}-]*(?:${DE_STREET_WORDS.map((w) => w.replace('.', '\\.')).join('|')})[ \\t]+\\d{1,4}[a-z]?(?![\\p{N}])(?:,?[ \\t]*\\d{5}[ \\t]+[A-Z][\\p{L}-]+)?`,
  'gu',
);
const STICKY = { en: stickyOf(ADDRESS_EN), fr: stickyOf(ADDRESS_FR), de: stickyOf(ADDRESS_DE) };
const DE_STREET_WORDS_BACKWARDS = reverseTrie(DE_STREET_WORDS);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isBlank = (c: number): boolean => c === 32 || c === 9;
const isAsciiLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;
const LETTER = /\p{L}/u;

/** The units of the letter (\p{L}, a surrogate pair whole) ending just before `end`, or 0. */
function letterBefore(text: string, end: number): number {
  if (end <= 0) return 0;
  const c = text.charCodeAt(end - 1);
  if (c < 0x80) return isAsciiLetter(c) ? 1 : 0;
  if (c >= 0xdc00 && c <= 0xdfff && end >= 2) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return LETTER.test(text.slice(end - 2, end)) ? 2 : 0;
  }
  return LETTER.test(text.charAt(end - 1)) ? 1 : 0;
}

/**
 * Where an English address may start: a number of at most six digits whose first blank comes
 * within 15 units (its letter, "/" part and "," before it) and is followed by a capital, and every
 * unit word. `starts`: the page's number starts.
 */
function englishStarts(page: string, starts: readonly number[]): number[] {
  const numbers: number[] = [];
  for (const at of starts) {
    let k = at;
    while (k < page.length && k - at < 16) {
      const c = page.charCodeAt(k);
      if (!(isDigit(c) || isAsciiLetter(c) || c === 45 || c === 47 || c === 44)) break;
      k++;
    }
    if (!isBlank(page.charCodeAt(k))) continue;
    while (isBlank(page.charCodeAt(k))) k++;
    const capital = page.charCodeAt(k);
    if (capital >= 65 && capital <= 90) numbers.push(at);
  }
  // One search per word: the engine's search for a string is many times faster than for a pattern.
  const units: number[] = [];
  for (const word of UNIT_WORDS)
    for (let at = page.indexOf(word); at >= 0; at = page.indexOf(word, at + 1)) units.push(at);
  return mergeAscending(
    numbers,
    units.sort((a, b) => a - b),
  );
}

/** The first two letters of every French street word, as one number each (see `headAt`). */
const FR_STREET_HEADS = new Set(FR_STREET_WORDS.map((word) => headAt(word, 0)));

/** Two units at `at` lowercased (ASCII letters only) as one number: compared without a slice. */
function headAt(text: string, at: number): number {
  return (text.charCodeAt(at) | 0x20) * 0x10000 + (text.charCodeAt(at + 1) | 0x20);
}

/** Whether `word` (lowercase ASCII) stands at `at` in any case, the long s "ſ" read as "s" (as the pattern reads it). */
function wordAt(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(at + i);
    const expected = word.charCodeAt(i);
    if ((c | 0x20) !== expected && !(c === 0x17f && expected === 115)) return false;
  }
  return true;
}

/**
 * Where a French address may start: a number of at most four digits, then blanks and commas (and a
 * "bis" or "ter") up to the first two letters of a street word, in either case.
 */
function frenchStarts(page: string, starts: readonly number[]): number[] {
  const out: number[] = [];
  for (const at of starts) {
    let k = at;
    while (isDigit(page.charCodeAt(k))) k++;
    if (k - at > 4) continue;
    while (isBlank(page.charCodeAt(k)) || page.charCodeAt(k) === 44) k++;
    if (wordAt(page, k, 'bis') || wordAt(page, k, 'ter')) {
      k += 3;
      while (isBlank(page.charCodeAt(k)) || page.charCodeAt(k) === 44) k++;
    }
    if (FR_STREET_HEADS.has(headAt(page, k))) out.push(at);
  }
  return out;
}

/**
 * Where a German address may start: before a number, blanks, a street word ending a run of letters
 * and "-", and in that run its first unit or a unit after a "-" if it is a capital (ÄÖÜ included).
 */
function germanStarts(page: string, starts: readonly number[]): number[] {
  const out: number[] = [];
  for (const at of starts) {
    let end = at;
    while (end > 0 && isBlank(page.charCodeAt(end - 1))) end--;
    if (end === at) continue;
    let street = false;
    wordsEndingAt(DE_STREET_WORDS_BACKWARDS, page, end, 0, () => (street = true));
    if (!street) continue;
    if (page.charCodeAt(end - 1) === 46) end--;
    const run: number[] = [];
    for (let k = end; ;) {
      const units = letterBefore(page, k);
      if (units === 0 && page.charCodeAt(k - 1) !== 45) break;
      k -= units || 1;
      const c = page.charCodeAt(k);
      const capital = (c >= 65 && c <= 90) || c === 0xc4 || c === 0xd6 || c === 0xdc;
      if (capital && (k === 0 || letterBefore(page, k) === 0)) run.push(k);
    }
    for (let r = run.length - 1; r >= 0; r--) out.push(run[r] as number);
  }
  return out;
}

export interface StreetAddress {
  index: number;
  /** The match, trailing blanks cut. */
  text: string;
  family: AddressFamily;
}

/**
 * Every street address of the page, family by family, as global searches of the three patterns
 * find them. `starts`: the page's number starts (the first digit of every number); without them
 * (the reference) the patterns search the whole page.
 */
export function streetAddresses(page: string, starts?: readonly number[]): StreetAddress[] {
  const found: StreetAddress[] = [];
  const families: Array<[AddressFamily, RegExp, (page: string, starts: readonly number[]) => number[]]> = [
    ['en', ADDRESS_EN, englishStarts],
    ['fr', ADDRESS_FR, frenchStarts],
    ['de', ADDRESS_DE, germanStarts],
  ];
  for (const [family, pattern, candidates] of families) {
    const matches = starts
      ? matchesAt(STICKY[family], page, candidates(page, starts))
      : page.matchAll(pattern);
    for (const m of matches) found.push({ index: m.index, text: m[0].trimEnd(), family });
  }
  return found;
}

export function addressFormat(text: string, family: AddressFamily): string {
  if (family === 'fr') return 'French format';
  if (family === 'de') return 'German format';
  if (/[A-Z]\d[A-Z][ \t]?\d[A-Z]\d/.test(text)) return 'Canadian format';
  if (/[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}/.test(text)) return 'UK format';
  if (/\b[A-Z]{2}[ \t]+\d{5}/.test(text) || /\d{5}/.test(text)) return 'US format';
  return 'street name and number';
}
