/**
 * The search for one-letter words as it was before nextSingle of page.readings.ts read ASCII as bits
 * (a walk by code point, passing over longer words whole). Kept as the reference the new search is
 * compared with (fused-passes.test.ts): from every place of a text, both must give the same place.
 */
/** A code point's part in a run: a letter, digit or `_` (WORD), or a combining mark (MARK). */
const WORD = 1;
const MARK = 2;
const KNOWN = 4;
const WORD_CP = /^[\p{L}\p{N}_]$/u;
const MARK_CP = /^\p{M}$/u;
/** Classes of BMP code points, learnt on first sight (0: not yet seen); astral ones in a map. */
const BMP_CLASSES = new Uint8Array(0x10000);
const ASTRAL_CLASSES = new Map<number, number>();

function classify(cp: number): number {
  const char = String.fromCodePoint(cp);
  return KNOWN | (WORD_CP.test(char) ? WORD : 0) | (MARK_CP.test(char) ? MARK : 0);
}

function classOf(cp: number): number {
  if (cp < 0x10000) {
    let known = BMP_CLASSES[cp] as number;
    if (known === 0) BMP_CLASSES[cp] = known = classify(cp);
    return known;
  }
  let known = ASTRAL_CLASSES.get(cp);
  if (known === undefined) ASTRAL_CLASSES.set(cp, (known = classify(cp)));
  return known;
}

/** The class of the code point that ends just before `i`. */
function classBefore(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return classOf(text.codePointAt(i - 2) as number);
  }
  return classOf(low);
}

/** Classes of ASCII units, read without a call: letters, digits and `_` are words, no mark. */
const ASCII_CLASSES = Uint8Array.from({ length: 0x80 }, (_, c) => classify(c));

/** The class of the code point at `i`. */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 0x80 ? (ASCII_CLASSES[c] as number) : classOf(text.codePointAt(i) as number);
}

/**
 * The first place from `from` on where a one-letter word stands (a letter, digit or `_` with no
 * letter, digit or mark before it and no letter or digit after it, and something after it), or -1.
 */
export function nextSingleReference(text: string, from: number): number {
  const n = text.length;
  let p = from;
  while (p < n) {
    if ((classAt(text, p) & WORD) === 0) {
      p++;
      continue;
    }
    let end = p + (text.charCodeAt(p) >= 0xd800 && text.codePointAt(p)! > 0xffff ? 2 : 1);
    if (end >= n) return -1;
    if (classAt(text, end) & WORD) {
      // No place inside a word is one: go past it.
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c < 0x80) {
          if (((ASCII_CLASSES[c] as number) & WORD) === 0) break;
          end++;
        } else {
          const cp = text.codePointAt(end) as number;
          if ((classOf(cp) & WORD) === 0) break;
          end += cp > 0xffff ? 2 : 1;
        }
      }
      p = end;
      continue;
    }
    if (p === 0 || (classBefore(text, p) & (WORD | MARK)) === 0) return p;
    p = end;
  }
  return -1;
}
