/**
 * The fused and anchored passes of the per-page work pinned to the paths they replace (issue 15),
 * on seeded random text and on hostile pages: the one-pass table fold against the per-code-point
 * fold (texts and offset maps, unit for unit), the projection that finds out on its own whether a
 * text is ASCII against the one told, and the spelled-out letters found from their trigger against
 * the regular expression over every position.
 */
import { describe, expect, it } from 'vitest';
import { foldBoth, foldPage, foldText } from '../../../shared/matching/fold.normalizer.js';
import type { FoldedText } from '../../../shared/matching/fold.normalizer.js';
import { keyString, projectKeys } from '../../../shared/matching/key.projection.js';
import { lettersJoined, nextSingle, percentDecoded } from '../../../shared/matching/page.readings.js';
import { decodedEntities } from '../../../shared/matching/text.views.js';
import { foldBothReference, foldTextReference } from '../../support/fold.reference.js';
import {
  decodedEntitiesReference,
  nextSingleReference,
  percentDecodedReference,
} from '../../support/page-readings.reference.js';
import { prng, randomTexts } from '../../support/random-text.js';
import { UNICODE_PIECES, hostilePages, sparsePages } from '../../support/unicode-pieces.js';

const TIMEOUT = 60_000;

/** The first index where two maps differ, or -1: a readable failure on maps of a million units. */
function firstDifference(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function expectSameFold(actual: FoldedText, expected: FoldedText, label: string): void {
  expect(actual.text, label).toBe(expected.text);
  expect(firstDifference(actual.starts, expected.starts), `starts of ${label}`).toBe(-1);
  expect(firstDifference(actual.ends, expected.ends), `ends of ${label}`).toBe(-1);
}

/** A map to some earlier text, as a decoded reading has: each unit from a span of its own. */
function sourceMap(length: number): { starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    starts[i] = 3 * i + 1;
    ends[i] = 3 * i + 2 + (i % 3);
  }
  return { starts, ends };
}

const randomPages = randomTexts(UNICODE_PIECES, 3000, 60, 1501);
const pages = [...randomPages, ...sparsePages(), ...hostilePages()];

describe('the fused fold gives what the per-code-point fold gives', () => {
  it(
    'at each level, with and without a source map',
    () => {
      for (const [n, page] of pages.entries()) {
        const map = sourceMap(page.length);
        for (const level of ['light', 'full'] as const) {
          expectSameFold(foldText(page, level), foldTextReference(page, level), `${level} fold of page ${n}`);
          expectSameFold(
            foldText(page, level, map.starts, map.ends),
            foldTextReference(page, level, map.starts, map.ends),
            `mapped ${level} fold of page ${n}`,
          );
        }
      }
    },
    TIMEOUT,
  );

  it(
    'for both folds at once, which share one map only where they have one shape',
    () => {
      for (const [n, page] of pages.entries()) {
        const map = sourceMap(page.length);
        for (const [label, both, expected] of [
          ['', foldBoth(page), foldBothReference(page)],
          // The page fold writes its maps into buffers reused page to page: each page's are right.
          ['page ', foldPage(page), foldBothReference(page)],
          ['mapped ', foldBoth(page, map.starts, map.ends), foldBothReference(page, map.starts, map.ends)],
        ] as const) {
          expectSameFold(both.light, expected.light, `${label}light of page ${n}`);
          expectSameFold(both.full, expected.full, `${label}full of page ${n}`);
        }
      }
    },
    TIMEOUT,
  );

  it(
    'on a page longer than the buffers kept between pages (its maps and scratch its own)',
    () => {
      const some = sparsePages(12, 5).join('\n');
      const long = some.repeat(Math.ceil(((1 << 20) + 5000) / some.length));
      expect(long.length).toBeGreaterThan(1 << 20);
      const expected = foldBothReference(long);
      for (const [label, both] of [
        ['page', foldPage(long)],
        ['both', foldBoth(long)],
      ] as const) {
        expectSameFold(both.light, expected.light, `light ${label} fold of the long page`);
        expectSameFold(both.full, expected.full, `full ${label} fold of the long page`);
      }
    },
    TIMEOUT,
  );

  it('folds a text with a letter that is two units at one level only (æ) both ways', () => {
    const both = foldBoth('Cæsar Μаrsh');
    expect(both.light.text).toBe('cæsar μаrsh');
    expect(both.full.text).toBe('caesar marsh');
    expect(Array.from(both.full.starts.subarray(0, 4))).toEqual([0, 1, 1, 2]);
  });
});

describe('the projection that checks for ASCII itself gives what the table of every unit gives', () => {
  it(
    'on folded random and hostile pages, plain and rot13',
    () => {
      for (const [n, page] of pages.entries()) {
        for (const folded of new Set([foldText(page, 'full').text, foldText(page, 'light').text, page])) {
          // Told it is not ASCII, the projection takes the path through the table of every unit.
          const general = projectKeys(folded, true, false);
          const expected = [
            keyString(general.plain),
            general.rot13 && keyString(general.rot13),
            Array.from(general.plain.at),
          ];
          const found = projectKeys(folded, true);
          expect(
            [keyString(found.plain), found.rot13 && keyString(found.rot13), Array.from(found.plain.at)],
            `page ${n}`,
          ).toEqual(expected);
        }
      }
    },
    TIMEOUT,
  );
});

const separatedPages = randomTexts(
  [
    'a',
    'b',
    'Z',
    '7',
    '_',
    'é',
    'ы',
    '𝐬',
    '🅐',
    'e\u0301',
    '\u0301',
    '|',
    '/',
    ' / ',
    ' ',
    '  ',
    '\n',
    '\n\n',
    '\r\n',
    '🔸',
    '❤\ufe0f',
    '·',
    'ab',
    '\ud800',
    '\udc00',
    '-',
    '.',
    '\t',
  ],
  5000,
  40,
  77,
);
/** Runs of letters (astral ones, with marks) spelled out with one separator each, amid pieces. */
const spelledPages = (() => {
  const rand = prng(78);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const letters = ['a', 'Z', '7', '_', 'é', 'ы', '𝐬', '🅐', 'e\u0301', '\ud800'];
  const separators = ['|', ' / ', ' ', '\n', '\r\n', '🔸', '❤\ufe0f', '·', '\u0301', '--', ' | ', '\t'];
  return Array.from({ length: 3000 }, () => {
    const sep = pick(separators);
    const run = Array.from({ length: 2 + Math.floor(rand() * 6) }, () => pick(letters)).join(sep);
    return [
      pick(UNICODE_PIECES),
      run,
      rand() < 0.3 ? sep + sep : '',
      pick(letters),
      pick(UNICODE_PIECES),
    ].join('');
  });
})();

describe('spelled-out letters found from their trigger are those the regular expression finds', () => {
  it(
    'on random and hostile pages',
    () => {
      for (const [n, page] of [...separatedPages, ...spelledPages, ...pages].entries()) {
        const expected = lettersJoined(page, false, false);
        expect(lettersJoined(page), `page ${n}`).toEqual(expected);
        // On an ASCII page the reference had a faster expression of its own: the same runs.
        if (!/[^\0-\x7f]/.test(page)) expect(lettersJoined(page, true, false), `page ${n}`).toEqual(expected);
      }
    },
    TIMEOUT,
  );
});

describe('one-letter words read as bits over ASCII are those the walk by code point finds', () => {
  it(
    'from every place of random pages, and along hostile ones',
    () => {
      for (const [n, page] of [
        ...separatedPages,
        ...spelledPages,
        ...randomPages,
        ...sparsePages(),
      ].entries()) {
        for (let from = 0; from <= page.length; from++)
          expect(nextSingle(page, from), `page ${n} from ${from}`).toBe(nextSingleReference(page, from));
      }
      // Long pages: each one-letter word after the last, and a few places anywhere (some inside
      // surrogate pairs and words), not every place, which would read such a page once per place.
      for (const [n, page] of hostilePages().entries()) {
        const rand = prng(n);
        const froms = Array.from({ length: 20 }, () => Math.floor(rand() * (page.length + 1)));
        for (let p = 0; p >= 0 && p <= page.length;) {
          const expected = nextSingleReference(page, p);
          expect(nextSingle(page, p), `page ${n} from ${p}`).toBe(expected);
          p = expected < 0 ? -1 : expected + 1;
        }
        for (const from of froms)
          expect(nextSingle(page, from), `page ${n} from ${from}`).toBe(nextSingleReference(page, from));
      }
    },
    TIMEOUT,
  );

  it('around letters the scan meets for the first time, inside words and standing alone', () => {
    // Hangul syllables no other test reads: each page's are new to the scan when it first reads them,
    // so it stops there to learn them, and must go on with what it knew of the units before.
    let next = 0xc000;
    const fresh = (): string => String.fromCharCode(next++);
    for (let n = 0; n < 300; n++) {
      const page = [
        `a${fresh()} b${fresh()}${fresh()} ${fresh()} c`,
        `${fresh()} x`,
        `é${fresh()}\u0301 ${fresh()}`,
        `\ud83d\ude00${fresh()} q ${fresh()}1`,
      ][n % 4] as string;
      // The scan first (the reference classifies units in a table of its own).
      const found = Array.from({ length: page.length + 1 }, (_, from) => nextSingle(page, from));
      const expected = Array.from({ length: page.length + 1 }, (_, from) => nextSingleReference(page, from));
      expect(found, `page ${n}: ${page}`).toEqual(expected);
    }
  });
});

describe('percent-encoding and entities found from their "%" and "&" are those the searches find', () => {
  it(
    'on random and hostile pages',
    () => {
      const encoded = randomTexts(
        ['%', '%40', '%4', '%e2%82%ac', '%C3%A9', '%ff', '%zz', '%%41', '&', '&amp;', '&#64;', '&#x74;'],
        3000,
        12,
        79,
      );
      const prose = randomTexts([...UNICODE_PIECES, ' ', 'abc', '%2', '%41', '&lt;', '&#'], 3000, 30, 80);
      for (const [n, page] of [...encoded, ...prose, ...sparsePages(), ...hostilePages()].entries()) {
        expect(percentDecoded(page), `page ${n}`).toEqual(percentDecodedReference(page));
        expect(decodedEntities(page), `page ${n}`).toEqual(decodedEntitiesReference(page));
      }
      const many = '%41'.repeat(150_000);
      expect(percentDecoded(many)).toEqual(percentDecodedReference(many));
    },
    TIMEOUT,
  );
});
