/**
 * Handles: the same account written with changed case, separators added or dropped (`teo_brisk`,
 * `teo.brisk`, `teobrisk`), leetspeak, look-alike letters, or spelled out letter by letter
 * (`e i s v o g e l`, `q.u.i.e.t`). A letter changed or added makes it someone else's account, so
 * the match must end where a word ends.
 */
import type { Identifier } from '../domain/identifier.js';
import { foldValue } from './fold.normalizer.js';
import { classifyHit, usesLeet } from './hit.classifier.js';
import { keyVariants } from './anchor.index.js';
import { wordUnits } from './pattern.builder.js';
import type { ConfirmInput, FoldedPattern, Hit, IdentifierMatcher } from './matcher.types.js';

const HANDLE_SEPARATOR = '[-_.]';
/** Between spelled-out letters: a few spaces, or a dot/dash with optional spaces. */
const LETTER_GAP = '(?:[ \\t]{1,3}|[ \\t]?[-_.·•*][ \\t]?)';
const ALNUM = '[\\p{L}\\p{N}]';

/**
 * Words common enough that a handle made of one of them shows up in ordinary prose. Such a handle
 * counts only next to something that marks it as an account (an @, a profile URL, a label).
 */
const COMMON_WORDS = new Set(
  'baby bear bird black blue boss candy cat cherry cookie crow dark dawn dragon dream echo fire flower fox frost ghost gold happy honey hunter ice jade king lady light lily lion love lucky luna magic maple moon night ocean panda peach pixel queen rain raven red river rose ruby sage shadow silver sky smile snow star storm sugar summer sun sunny tiger wolf angel velvet willow wren winter'.split(
    ' ',
  ),
);

const ACCOUNT_CONTEXT =
  /(?:@|\/(?:u|user|users|profile|channel|c)\/|\b(?:handle|user(?:name)?|alias|aka|a\.k\.a\.|nick(?:name)?|discord|twitch|twitter|x|insta(?:gram)?|ig|tiktok|tumblr|reddit|steam|youtube|yt|goes by|known as|account)\b\s*[:=]?\s*["'“]?)\s*$/i;

export function needsContext(core: string): boolean {
  return /^\p{L}+$/u.test(core) && (core.length <= 4 || COMMON_WORDS.has(core));
}

export function compileHandle(identifier: Identifier): IdentifierMatcher {
  const value = identifier.value;
  const letters = [...value.normalize('NFC')].filter((c) => /[\p{L}\p{N}]/u.test(c)).join('');
  const expected = foldValue(letters);
  const units = wordUnits(letters, true);
  const patterns: FoldedPattern[] = [];
  if (units.length > 0) {
    patterns.push({
      source: `(?<!${ALNUM}${HANDLE_SEPARATOR}?)${units.join(`${HANDLE_SEPARATOR}?`)}(?!${HANDLE_SEPARATOR}?${ALNUM})`,
      method: 'exact',
      confidence: 0.99,
    });
  }
  if (units.length > 0) {
    // A profile on its own subdomain: https://copperwren.tumblr.com, www.copperwren.carrd.co
    patterns.push({
      source: `(?<=\\/\\/|\\/\\/www\\.)${units.join('')}(?=\\.[a-z]{2,}\\.[a-z]{2,})`,
      method: 'exact',
      confidence: 0.97,
    });
  }
  if (units.length >= 4) {
    // Spelled out: every gap is a separator; a lone letter just before or after would be a longer handle.
    patterns.push({
      source: `(?<!${ALNUM}|(?<!${ALNUM})${ALNUM}${LETTER_GAP})${units.join(LETTER_GAP)}(?!${ALNUM}|${LETTER_GAP}${ALNUM}(?!${ALNUM}))`,
      method: 'spaced-letters',
      confidence: 0.88,
    });
  }
  const contextual = needsContext(expected);

  return {
    identifier,
    patterns,
    anchors: keyVariants(letters),
    // Spelled out, each letter may carry a gap of up to three units.
    reach: 4 * value.length + 16,
    confirm({ view, page, from, to, pattern }: ConfirmInput): Hit | undefined {
      const start = view.full.starts[from] as number;
      const end = view.full.ends[to - 1] as number;
      if (
        contextual &&
        view.kind === 'plain' &&
        !ACCOUNT_CONTEXT.test(page.slice(Math.max(0, start - 40), start))
      )
        return undefined;
      const original = page.slice(start, end);
      const folded = view.full.text.slice(from, to);
      const leet = usesLeet(original, value);
      // Same letters, other separators: "teo.brisk" for "teo_brisk", "wren.feathers" for "wrenfeathers".
      const separated =
        pattern.method === 'exact' &&
        !leet &&
        folded !== foldValue(value) &&
        folded.replace(/[-_.]/g, '') === expected;
      // A separator in every gap is letters dotted out (q.u.i.e.t), not a handle's own separator.
      const dotted = expected.length >= 4 && /^(?:[^-_.][-_.])+[^-_.]$/.test(folded);
      let effective = pattern;
      if (dotted) effective = { ...pattern, method: 'spaced-letters', confidence: 0.88 };
      else if (separated) effective = { ...pattern, method: 'separator', confidence: 0.9 };
      return { start, end, ...classifyHit(view, original, value, effective, leet) };
    },
  };
}
