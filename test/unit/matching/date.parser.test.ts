import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../support/random-text.js';
import { findDates, MONTH_NAME_LIST } from '../../../shared/matching/date.parser.js';

// The three date forms as global regular expressions: the specification findDates follows while
// trying each form only where a number starts.
const MONTH = `(${[...MONTH_NAME_LIST].sort((a, b) => b.length - a.length).join('|')})\\.?`;
const DAY = '(\\d{1,2})(?:st|nd|rd|th|er|\\.)?';
const YEAR = "'?(\\d{4}|\\d{2})";
const FORMS = [
  /(?<![\p{N}][./-]?|[\p{N}])(\d{1,4})([./\-\s])(\d{1,2})\2(\d{4}|\d{2})(?![\p{N}]|[./-]\d)/gu,
  new RegExp(
    `(?<![\\p{L}\\p{N}])${DAY}(?:[ \\t]+of)?[ \\t.\\-/]*${MONTH}[ \\t.,\\-/]*${YEAR}(?![\\p{N}])`,
    'gu',
  ),
  new RegExp(
    `(?<![\\p{L}\\p{N}])${MONTH}[ \\t.\\-/]*${DAY}(?![\\p{N}]),?[ \\t.\\-/]*${YEAR}(?![\\p{N}])`,
    'gu',
  ),
];

/**
 * Spans of every match of each form that reads as a valid date (asked of findDates on the match
 * alone), in the order findDates reports them: numeric, then day first, then month first.
 */
const expected = (text: string): string[] =>
  FORMS.flatMap((form) =>
    [...text.matchAll(form)]
      .filter((m) => findDates(m[0]).some((d) => d.from === 0 && d.to === m[0].length))
      .map((m) => `${m.index}-${m.index + m[0].length}`),
  );

describe('findDates', () => {
  it('finds what global searches of the three forms find, on random text', () => {
    const pieces = [
      ..."0123456789 .-/,'\tx",
      '12',
      '1993',
      '93',
      'march',
      'mar',
      'aug.',
      'septembre',
      'of',
      'th',
      'st',
      'jan',
      'xjan',
      'é',
      '²',
    ];
    for (const text of randomTexts(pieces, 4000, 24)) {
      const found = findDates(text).map((d) => `${d.from}-${d.to}`);
      expect(found, JSON.stringify(text)).toEqual(expected(text));
    }
  });

  it('reads a month however far its day is spaced from it', () => {
    expect(findDates(`aug${' '.repeat(41)}5 1990`)).toHaveLength(1);
    expect(findDates(`born aug.${'-'.repeat(45)}5, 1990`)).toHaveLength(1);
  });

  it('reads every form once, in order', () => {
    const found = findDates('born 24.08.1993, or 24th of august 1993, or aug. 24th, 1993 and 12 05 1990');
    expect(
      found.map((d) => [d.written, d.readings.map((r) => `${r.year}-${r.month}-${r.day}`).join('|')]),
    ).toEqual([
      [false, '1993-8-24'],
      [true, '1993-8-24'],
      [true, '1993-8-24'],
    ]);
  });
});
