/**
 * detectPii as it was before the fused trigger scan (issue 15), kept as the reference the fast
 * detector is pinned to on random and hostile text. The patterns (pii.patterns.ts), masks and
 * validators are the production ones: only the searches around them are compared.
 */
import { datesOf, numberStarts } from './date-parser.reference.js';
import { detectIdNumbers } from './id-numbers.reference.js';
import { maskAddress, maskDate, maskEmail, maskName, maskPhone } from '../../shared/matching/mask.js';
import { phoneKey } from '../../shared/matching/phone-key.js';
import type { PiiSpan } from '../../shared/matching/pii.detector.js';
import type { TextView } from '../../shared/matching/text.views.js';
import { mergeRanges, overlapsAny } from '../../shared/matching/intervals.js';
import { matchesAt } from '../../shared/matching/anchored-search.js';
import { addressFormat } from '../../shared/matching/street-addresses.js';
import { streetAddresses } from './street-addresses.reference.js';
import {
  MAILBOX_CHAR,
  EMAIL_DOMAIN,
  IPV4,
  IPV4_AT,
  IPV6,
  IPV6_HINT,
  HEX_OR_COLON,
  WORD_OR_COLON,
  IPV6_LONGEST,
  isHex,
  PHONE_CANDIDATE,
  PHONE_CANDIDATE_AT,
  DATE_THEN_HOUR,
  BIRTH_CONTEXT,
  PHONE_CONTEXT,
  LABEL_START,
  LABELLED_NAME,
  LABELLED_PLATE,
  LABEL_REACH,
  LABEL_ENDS,
  LETTER,
  NOT_BEFORE_PHONE,
} from '../../shared/matching/pii.patterns.js';

/** The IP mask as it was: split into groups. */
function maskIp(ip: string): string {
  if (ip.includes(':')) {
    const groups = ip.split(':');
    return `${groups.slice(0, 2).join(':')}:****:****`;
  }
  const octets = ip.split('.');
  return `${octets[0]}.${octets[1]}.***.***`;
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
    while (k - at <= 5 && isHex(page.charCodeAt(k))) k++;
    if (k - at <= 5 && page.charCodeAt(k) === 58) return [at, k + 1];
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

const isBlank = (c: number): boolean => c === 32 || c === 9;
const SEPARATOR = /[:=]/g;

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
  if (page.charCodeAt(at - 1) === 46) at--;
  let start = at;
  while (start > 0 && at - start < 16 && LETTER.test(page.charAt(start - 1))) start--;
  return start < at && LABEL_ENDS.has(page.slice(start, at).toLowerCase());
}

/**
 * Names and plates in labelled fields ("Mother: Ana Ruiz", "Plate: KA 4711"), as a search of
 * LABELLED_NAME and LABELLED_PLATE over the page would find them. Every such field has a ":" or "=",
 * which the engine finds fast; labels are then looked for just before it, leftmost first, instead of
 * trying the list of labels at every position of the page. A ":" inside a bracketed note ("Mum
 * (name: x): Eva Ruiz") finds the label before the note.
 */
function labelledFields(
  page: string,
  /** Off only in the test that pins the shortcut to the full search. */
  shortcut = true,
): Array<{ field: 'name' | 'plate'; m: RegExpExecArray }> {
  const found: Array<{ field: 'name' | 'plate'; m: RegExpExecArray }> = [];
  let lastEnd = 0;
  // test() and not matchAll(): no match object per separator (times put two on every timestamp).
  SEPARATOR.lastIndex = 0;
  while (SEPARATOR.test(page)) {
    const at = SEPARATOR.lastIndex - 1;
    if (at < lastEnd) continue;
    let end = at;
    while (end > lastEnd && isBlank(page.charCodeAt(end - 1))) end--;
    // Every label ends in an ASCII letter, the "." of "Reg no.", or the ")" of a note: a ":" after
    // a digit (a time) or after another separator is no field, and is passed over without a search.
    const before = page.charCodeAt(end - 1) | 0x20;
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

/** Where an IPv4 address may start: a number of at most three digits, then a ".". */
function ipv4Starts(page: string, starts: readonly number[]): number[] {
  return starts.filter((at) => {
    let k = at;
    while (k - at <= 3 && page.charCodeAt(k) >= 48 && page.charCodeAt(k) <= 57) k++;
    return k - at <= 3 && page.charCodeAt(k) === 46;
  });
}

/** Where a phone candidate may start: a "+" or "(" right before a number, or a number of two digits or more. */
function phoneStarts(text: string, starts: readonly number[]): number[] {
  const out: number[] = [];
  for (const at of starts) {
    const before = text.charCodeAt(at - 1);
    if (before === 43 || before === 40) out.push(at - 1);
    const next = text.charCodeAt(at + 1);
    if (next < 48 || next > 57 || NOT_BEFORE_PHONE[before] === 1) continue;
    out.push(at);
  }
  return out;
}

/**
 * Every piece of personal data on the page (the subject's own included: the caller filters). The
 * patterns that start at a number (IP addresses, phone candidates, street addresses) are tried at
 * the page's number starts only, and IPv6 at its ":"; `anchored` off runs each over the whole
 * page, for the test that pins the anchored searches to those.
 */
export function detectPiiReference(
  page: string,
  plain: TextView,
  region?: string,
  anchored = true,
): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const light = plain.light;
  // An ASCII page and its light fold share their offsets, and so their number starts.
  const lightStarts = numberStarts(light.text);
  const pageStarts = light.ascii ? lightStarts : numberStarts(page);
  // Anchored on "@": scanning every position for a mailbox would cost more than the rest together.
  for (let at = page.indexOf('@'); at >= 0; at = page.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && MAILBOX_CHAR.test(page[start - 1] as string)) start--;
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
  for (const m of anchored ? matchesAt(IPV4_AT, page, ipv4Starts(page, pageStarts)) : page.matchAll(IPV4)) {
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
    ? matchesAt(PHONE_CANDIDATE_AT, light.text, phoneStarts(light.text, lightStarts))
    : light.text.matchAll(PHONE_CANDIDATE);
  for (const m of phones) {
    const candidate = m[0];
    const digits = candidate.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    if (/^\d{1,4}([./-])\d{1,2}\1\d{2,4}$/.test(candidate)) continue; // a date
    const after = light.text.charAt(m.index + candidate.length);
    if ((after === ':' || after === 'h') && DATE_THEN_HOUR.test(candidate)) continue; // "2023-09-22 22:14"
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(candidate)) continue; // an IP address
    const start = light.starts[m.index] as number;
    const end = light.ends[m.index + candidate.length - 1] as number;
    const grouped = /[\s\-.()/]/.test(candidate) || candidate.startsWith('+');
    if (!grouped && !PHONE_CONTEXT.test(page.slice(Math.max(0, start - 40), start))) continue;
    if (overlapsAny(idRanges, start, end)) continue; // a government id or an account in groups of digits
    const key = phoneKey(candidate, region);
    if (!key) continue;
    spans.push({ start, end, category: 'phone', masked: maskPhone(key), key: `phone:${key}` });
  }
  for (const found of datesOf(light)) {
    if (!BIRTH_CONTEXT.test(light.text.slice(Math.max(0, found.from - 40), found.from))) continue;
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
