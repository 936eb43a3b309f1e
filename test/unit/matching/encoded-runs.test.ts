import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../support/random-text.js';
import { encodedRuns } from '../../../shared/matching/text.views.js';

/** The specification the probing scanner must follow, as global searches over the whole text. */
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{12,}={0,2}(?![A-Za-z0-9+/_=-])/g;
const HEX_RUN = /(?<![0-9a-z])(?:(?:\\x)?[0-9a-f]{2}[ :]?){8,}(?![0-9a-z])/gi;

const byRegex = (text: string, re: RegExp) =>
  [...text.matchAll(re)].map((m) => ({ index: m.index, run: m[0] }));

describe('encoded runs', () => {
  it('are the runs the regular expressions find, on random text', () => {
    const pieces = [
      ...'abcdefABCDEFxyzXYZ0189+/_-= :\\\n.é',
      'deadbeef',
      'QUJDRA',
      '\\x41',
      'Zm9vYmFy',
      'the ',
    ];
    for (const text of randomTexts(pieces, 20_000, 40, 5)) {
      const runs = encodedRuns(text);
      expect(runs.base64, text).toEqual(byRegex(text, BASE64_RUN));
      expect(runs.hex, text).toEqual(byRegex(text, HEX_RUN));
    }
  });
});
