/**
 * The anchored searches of other people's data (IP addresses, phone candidates and street addresses
 * tried at number starts, IPv6 at its ":") against the global searches they replace: the same spans,
 * keys and masks on random and hostile pages (issue 15).
 */
import { describe, expect, it } from 'vitest';
import { detectPii } from '../../../shared/matching/pii.detector.js';
import { streetAddresses } from '../../../shared/matching/street-addresses.js';
import { numberStarts } from '../../../shared/matching/date.parser.js';
import { buildViews } from '../../../shared/matching/text.views.js';
import { hostileTexts, PLANE_EDGES, SEPARATORS, SURROGATES } from '../../support/hostile-text.js';
import { randomTexts } from '../../support/random-text.js';

const PIECES = [
  ...'0123456789',
  ...'0123456789',
  ...SEPARATORS,
  ...PLANE_EDGES,
  ...SURROGATES,
  ...'aAbBfFxXzZÄÖÜäöüß',
  '12',
  '221B',
  '4/7',
  '12 bis',
  ' ter',
  'Unit ',
  'Apt',
  'Flat 3, ',
  'Suite',
  ' Baker',
  ' Street',
  ' St.',
  ' Rd',
  ' Ln',
  'Lane',
  ' Maple ',
  ' Green',
  ', Albany, NY 12207',
  ' SW1A 1AA',
  ' K1A 0B1',
  ' rue ',
  'avenue',
  ' Av. ',
  'allée',
  ' des Lilas',
  ', 75011 Paris',
  'Haupt',
  'straße',
  'strasse',
  'str.',
  'weg',
  '-Platz',
  'platz',
  'allee',
  'Gasse',
  'gasse',
  'ring',
  'damm',
  ' 10115 Berlin',
  'Am ',
  'Alt-',
  '𝐀',
  '𝐚',
  '203.0.113.',
  '198.51.100.7',
  '.255',
  '256.',
  '2001:db8::',
  'fe80::1',
  ':abcd',
  ':',
  '::',
  'ffff:',
  '12345:',
  '+44 ',
  '(541) ',
  '555-0163',
  '+1 503 555 0163',
  '06 39 98 12 34',
  'phone: ',
  'born ',
  '24/08/1993',
  '2023-09-22 22:14',
];

/** Pieces that put together make addresses of the three forms often, and near misses of them. */
const ADDRESS_PIECES = [
  ...'0123456789',
  ' ',
  ' ',
  ' ',
  '\t',
  ',',
  '\n',
  '-',
  '/',
  '.',
  '12 ',
  '1187 ',
  '221B ',
  '4/7 ',
  '12 bis ',
  '3ter ',
  '7 biſ ',
  'BIS ',
  'Rue ',
  'RUE ',
  'Unit 4, ',
  'Apt B ',
  'Flat 3, ',
  'Baker ',
  'Tansywick ',
  "O'Neil ",
  'Street',
  'St',
  'Ln',
  'Lane',
  'Green',
  ', Albany, NY 12207',
  ' SW1A 1AA',
  ' K1A 0B1',
  'rue ',
  'Avenue ',
  'av. ',
  'allée ',
  'des Lilas',
  ', 75011 Paris',
  'Haupt',
  'Straße',
  'straße ',
  'strasse ',
  'str. ',
  'weg ',
  'Alt-',
  'Platz',
  'platz ',
  'allee ',
  'Gasse',
  'ring ',
  'damm ',
  ', 10115 Berlin',
  'Müller',
  'Äußere',
  'Ölberg',
  'Über',
  '𝐀',
  '𝐚',
  'é',
  '\ud800',
];

/** What detectPii reports, anchored or not, for one page. */
function detected(page: string, anchored: boolean): unknown {
  return detectPii(page, buildViews(page).plain, 'US', anchored);
}

describe('anchored searches for other people’s data', () => {
  it('find the spans the global searches find, on random text', () => {
    let found = 0;
    for (const page of randomTexts(PIECES, 3000, 60, 21)) {
      const expected = detected(page, false) as unknown[];
      expect(detected(page, true), JSON.stringify(page)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('find every street address the three patterns find, on random text', () => {
    let found = 0;
    for (const page of randomTexts(ADDRESS_PIECES, 8000, 30, 22)) {
      const expected = streetAddresses(page);
      expect(streetAddresses(page, numberStarts(page)), JSON.stringify(page)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(300);
  });

  it('find the same on hostile pages', () => {
    for (const page of hostileTexts(
      100_000,
      PIECES.filter((p) => p.length > 1),
    )) {
      expect(detected(page, true), page.slice(0, 40)).toEqual(detected(page, false));
    }
  });
});
