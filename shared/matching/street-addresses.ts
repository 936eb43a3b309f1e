/**
 * Other people's street addresses on a page, in English, French and German forms. Each form is a
 * pattern; the patterns are tried only where a match can start (issue 15): English and French forms
 * at a number or an English unit word, German ones at the capital of a street name ending in a
 * street word right before a number. `reference` runs the plain global searches instead, for the
 * test that pins the anchored search to them.
 */
import { matchesAt, mergeAscending, stickyOf, unitAt } from './anchored-search.js';
import { longestWordEndingAt, reverseTrie } from './date.parser.js';

export type AddressFamily = 'en' | 'fr' | 'de';

const STREET_TYPES_EN =
  'Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Dr|Boulevard|Blvd|Court|Ct|Close|Place|Pl|Terrace|Ter|Crescent|Cres|Circle|Cir|Square|Sq|Way|Gardens|Grove|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Mews|Row|Walk|Hill|Green';
const TOWN_TAIL =
  "(?:,?[ \\t]+(?:[A-Z][\\p{L}'-]+(?![\\p{N}])[ \\t]?){1,3})?(?:,?[ \\t]*[A-Z]{2}(?![\\p{L}\\p{N}]))?(?:[ \\t]*(?:[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]?\\d[A-Z]{2}|[A-Z]\\d[A-Z][ \\t]?\\d[A-Z]\\d|\\d{5}(?:-\\d{4})?))?";
export const UNIT_WORDS = ['Unit', 'Apt', 'Flat', 'Suite'];
export const ADDRESS_EN = new RegExp(
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
export const ADDRESS_FR = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,4}(?:[ \\t]?(?:bis|ter))?,?[ \\t]+(?:${FR_STREET_WORDS.join('|')})[ \\t]+[\\p{L}' -]{2,60}?(?=,|\\n|$)(?:,[ \\t]*\\d{5}[ \\t]+[A-Z][\\p{L}-]+)?`,
  'giu',
);
const DE_STREET_WORDS = ['straße', 'strasse', 'str.', 'weg', 'platz', 'allee', 'gasse', 'ring', 'damm'];
export const ADDRESS_DE = new RegExp(
  `(?<![\\p{L}])[A-ZÄÖÜ][\\p{L}-]*(?:${DE_STREET_WORDS.map((w) => w.replace('.', '\\.')).join('|')})[ \\t]+\\d{1,4}[a-z]?(?![\\p{N}])(?:,?[ \\t]*\\d{5}[ \\t]+[A-Z][\\p{L}-]+)?`,
  'gu',
);
export const STICKY = { en: stickyOf(ADDRESS_EN), fr: stickyOf(ADDRESS_FR), de: stickyOf(ADDRESS_DE) };
export const DE_STREET_WORDS_BACKWARDS = reverseTrie(DE_STREET_WORDS);

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isBlank = (c: number): boolean => c === 32 || c === 9;
export const isAsciiLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;
const LETTER = /\p{L}/u;

/** The units of the letter (\p{L}, a surrogate pair whole) ending just before `end`, or 0. */
export function letterBefore(text: string, end: number): number {
  if (end <= 0) return 0;
  const c = text.charCodeAt(end - 1);
  if (c < 0x80) return isAsciiLetter(c) ? 1 : 0;
  if (c >= 0xdc00 && c <= 0xdfff && end >= 2) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return LETTER.test(text.slice(end - 2, end)) ? 2 : 0;
  }
  return LETTER.test(text.charAt(end - 1)) ? 1 : 0;
}

/** The longest house number the English form reads, in digits (and its part after a "-" or "/"). */
const EN_DIGITS = 6;
/** Where the digits from `from` end, read up to one more than an English house number has. */
function digitsEnd(page: string, from: number): number {
  let k = from;
  while (k - from <= EN_DIGITS && isDigit(unitAt(page, k))) k++;
  return k;
}

/**
 * Whether an English address may start at the number at `at`, whose digits end at `end`: as the
 * pattern reads it, at most six digits, a letter, a "-" or "/" and at most six digits, a ",", each
 * but the first digits optional, then blanks and a capital.
 */
function englishNumberAt(page: string, at: number, end: number): boolean {
  if (end - at > EN_DIGITS) return false;
  let k = end;
  let c = unitAt(page, k);
  if (isAsciiLetter(c)) c = unitAt(page, ++k);
  if (c === 45 || c === 47) {
    const part = digitsEnd(page, k + 1);
    if (part === k + 1 || part - (k + 1) > EN_DIGITS) return false;
    k = part;
    c = unitAt(page, k);
  }
  if (c === 44) c = unitAt(page, ++k);
  if (!isBlank(c)) return false;
  while (isBlank(unitAt(page, k))) k++;
  const capital = unitAt(page, k);
  return capital >= 65 && capital <= 90;
}

/** Where every unit word stands (an English address may start there too), in page order. */
function unitWords(page: string): number[] {
  // One search per word: the engine's search for a string is many times faster than for a pattern.
  const units: number[] = [];
  for (const word of UNIT_WORDS)
    for (let at = page.indexOf(word); at >= 0; at = page.indexOf(word, at + 1)) units.push(at);
  return units.sort((a, b) => a - b);
}

/** The first two letters of every French street word, as one number each (see `headAt`). */
export const FR_STREET_HEADS = new Set(FR_STREET_WORDS.map((word) => headAt(word, 0)));
/** Their first letters (lowercase ASCII): most numbers are followed by another word, turned away by one read. */
const FR_STREET_FIRSTS = new Uint8Array(0x80);
for (const word of FR_STREET_WORDS) FR_STREET_FIRSTS[word.charCodeAt(0)] = 1;

/** Two units at `at` lowercased (ASCII letters only) as one number: compared without a slice. */
function headAt(text: string, at: number): number {
  return (unitAt(text, at) | 0x20) * 0x10000 + (unitAt(text, at + 1) | 0x20);
}

/** Whether `word` (lowercase ASCII) stands at `at` in any case, the long s "ſ" read as "s" (as the pattern reads it). */
function wordAt(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = unitAt(text, at + i);
    const expected = word.charCodeAt(i);
    if ((c | 0x20) !== expected && !(c === 0x17f && expected === 115)) return false;
  }
  return true;
}

/**
 * Whether a French address may start at the number at `at`, whose digits end at `end`: at most four
 * digits, then blanks and commas (and a "bis" or "ter") up to the first two letters of a street
 * word, in either case.
 */
function frenchNumberAt(page: string, at: number, end: number): boolean {
  let k = end;
  if (k - at > 4) return false;
  while (isBlank(unitAt(page, k)) || unitAt(page, k) === 44) k++;
  const suffix = unitAt(page, k) | 0x20;
  if ((suffix === 98 && wordAt(page, k, 'bis')) || (suffix === 116 && wordAt(page, k, 'ter'))) {
    k += 3;
    while (isBlank(unitAt(page, k)) || unitAt(page, k) === 44) k++;
  }
  const first = unitAt(page, k) | 0x20;
  return first >= 0 && first < 0x80 && FR_STREET_FIRSTS[first] === 1 && FR_STREET_HEADS.has(headAt(page, k));
}

/**
 * Where a German address may start before the number at `at`, added to `out` in page order: before
 * the number, blanks, a street word ending a run of letters and "-", and in that run its first unit
 * or a unit after a "-" if it is a capital (ÄÖÜ included).
 */
function germanStreetsBefore(page: string, at: number, out: number[]): void {
  let end = at;
  while (end > 0 && isBlank(page.charCodeAt(end - 1))) end--;
  if (end === at) return;
  if (longestWordEndingAt(DE_STREET_WORDS_BACKWARDS, page, end, 0) < 0) return;
  if (page.charCodeAt(end - 1) === 46) end--;
  const run: number[] = [];
  for (let k = end; ;) {
    const units = letterBefore(page, k);
    if (units === 0 && unitAt(page, k - 1) !== 45) break;
    k -= units || 1;
    const c = page.charCodeAt(k);
    const capital = (c >= 65 && c <= 90) || c === 0xc4 || c === 0xd6 || c === 0xdc;
    if (capital && (k === 0 || letterBefore(page, k) === 0)) run.push(k);
  }
  for (let r = run.length - 1; r >= 0; r--) out.push(run[r] as number);
}

/**
 * Where an address of each family may start, in one pass over the page's number starts: English
 * and French forms at a number (English ones at every unit word too), German ones before it.
 */
function candidates(page: string, starts: readonly number[]): Record<AddressFamily, number[]> {
  const en: number[] = [];
  const fr: number[] = [];
  const de: number[] = [];
  for (const at of starts) {
    const before = unitAt(page, at - 1);
    // After a letter the English and French look-behinds fail, and a German street needs a blank:
    // many numbers are in words, hashes and links.
    if (isAsciiLetter(before)) continue;
    const end = digitsEnd(page, at);
    if (englishNumberAt(page, at, end)) en.push(at);
    if (frenchNumberAt(page, at, end)) fr.push(at);
    if (isBlank(before)) germanStreetsBefore(page, at, de);
  }
  return { en: mergeAscending(en, unitWords(page)), fr, de };
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
  const families: Array<[AddressFamily, RegExp]> = [
    ['en', ADDRESS_EN],
    ['fr', ADDRESS_FR],
    ['de', ADDRESS_DE],
  ];
  const anchors = starts && candidates(page, starts);
  for (const [family, pattern] of families) {
    const matches = anchors ? matchesAt(STICKY[family], page, anchors[family]) : page.matchAll(pattern);
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
