/**
 * Readings of numbers written in words and of dates said another way: house numbers in words,
 * phone numbers said in pairs, dates with a two-digit year first or backwards, an age with its day
 * and month, a name broken between given and middle name, and the short forms added to the table.
 * Each mechanism has its near misses, and hostile input stays bounded.
 */
import { describe, expect, it } from 'vitest';
import type { IdentifierInput } from '../../../shared/domain/identifier.js';
import { ageFits } from '../../../shared/matching/dob.matcher.js';
import { extractText } from '../../../shared/matching/index.js';
import { NICKNAMES, nicknamesOf } from '../../../shared/matching/nicknames.data.js';
import { match } from './helpers.js';

const methodOf = (identifiers: IdentifierInput[], text: string, options?: Parameters<typeof match>[2]) =>
  match(identifiers, text, options).matches[0]?.method;

describe('house numbers in words', () => {
  const us: IdentifierInput = {
    id: 'a1',
    kind: 'address',
    value: '4417 Brindlecombe Avenue, Minneapolis, MN 55409',
  };
  const uk: IdentifierInput = { id: 'a1', kind: 'address', value: '104 Tansywick Lane, Leeds' };
  const fr: IdentifierInput = { id: 'a1', kind: 'address', value: '21 rue des Coquelicots, 44000 Nantes' };
  const de: IdentifierInput = { id: 'a1', kind: 'address', value: 'Drosselgrünweg 17, 22587 Hamburg' };
  const ch: IdentifierInput = { id: 'a1', kind: 'address', value: '98 chemin des Grillons, Lausanne' };

  it.each([
    [uk, 'she moved to one hundred and four Tansywick Lane last spring', true],
    [uk, 'A hundred and four Tansywick Ln.', true],
    [uk, 'the house at one hundred four Tansywick Lane', true],
    [us, 'forty-four seventeen Brindlecombe Ave', true],
    [us, 'four thousand four hundred and seventeen Brindlecombe Avenue, Minneapolis', true],
    [fr, 'elle habite vingt-et-un rue des Coquelicots', true],
    [fr, 'au vingt et un, rue des Coquelicots', true],
    [de, 'wohnt im Drosselgrünweg siebzehn', true],
    [de, 'Drosselgruenweg, Hausnummer siebzehn, Hamburg', true],
    [ch, 'nonante-huit chemin des Grillons', true],
    // Near misses: another number, or the number inside a longer one.
    [uk, 'one hundred and five Tansywick Lane', false],
    [uk, 'four Tansywick Lane', false],
    [uk, 'two hundred and four Tansywick Lane', false],
    [us, 'forty-four eighteen Brindlecombe Ave', false],
    [fr, 'vingt-deux rue des Coquelicots', false],
    [fr, 'cent vingt et un rue des Coquelicots', false],
    [de, 'Drosselgrünweg siebenundsiebzig', false],
    [de, 'Drosselgrünweg sieben', false],
    [ch, 'huitante-huit chemin des Grillons', false],
    [uk, 'Tansywick Lane, one hundred and four years of history', false],
  ] as Array<[IdentifierInput, string, boolean]>)('%#: "%s"', (identifier, text, found) => {
    expect(methodOf([identifier], text)).toBe(found ? 'address-number-words' : undefined);
  });

  it('reads the number before the street in English and French and after it in German, digits still first', () => {
    expect(methodOf([uk], '104 Tansywick Lane')).not.toBe('address-number-words');
    const hit = match([uk], 'one hundred and four Tansywick Lane, Leeds').matches[0];
    expect(hit?.confidence).toBeLessThan(0.9);
  });
});

describe('phone numbers said in pairs', () => {
  const fr: IdentifierInput = { id: 't1', kind: 'phone', value: '+33 6 39 98 47 15' };
  const be: IdentifierInput = { id: 't1', kind: 'phone', value: '+32 470 12 34 56', region: 'BE' };
  const ch: IdentifierInput = { id: 't1', kind: 'phone', value: '+41 79 123 45 78', region: 'CH' };
  const de: IdentifierInput = { id: 't1', kind: 'phone', value: '+49 40 66969213' };
  const us: IdentifierInput = { id: 't1', kind: 'phone', value: '+1 612 555 0142' };

  it.each([
    [fr, 'appelez le zéro six, trente-neuf, quatre-vingt-dix-huit, quarante-sept, quinze', true],
    [fr, 'son 06 39 quatre-vingt-dix-huit 47 quinze', true],
    [fr, 'ZERO SIX TRENTE NEUF QUATRE VINGT DIX HUIT QUARANTE SEPT QUINZE', true],
    [fr, 'six, trente-neuf, nonante-huit, quarante-sept, quinze', true],
    [be, 'zéro quatre cent septante, douze, trente-quatre, cinquante-six', false],
    [be, 'zéro quatre, septante, douze, trente-quatre, cinquante-six', true],
    [ch, 'zéro septante-neuf, cent vingt-trois, quarante-cinq, septante-huit', false],
    [ch, 'zéro sept, neuf, douze, trois, quarante-cinq, huitante-sept', false],
    [ch, 'zéro septante-neuf, douze, trente, quarante-cinq, septante-huit', false],
    [ch, 'null neunundsiebzig, eins, dreiundzwanzig, fünfundvierzig, achtundsiebzig', true],
    [de, 'null vierzig, sechsundsechzig, sechsundneunzig, zweiundneunzig, dreizehn', true],
    // Near misses: one pair off, a pair missing.
    [fr, 'zéro six, trente-neuf, quatre-vingt-dix-huit, quarante-sept, seize', false],
    [fr, 'zéro six, trente-neuf, quatre-vingt-dix-neuf, quarante-sept, quinze', false],
    [fr, 'zéro six, trente-neuf, quatre-vingt-dix-huit, quinze', false],
    [de, 'null vierzig, sechsundsechzig, sechsundneunzig, zweiundneunzig, vierzehn', false],
    // English numbers are not read in pairs: a US number is left to the spelled-digit reading.
    [us, 'six twelve, five fifty-five, oh one forty-two', false],
  ] as Array<[IdentifierInput, string, boolean]>)('%#: "%s"', (identifier, text, found) => {
    expect(methodOf([identifier], text)).toBe(found ? 'phone-number-words-pairs' : undefined);
  });

  it('still reads digits spelled one by one as before', () => {
    expect(methodOf([fr], 'zéro six trois neuf neuf huit quatre sept un cinq')).toBe('phone-spelled');
  });
});

describe('dates of birth', () => {
  const dob: IdentifierInput = { id: 'd1', kind: 'dob', value: '1991-07-23' };

  it.each([
    ['born 91-07-23', 'dob-year-first'],
    ['DOB: 91/07/23', 'dob-year-first'],
    ['b. 91.07.23', 'dob-year-first'],
    ['dob 32/70/19 lol', 'reversed'],
    ['geb. 19.70.32', 'reversed'],
    ['born 23-07-91', 'dob-numeric'],
    ['born 91-07-24', undefined],
    ['born 91-08-23', undefined],
    ['born 92-07-23', undefined],
    ['dob 42/70/19', undefined],
  ])('"%s"', (text, method) => {
    expect(methodOf([dob], text)).toBe(method);
  });

  const post = { writtenOn: new Date('2026-05-02T12:00:00Z') };
  it.each([
    ['she turns 35 on 23 July, cake at hers', true],
    ['turning 35 on the 23rd of July', true],
    ['she turns 35 on July 23rd', true],
    ['elle aura 35 ans le 23 juillet', true],
    ['elle a eu 34 ans le 23 juillet', true],
    ['Sie wird am 23. Juli 35!', true],
    ['am 23. Juli wird sie 35', true],
    // An age that does not fit, another day, no age word, or a full date (read as a date).
    ['she turns 37 on 23 July', false],
    ['she turns 33 on 23 July', false],
    ['she turns 35 on 24 July', false],
    ['Sie wird am 23. August 35', false],
    ['room 35 on 23 July', false],
    ['turns 35 on 23 July 2031', false],
  ])('"%s" against the post date', (text, found) => {
    expect(methodOf([dob], text, post)).toBe(found ? 'dob-age-day-month' : undefined);
  });

  it('reads an age against the fetch date with a wider range and lower confidence', () => {
    const post2026 = match([dob], 'she turns 35 on 23 July', post).matches[0];
    const fetched = match([dob], 'she turns 35 on 23 July', { today: new Date('2028-03-01T00:00:00Z') })
      .matches[0];
    expect(post2026?.confidence).toBe(0.7);
    expect(fetched?.method).toBe('dob-age-day-month');
    expect(fetched?.confidence).toBe(0.6);
    // Said against a post date two years later, the same words are another person's age.
    expect(
      match([dob], 'she turns 35 on 23 July', { writtenOn: new Date('2028-03-01T00:00:00Z') }).matches,
    ).toEqual([]);
    expect(
      match([dob], 'she turns 35 on 23 July', { today: new Date('2033-03-01T00:00:00Z') }).matches,
    ).toEqual([]);
  });

  it('gives a year range: the birthday meant is within a year of the day written', () => {
    const born = { year: 1991, month: 7, day: 23 };
    const written = (date: string, known: 'post' | 'fetch' = 'post') => ({ date: new Date(date), known });
    const said = (age: number) => ({ age, month: 7, day: 23 });
    expect(ageFits(said(35), born, written('2025-08-01'))).toBe(true);
    expect(ageFits(said(35), born, written('2027-07-22'))).toBe(true);
    expect(ageFits(said(35), born, written('2027-07-25'))).toBe(false);
    expect(ageFits(said(35), born, written('2030-07-01', 'fetch'))).toBe(true);
    expect(ageFits(said(35), born, written('2030-07-30', 'fetch'))).toBe(false);
    expect(ageFits({ age: 35, month: 7, day: 24 }, born, written('2026-07-01'))).toBe(false);
  });
});

describe('names broken between given and middle name', () => {
  const name: IdentifierInput = { id: 'n1', kind: 'name', value: 'Margaret Louise Vandersloot' };
  it.each([
    ['a.txt', 'Margaret\nLouise Vandersloot', 'name-line-break'],
    ['a.txt', 'Margaret<br>Louise Vandersloot', 'name-line-break'],
    ['a.txt', 'Margaret <br/>\nLouise Vandersloot', 'name-line-break'],
    ['a.html', '<p>Margaret<br>Louise Vandersloot</p>', 'name-line-break'],
    ['a.txt', 'Margaret\n\nLouise Vandersloot', undefined],
    ['a.txt', 'Margaret\nLucy Vandersloot', undefined],
    ['a.txt', 'Margaret<br>Louise Vanderslooth', undefined],
  ])('%s %j', (file, text, method) => {
    expect(methodOf([name], extractText(file, text))).toBe(method);
  });
});

describe('short forms added to the table', () => {
  it.each([
    ['Margaret Louise Vandersloot', 'Madge Vandersloot'],
    ['Agnes Pennithorne', 'Aggie Pennithorne'],
    ['Johannes Sönke Grützmacher', 'Hans Grützmacher'],
    ['Marguerite Dufresne', 'Margot Dufresne'],
    ['Heinrich Albers', 'Heinz Albers'],
  ])('%s is found as "%s"', (value, text) => {
    expect(methodOf([{ id: 'n1', kind: 'name', value }], text)).toBe('name-nickname');
  });

  // Spellings of one name, which may share their short forms.
  const SAME_NAME = [
    ['dominic', 'dominique'],
    ['isabella', 'isabelle'],
  ];
  const ADDED = [
    'agnes',
    'dominic',
    'dominique',
    'emmanuel',
    'gertrud',
    'gwendolyn',
    'harriet',
    'heinrich',
    'isabelle',
    'johann',
    'josephine',
    'kimberly',
    'margarete',
    'marguerite',
    'maximilian',
    'nikolaus',
    'penelope',
    'sebastian',
    'sebastien',
    'stefanie',
    'tobias',
    'ulrich',
    'wilhelm',
  ];
  const ADDED_SHORT = [
    'madge',
    'margie',
    'hans',
    'topher',
    ...ADDED.flatMap((full) => NICKNAMES[full] ?? []),
  ];

  it('each short form added stands for one name only (or spellings of it)', () => {
    for (const short of ADDED_SHORT) {
      const fulls = Object.entries(NICKNAMES)
        .filter(([, shorts]) => shorts.includes(short))
        .map(([full]) => full);
      const distinct = fulls.filter(
        (full) =>
          !SAME_NAME.some(
            (group) => group.includes(full) && fulls.some((f) => f !== full && group.includes(f)),
          ),
      );
      // Johannes and Johann are the same name too (Hans), as are Margaret and Margarete.
      expect(distinct.length <= 1 || short === 'hans', `${short}: ${fulls.join(', ')}`).toBe(true);
      expect(ADDED_SHORT.includes(short) && nicknamesOf(short).length).toBeGreaterThan(0);
    }
  });

  it("relatives' names still do not collide: a short form of one is never another's name", () => {
    const families: IdentifierInput[][] = [
      [
        { id: 'n1', kind: 'name', value: 'Margaret Louise Vandersloot' },
        { id: 'r1', kind: 'relative', value: 'Harold Vandersloot' },
        { id: 'r2', kind: 'relative', value: 'Corinne Vandersloot' },
      ],
      [
        { id: 'n1', kind: 'name', value: 'Johannes Sönke Grützmacher' },
        { id: 'r1', kind: 'relative', value: 'Wiebke Grützmacher' },
        { id: 'r2', kind: 'relative', value: 'Heinrich Grützmacher' },
        { id: 'r3', kind: 'relative', value: 'Margarete Grützmacher' },
      ],
      [
        { id: 'n1', kind: 'name', value: 'Nicholas Edmund Pennithorne' },
        { id: 'r1', kind: 'relative', value: 'Agnes Pennithorne' },
        { id: 'r2', kind: 'relative', value: 'Harriet Pennithorne' },
      ],
    ];
    for (const family of families) {
      const surname = (family[0]?.value ?? '').split(' ').pop() as string;
      for (const member of family) {
        const given = member.value.split(' ')[0]?.toLowerCase() ?? '';
        for (const short of nicknamesOf(given)) {
          const text = `${short[0]?.toUpperCase()}${short.slice(1)} ${surname} was there`;
          const ids = match(family, text).matches.map((m) => m.identifierId);
          expect(ids, text).toEqual([member.id]);
        }
      }
    }
  });
});

describe('hostile input stays bounded', () => {
  const identifiers: IdentifierInput[] = [
    { id: 'a1', kind: 'address', value: '21 rue des Coquelicots, 44000 Nantes' },
    { id: 'a2', kind: 'address', value: 'Drosselgrünweg 17, 22587 Hamburg' },
    { id: 't1', kind: 'phone', value: '+33 6 39 98 47 15' },
    { id: 't2', kind: 'phone', value: '+49 40 66969213' },
    { id: 'd1', kind: 'dob', value: '1991-07-23' },
  ];
  it('pages full of number words, streets, ages and two-digit dates go through', { timeout: 30_000 }, () => {
    let seed = 11;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
    const words = [
      'vingt',
      'et',
      'un',
      'quatre-vingt-dix',
      'soixante',
      'zéro',
      'six',
      'einundzwanzig',
      'hundert',
      'rue',
      'des',
      'Coquelicots',
      'Drosselgrünweg',
      'turns',
      '35',
      'on',
      '23',
      'July',
      'ans',
      'le',
      'wird',
      'am',
      '23.',
      'Juli',
      '91-07-23',
      '19/70/32',
      ',',
      'Hausnummer',
      'siebzehnhundertsiebzehn',
    ];
    const page = Array.from({ length: 150_000 }, () => words[Math.floor(rand() * words.length)]).join(' ');
    const result = match(identifiers, page, { writtenOn: new Date('2026-05-02') });
    for (const m of result.matches) expect(m.snippet.length).toBeLessThan(600);
    const glued = 'einundzwanzig'.repeat(100_000);
    expect(match(identifiers, `Drosselgrünweg ${glued}`).matches).toEqual([]);
    const pairs = Array.from({ length: 100_000 }, () => 'quatre-vingt-dix').join(', ');
    expect(match(identifiers, pairs).matches).toEqual([]);
  });
});
