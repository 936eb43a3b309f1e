/**
 * Deterministic random strings made of given pieces, for differential tests of hand-written
 * scanners against the regular expressions they replace.
 */
/** A deterministic generator of numbers in [0, 1) (mulberry32: integer arithmetic only, so the
 * sequence is the same on every machine and never degenerates). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomTexts(pieces: readonly string[], count: number, maxPieces: number, seed = 1): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 1 + Math.floor(rand() * maxPieces) },
      () => pieces[Math.floor(rand() * pieces.length)],
    ).join(''),
  );
}
