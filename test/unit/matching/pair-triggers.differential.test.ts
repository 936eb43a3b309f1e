/**
 * The marker search for two-digit number words against the expression it replaced: the same starts
 * on random text built from the words, their pieces and their markers, and on hostile pages.
 */
import { describe, expect, it } from 'vitest';
import { pairTriggers } from '../../../shared/matching/pair-triggers.js';
import { hostileTexts, PLANE_EDGES, SEPARATORS, SURROGATES } from '../../support/hostile-text.js';
import { pairTriggersReference } from '../../support/pair-triggers.reference.js';
import { randomTexts } from '../../support/random-text.js';

const WORDS = [
  ...'dix onze douze treize quatorze quinze seize vingt vingts trente quarante cinquante soixante'.split(' '),
  ...'septante huitante octante nonante zehn zig elf zwolf zwoelf dreizehn zwanzig hundertelf'.split(' '),
];
const PIECES = [
  ...WORDS,
  ...WORDS.map((word) => word.slice(1)),
  ...WORDS.map((word) => word.slice(0, -1)),
  ...'z x gt nte elf s e a é Z X'.split(' '),
  ...'the interesting self want zzz xx 42 06'.split(' '),
  ...SEPARATORS,
  ...PLANE_EDGES,
  ...SURROGATES,
];

describe('pair triggers', () => {
  it('are where the expression finds them, on random text', () => {
    let found = 0;
    for (const text of randomTexts(PIECES, 8000, 30, 21)) {
      const expected = pairTriggersReference(text);
      expect(pairTriggers(text), JSON.stringify(text)).toEqual(expected);
      found += expected.length;
    }
    // The pieces make triggers often: the comparison is not of empty lists.
    expect(found).toBeGreaterThan(10_000);
  });

  it('are the same on hostile pages, and on a page of markers only', () => {
    const pages = [...hostileTexts(200_000, WORDS), 'z'.repeat(300_000), `${'x'.repeat(100_000)} dix`];
    for (const text of pages)
      expect(pairTriggers(text), text.slice(0, 40)).toEqual(pairTriggersReference(text));
  });
});
