/**
 * detectIdNumbers as it was before the fused trigger scan (issue 15): the reference the fast one is
 * pinned to. The shapes, checks and masks are the production ones (id-numbers.ts): only the
 * searches that find the candidates are compared.
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { numberStarts } from './date-parser.reference.js';
import { maskNumber } from '../../shared/matching/mask.js';
import type { PiiSpan } from '../../shared/matching/pii.detector.js';
import { mergeRanges, overlapsAny } from '../../shared/matching/intervals.js';
import {
  IBAN,
  NINO,
  NINO_NEVER,
  UK_PLATE,
  FR_PLATE,
  SSN,
  NINE_DIGITS,
  SIN_CONTEXT,
  INSEE,
  luhn,
  plausibleSsn,
  inseeKeyValid,
  maskId,
  span,
  isCapital,
  isAsciiDigit,
  isAsciiAlnum,
  CONTEXT,
  longNumberStretches,
  CARD,
} from '../../shared/matching/id-numbers.js';

/**
 * Where an IBAN, a National Insurance number or a British plate may start, in page order: two
 * capitals (no letter or digit before them), then two digits, a space or dash between allowed. The
 * two digits start a number, so only the number starts are looked at.
 */
export function capitalsThenDigits(page: string, starts: readonly number[]): number[] {
  // An array, not a generator: a page holds thousands of number starts, and a yield each costs.
  const found: number[] = [];
  for (const start of starts) {
    if (!isAsciiDigit(page.charCodeAt(start + 1))) continue;
    const before = page.charCodeAt(start - 1);
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
    const next = page.charCodeAt(end);
    // Not cut inside a word: what follows is no letter or digit.
    if (isAsciiAlnum(next)) continue;
    return { text: page.slice(at, end), iban };
  }
  return undefined;
}

/** `pattern` over every stretch, with offsets in the page. */
export function inLongNumbers(
  page: string,
  stretches: Array<[number, number]>,
  pattern: RegExp,
): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (const [from, to] of stretches) {
    const offset = Math.max(0, from - CONTEXT);
    const slice = page.slice(offset, to + CONTEXT);
    for (const m of slice.matchAll(pattern)) {
      // Only matches inside the stretch: the context is there for the lookarounds.
      if (m.index + offset < from) continue;
      m.index += offset;
      found.push(m);
    }
  }
  return found;
}

/**
 * Bank accounts, government ids, plates and payment cards of the page (the subject's own are
 * filtered by the caller, as for every category). `starts`: the first digit of every number of the
 * page, found here unless the caller has them (an ASCII page's are its light fold's).
 */
export function detectIdNumbers(page: string, starts: readonly number[] = numberStarts(page)): PiiSpan[] {
  const spans: PiiSpan[] = [];
  shapesAfterCapitals(page, spans, starts);
  const stretches = longNumberStretches(page, starts);
  for (const m of inLongNumbers(page, stretches, SSN)) {
    if (!plausibleSsn(m[1] as string, m[2] as string, m[3] as string)) continue;
    const digits = `${m[1]}${m[2]}${m[3]}`;
    spans.push(span(m.index, m[0], 'government-id', maskId('SSN', digits), `id:${digits}`));
  }
  for (const m of inLongNumbers(page, stretches, NINE_DIGITS)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.startsWith('0') || digits.startsWith('8') || !luhn(digits)) continue;
    if (!SIN_CONTEXT.test(page.slice(Math.max(0, m.index - 40), m.index))) continue;
    spans.push(span(m.index, m[0], 'government-id', maskId('SIN', digits), `id:${digits}`));
  }
  for (const m of inLongNumbers(page, stretches, INSEE)) {
    const body = `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}`;
    if (!inseeKeyValid(body, m[7] as string)) continue;
    const compact = body + (m[7] as string);
    spans.push(span(m.index, m[0], 'government-id', maskId('INSEE', compact), `id:${compact}`));
  }
  // An INSEE number or an IBAN's digits are not a card. Looked up in the spans found so far, sorted
  // (a leaked list holds as many ids as cards: comparing each card with every id would be quadratic).
  const taken = mergeRanges(spans);
  for (const m of inLongNumbers(page, stretches, CARD)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 13 || !luhn(digits) || /^(\d)\1+$/.test(digits)) continue;
    if (overlapsAny(taken, m.index, m.index + m[0].length)) continue;
    spans.push(span(m.index, m[0], 'card', maskNumber(digits), `card:${digits}`));
  }
  return spans;
}
