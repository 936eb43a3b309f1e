/**
 * Pieces of text that stress a pass reading UTF-16 units with tables: every kind of character the
 * fold treats apart (ASCII, accents and combining marks, look-alikes, full-width and compatibility
 * forms, zero-width and other ignorables, letters folding to several units or to none at one level
 * only, astral letters, lone surrogates, Unicode plane edges), and the separators of spelled-out
 * letters. Joined at random by `randomTexts` (random-text.ts) and into hostile pages below.
 */
import { PLANE_EDGES } from './hostile-text.js';
import { prng } from './random-text.js';

export const UNICODE_PIECES: readonly string[] = [
  ...PLANE_EDGES,
  // ASCII words, digits and leetspeak.
  'salt',
  'Marsh',
  'FINCH',
  's4l7',
  '0163',
  '@',
  'k.m.o',
  // Separators of spelled-out letters and whitespace.
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '|',
  ' / ',
  '·',
  '🔸',
  '❤\ufe0f',
  '_',
  '-',
  // Accents, precomposed and combining; letters with a mark on a look-alike.
  'é',
  'Ö',
  'ñ',
  'e\u0301',
  '\u0301',
  '\u0338',
  'å',
  // Look-alikes (Cyrillic, Greek) and letters folding to two units at one level only.
  '\u0430',
  '\u0441',
  '\u039c',
  '\u03bd',
  'æ',
  'Æ',
  'œ',
  'ы',
  'ґ',
  'ǁ',
  'ß',
  'ẞ',
  'ﬁ',
  'ǆ',
  // Full-width, compatibility and long compatibility forms.
  'ｍ',
  'Ｋ',
  '１',
  'Ⅻ',
  '㎏',
  '\ufdfa',
  'İ',
  // Ignorables and zero-width characters.
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\u00ad',
  '\ufe0f',
  '\u034f',
  // Letter forms (small capitals, negative squared, regional indicators), math letters.
  'ɴɪɢʜᴛ',
  '🅢🅐🅛🅣',
  '🇸🇦',
  '⒮⒜',
  '𝐬𝐚𝐥𝐭',
  '𝔪',
  // Other scripts, emoji, lone surrogates both ways round.
  'мария',
  'Ελένη',
  '東京',
  'ا',
  '😀',
  '\ud800',
  '\udc00',
  '\udbff',
  '\udfff',
  '\udc00\ud800',
];

/** Hostile pages: long runs of one kind, and one large page of everything. */
export function hostilePages(seed = 7): string[] {
  const rand = prng(seed);
  const mixed = Array.from(
    { length: 200_000 },
    () => UNICODE_PIECES[Math.floor(rand() * UNICODE_PIECES.length)],
  ).join('');
  return [
    '',
    '7'.repeat(100_000),
    '-'.repeat(50_000),
    '1-2-3-4-'.repeat(10_000),
    'a'.repeat(100_000),
    'é'.repeat(50_000),
    'ы'.repeat(50_000),
    '\u200b'.repeat(50_000),
    'e\u0301'.repeat(30_000),
    '\ud800'.repeat(20_000),
    '\udc00'.repeat(20_000),
    '😀'.repeat(20_000),
    '\ufdfa'.repeat(5_000),
    'a b c d '.repeat(20_000),
    'a|b|c|d||'.repeat(10_000),
    'a\nb\nc\nd\n\n'.repeat(10_000),
    'ɴ ɪ ɢ ʜ ᴛ '.repeat(10_000),
    PLANE_EDGES.join(''),
    PLANE_EDGES.join(' '),
    mixed,
  ];
}

const PROSE =
  'On 3 May I met Sam at the Old Mill Cafe, a b c, then walked home. Call 555-0143 or write to sam.r@example.com! ';

/**
 * Pages of ASCII prose with a piece put in every few units to every few hundred: what most pages
 * with accents or look-alikes are like, and where a pass copies long ASCII stretches (and their
 * maps) whole, so every length of stretch between two pieces is met.
 */
export function sparsePages(count = 40, seed = 11): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, (_, n) => {
    const parts: string[] = [];
    const gap = 1 + Math.floor(rand() * [8, 70, 300][n % 3]!);
    for (let at = Math.floor(rand() * PROSE.length); parts.length < 200;) {
      const len = Math.floor(rand() * gap);
      parts.push(PROSE.repeat(Math.ceil((at + len) / PROSE.length) + 1).slice(at, at + len));
      at = (at + len) % PROSE.length;
      parts.push(UNICODE_PIECES[Math.floor(rand() * UNICODE_PIECES.length)] as string);
    }
    return parts.join('');
  });
}
