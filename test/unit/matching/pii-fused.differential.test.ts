/**
 * The detector of other people's data, the date finder and the number starts they share, against
 * the versions kept in test/support from before their scans were fused and moved into code
 * (issue 15): the same spans, keys, masks and dates on random, mixed-script and hostile pages.
 */
import { describe, expect, it } from 'vitest';
import { mixedText } from '../../../bench/mixed-text.js';
import { datesOf, findDates, numberStarts } from '../../../shared/matching/date.parser.js';
import { detectPii } from '../../../shared/matching/pii.detector.js';
import { buildViews } from '../../../shared/matching/text.views.js';
import {
  findDates as findDatesReference,
  numberStarts as numberStartsReference,
} from '../../support/date-parser.reference.js';
import { hostilePages } from '../../support/hostile-pages.js';
import { hostileTexts, PLANE_EDGES, SEPARATORS, SURROGATES } from '../../support/hostile-text.js';
import { detectPiiReference } from '../../support/pii-detector.reference.js';
import { randomTexts } from '../../support/random-text.js';

/** Pieces that put together make every kind of data the detector reports often, and near misses. */
const PIECES = [
  ...'0123456789',
  ...'0123456789',
  ...SEPARATORS,
  ...PLANE_EDGES,
  ...SURROGATES,
  ...'aAbBfFxXzZÄÖÜäöüßéſ',
  ' ',
  ' ',
  '\n',
  '12',
  '221B',
  '4/7',
  '12 bis',
  'Unit ',
  'Apt',
  ' Baker',
  ' Street',
  ' Rd',
  ' rue ',
  ' des Lilas',
  ', 75011 Paris',
  'Haupt',
  'straße',
  ' 10115 Berlin',
  '203.0.113.',
  '198.51.100.7',
  '256.',
  '2001:db8::',
  'fe80::1',
  ':abcd',
  '::',
  '+44 ',
  '+1 ',
  '(541) ',
  '555-0163',
  '06 39 98 12 34',
  '0612345678',
  'phone: ',
  'tel',
  'born ',
  'DOB: ',
  '24/08/1993',
  '2023-09-22 22:14',
  '24th of august 1993',
  'aug. 24th, 1993',
  'Mär',
  'march ',
  '12 05 1990',
  'jane.doe',
  'Jane_Doe',
  'é.è',
  '@',
  '@example.com',
  '@mail.co.uk',
  'Mother: ',
  'mum (real name): ',
  'Full name = ',
  'Name:',
  'Ana Ruiz',
  'Sister = Eva Ruiz\n',
  'dad: Jo Ward,',
  'DOB: 24.08.1993 ',
  'née le 3 mars 1990',
  'Flat 3, 12 Baker Street, London SW1A 1AA',
  '4 rue des Lilas, 75011 Paris',
  'Hauptstraße 5, 10115 Berlin',
  ' Eva',
  'Plate: ',
  'Reg no. ',
  'KA 4711',
  'AB12 CDE',
  'AB-123-CD',
  'DE89 3704 0044 0532 0130 00',
  'GB82WEST12345698765432',
  'AB 12 34 56 C',
  'QQ123456C',
  '078-05-1120',
  'SIN: ',
  '046 454 286',
  '1 85 05 78 006 084 36',
  '2 69 05 2A 006 084 ',
  '4111 1111 1111 1111',
  '4111-1111-1111-1111',
  '5555555555554444',
];

const views = (page: string): ReturnType<typeof buildViews>['plain'] => buildViews(page).plain;

/** The page as the bench's mixed-text copy writes it: accents, look-alikes, full-width, zero-width. */
const mixed = (page: string, seed: number): string => mixedText(page, seed, 0.1).text;

function expectSame(page: string, region?: string): number {
  const plain = views(page);
  const expected = detectPiiReference(page, plain, region);
  // A fresh view: the dates of a view are kept once found, and the reference found them first.
  expect(detectPii(page, views(page), region), JSON.stringify(page.slice(0, 200))).toEqual(expected);
  return expected.length;
}

describe('the fused detector of other people’s data', () => {
  it('finds what the detector it replaced found, on random text', () => {
    let found = 0;
    for (const page of randomTexts(PIECES, 2500, 60, 31)) found += expectSame(page, 'US');
    expect(found).toBeGreaterThan(2000);
  });

  it('finds the same on ASCII pages (whose light fold shares the page’s offsets and number starts)', () => {
    const ascii = PIECES.filter((piece) => [...piece].every((unit) => unit.charCodeAt(0) < 0x80));
    let found = 0;
    for (const page of randomTexts(ascii, 1500, 60, 34)) {
      expect(views(page).light.ascii).toBe(true);
      found += expectSame(page, 'CA');
    }
    expect(found).toBeGreaterThan(1500);
  });

  it('finds the same on mixed-script copies of random text, in other regions', () => {
    let found = 0;
    const pages = randomTexts(PIECES, 2000, 60, 32);
    pages.forEach((page, i) => (found += expectSame(mixed(page, i), i % 2 === 0 ? 'FR' : undefined)));
    expect(found).toBeGreaterThan(1000);
  });

  it('reads a page’s number starts from its fold where a dropped or folded unit joins or makes digits', () => {
    const joined = [
      'call 555\u200b0163 or 541\u0301 555 0199, id 078-05\u200d-1120',
      'born 1\u200b2/05/1990 at 203.0\u200b.113.7, card 4111\u00ad1111 1111 1111',
      'full-width ５５５ 0163 and ½ 2 and 𝟙𝟚 34567 and ¹23 456 7890',
    ];
    for (const page of joined) expectSame(page, 'US');
    for (const page of joined) expectSame(page.repeat(50), 'FR');
  });

  it('finds the same on hostile pages', () => {
    for (const page of hostileTexts(
      60_000,
      PIECES.filter((p) => p.length > 1),
    ))
      expectSame(page, 'GB');
    for (const [name, page] of hostilePages(PIECES.filter((p) => p.length > 1))) {
      const plain = views(page);
      expect(detectPii(page, plain, 'DE'), name).toEqual(detectPiiReference(page, views(page), 'DE'));
    }
  });
});

describe('the number starts and the date finder', () => {
  const check = (text: string): number => {
    expect(numberStarts(text), JSON.stringify(text.slice(0, 200))).toEqual(numberStartsReference(text));
    const expected = findDatesReference(text);
    expect(findDates(text), JSON.stringify(text.slice(0, 200))).toEqual(expected);
    expect(findDates(text, true)).toEqual(findDatesReference(text, true));
    return expected.length;
  };

  it('find what they found before, on random and mixed-script text', () => {
    let dates = 0;
    const pages = randomTexts(PIECES, 3000, 40, 33);
    pages.forEach((page, i) => {
      dates += check(page.toLowerCase());
      dates += check(views(mixed(page, i)).light.text);
    });
    expect(dates).toBeGreaterThan(1000);
  });

  it('read the calendar as before: month lengths, leap years, two-digit and early years', () => {
    const years = ['0000', '0004', '0099', '0100', '0400', '1600', '1900', '2000', '2023', '2024', '9996'];
    const dates: string[] = [];
    for (const year of [...years, '00', '04', '99'])
      for (let month = 0; month <= 13; month++)
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          dates.push(`${day}/${month}/${year}`, `${year}-${month}-${day}`, `${day} feb ${year}`);
          dates.push(`apr ${day}, ${year}`);
        }
    expect(check(dates.join('\n'))).toBeGreaterThan(500);
  });

  it('find the same on hostile pages', () => {
    for (const page of hostileTexts(60_000, PIECES)) check(page);
    for (const [, page] of hostilePages(PIECES.filter((p) => p.length > 1))) check(page);
  });

  it('keep the two long texts last asked about, a page and its light fold', () => {
    const page = 'Born 12/05/1990, call 555 0163. '.repeat(200);
    const light = views(page).light;
    const first = numberStarts(page);
    expect(numberStarts(light.text)).toEqual(first);
    // A short text asked about in between (a decoded run, a span read backwards) is not kept, and
    // does not push the page out.
    const short = numberStarts('0991/50/21 nrob');
    expect(short).toEqual([0, 5, 8]);
    expect(numberStarts('0991/50/21 nrob')).not.toBe(short);
    expect(numberStarts(page)).toBe(first);
    expect(numberStarts(light.text)).toBe(numberStarts(light.text));
    expect(datesOf(light)).toBe(datesOf(light));
  });
});
