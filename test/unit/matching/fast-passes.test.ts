/**
 * Differential tests: each fast pass of the matcher's own work against the path it replaced, on
 * seeded random text and on hostile pages.
 */
import { describe, expect, it } from 'vitest';
import { pairTriggers } from '../../../shared/matching/phone.matcher.js';
import { hostilePages } from '../../support/hostile-pages.js';
import { pairTriggersByRegex } from '../../support/pair-triggers.reference.js';
import { randomTexts } from '../../support/random-text.js';

describe('pair triggers', () => {
  const pieces = [
    ...'abcxyz019 -,.é\n',
    'dix',
    'onze',
    'vingt',
    'vingts',
    'quatre-vingt-dix',
    'soixante',
    'quatorze',
    'zehn',
    'zig',
    'zwoelf',
    'zwolf',
    'elf',
    'self',
    'dixseize',
    'vierunddreissig',
    'Zig',
    'ELF',
  ];
  it('are where the regular expression finds them, on random text', () => {
    for (const text of randomTexts(pieces, 20_000, 30, 7))
      expect(pairTriggers(text), text).toEqual(pairTriggersByRegex(text));
  });
  it('are where the regular expression finds them, on hostile pages', () => {
    for (const [name, text] of hostilePages(pieces))
      expect(pairTriggers(text), name).toEqual(pairTriggersByRegex(text));
  });
  it('are found at all (the test can fail)', () => {
    expect(pairTriggers('zero six, quatre-vingt-dix, self')).toEqual([17, 23, 29]);
  });
});
