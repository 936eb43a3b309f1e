import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../support/random-text.js';
import { libphonenumberKey, phoneKey } from '../../../shared/matching/phone-key.js';

describe("other people's phone numbers", () => {
  it('get the national number libphonenumber gives, through the North American shortcut too', () => {
    // Digit groups and the marks between them, as phone candidates on pages are written.
    const pieces = [
      '1',
      '0',
      '2',
      '5',
      '9',
      '555',
      '0187',
      '541',
      '011',
      '44',
      ' ',
      '-',
      '.',
      '/',
      '(',
      ')',
      '+',
    ];
    const candidates = randomTexts(pieces, 3000, 9, 11).map((text) => text.trim());
    let shortcut = 0;
    for (const region of [undefined, 'US', 'CA', 'GB', 'FR']) {
      for (const text of candidates) {
        const expected = libphonenumberKey(
          text,
          region ? [region as 'US', 'US', 'GB', 'DE', 'FR', 'CA'] : undefined,
        );
        expect(phoneKey(text, region), `${region ?? '-'} ${text}`).toBe(expected);
        if (
          expected &&
          /^[\d ().\-/]+$/.test(text) &&
          expected.length === 10 &&
          region !== 'GB' &&
          region !== 'FR'
        )
          shortcut++;
      }
    }
    // The comparison means something only if many candidates took the shortcut.
    expect(shortcut).toBeGreaterThan(400);
  });

  it('get the national number libphonenumber gives for codes several countries share (+44, +7, +61, ...)', () => {
    const pieces = [
      '+44',
      '0044',
      '+7',
      '+47',
      '+61',
      '+590',
      '0',
      '07',
      '020',
      '01481',
      '01534',
      '01624',
      '7700',
      '900',
      '1',
      '5',
      '23',
      '456',
      '0187',
      ' ',
      '-',
      '(0)',
    ];
    const candidates = randomTexts(pieces, 4000, 9, 3)
      .map((text) => text.trim())
      .filter((text) => /^\S/.test(text) && (text.match(/\d/g) ?? []).length >= 7);
    let found = 0;
    for (const region of [undefined, 'GB', 'DE', 'US']) {
      for (const text of candidates) {
        const expected = libphonenumberKey(
          text,
          region ? [region as 'US', 'US', 'GB', 'DE', 'FR', 'CA'] : undefined,
        );
        expect(phoneKey(text, region), `${region ?? '-'} ${text}`).toBe(expected);
        if (expected) found++;
      }
    }
    // Many candidates must be possible numbers, and many not, for the comparison to mean something.
    expect(found).toBeGreaterThan(1000);
    expect(found).toBeLessThan(candidates.length * 4 - 1000);
  });
});
