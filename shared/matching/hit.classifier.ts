/**
 * Names the method of a hit found on the folded text, by how much folding it took for the page's
 * words to equal the identifier: none, case only, Unicode compatibility/zero-width/diacritics, or
 * confusable skeletons; or by the pattern variant that matched (initials, spelled-out letters, ...).
 */
import { foldValue } from './fold.normalizer.js';
import { isLeetSymbol } from './pattern.builder.js';
import type { FoldedPattern, Hit } from './matcher.types.js';
import type { TextView, ViewKind } from './text.views.js';

const DECODED_CONFIDENCE: Partial<Record<ViewKind, number>> = {
  rot13: 0.85,
  reversed: 0.85,
  base64: 0.85,
  hex: 0.85,
  'percent-encoded': 0.9,
  'markdown-escaped': 0.9,
  'letters-separated': 0.85,
  'double-encoded': 0.8,
};

/** Leetspeak was used when the page has digits or symbols where the value has none. */
export function usesLeet(original: string, value: string): boolean {
  for (const c of original) if (isLeetSymbol(c) && !value.includes(c)) return true;
  return false;
}

/** Method and confidence of a hit whose page text is `original`, compared with the identifier `value`. */
export function classifyHit(
  view: TextView,
  original: string,
  value: string,
  pattern: FoldedPattern,
  leet: boolean,
): Pick<Hit, 'method' | 'confidence'> {
  const decoded = DECODED_CONFIDENCE[view.kind];
  if (decoded !== undefined) return { method: view.kind, confidence: decoded };
  if (leet) return { method: 'leet', confidence: Math.min(pattern.confidence, 0.85) };
  if (pattern.method !== 'exact') return { method: pattern.method, confidence: pattern.confidence };
  if (view.kind === 'entities') return { method: 'html-entities', confidence: 0.95 };
  if (original === value) return { method: 'exact', confidence: 0.99 };
  if (original.toLowerCase() === value.toLowerCase()) return { method: 'case-folded', confidence: 0.97 };
  if (foldValue(original, 'light') === foldValue(value, 'light'))
    return { method: 'unicode-folded', confidence: 0.95 };
  return { method: 'confusable', confidence: 0.9 };
}
