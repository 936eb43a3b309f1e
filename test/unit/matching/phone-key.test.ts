import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../support/random-text.js';
import { libphonenumberKey, phoneKey } from '../../../shared/matching/pii.detector.js';

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
});
