/**
 * Letter forms that stand for a Latin letter but that Unicode normalization (NFKC) does not map
 * to it: negative circled and negative squared letters (🅐, 🅰), regional indicators (🇦), the
 * parenthesized letters (whose NFKC form carries the parentheses), small capitals (ᴀ) and the
 * modifier letters made from them. Built once from the character names of the Unicode Character
 * Database (14.0.0): every code point named one of
 *
 *   LATIN CAPITAL LETTER SMALL CAPITAL
 *   LATIN LETTER SMALL CAPITAL
 *   MODIFIER LETTER SMALL CAPITAL
 *   NEGATIVE CIRCLED LATIN CAPITAL LETTER
 *   NEGATIVE SQUARED LATIN CAPITAL LETTER
 *   PARENTHESIZED LATIN CAPITAL LETTER
 *   PARENTHESIZED LATIN SMALL LETTER
 *   REGIONAL INDICATOR SYMBOL LETTER
 *   SQUARED LATIN SMALL LETTER
 *
 * followed by a letter A to Z, whose NFKC form is not already that letter. Each entry is a first
 * code point and the letters of the consecutive code points from there.
 */
export const LETTER_FORM_RANGES: ReadonlyArray<readonly [number, string]> = [
  [0x262, 'g'],
  [0x26a, 'i'],
  [0x274, 'n'],
  [0x280, 'r'],
  [0x28f, 'y'],
  [0x299, 'b'],
  [0x29c, 'h'],
  [0x29f, 'l'],
  [0x1d00, 'a'],
  [0x1d04, 'cd'],
  [0x1d07, 'e'],
  [0x1d0a, 'jk'],
  [0x1d0d, 'm'],
  [0x1d0f, 'o'],
  [0x1d18, 'p'],
  [0x1d1b, 'tu'],
  [0x1d20, 'vwz'],
  [0x1da6, 'i'],
  [0x1dab, 'l'],
  [0x1db0, 'n'],
  [0x1db8, 'u'],
  [0x249c, 'abcdefghijklmnopqrstuvwxyz'],
  [0xa730, 'fs'],
  [0xa7ae, 'iq'],
  [0x10784, 'b'],
  [0x10792, 'g'],
  [0x10796, 'h'],
  [0x107aa, 'r'],
  [0x107b2, 'y'],
  [0x1f110, 'abcdefghijklmnopqrstuvwxyz'],
  [0x1f150, 'abcdefghijklmnopqrstuvwxyz'],
  [0x1f170, 'abcdefghijklmnopqrstuvwxyz'],
  [0x1f1a5, 'd'],
  [0x1f1e6, 'abcdefghijklmnopqrstuvwxyz'],
];
