import type { IdentifierKind } from '../domain/identifier.js';
import type { NamesakeReason } from '../domain/page.js';
import type { Severity } from '../domain/severity.js';
import type { Coverage, RemediationStatus, Report } from './report.schema.js';

/**
 * The words every rendering of a report uses for its coded values (the HTML, the PDF, the terminal
 * summary). One place, so a state is never named two ways, and a colour never carries meaning alone.
 */

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'For information',
};

/** Most severe first: the order findings are read in. */
export const SEVERITIES_MOST_SEVERE_FIRST: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

export const COVERAGE_LABELS: Readonly<Record<Coverage, string>> = {
  complete: 'Checked completely',
  partial: 'Only partly checked',
  blocked: 'Blocked the check',
  'rate-limited': 'Asked us to slow down before we finished',
  challenge: 'Put up a bot check we could not pass',
  unreachable: 'Could not be reached',
  'not-searched': 'Not searched',
};

/** How each kind of detail is named: in the report, its summaries and the new-scan form alike. */
export const IDENTIFIER_KIND_LABELS: Readonly<Record<IdentifierKind, string>> = {
  handle: 'Handle',
  name: 'Name',
  email: 'E-mail address',
  phone: 'Phone number',
  address: 'Home address',
  dob: 'Date of birth',
  relative: "Relative's name",
};

export const REMEDIATION_LABELS: Readonly<Record<RemediationStatus, string>> = {
  'action-needed': 'Nothing done yet',
  requested: 'Removal requested',
  removed: 'Removed',
  'unlikely-to-be-removed': 'Unlikely to be removed',
};

export const SCAN_STATUS_LABELS: Readonly<Record<Report['scan']['status'], string>> = {
  queued: 'Waiting to start',
  running: 'Still running',
  completed: 'Finished',
  partial: 'Finished, but not every place could be checked completely',
  failed: 'Failed',
};

/** "About 5 minutes", "About 1 hour 30 minutes". */
export function minutesInWords(minutes: number): string {
  if (minutes < 60) return `About ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourWords = `${hours} hour${hours === 1 ? '' : 's'}`;
  return rest === 0 ? `About ${hourWords}` : `About ${hourWords} ${rest} minute${rest === 1 ? '' : 's'}`;
}

/** "1 post", "3 posts". */
export function countWords(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-10-01" -> "1 Oct 2026"; anything else is shown as it is. */
export function dateInWords(yyyyMmDd: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(yyyyMmDd);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : yyyyMmDd;
}

/**
 * A timestamp as people read it, in UTC so that the report never tells where its reader lives
 * ("25 Nov 2026, 08:33 UTC"). Falls back to the raw value when it is not a date.
 */
export function dateTimeInWords(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

const MATCH_METHOD_WORDS: Readonly<Record<string, string>> = {
  exact: 'written as you gave it',
  'case-folded': 'in different capitals',
  confusable: 'with look-alike characters',
  'unicode-folded': 'with look-alike characters',
  'address-variant': 'with look-alike characters',
  leet: 'with letters swapped for numbers or symbols',
  'spaced-letters': 'with its letters spaced out',
  separator: 'broken up by dots, dashes or spaces',
  'email-obfuscated': 'spelled out to get past filters ("at", "dot")',
  'html-entities': 'hidden in web page codes',
  reversed: 'written backwards',
  rot13: 'encoded (rot13) to hide it',
  base64: 'encoded (base64) to hide it',
  hex: 'encoded (hexadecimal) to hide it',
  'name-nickname': 'with a short form of the name',
  'name-initials': 'with initials',
  'name-surname-first': 'surname first',
  'name-no-middle': 'without the middle name',
  'name-line-break': 'split across two lines',
  'name-fields': 'in a labelled field, the way doxes are laid out',
  'address-fields': 'in labelled fields, the way doxes are laid out',
  address: 'as a postal address',
  'dob-written': 'as a date in words',
  'dob-numeric': 'as a date in numbers',
  'email-punycode': 'with its domain in its encoded (xn--) form',
  'possible-namesake': 'but perhaps not yours: the page seems to be about someone else with your name',
};

/** What a page says that does not fit the person, for a possible namesake. */
const NAMESAKE_WORDS: Readonly<Record<NamesakeReason, string>> = {
  age: 'gives an age or a year of birth that is not yours',
  town: 'places this person in another town than yours',
  denial: 'says it is not the same person',
};

/** The report's words for a possible namesake ("This may be someone else with your name: ..."). */
export function namesakeInWords(reason: NamesakeReason): string {
  return `This may be someone else with your name: the page ${NAMESAKE_WORDS[reason]}. Read it before acting on it; it is not counted as an exposure.`;
}

/** How the matcher recognised a detail, in words; an unknown method is shown as it is. */
export function matchMethodInWords(method: string): string {
  return MATCH_METHOD_WORDS[method] ?? method;
}
