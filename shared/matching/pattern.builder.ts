/**
 * Regex fragments over folded text, built from an identifier's own value. Leetspeak is applied
 * here, to the identifier's pattern, never to the page: a page-wide leet decoder would turn every
 * "3" into an "e" and every phone number into words.
 */
import { foldValue } from './fold.normalizer.js';

/** Common substitutions; values are what people type for the key letter. */
const LEET: Record<string, string[]> = {
  a: ['4', '@'],
  b: ['8'],
  e: ['3', '€'],
  g: ['9', '6'],
  i: ['1', '!', '|'],
  l: ['1', '|'],
  o: ['0'],
  s: ['5', '$'],
  t: ['7', '+'],
  z: ['2'],
};

/** The letters each folded leet character can stand for (used to verify a hit, see handle matcher). */
export function isLeetSymbol(originalChar: string): boolean {
  return /[0-9@$!|€+]/.test(originalChar);
}

/** Escapes for use outside a character class (a `u`-mode regex rejects needless escapes like `\-`). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function escapeInClass(char: string): string {
  return /[\\\]^-]/.test(char) ? `\\${char}` : char;
}

const classCache = new Map<string, string>();

/**
 * A regex fragment matching one folded character of a value, or (with `leet`) any folded form of
 * a character commonly typed for it.
 */
export function charClass(folded: string, leet: boolean): string {
  const key = `${folded}:${leet}`;
  const cached = classCache.get(key);
  if (cached !== undefined) return cached;
  const options = new Set<string>([folded]);
  if (leet) for (const alt of LEET[folded] ?? []) options.add(foldValue(alt));
  const list = [...options].filter((o) => o.length > 0);
  const singles = list.filter((o) => [...o].length === 1);
  const multis = list.filter((o) => [...o].length > 1);
  const parts: string[] = [];
  if (singles.length === 1) parts.push(escapeRegex(singles[0] as string));
  else if (singles.length > 1) parts.push(`[${singles.map(escapeInClass).join('')}]`);
  for (const m of multis) parts.push(escapeRegex(m));
  const out = parts.length === 1 ? (parts[0] as string) : `(?:${parts.join('|')})`;
  classCache.set(key, out);
  return out;
}

/**
 * Units of a word for pattern building: folded characters, except that a German umlaut in the
 * original may also be written with a trailing "e" (Kühnert, Kuehnert, Kuhnert).
 */
export function wordUnits(word: string, leet: boolean): string[] {
  const units: string[] = [];
  for (const char of word.normalize('NFC')) {
    // Inside a compound name a hyphen or apostrophe may be a space, or missing.
    if (/[-'’]/.test(char)) {
      units.push("[-'’ \\t]?");
      continue;
    }
    const folded = foldValue(char);
    if (folded.length === 0) continue;
    const base = [...folded].map((c) => charClass(c, leet)).join('');
    units.push(/[äöüÄÖÜ]/.test(char) ? `${base}e?` : base);
  }
  return units;
}

/** Letters and digits are the parts of a word; everything else in the folded text separates. */
export const WORD_CHAR = '[\\p{L}\\p{N}]';
export const NOT_BEFORE = `(?<!${WORD_CHAR})`;
export const NOT_AFTER = `(?!${WORD_CHAR})`;
