/**
 * The key of another person's phone number: the national significant number libphonenumber gives
 * for the first of a few regions that accepts the text as a possible number. libphonenumber is
 * asked in a way that gives its exact answer without its costliest step where that step cannot
 * change the answer; `libphonenumberKey` is the plain call, kept as the reference the shortcuts are
 * tested against.
 */
import {
  Metadata,
  getCountryCallingCode,
  parsePhoneNumberFromString as parseWithMetadata,
} from 'libphonenumber-js/core';
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/min/metadata';

/*
 * Countries that share a calling code (GB, GG, IM and JE share +44; 25 share +1) make libphonenumber
 * work out which of them a number belongs to, matching it against every number-type pattern of each
 * (20-55 µs a number), twice when a national prefix was stripped. The country decides two things
 * only, both by the length of the national number: whether a stripped national prefix stays
 * stripped (the rest must not be too short or of an invalid length there), and whether the number
 * is possible. So the text is parsed with metadata that gives each shared code to its main country
 * alone (no search), and the answer stands when every country sharing the code agrees on the
 * lengths involved; otherwise libphonenumber is asked in full.
 */
const FULL: MetadataJson = metadataJson;
const CALLING_CODES = (metadataJson as unknown as { country_calling_codes: Record<string, string[]> })
  .country_calling_codes;
const MAIN_COUNTRY_ONLY = {
  ...metadataJson,
  country_calling_codes: Object.fromEntries(
    Object.entries(CALLING_CODES).map(([code, countries]) => [code, countries.slice(0, 1)]),
  ),
} as unknown as MetadataJson;

/** The parts of a numbering plan the shortcut reads (present at run time, not in the typings). */
interface Plan {
  possibleLengths(): number[] | undefined;
  /** Compact metadata writes 0 for "none". */
  nationalPrefixForParsing(): string | 0 | undefined;
  nationalPrefixTransformRule(): string | 0 | undefined;
}

function planOf(country: string): Plan {
  const plan = new Metadata(FULL);
  plan.selectNumberingPlan(country as CountryCode);
  return plan.numberingPlan as unknown as Plan;
}

interface SharedCode {
  main: string;
  /** By length: possible in every country sharing the code (true), in none (false). */
  possible: Map<number, boolean>;
  /** Lengths after a stripped national prefix that some countries keep stripped and some do not. */
  unsettled: Set<number>;
}

const SHARED_CODES = new Map<string, SharedCode>();
for (const [code, countries] of Object.entries(CALLING_CODES)) {
  if (countries.length < 2) continue;
  const lengths = countries.map((country) => planOf(country).possibleLengths());
  const shared: SharedCode = { main: countries[0] as string, possible: new Map(), unsettled: new Set() };
  for (let length = 1; length <= 17; length++) {
    // As libphonenumber's length check: a plan without lengths takes any; a stripped national
    // prefix stays stripped unless the rest is too short or of an invalid length.
    const possible = lengths.map((list) => list?.includes(length) ?? true);
    const keepsStripped = lengths.map(
      (list) => !list || list.includes(length) || length > (list[list.length - 1] as number),
    );
    if (possible.every(Boolean)) shared.possible.set(length, true);
    else if (!possible.some(Boolean)) shared.possible.set(length, false);
    if (keepsStripped.some(Boolean) && !keepsStripped.every(Boolean)) shared.unsettled.add(length);
  }
  SHARED_CODES.set(code, shared);
}

/** A plan's national prefixes when each is plain digits and none is rewritten; else undefined. */
function plainPrefixes(country: string): string[] | undefined {
  const plan = planOf(country);
  if (plan.nationalPrefixTransformRule()) return undefined;
  const prefixes = String(plan.nationalPrefixForParsing() || '')
    .split('|')
    .filter(Boolean);
  return prefixes.every((prefix) => /^\d+$/.test(prefix)) ? prefixes : undefined;
}
const PREFIXES = new Map<string, string[] | undefined>();
const prefixesOf = (country: string): string[] | undefined => {
  if (!PREFIXES.has(country)) PREFIXES.set(country, plainPrefixes(country));
  return PREFIXES.get(country);
};

const REGIONS: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'CA'];

/** Digits and the marks numbers are written with: no "+", no letters, no extension. */
const FORMATTED_DIGITS = /^[\d \t().\-/]+$/;
const NANPA = new Set(['US', 'CA']);

/**
 * libphonenumber's answer for a number written without "+" (nor the 011 international prefix) where
 * a North American region is tried first. Asked directly, it would also work out which of the 25
 * countries sharing +1 the number belongs to (regular expressions compiled per country and number
 * type, 50 µs a number), which cannot change the answer: they share their lengths and trunk prefix.
 * Ten digits are possible as they are ("06 12 34 56 78" too), eleven after the trunk "1"; lengths
 * that are neither a whole nor a local number there are never possible, and the other regions
 * decide. `null`: ask libphonenumber.
 */
function northAmericanKey(text: string, regions: readonly CountryCode[]): string | undefined | null {
  if (!NANPA.has(regions[0] as string) || !FORMATTED_DIGITS.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.startsWith('011')) return null;
  const first = digits.charCodeAt(0);
  if (digits.length === 10 && first !== 49) return digits;
  if (digits.length === 11 && first === 49 && digits.charCodeAt(1) >= 50) return digits.slice(1);
  // Seven digits are a local number there and ten a whole one, also after the trunk "1".
  const core = first === 49 ? digits.length - 1 : digits.length;
  if (digits.length === 7 || digits.length === 10 || core === 7 || core === 10) return null;
  return possibleKey(
    text,
    regions.filter((r) => !NANPA.has(r)),
  );
}

/** National significant number of a phone-like string, if some region accepts it as possible. */
export function phoneKey(text: string, region?: string): string | undefined {
  const regions = region ? [region as CountryCode, ...REGIONS] : REGIONS;
  const quick = northAmericanKey(text, regions);
  return quick !== null ? quick : possibleKey(text, regions);
}

/**
 * Whether `national`, parsed without the country search, is possible whatever country the search
 * would pick; undefined when that country could change the national number or the answer. The
 * prefix was stripped with the plan of the region (a national number) or of the code's main
 * country (an international one), and kept stripped or not by the country's lengths.
 */
function settled(
  shared: SharedCode,
  national: string,
  region: CountryCode,
  code: string,
): boolean | undefined {
  const possible = shared.possible.get(national.length);
  // Stripped and kept by the main country: would every country keep it?
  if (possible === undefined || shared.unsettled.has(national.length)) return undefined;
  const plans = getCountryCallingCode(region, FULL) === code ? [region, shared.main] : [shared.main];
  for (const country of plans) {
    const prefixes = prefixesOf(country);
    if (!prefixes) return undefined;
    // Stripped but put back by the main country: would every country put it back?
    for (const prefix of prefixes)
      if (national.startsWith(prefix) && shared.unsettled.has(national.length - prefix.length))
        return undefined;
  }
  return possible;
}

/** `libphonenumberKey`'s answer, asking for the exact country only when it can matter. */
function possibleKey(text: string, regions: readonly CountryCode[]): string | undefined {
  for (const region of regions) {
    const parsed = parseWithMetadata(text, { defaultCountry: region }, MAIN_COUNTRY_ONLY);
    // Whether a text parses at all does not depend on the exact country.
    if (!parsed) continue;
    const shared = SHARED_CODES.get(parsed.countryCallingCode);
    const national = String(parsed.nationalNumber);
    const possible = shared
      ? settled(shared, national, region, parsed.countryCallingCode)
      : parsed.isPossible();
    if (possible === undefined) {
      const full = parseWithMetadata(text, { defaultCountry: region }, FULL);
      if (full?.isPossible()) return String(full.nationalNumber);
    } else if (possible) return national;
  }
  return undefined;
}

/** The same answer from libphonenumber alone (exported for the test that pins the shortcuts to it). */
export function libphonenumberKey(
  text: string,
  regions: readonly CountryCode[] = REGIONS,
): string | undefined {
  for (const r of regions) {
    const parsed = parseWithMetadata(text, { defaultCountry: r }, FULL);
    if (parsed?.isPossible()) return String(parsed.nationalNumber);
  }
  return undefined;
}
