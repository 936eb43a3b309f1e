/**
 * Other people's personal data on a page: e-mails, phone numbers, IP addresses, dates of birth,
 * street addresses, names and plates in labelled dox fields, and (id-numbers.ts) bank accounts,
 * cards, government ids and plates by their shape. Each is found with a cheap pattern, confirmed by
 * a validator where one exists (libphonenumber, Luhn, mod 97, octet ranges), and carried as a span
 * so snippets can mask it in place.
 */
import { datesOf, numberStarts } from './date.parser.js';
import { detectIdNumbers } from './id-numbers.js';
import { maskAddress, maskDate, maskEmail, maskIp, maskName, maskPhone } from './mask.js';
import { phoneKey } from './phone-key.js';
import type { TextView } from './text.views.js';
import { mergeRanges, overlapsAny } from './intervals.js';
import { matchesAt, unitAt } from './anchored-search.js';
import { addressFormat, streetAddresses } from './street-addresses.js';
import {
  BIRTH_CONTEXT,
  DATE_THEN_HOUR,
  EMAIL_DOMAIN,
  HEX_OR_COLON,
  IPV4,
  IPV4_AT,
  IPV6,
  IPV6_HINT,
  IPV6_LONGEST,
  LABELLED_NAME,
  LABELLED_PLATE,
  LABEL_ENDS,
  LABEL_REACH,
  LABEL_START,
  LETTER,
  MAILBOX_CHAR,
  NOT_BEFORE_PHONE,
  PHONE_CANDIDATE,
  PHONE_CANDIDATE_AT,
  PHONE_CONTEXT,
  WORD_OR_COLON,
  isHex,
} from './pii.patterns.js';

export interface PiiSpan {
  start: number;
  end: number;
  category: string;
  masked: string;
  /** A normalised value for de-duplication and for recognising the subject's own data. */
  key: string;
}

/** MAILBOX_CHAR for each ASCII unit: a mailbox is read back from its "@" unit by unit. */
const MAILBOX_ASCII = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) MAILBOX_ASCII[c] = MAILBOX_CHAR.test(String.fromCharCode(c)) ? 1 : 0;
/** Whether the unit at `at` may be part of a mailbox (a lone surrogate half is no letter). */
function isMailboxUnit(page: string, at: number): boolean {
  const c = page.charCodeAt(at);
  return c < 0x80 ? MAILBOX_ASCII[c] === 1 : MAILBOX_CHAR.test(page.charAt(at));
}

/** Where IPV6_HINT matches at or after `from`: [index, end], or undefined. `reference` runs the regex. */
function nextHint(page: string, from: number, reference: boolean): [number, number] | undefined {
  if (reference) {
    IPV6_HINT.lastIndex = from;
    const m = IPV6_HINT.exec(page);
    return m ? [m.index, m.index + m[0].length] : undefined;
  }
  // From each ":" (found by the engine's fast search for one unit): at most four hex digits, ":".
  for (let at = page.indexOf(':', from); at >= 0; at = page.indexOf(':', at + 1)) {
    let k = at + 1;
    while (k - at <= 5 && isHex(unitAt(page, k))) k++;
    if (k - at <= 5 && unitAt(page, k) === 58) return [at, k + 1];
  }
  return undefined;
}

function ipv6Candidates(page: string, reference = false): Array<{ 0: string; index: number }> {
  const out: Array<{ 0: string; index: number }> = [];
  let from = 0;
  for (let hint = nextHint(page, 0, reference); hint; hint = nextHint(page, from, reference)) {
    let [start, end] = hint;
    while (start > 0 && HEX_OR_COLON.test(page.charAt(start - 1)) && end - start <= IPV6_LONGEST) start--;
    while (end < page.length && HEX_OR_COLON.test(page.charAt(end)) && end - start <= IPV6_LONGEST) end++;
    from = end;
    if (end - start > IPV6_LONGEST) {
      // Too long to be one address; skip the rest of the stretch.
      while (end < page.length && HEX_OR_COLON.test(page.charAt(end))) end++;
      from = end;
      continue;
    }
    if (start > 0 && WORD_OR_COLON.test(page.charAt(start - 1))) continue;
    if (end < page.length && WORD_OR_COLON.test(page.charAt(end))) continue;
    const text = page.slice(start, end);
    if (IPV6.test(text)) out.push({ 0: text, index: start });
  }
  return out;
}
/** The last letters of the words of BIRTH_CONTEXT and PHONE_CONTEXT ("geb." ends in "b" before its "."). */
const BIRTH_WORD_ENDS = 'bnhyge';
const PHONE_WORD_ENDS = 'elbgtpryoxs';

/**
 * Whether the last word unit (\w, as the context patterns read it) of text[from, to) is one of
 * `letters` in either case: the context patterns end in a word and then non-word units only, so
 * most contexts are turned away here without running them.
 */
function lastWordUnitIn(text: string, from: number, to: number, letters: string): boolean {
  for (let k = to - 1; k >= from; k--) {
    const c = text.charCodeAt(k);
    const lower = c | 0x20;
    if (lower >= 97 && lower <= 122) return letters.includes(String.fromCharCode(lower));
    if ((c >= 48 && c <= 57) || c === 95) return false;
  }
  return false;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;

/**
 * Every ":" and "=" of the page, in page order. Two searches for one unit each (the engine's fastest
 * search) merged, rather than a pattern tried at every position: most ":" are in times.
 */
function separators(page: string): number[] {
  const out: number[] = [];
  let colon = page.indexOf(':');
  let equals = page.indexOf('=');
  while (colon >= 0 || equals >= 0) {
    if (equals < 0 || (colon >= 0 && colon < equals)) {
      out.push(colon);
      colon = page.indexOf(':', colon + 1);
    } else {
      out.push(equals);
      equals = page.indexOf('=', equals + 1);
    }
  }
  return out;
}

/** LETTER for the unit at `at`, ASCII read without the pattern. */
function isLetterUnit(page: string, at: number): boolean {
  const c = page.charCodeAt(at);
  return c < 0x80 ? (c | 0x20) >= 97 && (c | 0x20) <= 122 : LETTER.test(page.charAt(at));
}

/**
 * Whether the word before `end` (a bracketed note of up to 20 units and blanks skipped, and the "."
 * of "no.") can end a label: a separator after any other word is no field, and LABEL_START need not
 * look before it. `end` is just past the last non-blank unit before the separator.
 */
function labelMayEndAt(page: string, end: number): boolean {
  let at = end;
  if (page.charCodeAt(at - 1) === 41) {
    // ")": the note's "(" comes at most 21 units earlier, on the same line.
    let open = at - 2;
    while (open >= 0 && at - 1 - open <= 21 && page.charCodeAt(open) !== 40) {
      const c = page.charCodeAt(open);
      if (c === 10 || c === 41) return false;
      open--;
    }
    if (open < 0 || at - 1 - open > 21) return false;
    at = open;
    while (at > 0 && isBlank(page.charCodeAt(at - 1))) at--;
  }
  if (unitAt(page, at - 1) === 46) at--;
  let start = at;
  while (start > 0 && at - start < 16 && isLetterUnit(page, start - 1)) start--;
  return start < at && LABEL_ENDS.has(page.slice(start, at).toLowerCase());
}

/**
 * Names and plates in labelled fields ("Mother: Ana Ruiz", "Plate: KA 4711"), as a search of
 * LABELLED_NAME and LABELLED_PLATE over the page would find them. Every such field has a ":" or "=",
 * which the engine finds fast; labels are then looked for just before it, leftmost first, instead of
 * trying the list of labels at every position of the page. A ":" inside a bracketed note ("Mum
 * (name: x): Eva Ruiz") finds the label before the note.
 */
export function labelledFields(
  page: string,
  /** Off only in the test that pins the shortcut to the full search. */
  shortcut = true,
): Array<{ field: 'name' | 'plate'; m: RegExpExecArray }> {
  const found: Array<{ field: 'name' | 'plate'; m: RegExpExecArray }> = [];
  let lastEnd = 0;
  for (const at of separators(page)) {
    if (at < lastEnd) continue;
    let end = at;
    while (end > lastEnd && isBlank(page.charCodeAt(end - 1))) end--;
    // Every label ends in an ASCII letter, the "." of "Reg no.", or the ")" of a note: a ":" after
    // a digit (a time) or after another separator is no field, and is passed over without a search.
    const before = unitAt(page, end - 1) | 0x20;
    if (!((before >= 97 && before <= 122) || before === 41 || before === 46)) continue;
    if (shortcut && !labelMayEndAt(page, end)) continue;
    const from = Math.max(lastEnd, end - LABEL_REACH);
    for (const label of page.slice(from, end).matchAll(LABEL_START)) {
      // The slice may start inside a word; the page itself tells whether a label starts there.
      let field: 'name' | 'plate' = 'name';
      LABELLED_NAME.lastIndex = from + label.index;
      let m = LABELLED_NAME.exec(page);
      if (!m) {
        field = 'plate';
        LABELLED_PLATE.lastIndex = from + label.index;
        m = LABELLED_PLATE.exec(page);
      }
      if (!m) continue;
      found.push({ field, m });
      lastEnd = m.index + m[0].length;
      break;
    }
  }
  return found;
}

/**
 * Whether an IPv4 address may start at the number at `at`: at most three digits, then a ".".
 * `next`: the unit after its first digit, which decides most (a letter, a blank, a ":").
 */
function ipv4At(page: string, at: number, next: number): boolean {
  let k = at + 1;
  let c = next;
  while (c >= 48 && c <= 57 && k - at <= 3) c = unitAt(page, ++k);
  return c === 46 && k - at <= 3;
}

/** The fewest digits a phone number has (the detector drops candidates with fewer). */
const PHONE_DIGITS = 7;

/** The ASCII digits of a candidate, counted without building the string of them. */
function asciiDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits;
}

/**
 * Whether the units from `from` that a phone candidate can be made of hold seven digits: digits,
 * "+", "(" and ")", and a blank, ".", "-" or "/" before a digit or a "(" (in a candidate, nothing
 * else follows one). Any candidate from `from` lies in that stretch, and so does any from a later
 * position in it: when the stretch has fewer digits, none of them is kept, and skipping them all
 * leaves the others as they were.
 */
function phoneDigitsAhead(text: string, from: number): boolean {
  let digits = 0;
  for (let k = from; ; k++) {
    const c = unitAt(text, k);
    if (c >= 48 && c <= 57) {
      if (++digits === PHONE_DIGITS) return true;
    } else if (c === 32 || c === 46 || c === 45 || c === 47) {
      const next = unitAt(text, k + 1);
      if (!((next >= 48 && next <= 57) || next === 40)) return false;
    } else if (c !== 40 && c !== 41 && c !== 43) return false;
  }
}

/**
 * Where a phone candidate with enough digits may start at the number at `at`, added to `out`: a "+"
 * or "(" right before it, or the number if it has two digits or more. `next`: the unit after its
 * first digit.
 */
function phoneStartsAt(text: string, at: number, next: number, out: number[]): void {
  const before = unitAt(text, at - 1);
  const number =
    next >= 48 && next <= 57 && !(before >= 0 && before < 0x80 && NOT_BEFORE_PHONE[before] === 1);
  const mark = before === 43 || before === 40;
  if (!(number || mark) || !phoneDigitsAhead(text, at)) return;
  if (mark) out.push(at - 1);
  if (number) out.push(at);
}

/**
 * Where an IPv4 address (on the page) and a phone candidate (on its light fold) may start. An ASCII
 * page's light fold is the page lowercased, the same digits and marks at the same offsets: one pass
 * over its number starts serves both.
 */
function numberAnchors(
  page: string,
  pageStarts: readonly number[],
  light: TextView['light'],
  lightStarts: readonly number[],
): { ipv4: number[]; phone: number[] } {
  const ipv4: number[] = [];
  const phone: number[] = [];
  const shared = light.ascii === true;
  for (const at of pageStarts) {
    const next = unitAt(page, at + 1);
    if (ipv4At(page, at, next)) ipv4.push(at);
    if (shared) phoneStartsAt(page, at, next, phone);
  }
  if (!shared) for (const at of lightStarts) phoneStartsAt(light.text, at, unitAt(light.text, at + 1), phone);
  return { ipv4, phone };
}

const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The number starts of a page that is not all ASCII, read from those of its light fold: the fold
 * writes each ASCII unit of the page as one unit mapped to its offset, so every ASCII digit of the
 * page is a digit of the fold, and the page tells which of them start a number (a digit of the fold
 * may come from another unit, and a dropped mark may join two numbers in the fold). Cheaper than a
 * second search of the page, a two-byte string.
 */
function pageStartsFromLight(
  page: string,
  light: TextView['light'],
  lightStarts: readonly number[],
): number[] {
  const out: number[] = [];
  const text = light.text;
  for (const from of lightStarts) {
    for (let k = from; k < text.length && isAsciiDigit(text.charCodeAt(k)); k++) {
      const at = light.starts[k] as number;
      if (!isAsciiDigit(page.charCodeAt(at)) || (at > 0 && isAsciiDigit(page.charCodeAt(at - 1)))) continue;
      // Units of one page unit folded to several share its offset.
      if (out.length === 0 || (out[out.length - 1] as number) < at) out.push(at);
    }
  }
  return out;
}

/**
 * Every piece of personal data on the page (the subject's own included: the caller filters). The
 * patterns that start at a number (IP addresses, phone candidates, street addresses) are tried at
 * the page's number starts only, and IPv6 at its ":"; `anchored` off runs each over the whole
 * page, for the test that pins the anchored searches to those.
 */
export function detectPii(page: string, plain: TextView, region?: string, anchored = true): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const light = plain.light;
  // An ASCII page and its light fold share their offsets, and so their number starts.
  const lightStarts = numberStarts(light.text);
  const pageStarts = light.ascii ? lightStarts : pageStartsFromLight(page, light, lightStarts);
  // Anchored on "@": scanning every position for a mailbox would cost more than the rest together.
  for (let at = page.indexOf('@'); at >= 0; at = page.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && isMailboxUnit(page, start - 1)) start--;
    if (start === at) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(page);
    if (!domain) continue;
    const email = page.slice(start, at + 1 + domain[0].length);
    spans.push({
      start,
      end: start + email.length,
      category: 'email',
      masked: maskEmail(email),
      key: `email:${email.toLowerCase()}`,
    });
  }
  const anchors = numberAnchors(page, pageStarts, light, lightStarts);
  for (const m of anchored ? matchesAt(IPV4_AT, page, anchors.ipv4) : page.matchAll(IPV4)) {
    spans.push({
      start: m.index,
      end: m.index + m[0].length,
      category: 'ip',
      masked: maskIp(m[0]),
      key: `ip:${m[0]}`,
    });
  }
  for (const m of ipv6Candidates(page, !anchored)) {
    const groups = m[0].split(':');
    const compressed = m[0].includes('::');
    if (groups.length > 8 || (!compressed && groups.length !== 8) || m[0].includes(':::')) continue;
    if (groups.filter((g) => g.length > 0).length < 3 || (!/[a-f]/i.test(m[0]) && !compressed)) continue;
    spans.push({
      start: m.index,
      end: m.index + m[0].length,
      category: 'ip',
      masked: maskIp(m[0]),
      key: `ip:${m[0].toLowerCase()}`,
    });
  }
  const ids = detectIdNumbers(page, pageStarts);
  // One by one: a page of digit groups holds more ids than a call may take arguments.
  for (const id of ids) spans.push(id);
  const idRanges = mergeRanges(ids);
  // Only digit-dense candidates reach libphonenumber (it is slow on long text): grouped digits,
  // or an ungrouped run next to a word like "phone".
  const phones = anchored
    ? matchesAt(PHONE_CANDIDATE_AT, light.text, anchors.phone)
    : light.text.matchAll(PHONE_CANDIDATE);
  for (const m of phones) {
    const candidate = m[0];
    const digits = asciiDigits(candidate);
    if (digits < PHONE_DIGITS || digits > 15) continue;
    if (/^\d{1,4}([./-])\d{1,2}\1\d{2,4}$/.test(candidate)) continue; // a date
    const after = unitAt(light.text, m.index + candidate.length);
    if ((after === 58 || after === 104) && DATE_THEN_HOUR.test(candidate)) continue; // "2023-09-22 22:14"
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(candidate)) continue; // an IP address
    const start = light.starts[m.index] as number;
    const end = light.ends[m.index + candidate.length - 1] as number;
    const grouped = /[\s\-.()/]/.test(candidate) || candidate.startsWith('+');
    if (!grouped) {
      const from = Math.max(0, start - 40);
      if (!lastWordUnitIn(page, from, start, PHONE_WORD_ENDS)) continue;
      if (!PHONE_CONTEXT.test(page.slice(from, start))) continue;
    }
    if (overlapsAny(idRanges, start, end)) continue; // a government id or an account in groups of digits
    const key = phoneKey(candidate, region);
    if (!key) continue;
    spans.push({ start, end, category: 'phone', masked: maskPhone(key), key: `phone:${key}` });
  }
  for (const found of datesOf(light)) {
    const from = Math.max(0, found.from - 40);
    if (!lastWordUnitIn(light.text, from, found.from, BIRTH_WORD_ENDS)) continue;
    if (!BIRTH_CONTEXT.test(light.text.slice(from, found.from))) continue;
    const start = light.starts[found.from] as number;
    const end = light.ends[found.to - 1] as number;
    const r = found.readings[0];
    const key = found.readings.map((x) => `${x.year}-${x.month}-${x.day}`).join('|');
    if (!r) continue;
    spans.push({ start, end, category: 'dob', masked: maskDate(page.slice(start, end)), key: `dob:${key}` });
  }
  for (const { index, text, family } of streetAddresses(page, anchored ? pageStarts : undefined)) {
    spans.push({
      start: index,
      end: index + text.length,
      category: 'address',
      masked: maskAddress(addressFormat(text, family)),
      key: `address:${text.toLowerCase().replace(/\W+/g, ' ')}`,
    });
  }
  const idKeys = new Set(ids.map((s) => s.key));
  for (const { field, m } of labelledFields(page)) {
    const value = m[1] as string;
    const start = m.index + m[0].length - value.length;
    if (field === 'plate') {
      // The label is matched case-insensitively; plates are written in capitals.
      const compact = value.replace(/[ -]/g, '');
      if (/\p{Ll}/u.test(value) || idKeys.has(`plate:${compact}`)) continue;
      spans.push({
        start,
        end: start + value.length,
        category: 'licence-plate',
        masked: 'licence plate (labelled)',
        key: `plate:${compact}`,
      });
      continue;
    }
    // The label is matched case-insensitively; the name itself must be capitalised like a name.
    if (!value.split(/[ \t]+/).every((w) => /^\p{Lu}/u.test(w))) continue;
    spans.push({
      start,
      end: start + value.length,
      category: 'name',
      masked: maskName(value),
      key: `name:${value.toLowerCase()}`,
    });
  }
  return spans;
}
