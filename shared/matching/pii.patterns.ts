/**
 * The patterns and tables of other people's data (pii.detector.ts): the addresses, phone candidates,
 * their contexts and the labels of dox fields. One home for them, so the detector and the reference
 * it is pinned to in the tests read the same patterns.
 */
import { stickyOf } from './anchored-search.js';

export const MAILBOX_CHAR = /[\p{L}\p{N}._%+-]/u;
export const EMAIL_DOMAIN = /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}(?![\p{L}\p{N}])/uy;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
export const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?![\\d]|\\.\\d)`, 'g');
export const IPV4_AT = stickyOf(IPV4);
// Loose on purpose; groups and "::" are checked in code. An address is a whole stretch of hex digits
// and colons with no word character either side, so the stretch around each ":…:" is tested whole
// instead of trying the pattern at every position of the page.
export const IPV6 = /^[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}$/i;
export const IPV6_HINT = /:[0-9a-f]{0,4}:/gi;
export const HEX_OR_COLON = /[0-9a-f:]/i;
export const WORD_OR_COLON = /[\w:]/;
/** The longest text IPV6 accepts: 8 groups of 4 and 7 colons. */
export const IPV6_LONGEST = 39;
export const isHex = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
export const PHONE_CANDIDATE =
  /(?<![\p{L}\p{N}+./-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,12}(?:[ .\-/]\d{2,8}){0,5}(?![\p{N}]|[.\-/]\d)/gu;
export const PHONE_CANDIDATE_AT = stickyOf(PHONE_CANDIDATE);
/** A date, a space and an hour (the candidate stops at the hour's ":" or "h"): a timestamp. */
export const DATE_THEN_HOUR =
  /^(?:(?:19|20)\d\d([./-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|[12]\d|3[01])\2(?:19|20)?\d\d) \d/;
export const BIRTH_CONTEXT =
  /(?:dob|d\.o\.b|born|birth|birthday|bday|b-day|geb(?:oren|urtstag|\.)?|naissance|n[ée]e? le|age)\W{0,20}$/i;
export const PHONE_CONTEXT =
  /(?:phone|tel|mobile|mob|cell|call|rang|ring|text|whatsapp|number|nummer|handy|portable|num[ée]ro|fax|sms)\W{0,25}$/i;
const RELATION =
  '(?:full[ \\t]*name|real[ \\t]*name|name|mother|father|mom|mum|dad|sister|brother|cousin|aunt|uncle|wife|husband|partner|roommate|son|daughter|relative|family|spouse|grandma|grandpa|grandmother|grandfather|parents?|mutter|vater|schwester|bruder|m[èe]re|p[èe]re|s[œo]e?ur|fr[èe]re|nom)';
const PLATE_LABEL =
  '(?:licen[cs]e[ \\t]*plate|number[ \\t]*plate|plate|reg(?:istration)?(?:[ \\t]*(?:no\\.?|number))?|kennzeichen|immatriculation|plaque)';
/** Where a label of a dox field starts: a relation, "name" or plate word, not inside a longer word. */
export const LABEL_START = new RegExp(`(?<![\\p{L}])(?:${RELATION}|${PLATE_LABEL})`, 'giu');
/** A note in brackets and padding may stand between a label and its ":" or "=". */
const TO_VALUE = `[ \\t]*(?:\\([^)\\n]{0,20}\\))?[ \\t]*[:=][ \\t]*`;
export const LABELLED_NAME = new RegExp(
  `(?<![\\p{L}])${RELATION}s?${TO_VALUE}([A-Z\\p{Lu}][\\p{L}'-]+(?:[ \\t]+[\\p{Lu}][\\p{L}'-]+){1,3})`,
  'iuy',
);
/** A plate of any country after its label: letters and digits, both, in up to three groups. */
export const LABELLED_PLATE = new RegExp(
  `(?<![\\p{L}])${PLATE_LABEL}${TO_VALUE}((?=[A-Z0-9 -]{0,10}\\d)(?=[A-Z0-9 -]{0,10}[A-Z])[A-Z0-9]{1,4}(?:[ -][A-Z0-9]{1,4}){0,2})(?![\\p{L}\\p{N}-])`,
  'iuy',
);
/** How far before its ":" (padding before the ":" skipped) a label may start, a note in brackets included. */
export const LABEL_REACH = 64;
/** The last word of every label, as LABEL_START spells them (plurals of relations too). */
const RELATION_WORDS = (
  'name mother father mom mum dad sister brother cousin aunt uncle wife husband partner roommate son ' +
  'daughter relative family spouse grandma grandpa grandmother grandfather parent mutter vater ' +
  'schwester bruder mère mere père pere sœur sœeur soeur sour frère frere nom fullname realname'
).split(' ');
export const LABEL_ENDS = new Set([
  ...RELATION_WORDS,
  ...RELATION_WORDS.map((word) => `${word}s`),
  ...'plate licenceplate licenseplate numberplate reg registration no number regno regnumber'.split(' '),
  ...'registrationno registrationnumber kennzeichen immatriculation plaque'.split(' '),
]);
export const LETTER = /\p{L}/u;
/** ASCII units PHONE_CANDIDATE may not follow: letters, digits, "+", ".", "/" and "-". */
export const NOT_BEFORE_PHONE = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) NOT_BEFORE_PHONE[c] = /[\p{L}\p{N}+./-]/u.test(String.fromCharCode(c)) ? 1 : 0;
