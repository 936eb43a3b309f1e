/**
 * A deterministic generator of numbers in [0, 1) (mulberry32: integer arithmetic only, so the
 * sequence is the same on every machine and never degenerates): the bench's corpora and the tests'
 * random texts are the same from run to run.
 */
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
