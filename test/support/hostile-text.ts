/**
 * Hostile pages for differential tests of anchored or fused scanners against the paths they replace
 * (issue 15): the edges of every Unicode plane, lone surrogates, long runs of digits, of separators
 * and of one letter, and pages large enough that a quadratic step or a deep backtrack would show.
 */
import { prng } from './random-text.js';

/** The first and last code points of every plane, and the surrogate and private-use edges. */
export const PLANE_EDGES: readonly string[] = [
  ...Array.from({ length: 17 }, (_, plane) => [plane * 0x10000, plane * 0x10000 + 0xffff]).flat(),
  0x7f,
  0x80,
  0xff,
  0x100,
  0x7ff,
  0x800,
  0xd7ff,
  0xe000,
  0xf8ff,
  0xf900,
  0xfeff,
  0xfffd,
  0xfffe,
  0xe0001,
  0xe01ef,
  0x10fffd,
].map((code) => (code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code)));

/** Lone and reversed surrogate halves, and a pair split by the edge of a piece. */
export const SURROGATES: readonly string[] = [
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\udc00\ud800',
  '\ud835\udfd9',
];

/** Separators people put between digits, and white space of every kind. */
export const SEPARATORS: readonly string[] = [...' \t\n\r-./()+,;:=@–—\u00a0\u2009\u3000|_#*'];

/**
 * Hostile pages of about `size` units each: floods of one unit, of digits, of separators and digits,
 * of digits and letters, of plane edges and surrogates, and random mixes of all those with `extra`
 * (the words a scanner under test reacts to).
 */
export function hostileTexts(size: number, extra: readonly string[] = [], seed = 7): string[] {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const fill = (pieces: readonly string[]): string => {
    let out = '';
    while (out.length < size) out += pick(pieces);
    return out;
  };
  const digits = [...'0123456789'];
  return [
    'a'.repeat(size),
    'A'.repeat(size),
    '0'.repeat(size),
    '9'.repeat(size),
    ' '.repeat(size),
    ':'.repeat(size),
    '@'.repeat(size),
    '-'.repeat(size),
    '\ud800'.repeat(size),
    '\udc00'.repeat(size),
    '5 '.repeat(size / 2),
    '55-'.repeat(size / 3),
    '1.2.3.4 '.repeat(size / 8),
    'a1'.repeat(size / 2),
    'o0l1|i'.repeat(size / 6),
    fill([...digits, ...SEPARATORS]),
    fill([...digits, ...'olOLiI|']),
    fill([...PLANE_EDGES, ...SURROGATES, ...digits]),
    fill([...PLANE_EDGES, ...SURROGATES, ...SEPARATORS, ...digits, ...extra]),
    fill([...SEPARATORS, ...digits, ...extra, ' ', ' ']),
    fill([...extra, ' ', ' ', '\n']),
  ];
}
