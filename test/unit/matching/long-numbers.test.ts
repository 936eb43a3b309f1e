import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../support/random-text.js';
import { numberStarts } from '../../../shared/matching/date.parser.js';
import {
  capitalsThenDigits,
  inLongNumbers,
  longNumberStretches,
} from '../../../shared/matching/id-numbers.js';

// The number patterns run on long-number stretches only; over the whole page they must find the same.
const PATTERNS = [
  /(?<!\d)(\d{3})-(\d{2})-(\d{4})(?!\d)/g,
  /(?<![\d-])\d{3}([ -]?)\d{3}\1\d{3}(?!\d|[ -]\d)/g,
  /(?<!\d)([12]) ?(\d{2}) ?(0[1-9]|1[0-2]|[2-9]\d) ?(\d{2}|2[AB]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?![\d])/g,
  /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g,
];

describe('long-number stretches', () => {
  it('hold every match the number patterns find over the whole page, on random text', () => {
    const pieces = [...'0123456789 -AB.x\n', '123', '45', '6789', '2A', ' - ', '555'];
    let found = 0;
    for (const text of randomTexts(pieces, 20_000, 24, 7)) {
      const stretches = longNumberStretches(text, numberStarts(text));
      for (const pattern of PATTERNS) {
        const whole = [...text.matchAll(pattern)].map((m) => `${m.index}:${m[0]}`);
        const byStretch = [...inLongNumbers(text, stretches, pattern)].map((m) => `${m.index}:${m[0]}`);
        expect(byStretch, `${pattern.source} in ${JSON.stringify(text)}`).toEqual(whole);
        found += whole.length;
      }
    }
    expect(found).toBeGreaterThan(2000);
  });

  it('are, like the starts of IBAN/NINo/plate shapes, what whole-page searches find, read from number starts', () => {
    const pieces = [
      ...'0123456789 -ABCDEGHJKLMNPRSTWXYZab.x:\n',
      'GB82WEST',
      '1234569876543',
      'DE89 3704',
      ' 0044 0532 0130 00',
      'AB12 CDE',
      'AB-123-CD',
      'AB 12 34 56 C',
      '123-45-6789',
      '130 692 544',
      'SIN: ',
      '4111 1111 1111 1111',
      '1 85 05 78 006 084 91',
    ];
    // The specifications: two capitals then two digits; a digit, nine or more stretch units, a digit.
    const CAPITALS_THEN_DIGITS = /(?<![A-Za-z0-9])[A-Z]{2}[ -]?\d{2}/g;
    const LONG_NUMBER = /\d[\d AB-]{7,}\d/g;
    let found = 0;
    for (const text of randomTexts(pieces, 20_000, 16, 13)) {
      const starts = numberStarts(text);
      const shapes = [...text.matchAll(CAPITALS_THEN_DIGITS)].map((m) => m.index);
      expect([...capitalsThenDigits(text, starts)], text).toEqual(shapes);
      const stretches = [...text.matchAll(LONG_NUMBER)].map((m) => [m.index, m.index + m[0].length]);
      expect(longNumberStretches(text, starts), text).toEqual(stretches);
      found += shapes.length + stretches.length;
    }
    expect(found).toBeGreaterThan(2000);
  });
});
