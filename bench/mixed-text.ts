/**
 * A mixed-text copy of a bench page: about `share` of its characters written the ways real posts
 * mix scripts and widths, so the matcher's speed off the ASCII fast paths can be set beside its speed
 * on them. Deterministic: the same text and seed give the same copy on every machine.
 *
 * Each chosen letter or digit gets one of four treatments, drawn in equal shares: an accent (a
 * precomposed letter where one exists, else a combining acute), a look-alike from Cyrillic or Greek
 * (its full-width form for a character with none in the table), its full-width form, or a zero-width
 * character after it.
 */
import { prng } from './prng.js';

const ACCENTED: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ö',
  u: 'ü',
  c: 'ç',
  n: 'ñ',
  y: 'ý',
  A: 'Á',
  E: 'É',
  O: 'Ö',
  U: 'Ü',
};
const LOOK_ALIKE: Record<string, string> = {
  a: '\u0430',
  c: '\u0441',
  e: '\u0435',
  i: '\u0456',
  j: '\u0458',
  o: '\u043e',
  p: '\u0440',
  s: '\u0455',
  x: '\u0445',
  y: '\u0443',
  v: '\u03bd',
  A: '\u0391',
  B: '\u0392',
  E: '\u0395',
  H: '\u0397',
  K: '\u039a',
  M: '\u039c',
  O: '\u039f',
  T: '\u03a4',
};
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060'];

export interface MixedText {
  text: string;
  /** Characters of the source text rewritten. */
  changed: number;
}

/** The mixed copy of `text`; `share` is the fraction of all its characters rewritten. */
export function mixedText(text: string, seed: number, share = 0.02): MixedText {
  const rand = prng(seed);
  const out: string[] = [];
  let changed = 0;
  // Only letters and digits are rewritten, so they are chosen at the rate that makes `share` of all.
  const alnum = (text.match(/[a-z0-9]/gi) ?? []).length;
  const rate = alnum === 0 ? 0 : Math.min(1, (share * text.length) / alnum);
  for (const c of text) {
    if (!/[a-z0-9]/i.test(c) || rand() >= rate) {
      out.push(c);
      continue;
    }
    changed++;
    const kind = Math.floor(rand() * 4);
    if (kind === 0) out.push(ACCENTED[c] ?? `${c}\u0301`);
    else if (kind === 1 && LOOK_ALIKE[c]) out.push(LOOK_ALIKE[c]);
    else if (kind === 1 || kind === 2) out.push(String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    else out.push(c, ZERO_WIDTH[Math.floor(rand() * ZERO_WIDTH.length)] as string);
  }
  return { text: out.join(''), changed };
}
