import { describe, expect, it } from 'vitest';
import { labelledFields } from '../../../shared/matching/pii.detector.js';
import { randomTexts } from '../../support/random-text.js';
import { match } from './helpers.js';

const subject = [
  { id: 'h1', kind: 'handle' as const, value: 'copperwren' },
  { id: 'e1', kind: 'email' as const, value: 'kmo.letters@example.com' },
  { id: 't1', kind: 'phone' as const, value: '+1 503 555 0163' },
  { id: 'd1', kind: 'dob' as const, value: '1993-08-24' },
];

const DOX = [
  'DOX BY someone',
  'Handle: copperwren',
  'Name: Dana Eisenhardt',
  'Phone: (541) 555-0187',
  'Email: dana.eisenhardt@example.com',
  'IP: 203.0.113.98',
  'IPv6: 2001:db8:85a3::8a2e:370:7334',
  'DOB: 12/04/1970',
  'Address: 33 Oxlip Terrace, Norwich NR2 4TT',
  'Mother: Solenne Eisenhardt',
].join('\n');
const DECOYS = [
  'Dana Eisenhardt',
  '(541) 555-0187',
  '5415550187',
  'dana.eisenhardt@example.com',
  '203.0.113.98',
  '2001:db8:85a3::8a2e:370:7334',
  '12/04/1970',
  '33 Oxlip Terrace',
  'Solenne Eisenhardt',
];

describe('other personal data', () => {
  it('reports each category masked, never in clear', () => {
    const { otherPii } = match(subject, DOX);
    expect(otherPii).toEqual(
      expect.arrayContaining([
        { category: 'phone', masked: '***-***-**87' },
        { category: 'email', masked: 'd***@e***.com' },
        { category: 'ip', masked: '203.0.***.***' },
        { category: 'dob', masked: '**/**/****' },
        { category: 'address', masked: 'street address (UK format)' },
        { category: 'name', masked: 'D*** E***' },
        { category: 'name', masked: 'S*** E***' },
      ]),
    );
    const json = JSON.stringify(otherPii);
    for (const decoy of DECOYS) expect(json, decoy).not.toContain(decoy);
  });

  it('never puts a decoy in clear into a snippet', () => {
    const { matches } = match(subject, DOX);
    expect(matches.map((m) => m.identifierId)).toEqual(['h1']);
    const snippet = matches[0]?.snippet ?? '';
    expect(snippet).toContain('copperwren');
    for (const decoy of DECOYS) expect(snippet, decoy).not.toContain(decoy);
    expect(snippet).not.toMatch(/\d{3}/);
  });

  it("leaves the subject's own data out of the other-PII list", () => {
    const { otherPii, matches } = match(
      subject,
      'mail kmo.letters@example.com or call 503-555-0163, born 08/24/1993',
    );
    expect(matches.map((m) => m.identifierId).sort()).toEqual(['d1', 'e1', 't1']);
    expect(otherPii).toEqual([]);
  });

  it('lists the same value once', () => {
    const { otherPii } = match(
      subject,
      'IP 203.0.113.98 and again 203.0.113.98; call (541) 555-0187 or 541.555.0187',
    );
    expect(otherPii.filter((p) => p.category === 'ip')).toHaveLength(1);
    expect(otherPii.filter((p) => p.category === 'phone')).toHaveLength(1);
  });

  it('does not take timestamps and post numbers for phone numbers', () => {
    const { otherPii } = match(
      subject,
      'Anonymous 05/21/24 (Tue) 09:37:10 No.123051 >>889088586 2024-05-21T09:37:10Z',
    );
    expect(otherPii).toEqual([]);
    for (const stamp of ['posted 2023-09-22 22:14 by', 'on 21.05.2024 09:37 wrote', 'at 5/21/2024 9:37 pm']) {
      expect(match(subject, stamp).otherPii, stamp).toEqual([]);
    }
  });

  it("lists other people's data only beside a match when asked to", () => {
    const withMatches = { otherPii: 'with-matches' } as const;
    expect(match(subject, DOX.replace('Handle: copperwren', ''), withMatches).otherPii).toEqual([]);
    expect(match(subject, DOX.replace('Handle: copperwren', '')).otherPii).not.toEqual([]);
    expect(match(subject, DOX, withMatches)).toEqual(match(subject, DOX));
  });

  it('reads a phone number that merely starts like a date as a phone number', () => {
    const { otherPii } = match(subject, 'call 06/12/34 56 78 tonight');
    expect(otherPii.map((p) => p.category)).toEqual(['phone']);
  });

  it('finds labelled names however the label is padded or annotated', () => {
    const names = (text: string) =>
      match(subject, text)
        .otherPii.filter((p) => p.category === 'name')
        .map((p) => p.masked);
    expect(names('Mum (name: Ana Lee): Eva Ruiz')).toEqual(['E*** R***']);
    expect(names(`Grandmother${' '.repeat(90)}: Ana Ruiz`)).toEqual(['A*** R***']);
    expect(names(`Mother${'\t'.repeat(100)}= Ana Ruiz`)).toEqual(['A*** R***']);
    expect(names('xyzname: Bob Smith')).toEqual([]);
  });

  it('masks names written in capitals around a hit', () => {
    const snippet = match(subject, 'copperwren lives with DANA EISENHARDT now').matches[0]?.snippet ?? '';
    expect(snippet).not.toContain('DANA EISENHARDT');
    expect(snippet).toContain('D*** E***');
  });

  it('keeps snippets short and cut at word boundaries', () => {
    const text = `${'lorem ipsum dolor sit amet '.repeat(10)}copperwren${' consectetur adipiscing elit'.repeat(10)}`;
    const snippet = match(subject, text).matches[0]?.snippet ?? '';
    expect(snippet.length).toBeLessThanOrEqual(10 + 2 * 62);
    expect(snippet).toMatch(/^…\w+ .*copperwren.* \w+…$/);
  });
});

describe('snippet masking of disguised numbers', () => {
  it('masks a number spelled out in words next to a hit', () => {
    const snippet =
      match(subject, 'copperwren said call five four one, five five five, zero one eight seven').matches[0]
        ?.snippet ?? '';
    expect(snippet).not.toMatch(/five four one/);
    expect(snippet).toContain('copperwren');
  });
});

describe('bank accounts, government ids and licence plates', () => {
  const IDS = [
    'copperwren dox',
    'IBAN: DE89 3704 0044 0532 0130 00',
    'wire to GB82WEST12345698765432 please',
    'NI number: AB 12 34 56 C',
    'SIN: 130 692 544',
    'INSEE: 1 85 05 78 006 084 91',
    'SSN 123-45-6789',
    'Car: AB12 CDE, her mum drives FR AB-123-CD',
    'Kennzeichen: M-AB 1234',
    'Reg no.: KA 4711',
  ].join('\n');
  const CLEAR = [
    'DE89 3704',
    '37040044',
    'GB82WEST',
    '12345698765432',
    'AB 12 34 56',
    '130 692 544',
    '1 85 05 78',
    '123-45-6789',
    'AB12 CDE',
    'AB-123-CD',
    'M-AB 1234',
    'KA 4711',
  ];

  it('reports each as its category with a masked value, never in clear', () => {
    const { otherPii, matches } = match(subject, IDS);
    expect(otherPii).toEqual([
      { category: 'iban', masked: 'IBAN DE ******************00' },
      { category: 'iban', masked: 'IBAN GB ******************32' },
      { category: 'government-id', masked: 'NINo *******6C' },
      { category: 'government-id', masked: 'SIN *******44' },
      { category: 'government-id', masked: 'INSEE *************91' },
      { category: 'government-id', masked: 'SSN *******89' },
      { category: 'licence-plate', masked: 'licence plate (UK format)' },
      { category: 'licence-plate', masked: 'licence plate (French format)' },
      { category: 'licence-plate', masked: 'licence plate (labelled)' },
      { category: 'licence-plate', masked: 'licence plate (labelled)' },
    ]);
    const out = JSON.stringify({ otherPii, matches });
    for (const value of CLEAR) expect(out, value).not.toContain(value);
  });

  it('keeps only numbers that pass their own check', () => {
    const categories = (text: string) => match(subject, text).otherPii.map((p) => p.category);
    // One digit off: the IBAN's mod-97 sum, the INSEE key and the SIN's Luhn sum fail.
    expect(categories('IBAN: DE89 3704 0044 0532 0130 01')).not.toContain('iban');
    expect(categories('INSEE: 1 85 05 78 006 084 92')).not.toContain('government-id');
    expect(categories('SIN: 130 692 545')).not.toContain('government-id');
    // Nine digits without a label are no SIN; HMRC never issues the QQ prefix.
    expect(categories('ticket 130 692 544')).not.toContain('government-id');
    expect(categories('NI: QQ 12 34 56 C')).not.toContain('government-id');
    // A label alone does not make a plate: the value needs letters and digits, in capitals.
    expect(categories('reg: the car')).toEqual([]);
    expect(categories('plate: ab 123')).toEqual([]);
  });
});

describe('labelled fields', () => {
  it('are found the same when only separators after a label word are searched', () => {
    const pieces = [
      ...': =\t\n()., ',
      'Name',
      'full name',
      'FullName',
      'Mother',
      'grandmother',
      'stepmother',
      'Sœur',
      'parents',
      'Reg no.',
      'Plate',
      'number plate',
      'Kennzeichen',
      ' (note: x) ',
      ' (see a) ',
      'https://x',
      'Ana Ruiz',
      'KA 4711',
      'lol',
      '12:30',
    ];
    let fields = 0;
    for (const text of randomTexts(pieces, 20_000, 14, 21)) {
      const all = labelledFields(text, false).map(({ field, m }) => `${field}@${m.index}:${m[0]}`);
      expect(
        labelledFields(text).map(({ field, m }) => `${field}@${m.index}:${m[0]}`),
        text,
      ).toEqual(all);
      fields += all.length;
    }
    expect(fields).toBeGreaterThan(200);
  });
});
