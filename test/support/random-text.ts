/**
 * Deterministic random strings made of given pieces, for differential tests of hand-written
 * scanners against the regular expressions they replace.
 */
import { prng } from '../../bench/prng.js';

export { prng };

export function randomTexts(pieces: readonly string[], count: number, maxPieces: number, seed = 1): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 1 + Math.floor(rand() * maxPieces) },
      () => pieces[Math.floor(rand() * pieces.length)],
    ).join(''),
  );
}
