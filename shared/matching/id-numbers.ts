/**
 * Other people's identity numbers on a page: bank accounts (IBAN), payment cards, government ids
 * (US SSN, UK National Insurance number, Canadian SIN, French INSEE/NIR) and licence plates. Each is
 * found by its shape and kept only when its own check confirms it (IBAN mod 97 with the country's
 * length, card and SIN Luhn, INSEE key) or, where the shape alone is common, when a label says what
 * it is.
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { unitAt } from './anchored-search.js';
import { numberStarts } from './date.parser.js';
import { maskNumber } from './mask.js';
import type { PiiSpan } from './pii.detector.js';
import { mergeRanges, overlapsAny } from './intervals.js';

/** Up to 34 characters in groups of four (or none), as IBANs are printed. */
export const IBAN = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}/y;
/** HMRC: no D, F, I, Q, U or V in the prefix, no O second; suffix A to D. */
export const NINO =
  /([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])/y;
export const NINO_NEVER = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
/** Current British plates: two letters, two digits, three letters (no I, Q or Z in most places). */
export const UK_PLATE = /[A-HJ-PR-Y]{2}\d{2} ?[A-HJ-PR-Z]{3}(?![A-Za-z0-9])/y;
/** French SIV plates: AB-123-CD, without I, O or U. */
export const FR_PLATE = /[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}(?![A-Za-z0-9-])/y;

export const SSN = /(?<!\d)(\d{3})-(\d{2})-(\d{4})(?!\d)/g;
/** Nine digits, in threes or not: a SIN only with a label before it and a valid Luhn sum. */
export const NINE_DIGITS = /(?<![\d-])\d{3}([ -]?)\d{3}\1\d{3}(?!\d|[ -]\d)/g;
export const SIN_CONTEXT =
  /(?:\bS\.?I\.?N\b|social[ \t]+insurance|assurance[ \t]+sociale|\bNAS\b)[^\n\d]{0,25}$/i;
/** INSEE/NIR: sex, year, month, department (2A/2B in Corsica), commune, order, key. */
export const INSEE =
  /(?<!\d)([12]) ?(\d{2}) ?(0[1-9]|1[0-2]|[2-9]\d) ?(\d{2}|2[AB]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?![\d])/g;

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Presidio's rules for SSN-like numbers: no all-zero group, no 000/666/9xx area, no one-digit runs. */
export function plausibleSsn(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000')
    return false;
  return !/^(\d)\1+$/.test(area + group + serial);
}

/** The NIR key: 97 minus the first 13 digits modulo 97 (Corsica's 2A and 2B count as 19 and 18). */
export function inseeKeyValid(body: string, key: string): boolean {
  const digits = body.replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(digits) % 97n) === Number(key);
}

/** Masks keeping the last two characters, after the name of the document. */
export const maskId = (label: string, compact: string): string =>
  `${label} ${'*'.repeat(Math.max(0, compact.length - 2))}${compact.slice(-2)}`;

export function span(start: number, text: string, category: string, masked: string, key: string): PiiSpan {
  return { start, end: start + text.length, category, masked, key };
}

export const isCapital = (c: number): boolean => c >= 65 && c <= 90;
export const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isAsciiAlnum = (c: number): boolean => isCapital(c) || (c >= 97 && c <= 122) || isAsciiDigit(c);

/**
 * Where an IBAN, a National Insurance number or a British plate may start, in page order: two
 * capitals (no letter or digit before them), then two digits, a space or dash between allowed. The
 * two digits start a number, so only the number starts are looked at.
 */
export function capitalsThenDigits(page: string, starts: readonly number[]): number[] {
  // An array, not a generator: a page holds thousands of number starts, and a yield each costs.
  const found: number[] = [];
  for (const start of starts) {
    if (!isAsciiDigit(unitAt(page, start + 1))) continue;
    const before = unitAt(page, start - 1);
    const at = before === 32 || before === 45 ? start - 3 : start - 2;
    if (at < 0 || !isCapital(page.charCodeAt(at)) || !isCapital(page.charCodeAt(at + 1))) continue;
    if (at > 0 && isAsciiAlnum(page.charCodeAt(at - 1))) continue;
    found.push(at);
  }
  return found;
}

/** IBANs, National Insurance numbers and plates; `starts` are the page's number starts. */
function shapesAfterCapitals(page: string, spans: PiiSpan[], starts: readonly number[]): void {
  // No candidate starts inside another, so skipping what a shape covered is what moving a search
  // past it would do.
  let resume = 0;
  for (const at of capitalsThenDigits(page, starts)) {
    if (at < resume) continue;
    IBAN.lastIndex = at;
    const iban = IBAN.exec(page);
    if (iban) {
      // The printed run may go on into the next word; the country's length says where it ends.
      const compact = electronicFormatIBAN(iban[0]) ?? '';
      const found = ibanPrefix(page, at, compact);
      if (found) {
        spans.push(
          span(
            at,
            found.text,
            'iban',
            maskId(`IBAN ${found.iban.slice(0, 2)}`, found.iban.slice(2)),
            `iban:${found.iban}`,
          ),
        );
        resume = at + found.text.length;
        continue;
      }
    }
    NINO.lastIndex = at;
    const nino = NINO.exec(page);
    if (nino && !NINO_NEVER.has(nino[1] as string)) {
      const compact = nino[0].replace(/ /g, '');
      spans.push(span(at, nino[0], 'government-id', maskId('NINo', compact), `id:${compact}`));
      resume = at + nino[0].length;
      continue;
    }
    for (const [shape, format] of [
      [UK_PLATE, 'UK format'],
      [FR_PLATE, 'French format'],
    ] as const) {
      shape.lastIndex = at;
      const plate = shape.exec(page);
      if (!plate) continue;
      const compact = plate[0].replace(/[ -]/g, '');
      spans.push(span(at, plate[0], 'licence-plate', `licence plate (${format})`, `plate:${compact}`));
      resume = at + plate[0].length;
      break;
    }
  }
}

/** The longest valid IBAN that the printed run starting at `at` begins with. */
function ibanPrefix(page: string, at: number, compact: string): { text: string; iban: string } | undefined {
  for (let length = Math.min(34, compact.length); length >= 15; length--) {
    const iban = compact.slice(0, length);
    if (!isValidIBAN(iban)) continue;
    // Walk the page to where the `length`-th character of the run ends.
    let seen = 0;
    let end = at;
    while (seen < length) if (page.charCodeAt(end++) !== 32) seen++;
    const next = unitAt(page, end);
    // Not cut inside a word: what follows is no letter or digit.
    if (isAsciiAlnum(next)) continue;
    return { text: page.slice(at, end), iban };
  }
  return undefined;
}

const SHORTEST_LONG_NUMBER = 9;
export const CONTEXT = 2;

/** `pattern` (global) over every stretch, with offsets in the page. */
export function inLongNumbers(
  page: string,
  stretches: ReadonlyArray<readonly [number, number]>,
  pattern: RegExp,
): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (const [from, to] of stretches) {
    const offset = Math.max(0, from - CONTEXT);
    const slice = page.slice(offset, to + CONTEXT);
    // exec() and not matchAll(): matchAll copies the pattern for every stretch.
    pattern.lastIndex = 0;
    for (let m = pattern.exec(slice); m; m = pattern.exec(slice)) {
      // Only matches inside the stretch: the context is there for the lookarounds.
      if (m.index + offset < from) continue;
      m.index += offset;
      found.push(m);
    }
  }
  return found;
}

/**
 * The stretches each number pattern can match in, by the digits it holds (and the "-" of an SSN):
 * a match lies inside its stretch (it ends in a digit, and the stretch runs to the last digit of
 * its run of stretch units), so a stretch with fewer digits is not searched.
 */
function byDigits(
  page: string,
  stretches: Array<[number, number]>,
): Record<'ssn' | 'nine' | 'insee' | 'card', Array<[number, number]>> {
  const out = {
    ssn: [] as Array<[number, number]>,
    nine: [] as Array<[number, number]>,
    insee: [] as Array<[number, number]>,
    card: [] as Array<[number, number]>,
  };
  for (const stretch of stretches) {
    let digits = 0;
    let dash = false;
    for (let k = stretch[0]; k < stretch[1]; k++) {
      const c = page.charCodeAt(k);
      if (isAsciiDigit(c)) digits++;
      else if (c === 45) dash = true;
    }
    if (digits < 9) continue;
    out.nine.push(stretch);
    if (dash) out.ssn.push(stretch);
    // A card has 13 digits at least; an INSEE number 15, or 14 and the A or B of Corsica.
    if (digits >= 13) out.card.push(stretch);
    if (digits >= 14) out.insee.push(stretch);
  }
  return out;
}

/**
 * Stretches of the page that can hold a long number: at least nine digits, spaces and dashes (and
 * the A and B of Corsican INSEE numbers), from a digit to a digit. SSNs, SINs, INSEE and card numbers
 * are made of nothing else, so their patterns run on these stretches only (with two units of
 * context each side, all their lookarounds read) instead of each over the whole page.
 */
export function longNumberStretches(page: string, starts: readonly number[]): Array<[number, number]> {
  const stretches: Array<[number, number]> = [];
  // From a number start over digits, spaces, dashes, A and B, then back to its last digit, read in
  // code (a pattern ending in a digit would backtrack over all of it, and overflow on megabytes of
  // digits).
  let next = 0;
  for (const start of starts) {
    if (start < next) continue;
    let end = start + 1;
    while (end < page.length && inStretch(page.charCodeAt(end))) end++;
    next = end;
    while (!isAsciiDigit(page.charCodeAt(end - 1))) end--;
    if (end - start >= SHORTEST_LONG_NUMBER) stretches.push([start, end]);
  }
  return stretches;
}

/** Digits, space, "-", "A" and "B". */
const inStretch = (c: number): boolean => isAsciiDigit(c) || c === 32 || c === 45 || c === 65 || c === 66;

export const CARD = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;

/**
 * Bank accounts, government ids, plates and payment cards of the page (the subject's own are
 * filtered by the caller, as for every category). `starts`: the first digit of every number of the
 * page, found here unless the caller has them (an ASCII page's are its light fold's).
 */
export function detectIdNumbers(page: string, starts: readonly number[] = numberStarts(page)): PiiSpan[] {
  const spans: PiiSpan[] = [];
  shapesAfterCapitals(page, spans, starts);
  const stretches = byDigits(page, longNumberStretches(page, starts));
  for (const m of inLongNumbers(page, stretches.ssn, SSN)) {
    if (!plausibleSsn(m[1] as string, m[2] as string, m[3] as string)) continue;
    const digits = `${m[1]}${m[2]}${m[3]}`;
    spans.push(span(m.index, m[0], 'government-id', maskId('SSN', digits), `id:${digits}`));
  }
  for (const m of inLongNumbers(page, stretches.nine, NINE_DIGITS)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.startsWith('0') || digits.startsWith('8') || !luhn(digits)) continue;
    if (!SIN_CONTEXT.test(page.slice(Math.max(0, m.index - 40), m.index))) continue;
    spans.push(span(m.index, m[0], 'government-id', maskId('SIN', digits), `id:${digits}`));
  }
  for (const m of inLongNumbers(page, stretches.insee, INSEE)) {
    const body = `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}`;
    if (!inseeKeyValid(body, m[7] as string)) continue;
    const compact = body + (m[7] as string);
    spans.push(span(m.index, m[0], 'government-id', maskId('INSEE', compact), `id:${compact}`));
  }
  // An INSEE number or an IBAN's digits are not a card. Looked up in the spans found so far, sorted
  // (a leaked list holds as many ids as cards: comparing each card with every id would be quadratic).
  const taken = mergeRanges(spans);
  for (const m of inLongNumbers(page, stretches.card, CARD)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 13 || !luhn(digits) || /^(\d)\1+$/.test(digits)) continue;
    if (overlapsAny(taken, m.index, m.index + m[0].length)) continue;
    spans.push(span(m.index, m[0], 'card', maskNumber(digits), `card:${digits}`));
  }
  return spans;
}
