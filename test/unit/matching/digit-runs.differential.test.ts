/**
 * The fused digit-run scan (tokens read into numbers, strings built only for runs kept) against the
 * assembly it replaced, kept in test/support: the same runs, offsets, digits, parts and bounds on
 * random and hostile text (issue 15).
 */
import { describe, expect, it } from 'vitest';
import { findDigitRuns } from '../../../shared/matching/digit-runs.js';
import { hostileTexts, PLANE_EDGES, SEPARATORS, SURROGATES } from '../../support/hostile-text.js';
import { randomTexts } from '../../support/random-text.js';
import { findDigitRunsReference } from '../../support/digit-runs.reference.js';

const WORDS = [
  ...'zero oh o nought one two three four five six seven eight nine double triple'.split(' '),
  ...'null eins zwei zwo drei vier funf fuenf sechs sieben acht neun'.split(' '),
  ...'un deux trois quatre cinq sept huit neuf cero uno dos tres cuatro cinco seis siete ocho nueve'.split(
    ' ',
  ),
  ...'oil on of it is in lo li io ol oo ll'.split(' '),
];
const PIECES = [
  ...'0123456789oli|OLI',
  ...SEPARATORS,
  ...PLANE_EDGES,
  ...SURROGATES,
  ...WORDS.map((w) => `${w} `),
  ...WORDS,
  '+1 ',
  '(',
  '+ (',
  ' 503',
  '555',
  '0163',
  ', ',
  '; ',
  ' / ',
  'é',
  '²',
  '𝟙',
  'a',
  'x',
];

describe('the fused digit-run scan', () => {
  it('finds the runs the token-by-token assembly found, on random text', () => {
    let runs = 0;
    for (const text of randomTexts(PIECES, 6000, 40, 15)) {
      for (const minDigits of [1, 7]) {
        const expected = findDigitRunsReference(text, minDigits);
        expect(findDigitRuns(text, minDigits), JSON.stringify(text)).toEqual(expected);
        runs += expected.length;
      }
    }
    // The pieces make runs often: the comparison is not of empty lists.
    expect(runs).toBeGreaterThan(5000);
  });

  it('finds the same runs on hostile pages', () => {
    for (const text of hostileTexts(200_000, [...WORDS, ...WORDS.map((w) => `${w} `)])) {
      expect(findDigitRuns(text), text.slice(0, 40)).toEqual(findDigitRunsReference(text));
    }
  });
});
