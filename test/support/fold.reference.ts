/**
 * The fold as it was before the fused pass of fold.normalizer.ts: a whole ASCII stretch lowercased
 * at once, every other code point folded through `foldCodePoint`, the light and full folds made by
 * two passes. Kept as the reference the fused pass is compared with (fold-fused.test.ts): both must
 * give the same texts and the same offset maps on every input.
 */
import { foldCodePoint } from '../../shared/matching/fold.normalizer.js';
import type { FoldLevel, FoldedText } from '../../shared/matching/fold.normalizer.js';

export function foldTextReference(
  input: string,
  level: FoldLevel = 'full',
  sourceStarts?: Int32Array,
  sourceEnds?: Int32Array,
): FoldedText {
  const n = input.length;
  const starts: number[] = [];
  const ends: number[] = [];
  const parts: string[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && input.charCodeAt(j) < 0x80) j++;
    if (j > i) {
      parts.push(input.slice(i, j).toLowerCase());
      for (let k = i; k < j; k++) {
        starts.push(sourceStarts ? (sourceStarts[k] as number) : k);
        ends.push(sourceEnds ? (sourceEnds[k] as number) : k + 1);
      }
      i = j;
      continue;
    }
    const cp = input.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp, level);
    const start = sourceStarts ? (sourceStarts[i] as number) : i;
    const end = sourceEnds ? (sourceEnds[i + width - 1] as number) : i + width;
    for (let k = 0; k < folded.length; k++) {
      starts.push(start);
      ends.push(end);
    }
    parts.push(folded);
    i += width;
  }
  return { text: parts.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Both folds, each by its own pass. */
export function foldBothReference(
  input: string,
  sourceStarts?: Int32Array,
  sourceEnds?: Int32Array,
): { full: FoldedText; light: FoldedText } {
  return {
    full: foldTextReference(input, 'full', sourceStarts, sourceEnds),
    light: foldTextReference(input, 'light', sourceStarts, sourceEnds),
  };
}
