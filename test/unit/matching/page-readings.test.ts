/**
 * The readings for writings that hide an identifier from a plain search: percent-encoding,
 * markdown escapes, letters separated alike or one per line, text encoded twice, letter forms NFKC
 * leaves alone, and Latin names and handles written in Cyrillic by sound. Each is found with its
 * method, its near misses are not, and hostile input stays bounded.
 */
import { describe, expect, it } from 'vitest';
import type { IdentifierInput } from '../../../shared/domain/identifier.js';
import { foldValue } from '../../../shared/matching/fold.normalizer.js';
import {
  phoneticKey,
  phoneticKeys,
  transliterate,
} from '../../../shared/matching/cyrillic.transliteration.js';
import { lettersJoined, markdownUnescaped, percentDecoded } from '../../../shared/matching/page.readings.js';
import { buildViews } from '../../../shared/matching/text.views.js';
import { prng, randomTexts } from '../../support/random-text.js';
import { match } from './helpers.js';

const PERSON: IdentifierInput[] = [
  { id: 'h1', kind: 'handle', value: 'saltmarshfinch' },
  { id: 'h2', kind: 'handle', value: 'finch_ledger' },
  { id: 'n1', kind: 'name', value: 'Margaret Louise Vandersloot' },
  { id: 'e1', kind: 'email', value: 'mlv.postbox@example.com' },
  { id: 'r1', kind: 'relative', value: 'Harold Vandersloot' },
];

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');
const rot13 = (text: string): string =>
  text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });

/** The method each identifier was found with, by id. */
function methods(text: string): Record<string, string> {
  return Object.fromEntries(match(PERSON, text).matches.map((m) => [m.identifierId, m.method]));
}

describe('readings of what a page hides', () => {
  it.each<[string, string, Record<string, string>]>([
    ['a percent-encoded mailto', 'write to <mailto:mlv.postbox%40example.com>', { e1: 'percent-encoded' }],
    [
      'a percent-encoded handle in a link',
      'her page <https://x.example/%40finch%5Fledger>',
      { h2: 'percent-encoded' },
    ],
    ['markdown escapes in a handle', 'she is salt\\_marsh\\_finch there', { h1: 'markdown-escaped' }],
    ['an escaped underscore', 'alt: finch\\_ledger', { h2: 'markdown-escaped' }],
    ['letters between bars', 's|a|l|t|m|a|r|s|h|f|i|n|c|h', { h1: 'letters-separated' }],
    ['letters between emoji', 's🔸a🔸l🔸t🔸m🔸a🔸r🔸s🔸h🔸f🔸i🔸n🔸c🔸h', { h1: 'letters-separated' }],
    [
      'letters between tildes, words apart',
      'M~a~r~g~a~r~e~t~~V~a~n~d~e~r~s~l~o~o~t',
      { n1: 'letters-separated' },
    ],
    [
      'letters between spaced slashes',
      'M / a / r / g / a / r / e / t /  / V / a / n / d / e / r / s / l / o / o / t',
      { n1: 'letters-separated' },
    ],
    ['one letter per line', 'f\ni\nn\nc\nh\n_\nl\ne\nd\ng\ne\nr', { h2: 'letters-separated' }],
    [
      'one letter per line, a blank line between words',
      'H\na\nr\no\nl\nd\n\nV\na\nn\nd\ne\nr\ns\nl\no\no\nt',
      { r1: 'letters-separated' },
    ],
    ['base64 of rot13', `blob ${base64(rot13('twitter: finch_ledger'))}`, { h2: 'double-encoded' }],
    ['hex of base64', `hex ${hex(base64('Email: mlv.postbox@example.com'))}`, { e1: 'double-encoded' }],
    [
      'percent-encoding inside base64',
      `b64 ${base64('mailto:mlv.postbox%40example.com')}`,
      { e1: 'double-encoded' },
    ],
    ['negative circled letters', '🅢🅐🅛🅣🅜🅐🅡🅢🅗🅕🅘🅝🅒🅗', { h1: 'unicode-folded' }],
    ['regional indicators', '🇸🇦🇱🇹🇲🇦🇷🇸🇭🇫🇮🇳🇨🇭', { h1: 'unicode-folded' }],
    ['negative squared letters', '🅵🅸🅽🅲🅷_🅻🅴🅳🅶🅴🆁', { h2: 'unicode-folded' }],
    ['parenthesized letters', '⒮⒜⒧⒯⒨⒜⒭⒮⒣⒡⒤⒩⒞⒣', { h1: 'unicode-folded' }],
    ['small capitals', 'ꜱᴀʟᴛᴍᴀʀꜱʜꜰɪɴᴄʜ', { h1: 'unicode-folded' }],
    ['a name in Cyrillic', 'это Маргарет Вандерслут, точно', { n1: 'transliterated' }],
    ['a name in Cyrillic, surname first', 'Вандерслут Маргарет', { n1: 'transliterated' }],
    ['a relative in Ukrainian letters', 'батько: Гарольд Вандерслут', { r1: 'transliterated' }],
    ['a handle in Cyrillic', 'ник: солтмаршфинч', { h1: 'transliterated' }],
    ['a handle with its underscore', 'финч_леджер', { h2: 'transliterated' }],
  ])('%s', (_name, text, want) => {
    expect(methods(text)).toEqual(want);
  });

  it.each<[string, string]>([
    ['a longer handle spelled out', 's|a|l|t|m|a|r|s|h|f|i|n|c|h|y'],
    ['letters separated unalike', 's|a/l|t~m|a|r/s|h|f|i|n|c|h'],
    ['another escaped handle', 'salt\\_marsh\\_finches'],
    ['another percent-encoded address', 'mailto:mlv.postbox%40example.org'],
    ['rot13 of base64 of another handle', `blob ${base64(rot13('twitter: finch_ledgers'))}`],
    ['enclosed letters of another handle', '🅢🅐🅛🅣🅜🅐🅡🅢🅗🅕🅘🅝🅒🅗🅨'],
    ['the same first name with another surname in Cyrillic', 'Маргарет Вандербильт'],
    ['another first name with the surname in Cyrillic', 'Марина Вандерслут'],
    ['a Russian form of the name, another person', 'Маргарита Вандерслут'],
    ['a longer handle in Cyrillic', 'солтмаршфинчи'],
    ['the first name alone in Cyrillic', 'Меня зовут Маргарет, живу в Москве.'],
  ])('not %s', (_name, text) => {
    expect(methods(text)).toEqual({});
  });

  it('maps every reading back to the page, so snippets show the page as written', () => {
    const page = 'x '.repeat(300) + 'her mail mlv.postbox%40example.com ' + 'y '.repeat(300);
    const decoded = percentDecoded(page);
    expect(decoded?.text).toContain('mlv.postbox@example.com');
    // Only the stretch around the edit is written out.
    expect(decoded?.text.length).toBeLessThan(400);
    const at = (decoded?.text ?? '').indexOf('@');
    expect(page.slice(decoded?.starts[at], decoded?.ends[at])).toBe('%40');
    const [hit] = match(PERSON, page).matches;
    expect(hit?.snippet).toContain('mlv.postbox%40example.com');
  });

  it('reads a blank line, a doubled or spaced separator as a space between words', () => {
    expect(lettersJoined('a|b|c|d| |e|f|g|h')?.text.trim()).toBe('abcd efgh');
    expect(lettersJoined('a\nb\nc\nd\n\ne\nf\ng\nh')?.text.trim()).toBe('abcd efgh');
    expect(lettersJoined('a/b/c/d//e/f/g/h')?.text.trim()).toBe('abcd efgh');
    expect(lettersJoined('ab|cd|ef|gh')).toBeUndefined();
    expect(lettersJoined('a|b|c')).toBeUndefined();
    expect(markdownUnescaped('a\\_b \\\\ \\n')?.text.trim()).toBe('a_b \\ \\n');
  });

  it('joins the same runs on an ASCII page by either search', () => {
    const pieces = [
      'a',
      'b',
      'Z',
      '7',
      '_',
      '|',
      '/',
      ' / ',
      ' ',
      '  ',
      '\n',
      '\n\n',
      '~',
      'ab',
      '-',
      '.',
      '\t',
    ];
    for (const text of randomTexts(pieces, 5000, 40, 23)) {
      expect(lettersJoined(text, true), JSON.stringify(text)).toEqual(lettersJoined(text, false));
    }
  });

  it('is not made where its trigger is absent', () => {
    const views = buildViews('plain words of an ordinary post, nothing encoded: saltmarsh finch 42');
    expect(views.decoded).toEqual([]);
  });

  it('transliterates Russian and Ukrainian letters and keys both sides alike', () => {
    expect(transliterate('Щукин Їжак Ґанок')).toBe('shchukin yizhak ganok');
    expect(phoneticKey(transliterate('Вандерслут'))).toBe('vndrslt');
    expect(phoneticKeys('Vandersloot').has('vndrslt')).toBe(true);
    expect(phoneticKeys('Nicholas').has(phoneticKey(transliterate('Николас')))).toBe(true);
    expect(phoneticKeys('Grützmacher').has(phoneticKey(transliterate('Грюцмахер')))).toBe(true);
    expect(phoneticKeys('Johannes').has(phoneticKey(transliterate('Йоханнес')))).toBe(true);
  });

  it('folds every letter form of the table to a Latin letter', () => {
    for (const [first, last] of [
      [0x1f150, 0x1f169],
      [0x1f170, 0x1f189],
      [0x1f1e6, 0x1f1ff],
      [0x1f110, 0x1f129],
      [0x249c, 0x24b5],
    ] as const) {
      for (let cp = first; cp <= last; cp++)
        expect(foldValue(String.fromCodePoint(cp))).toBe(String.fromCharCode(97 + cp - first));
    }
  });
});

describe('readings of hostile input stay bounded', () => {
  it('random mixes of escapes, separators, percent runs and Cyrillic', () => {
    const pieces = [
      '%4',
      '%40',
      '%e2%82',
      '\\',
      '\\_',
      '|',
      'a',
      'b|',
      '\n',
      ' ',
      'я',
      'ш',
      'Маргарет ',
      '🔸',
      'x',
      '_',
    ];
    for (const text of randomTexts(pieces, 3000, 60, 17)) {
      for (const view of buildViews(text).decoded) {
        const { text: read, starts, ends } = view.full;
        let mapped = starts.length === read.length && ends.length === read.length;
        for (let i = 0; mapped && i < read.length; i++)
          mapped =
            (starts[i] as number) >= 0 &&
            (starts[i] as number) < (ends[i] as number) &&
            (ends[i] as number) <= text.length;
        expect(mapped, `${view.kind} of ${JSON.stringify(text)}`).toBe(true);
      }
      match(PERSON, text);
    }
  });

  it('megabytes of one trigger', { timeout: 60_000 }, () => {
    const rand = prng(5);
    const letters = Array.from({ length: 1_000_000 }, () =>
      String.fromCharCode(97 + Math.floor(rand() * 26)),
    );
    for (const page of [
      '%41'.repeat(1_000_000),
      '\\_'.repeat(1_500_000),
      letters.join('|'),
      letters.join('\n'),
      'Маргарет '.repeat(300_000),
      base64(base64('a '.repeat(100_000))),
    ]) {
      const result = match(PERSON, page);
      expect(result.matches).toEqual([]);
      for (const view of buildViews(page).decoded)
        expect(view.full.text.length).toBeLessThan(4 * page.length);
    }
  });
});
