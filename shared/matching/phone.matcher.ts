/**
 * Phone numbers are compared as digit strings: the national significant number, preceded by
 * nothing, a trunk 0, or the country code in any of its dialled forms (+44, 0044, 01144, +44 (0)).
 * Formatting, spelled digits and letters for digits are read by `findDigitRuns`. A number one digit
 * off is a different number, and the last few digits alone are not the number.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import type { Identifier } from '../domain/identifier.js';
import { digitForms, digitRunsOf, runContains } from './digit-runs.js';
import type { DigitForms, DigitRun } from './digit-runs.js';
import type { FoldedText } from './fold.normalizer.js';
import type { Hit, IdentifierMatcher } from './matcher.types.js';
import { isNumberWord, numberGroups } from './number-words.js';
import { pairTriggers } from './pair-triggers.js';
import type { NumberLanguage } from './number-words.js';
import type { TextView } from './text.views.js';
import { isDecodedKind } from './text.views.js';
import { PageMemo } from './page-memo.js';

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

/** The runs holding one of `forms` (or, failing that, one of `backwards`: `reversed`), in page order. */
function runsWith(
  runs: DigitRun[],
  forms: DigitForms,
  backwards: DigitForms | undefined,
): Array<{ run: DigitRun; reversed: boolean }> {
  const out: Array<{ run: DigitRun; reversed: boolean }> = [];
  for (const run of runs) {
    const forwards = runContains(run, forms);
    const reversed = !forwards && backwards !== undefined && runContains(run, backwards);
    if (forwards || reversed) out.push({ run, reversed });
  }
  return out;
}

/**
 * Countries whose numbers are read out in pairs of digits as numbers ("zéro six, douze, trente-quatre"
 * in France, Belgium, Switzerland, Luxembourg, Monaco; "null vierzig, sechsundsechzig" in German),
 * and the languages they are read in.
 */
const PAIR_LANGUAGES: Record<string, NumberLanguage[]> = {
  '33': ['fr'],
  '32': ['fr'],
  '41': ['fr', 'de'],
  '352': ['fr', 'de'],
  '377': ['fr'],
  '49': ['de'],
  '43': ['de'],
};

const isLetter = (c: number): boolean => c >= 97 && c <= 122;
/** A word or a chunk of digits, with what stands before the next one. */
const PAIR_TOKEN = /[a-z]+|\d+/y;
/** What may stand between two tokens of one number (as in digit runs: no line break). */
const PAIR_GAP = /[ \t\-.()/,;–]{0,4}/y;
/** Tokens read around one trigger, at most, each way. */
const PAIR_REACH = 24;

interface PairToken {
  text: string;
  from: number;
  to: number;
  /** A comma or semicolon after it: the end of one group said. */
  stop: boolean;
}

/** The tokens of the run around `at`: number words and digit chunks with short gaps between them. */
function pairTokens(text: string, at: number): PairToken[] {
  const tokenAt = (i: number): PairToken | undefined => {
    PAIR_TOKEN.lastIndex = i;
    const m = PAIR_TOKEN.exec(text);
    if (!m || (i > 0 && /[a-z0-9]/.test(text.charAt(i - 1)))) return undefined;
    const end = i + m[0].length;
    if (/[a-z0-9]/.test(text.charAt(end))) return undefined;
    if (!/^\d/.test(m[0]) && !isNumberWord(m[0])) return undefined;
    PAIR_GAP.lastIndex = end;
    const gap = (PAIR_GAP.exec(text) as RegExpExecArray)[0];
    return { text: m[0], from: i, to: end, stop: /[,;]/.test(gap) };
  };
  const tokens: PairToken[] = [];
  const first = tokenAt(at);
  if (!first) return tokens;
  tokens.push(first);
  // Forwards: the next token right after the gap.
  for (let last = first; tokens.length < PAIR_REACH;) {
    PAIR_GAP.lastIndex = last.to;
    const next = tokenAt(last.to + (PAIR_GAP.exec(text) as RegExpExecArray)[0].length);
    if (!next || next.from === last.to) break;
    tokens.push(next);
    last = next;
  }
  // Backwards: a token ending within four gap characters before the first.
  for (let head = first, k = 0; k < PAIR_REACH; k++) {
    let end = head.from;
    while (end > 0 && head.from - end < 4 && /[ \t\-.()/,;–]/.test(text.charAt(end - 1))) end--;
    if (end === head.from) break;
    let start = end;
    while (start > 0 && /[a-z0-9]/.test(text.charAt(start - 1))) start--;
    const previous = start < end ? tokenAt(start) : undefined;
    if (!previous || previous.to !== end) break;
    tokens.unshift(previous);
    head = previous;
  }
  return tokens;
}

/** The digits of a run of tokens in one language, group by group; undefined if a word is not read. */
function pairDigits(tokens: PairToken[], language: NumberLanguage): DigitRun | undefined {
  let digits = '';
  const bounds = [0];
  let words: PairToken[] = [];
  const flush = (): boolean => {
    if (words.length === 0) return true;
    const groups = numberGroups(words.map((t) => t.text).join(' '), language);
    words = [];
    if (!groups) return false;
    for (const group of groups) {
      digits += group;
      bounds.push(digits.length);
    }
    return true;
  };
  for (const token of tokens) {
    if (/^\d/.test(token.text)) {
      if (!flush()) return undefined;
      digits += token.text;
      bounds.push(digits.length);
    } else {
      words.push(token);
      if (token.stop && !flush()) return undefined;
    }
  }
  if (!flush()) return undefined;
  const from = (tokens[0] as PairToken).from;
  const to = (tokens[tokens.length - 1] as PairToken).to;
  return { digits, from, to, parts: [], bounds, spelled: true, letters: false, plain: false };
}

const triggerMemo = new PageMemo<object, number[]>();
const pairMemo = new PageMemo<object, Map<NumberLanguage, DigitRun[]>>();

/**
 * Runs of a page where a number is said in pairs (or longer groups) of digits as numbers, mixed with
 * digits or not, read in `language`: one per place a two-digit number word stands, found once per
 * folded text whatever the number of phones asking (and the triggers once whatever the languages).
 */
function pairRunsOf(light: FoldedText, language: NumberLanguage): DigitRun[] {
  let byLanguage = pairMemo.get(light);
  if (!byLanguage) pairMemo.set(light, (byLanguage = new Map()));
  const known = byLanguage.get(language);
  if (known) return known;
  const text = light.text;
  let triggers = triggerMemo.get(light);
  if (!triggers) triggerMemo.set(light, (triggers = pairTriggers(text)));
  const runs: DigitRun[] = [];
  let covered = 0;
  for (const at of triggers) {
    // The trigger ends a word ("vierunddreissig", "quatre-vingt"): read from the word's start.
    let start = at;
    while (start > 0 && start > at - 64 && isLetter(text.charCodeAt(start - 1))) start--;
    // A trigger is followed by no letter: its word ends where the letters do.
    let end = at;
    while (isLetter(text.charCodeAt(end))) end++;
    if (start < covered || !isNumberWord(text.slice(start, end))) continue;
    const tokens = pairTokens(text, start);
    if (tokens.length === 0) continue;
    covered = (tokens[tokens.length - 1] as PairToken).to;
    const run = pairDigits(tokens, language);
    if (run && run.digits.length >= 7) runs.push(run);
  }
  byLanguage.set(language, runs);
  return runs;
}

export function compilePhone(identifier: Identifier): IdentifierMatcher {
  const parsed = phoneDigits(identifier.value, identifier.region);
  const forms = digitForms(parsed ? dialledForms(parsed) : [identifier.value.replace(/\D/g, '')]);
  const plainDigits = identifier.value.replace(/\D/g, '');
  // A number written backwards is its digits reversed: checked on the plain reading's runs, which
  // spares tokenising the reversed page.
  const backwards = digitForms([...forms.set].map((form) => [...form].reverse().join('')));
  const pairLanguages = parsed ? (PAIR_LANGUAGES[parsed.countryCode] ?? []) : [];
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
        if (reversed || isDecodedKind(view.kind)) {
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
      for (const language of pairLanguages) {
        for (const run of pairRunsOf(view.light, language)) {
          if (!runContains(run, forms)) continue;
          const start = view.light.starts[run.from] as number;
          const end = view.light.ends[run.to - 1] as number;
          hits.push({ start, end, method: 'phone-number-words-pairs', confidence: 0.88 });
        }
      }
      return hits;
    },
  };
}
