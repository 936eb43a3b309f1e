import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../support/random-text.js';
import { runContainsReference } from '../../support/digit-runs.reference.js';
import { digitForms, findDigitRuns, nextToken, runContains } from '../../../shared/matching/digit-runs.js';

/** The token as one regular expression: the specification the hand-written scanner must follow. */
const WORDS = [
  ...'zero oh o nought one two three four five six seven eight nine double triple'.split(' '),
  ...'null eins zwei zwo drei vier funf fuenf sechs sieben acht neun'.split(' '),
  ...'un deux trois quatre cinq sept huit neuf'.split(' '),
  ...'cero uno dos tres cuatro cinco seis siete ocho nueve'.split(' '),
];
const TOKEN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:[0-9oli|]*[0-9][0-9oli|]*|[oli|]{1,2}(?=[-.\\s]*[0-9])|${WORDS.join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);

function tokensByRegex(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => `${m.index}:${m[0]}`);
}

function tokensByScanner(text: string): string[] {
  const out: string[] = [];
  for (let t = nextToken(text, 0); t; t = nextToken(text, t.index + t.token.length))
    out.push(`${t.index}:${t.token}`);
  return out;
}

describe('digit tokens', () => {
  it('are the tokens the regular expression finds, on random text', () => {
    const pieces = [
      ...'0123456789oli|ab -.\n\t+()é²',
      'one',
      'two',
      'oh',
      'double',
      'triple',
      'nought',
      'zero',
      'oil',
      'seven',
      'un',
      'uno',
      'null',
      'funf',
      'sept',
      'dos',
      'ocho',
      'sechs',
      // Words the scanner rejects by their first three letters, and near misses of digit words.
      'the',
      'three ',
      'thr',
      'lol',
      'looked',
      'ohm',
      'ones',
      'oho',
      'ol',
      'li',
      'io',
      'sixty',
      'dose',
      'septa',
      '\u00a0',
      '𝟙',
      '𝐚',
      '\udc00',
      '\ud835',
    ];
    for (const text of randomTexts(pieces, 3000, 30)) {
      expect(tokensByScanner(text), JSON.stringify(text)).toEqual(tokensByRegex(text));
    }
  });

  it('read digits spelled in German, French and Spanish', () => {
    // Light-folded text, as the matcher hands it over: "fünf" reads "funf".
    const german = findDigitRuns('handy: null eins sieben eins, zwo drei vier funf sechs sieben acht');
    expect(german[0]?.digits).toBe('01712345678');
    const french = findDigitRuns('appelle le zero six un deux trois quatre cinq six sept huit');
    expect(french[0]?.digits).toBe('0612345678');
    const spanish = findDigitRuns('llama al seis uno cero dos tres cuatro cinco seis siete');
    expect(spanish[0]?.digits).toBe('610234567');
    // Words alone in running text are no run.
    expect(findDigitRuns('un deux trois, and dos tres in the same sentence')).toEqual([]);
  });

  it('read spelled digits, look-alikes and repeats into runs', () => {
    const [run] = findDigitRuns('call five oh three, double five 5 zero one six three');
    expect(run?.digits).toBe('5035550163');
    expect(run?.spelled).toBe(true);
    // A run never starts with a lone look-alike letter: the "l" before 503 is not read.
    const [letters] = findDigitRuns('mobile: +l-5o3-555-ol63');
    expect(letters?.digits).toBe('5035550163');
    expect(letters?.letters).toBe(true);
  });

  it('find a number inside a run only on whole tokens', () => {
    const forms = digitForms(['5035550163']);
    expect(runContains(findDigitRuns('ref 99 503 555 0163 12')[0]!, forms)).toBe(true);
    expect(runContains(findDigitRuns('ref 9503 555 0163')[0]!, forms)).toBe(false);
  });

  it('hold a number exactly where a look at every stretch of their tokens finds it', () => {
    const pieces = [
      '503',
      '555',
      '0163',
      ' ',
      '-',
      '.',
      '(',
      ')',
      ', ',
      '/',
      'five ',
      'oh ',
      'double ',
      '44 ',
      '1 ',
      '9',
      '\n',
    ];
    const numbers = [
      '5035550163',
      '15035550163',
      '0163555',
      '5550163503',
      '44503555',
      '0000000',
      '3610555305',
    ];
    let held = 0;
    for (const text of randomTexts(pieces, 4000, 14, 17)) {
      for (const run of findDigitRuns(text)) {
        for (let k = 0; k < numbers.length; k++) {
          const list = numbers.slice(k, k + 3);
          const expected = runContainsReference(run, new Set(list));
          expect(runContains(run, digitForms(list)), text).toBe(expected);
          if (expected) held++;
        }
      }
    }
    expect(held).toBeGreaterThan(100);
  });

  it('share their longest common start or end as the core a run must hold', () => {
    expect(digitForms(['5035550163', '15035550163', '0015035550163']).core).toBe('5035550163');
    expect(digitForms(['3610555305', '36105553051', '3610555305100']).core).toBe('3610555305');
    expect(digitForms(['123', '456']).core).toBe('');
  });
});
