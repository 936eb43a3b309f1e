/**
 * streetAddresses as it was before the fused trigger scan (issue 15): the reference the fast one is
 * pinned to. The patterns and word tables are the production ones (street-addresses.ts): only the
 * search for where a match may start is compared. `reference` runs the plain global searches
 * instead, for the test that pins the anchored search to them.
 */
import { matchesAt, mergeAscending } from '../../shared/matching/anchored-search.js';
import { longestWordEndingAt } from '../../shared/matching/date.parser.js';
import {
  UNIT_WORDS,
  ADDRESS_EN,
  ADDRESS_FR,
  ADDRESS_DE,
  STICKY,
  DE_STREET_WORDS_BACKWARDS,
  isDigit,
  isBlank,
  isAsciiLetter,
  letterBefore,
  FR_STREET_HEADS,
} from '../../shared/matching/street-addresses.js';
import type { AddressFamily } from '../../shared/matching/street-addresses.js';

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
    if (longestWordEndingAt(DE_STREET_WORDS_BACKWARDS, page, end, 0) < 0) continue;
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
