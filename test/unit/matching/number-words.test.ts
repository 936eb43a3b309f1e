/**
 * Numbers in words (shared/matching/number-words.ts): each language's grammar from 0 to 9999 and
 * beyond, the group reading used for house numbers and phone numbers said in pairs, and hostile
 * input staying bounded.
 */
import { describe, expect, it } from 'vitest';
import {
  isNumberWord,
  numberGroups,
  numberReadings,
  parseNumberWords,
} from '../../../shared/matching/number-words.js';
import type { NumberLanguage } from '../../../shared/matching/number-words.js';

const WHOLE: Array<[NumberLanguage, string, number | undefined]> = [
  ['en', 'zero', 0],
  ['en', 'twelve', 12],
  ['en', 'twenty-one', 21],
  ['en', 'twenty one', 21],
  ['en', 'one hundred and four', 104],
  ['en', 'a hundred and four', 104],
  ['en', 'one hundred four', 104],
  ['en', 'nineteen hundred', 1900],
  ['en', 'twelve hundred and four', 1204],
  ['en', 'two thousand and five', 2005],
  ['en', 'nine thousand nine hundred and ninety-nine', 9999],
  ['en', 'four thousand four hundred seventeen', 4417],
  ['en', 'twelve thousand', 12000],
  ['en', 'twelve twelve', undefined],
  ['en', 'and', undefined],
  ['en', 'hundred', undefined],
  ['en', 'twenty one two', undefined],
  ['en', 'a', undefined],
  ['fr', 'douze', 12],
  ['fr', 'dix-sept', 17],
  ['fr', 'vingt-et-un', 21],
  ['fr', 'vingt et un', 21],
  ['fr', 'soixante et onze', 71],
  ['fr', 'soixante-dix-huit', 78],
  ['fr', 'quatre-vingts', 80],
  ['fr', 'quatre-vingt-onze', 91],
  ['fr', 'quatre-vingt-dix-sept', 97],
  ['fr', 'septante-huit', 78],
  ['fr', 'huitante', 80],
  ['fr', 'octante-deux', 82],
  ['fr', 'nonante-neuf', 99],
  ['fr', 'cent quatre', 104],
  ['fr', 'deux cents', 200],
  ['fr', 'trois cent douze', 312],
  ['fr', 'mille neuf cent quatre-vingt-onze', 1991],
  ['fr', 'deux mille cinq', 2005],
  ['fr', 'et', undefined],
  ['fr', 'douze douze', undefined],
  ['de', 'null', 0],
  ['de', 'zwolf', 12],
  ['de', 'zwoelf', 12],
  ['de', 'siebzehn', 17],
  ['de', 'sechzehn', 16],
  ['de', 'einundzwanzig', 21],
  ['de', 'sechsundsechzig', 66],
  ['de', 'neunundneunzig', 99],
  ['de', 'hundert', 100],
  ['de', 'einhundertvier', 104],
  ['de', 'dreihundertzwolf', 312],
  ['de', 'zweitausendvierhundertdreiundzwanzig', 2423],
  ['de', 'neuntausendneunhundertneunundneunzig', 9999],
  ['de', 'ein und zwanzig', 21],
  ['de', 'sech', undefined],
  ['de', 'und', undefined],
  ['de', 'zwanzigund', undefined],
  ['de', 'undzwanzig', undefined],
];

describe('parseNumberWords', () => {
  it.each(WHOLE)('%s "%s" is %s', (language, phrase, value) => {
    expect(parseNumberWords(phrase, language)).toBe(value);
  });

  it('reads every number from 0 to 9999 written out by a reference speller (English)', () => {
    const small = [
      'zero',
      'one',
      'two',
      'three',
      'four',
      'five',
      'six',
      'seven',
      'eight',
      'nine',
      'ten',
      'eleven',
      'twelve',
      'thirteen',
      'fourteen',
      'fifteen',
      'sixteen',
      'seventeen',
      'eighteen',
      'nineteen',
    ];
    const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
    const below100 = (n: number): string =>
      n < 20 ? (small[n] as string) : `${tens[Math.floor(n / 10)]}${n % 10 ? `-${small[n % 10]}` : ''}`;
    const below1000 = (n: number): string =>
      n < 100
        ? below100(n)
        : `${small[Math.floor(n / 100)]} hundred${n % 100 ? ` and ${below100(n % 100)}` : ''}`;
    const spell = (n: number): string =>
      n < 1000
        ? below1000(n)
        : `${small[Math.floor(n / 1000)]} thousand${n % 1000 ? ` ${n % 1000 < 100 ? 'and ' : ''}${below1000(n % 1000)}` : ''}`;
    for (let n = 0; n < 10000; n++) expect(parseNumberWords(spell(n), 'en'), spell(n)).toBe(n);
  });

  it('reads every number from 0 to 9999 in German and French compounds', () => {
    const de = ['null', 'eins', 'zwei', 'drei', 'vier', 'funf', 'sechs', 'sieben', 'acht', 'neun'];
    const deTeens = [
      'zehn',
      'elf',
      'zwolf',
      'dreizehn',
      'vierzehn',
      'funfzehn',
      'sechzehn',
      'siebzehn',
      'achtzehn',
      'neunzehn',
    ];
    const deTens = [
      '',
      '',
      'zwanzig',
      'dreissig',
      'vierzig',
      'funfzig',
      'sechzig',
      'siebzig',
      'achtzig',
      'neunzig',
    ];
    const deUnit = (u: number): string => (u === 1 ? 'ein' : (de[u] as string));
    const de100 = (n: number): string =>
      n < 10
        ? (de[n] as string)
        : n < 20
          ? (deTeens[n - 10] as string)
          : `${n % 10 ? `${deUnit(n % 10)}und` : ''}${deTens[Math.floor(n / 10)]}`;
    const de1000 = (n: number): string =>
      n < 100 ? de100(n) : `${deUnit(Math.floor(n / 100))}hundert${n % 100 ? de100(n % 100) : ''}`;
    const deSpell = (n: number): string =>
      n < 1000 ? de1000(n) : `${deUnit(Math.floor(n / 1000))}tausend${n % 1000 ? de1000(n % 1000) : ''}`;
    const fr = [
      'zero',
      'un',
      'deux',
      'trois',
      'quatre',
      'cinq',
      'six',
      'sept',
      'huit',
      'neuf',
      'dix',
      'onze',
      'douze',
      'treize',
      'quatorze',
      'quinze',
      'seize',
      'dix-sept',
      'dix-huit',
      'dix-neuf',
    ];
    const frTens = [
      '',
      '',
      'vingt',
      'trente',
      'quarante',
      'cinquante',
      'soixante',
      'soixante',
      'quatre-vingt',
      'quatre-vingt',
    ];
    const fr100 = (n: number): string => {
      if (n < 20) return fr[n] as string;
      const t = Math.floor(n / 10);
      const rest = t === 7 || t === 9 ? n - (t - 1) * 10 : n % 10;
      if (rest === 0) return t === 8 ? 'quatre-vingts' : (frTens[t] as string);
      if (rest === 1 && t !== 8 && t !== 9) return `${frTens[t]} et ${fr[rest]}`;
      return `${frTens[t]}-${fr[rest]}`;
    };
    const fr1000 = (n: number): string =>
      n < 100
        ? fr100(n)
        : `${n >= 200 ? `${fr[Math.floor(n / 100)]} ` : ''}cent${n % 100 ? ` ${fr100(n % 100)}` : n >= 200 ? 's' : ''}`;
    const frSpell = (n: number): string =>
      n < 1000
        ? fr1000(n)
        : `${n >= 2000 ? `${fr[Math.floor(n / 1000)]} ` : ''}mille${n % 1000 ? ` ${fr1000(n % 1000)}` : ''}`;
    for (let n = 0; n < 10000; n++) {
      expect(parseNumberWords(deSpell(n), 'de'), deSpell(n)).toBe(n);
      expect(parseNumberWords(frSpell(n), 'fr'), frSpell(n)).toBe(n);
    }
  });
});

describe('numberGroups and numberReadings', () => {
  it.each([
    [
      'fr',
      'zero six, douze, trente-quatre, cinquante-six, soixante-dix-huit',
      ['0', '6', '12', '34', '56', '78'],
    ],
    [
      'fr',
      'zero six trente-neuf quatre-vingt-dix-huit quarante-sept quinze',
      ['0', '6', '39', '98', '47', '15'],
    ],
    ['fr', 'zero six septante-huit nonante huitante', ['0', '6', '78', '90', '80']],
    ['de', 'null sechs zwolf vierunddreissig', ['0', '6', '12', '34']],
    ['en', 'twenty-two oh five', ['22', '0', '5']],
    ['en', 'twelve cent', undefined],
  ] as Array<[NumberLanguage, string, string[] | undefined]>)('%s "%s"', (language, phrase, groups) => {
    expect(numberGroups(phrase, language)).toEqual(groups);
  });

  it('gives the whole number and the groups one after the other', () => {
    expect([...numberReadings('twenty-two oh five')]).toEqual(['2205']);
    expect([...numberReadings('twelve oh four')]).toEqual(['1204']);
    expect(numberReadings('forty-four seventeen').has('4417')).toBe(true);
    expect(numberReadings('one hundred and twelve').has('12')).toBe(false);
    expect([...numberReadings('six')]).toEqual(['6']);
    expect(numberReadings('quatorze').has('14')).toBe(true);
  });

  it('knows number words and compounds, and nothing else', () => {
    for (const word of ['twelve', 'douze', 'einundzwanzig', 'septante', 'zwolf', 'hundert'])
      expect(isNumberWord(word), word).toBe(true);
    // Joining words belong to a phrase ("one hundred and four", "vingt et un").
    for (const word of ['and', 'et', 'und']) expect(isNumberWord(word), word).toBe(true);
    for (const word of ['sech', 'sieb', 'street', 'eine1', 'seventh', 'twelves', ''])
      expect(isNumberWord(word), word).toBe(false);
  });
});

describe('hostile phrases stay bounded', () => {
  it('long runs of pieces, random words and huge phrases come back quickly with an answer', () => {
    const glued = 'einsundzwei'.repeat(20_000);
    expect(parseNumberWords(glued, 'de')).toBeUndefined();
    expect(isNumberWord(glued)).toBe(false);
    const long = Array.from({ length: 50_000 }, () => 'twelve').join(' ');
    expect(parseNumberWords(long, 'en')).toBeUndefined();
    expect(numberGroups(long, 'en')?.length).toBe(50_000);
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
    const vocabulary = [
      'one',
      'hundred',
      'and',
      'et',
      'vingt',
      'quatre',
      'und',
      'zwanzig',
      'x',
      'mille',
      'tausend',
      'oh',
    ];
    for (let n = 0; n < 2000; n++) {
      const phrase = Array.from(
        { length: 1 + Math.floor(rand() * 8) },
        () => vocabulary[Math.floor(rand() * vocabulary.length)],
      ).join(' ');
      for (const language of ['en', 'fr', 'de'] as const) {
        const value = parseNumberWords(phrase, language);
        if (value !== undefined) expect(value).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
