/**
 * Phone numbers are compared as digit strings: the national significant number, preceded by
 * nothing, a trunk 0, or the country code in any of its dialled forms (+44, 0044, 01144, +44 (0)).
 * Formatting, spelled digits and letters for digits are read by `findDigitRuns`. A number one digit
 * off is a different number, and the last few digits alone are not the number.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import type { Identifier } from '../domain/identifier.js';
import { digitForms, digitRunsOf, runContains, runIndexOf, runsHolding } from './digit-runs.js';
import type { DigitForms, DigitRun } from './digit-runs.js';
import type { Hit, IdentifierMatcher } from './matcher.types.js';
import type { TextView } from './text.views.js';

export interface PhoneDigits {
  national: string;
  countryCode: string;
}

/** National significant number and country code of a profile phone, or undefined if it does not parse. */
export function phoneDigits(value: string, region?: string): PhoneDigits | undefined {
  const parsed = parsePhoneNumberFromString(value, { defaultCountry: (region ?? 'US') as CountryCode });
  if (!parsed) return undefined;
  return { national: String(parsed.nationalNumber), countryCode: String(parsed.countryCallingCode) };
}

/** Every digit string a person could dial (or print) for this number. */
export function dialledForms({ national, countryCode }: PhoneDigits): Set<string> {
  const cc = countryCode;
  const prefixes = ['', '0', cc, `${cc}0`, `00${cc}`, `00${cc}0`, `011${cc}`, `011${cc}0`];
  // North America: "1" is the trunk prefix as well as the country code.
  if (cc === '1') prefixes.push('1');
  return new Set(prefixes.map((p) => p + national));
}

/** Runs already walked once: the next phone number asking about them uses their index. */
const walked = new WeakSet<DigitRun[]>();

/**
 * The runs holding one of `forms` (or, failing that, one of `backwards`: `reversed`), in page order. The first
 * phone number of a profile walks the runs; once a second asks, a shared index of the runs is
 * cheaper than walking them again (see runIndexOf).
 */
function runsWith(
  runs: DigitRun[],
  forms: DigitForms,
  backwards: DigitForms | undefined,
): Array<{ run: DigitRun; reversed: boolean }> {
  const out: Array<{ run: DigitRun; reversed: boolean }> = [];
  if (!walked.has(runs)) {
    walked.add(runs);
    for (const run of runs) {
      const forwards = runContains(run, forms);
      const reversed = !forwards && backwards !== undefined && runContains(run, backwards);
      if (forwards || reversed) out.push({ run, reversed });
    }
    return out;
  }
  const index = runIndexOf(runs);
  const forwardsIn = runsHolding(index, forms);
  const backwardsIn = backwards ? runsHolding(index, backwards) : new Set<number>();
  for (const r of [...new Set([...forwardsIn, ...backwardsIn])].sort((a, b) => a - b))
    out.push({ run: runs[r] as DigitRun, reversed: !forwardsIn.has(r) });
  return out;
}

export function compilePhone(identifier: Identifier): IdentifierMatcher {
  const parsed = phoneDigits(identifier.value, identifier.region);
  const forms = digitForms(parsed ? dialledForms(parsed) : [identifier.value.replace(/\D/g, '')]);
  const plainDigits = identifier.value.replace(/\D/g, '');
  // A number written backwards is its digits reversed: checked on the plain reading's runs, which
  // spares tokenising the reversed page.
  const backwards = digitForms([...forms.set].map((form) => [...form].reverse().join('')));
  return {
    identifier,
    patterns: [],
    anchors: [],
    reach: 0,
    scan(view: TextView, page: string): Hit[] {
      // Digits survive rot13 unchanged, and reversed digits are checked on the plain reading.
      if (view.kind === 'rot13' || view.kind === 'reversed') return [];
      const hits: Hit[] = [];
      const runs = digitRunsOf(view.light);
      for (const { run, reversed } of runsWith(runs, forms, view.kind === 'plain' ? backwards : undefined)) {
        const start = view.light.starts[run.from] as number;
        const end = view.light.ends[run.to - 1] as number;
        const original = page.slice(start, end);
        let method = 'phone-reformatted';
        let confidence = 0.95;
        if (reversed || view.kind === 'base64' || view.kind === 'hex') {
          method = reversed ? 'reversed' : view.kind;
          confidence = 0.85;
        } else if (run.spelled) {
          method = 'phone-spelled';
          confidence = 0.9;
        } else if (run.letters) {
          method = 'phone-letter-digits';
          confidence = 0.88;
        } else if (original === identifier.value) {
          method = 'exact';
          confidence = 0.99;
        } else if (/[^\x20-\x7e]/.test(original)) {
          method = 'unicode-folded';
          confidence = 0.93;
        } else if (original.replace(/\D/g, '') === plainDigits) {
          confidence = 0.97;
        }
        hits.push({ start, end, method, confidence });
      }
      return hits;
    },
  };
}
