import { describe, expect, it } from 'vitest';
import { match } from './helpers.js';

const phone = [{ id: 't1', kind: 'phone' as const, value: '+1 503 555 0163' }];
const ukPhone = [{ id: 't1', kind: 'phone' as const, value: '+44 7700 900417' }];
const dePhone = [{ id: 't1', kind: 'phone' as const, value: '+49 30 23125418' }];
const dob = [{ id: 'd1', kind: 'dob' as const, value: '1993-08-24' }];

describe('phone matcher', () => {
  it.each([
    ['in national format', 'call (503) 555-0163 now', 'phone-reformatted'],
    ['with dots', 'call 503.555.0163 now', 'phone-reformatted'],
    ['with the country code', 'call +1-503-555-0163 now', 'phone-reformatted'],
    ['as given', 'call +1 503 555 0163 now', 'exact'],
    ['spelled out', 'call five oh three, five five five, zero one six three', 'phone-spelled'],
    ['with letters for digits', 'Mobile: +l-5O3-555-Ol63', 'phone-letter-digits'],
    ['in full-width digits', 'call ５０３５５５０１６３ now', 'unicode-folded'],
    ['with zero-width characters', 'call 503.555\ufeff.016\u00ad3 now', 'unicode-folded'],
  ])('finds the number %s', (_label, text, method) => {
    expect(match(phone, text).matches[0]?.method).toBe(method);
  });

  it.each([
    ['written backwards', 'llac 3610-555-305 won', 'reversed'],
    ['in base64', `see ${Buffer.from('Phone: 503-555-0163').toString('base64')}`, 'base64'],
    ['split by markup and zero-width characters', 'call 503\u200b-555-01\u00ad63', 'unicode-folded'],
    ['spelled with doubles', 'call five oh three, triple five, zero one six three', 'phone-spelled'],
    ['partly spelled', 'call 503 five five five 0163', 'phone-spelled'],
    ['with a digit spelled among digits', 'call five 0 three 555 0163', 'phone-spelled'],
    ['with "triple" among digits', 'call 503 triple 5 0163', 'phone-spelled'],
    ['with groups joined by "+"', 'call 503+555+0163', 'phone-reformatted'],
  ])('finds the number %s, whichever reading holds it', (_label, text, method) => {
    expect(match(phone, text).matches[0]?.method).toBe(method);
  });

  it('finds numbers spelled in German, French and Spanish', () => {
    const de = [{ id: 'p1', kind: 'phone' as const, value: '+49 171 2345678' }];
    const fr = [{ id: 'p1', kind: 'phone' as const, value: '+33 6 12 34 56 78' }];
    const es = [{ id: 'p1', kind: 'phone' as const, value: '+34 612 34 56 78' }];
    const de1 = 'Handy: null eins sieben eins, zwo drei vier fünf sechs sieben acht';
    expect(match(de, de1).matches[0]?.method).toBe('phone-spelled');
    const fr1 = 'portable : zéro six, un deux, trois quatre, cinq six, sept huit';
    expect(match(fr, fr1).matches[0]?.method).toBe('phone-spelled');
    const es1 = 'móvil seis uno dos tres cuatro cinco seis siete ocho';
    expect(match(es, es1).matches[0]?.method).toBe('phone-spelled');
    expect(match(de, 'Handy: null eins sieben eins, zwo drei vier fünf sechs sieben neun').matches).toEqual(
      [],
    );
  });

  it('reads trunk prefixes and international dialling forms', () => {
    expect(match(ukPhone, 'ring 07700 900417').matches).toHaveLength(1);
    expect(match(ukPhone, 'ring 0044 7700 900417').matches).toHaveLength(1);
    expect(match(ukPhone, 'ring +44 (0)7700 900417').matches).toHaveLength(1);
    expect(match(dePhone, 'ruf an: 030 23125418').matches).toHaveLength(1);
    expect(match(dePhone, 'someone rang +49 (O)3O 23l 25 4I8').matches).toHaveLength(1);
  });

  it('finds each of several numbers of one profile, written forwards or backwards', () => {
    // The first number of a profile walks the page's digit runs, the others look them up in an index.
    const phones = [
      { id: 't1', kind: 'phone' as const, value: '+1 503 555 0163' },
      { id: 't2', kind: 'phone' as const, value: '+44 7700 900417' },
      { id: 't3', kind: 'phone' as const, value: '+49 30 23125418' },
    ];
    const page = 'first 714009 0077 then (503) 555-0163 and 030 23125418, not 030 23125419';
    const found = match(phones, page).matches.map((m) => `${m.identifierId}:${m.method}`);
    expect(found.sort()).toEqual(['t1:phone-reformatted', 't2:reversed', 't3:phone-reformatted']);
    expect(
      match(phones, 'call 3610-555-305 back').matches.map((m) => `${m.identifierId}:${m.method}`),
    ).toEqual(['t1:reversed']);
  });

  it.each([
    ['a number one digit off', 'call (503) 555-0164 now'],
    ['only the last digits', 'number ends in 0163'],
    ['a masked number', 'call ***-***-0163'],
    ['a longer number', 'call 503 555 01634'],
  ])('does not match %s', (_label, text) => {
    expect(match(phone, text).matches).toEqual([]);
  });
});

describe('date of birth matcher', () => {
  it.each([
    ['ISO', 'DOB: 1993-08-24', 'exact'],
    ['US numeric', 'DOB: 08/24/1993', 'dob-numeric'],
    ['European numeric', 'geboren am 24.08.1993', 'dob-numeric'],
    ['with a two-digit year', 'DOB: 24-Aug-93', 'dob-written'],
    ['written out', 'born on August 24th, 1993', 'dob-written'],
    ['day first, written', 'born 24 August 1993', 'dob-written'],
    ['written backwards, numeric', '3991/42/80 :BOD', 'reversed'],
    ['written backwards, ISO', 'mirror text: 42-80-3991 nrob', 'reversed'],
    ['written backwards, written out', 'lol 3991 ,ht42 tsuguA no nrob', 'reversed'],
  ])('finds the date %s', (_label, text, method) => {
    expect(match(dob, text).matches[0]?.method).toBe(method);
  });

  it.each([
    ['a day off', 'DOB: 1993-08-25'],
    ['a month off', 'DOB: 24.09.1993'],
    ['a year off', 'DOB: 08/24/1994'],
    ['a day off, written backwards', '3991/52/80 :BOD'],
    ['the reversed year inside a longer number', 'order 42-80-39910 shipped'],
    ['the date forwards and its year reversed nearby', 'DOB: 24.09.1993 (3991)'],
  ])('does not match %s', (_label, text) => {
    expect(match(dob, text).matches).toEqual([]);
  });
});

describe('address matcher', () => {
  const us = [{ id: 'a1', kind: 'address' as const, value: '1187 Tansywick Lane, Corvallis, OR 97330' }];
  const uk = [{ id: 'a1', kind: 'address' as const, value: '14 Sallowmere Close, Harrogate HG1 4QX' }];
  const ca = [
    { id: 'a1', kind: 'address' as const, value: 'Unit 3, 2205 Kettlehollow Drive, Burnaby, BC V5G 2K8' },
  ];
  const de = [{ id: 'a1', kind: 'address' as const, value: 'Mohnblütenstraße 23, 12049 Berlin' }];
  const fr = [{ id: 'a1', kind: 'address' as const, value: '21 rue des Coquelicots-Bleus, 31000 Toulouse' }];

  it.each([
    ['abbreviated', us, 'Addr: 1187 Tansywick Ln, Corvallis OR 97330'],
    ['without a postcode', uk, 'lives at 14 Sallowmere Close, Harrogate'],
    ['with street and postcode only', uk, 'had 14 Sallowmere Close HG1 4QX on it'],
    ['with a unit written 3-', ca, 'invite had 3-2205 Kettlehollow Drive V5G 2K8 on it'],
    ['in capitals', us, '1187 TANSYWICK LANE CORVALLIS'],
    ['German, abbreviated', de, 'Adresse: Mohnblütenstr. 23, Berlin'],
    ['German, transliterated', de, 'Mohnbluetenstrasse 23 in Berlin'],
    ['French', fr, 'habite au 21 rue des Coquelicots-Bleus'],
  ])('finds the address %s', (_label, identifiers, text) => {
    expect(match(identifiers, text).matches).toHaveLength(1);
  });

  it.each([
    ['another house number containing the real one', uk, 'lives at 114 Sallowmere Close, Harrogate HG1 4QX'],
    ['another house number', ca, 'Unit 3, 2245 Kettlehollow Drive, Burnaby'],
    ['the street without a number', de, 'Mohnblütenstraße, Berlin (number unknown)'],
  ])('does not match %s', (_label, identifiers, text) => {
    expect(match(identifiers, text).matches).toEqual([]);
  });
});

describe('address matcher, street directionals (US)', () => {
  const pre = [{ id: 'a1', kind: 'address' as const, value: '4410 NW Larchmere Ave, Portland, OR 97210' }];
  const post = [{ id: 'a1', kind: 'address' as const, value: '1520 Quillfield St NW, Washington, DC 20009' }];
  const none = [{ id: 'a1', kind: 'address' as const, value: '87 Hazelbrook Road, Albany, NY 12207' }];
  const letterStreet = [{ id: 'a1', kind: 'address' as const, value: '301 N St NW, Washington, DC 20001' }];

  it.each([
    ['as in the profile', pre, 'she lives at 4410 NW Larchmere Ave, Portland'],
    ['dotted', pre, 'addy: 4410 N.W. Larchmere Avenue'],
    ['spelled out', pre, '4410 Northwest Larchmere Ave 97210'],
    ['after the street', pre, 'mail goes to 4410 Larchmere Ave NW'],
    ['missing from the page', pre, 'lives at 4410 Larchmere Ave, Portland'],
    ['after the street, as in the profile', post, 'office at 1520 Quillfield Street NW'],
    ['after the street, before a comma', post, '1520 Quillfield St., N.W., Washington'],
    ['before the street', post, '1520 NW Quillfield St'],
    ['on the page only', none, 'moved to 87 E Hazelbrook Rd in Albany'],
    ['around a one-letter street name', letterStreet, 'works at 301 N Street NW'],
    ['followed by a word that starts like one', pre, '4410 Larchmere Ave, e-mail and phone below'],
  ])('finds the address with its directional %s', (_label, identifiers, text) => {
    expect(match(identifiers, text).matches).toHaveLength(1);
  });

  it.each([
    ['another directional before the street', pre, 'lives at 4410 NE Larchmere Ave, Portland'],
    ['another directional after the street', pre, 'mail goes to 4410 Larchmere Ave SW'],
    ['another directional, spelled out', post, 'office at 1520 Quillfield Street Northeast'],
    ['another directional on a one-letter street', letterStreet, 'works at 301 N Street SE'],
    ['another house number', pre, 'lives at 4411 NW Larchmere Ave'],
  ])('does not match %s', (_label, identifiers, text) => {
    expect(match(identifiers, text).matches).toEqual([]);
  });

  it('keeps the directional in a street field of a dox template', () => {
    expect(match(pre, 'Street: NW Larchmere Ave\nHouse number: 4410').matches).toHaveLength(1);
    expect(match(pre, 'Street: NE Larchmere Ave\nHouse number: 4410').matches).toEqual([]);
  });
});

describe('address matcher, dox fields', () => {
  const ca = [
    { id: 'a1', kind: 'address' as const, value: 'Unit 3, 2205 Kettlehollow Drive, Burnaby, BC V5G 2K8' },
  ];
  const de = [{ id: 'a1', kind: 'address' as const, value: 'Berliner Straße 5, 10115 Berlin' }];

  it('joins a street field and a house-number field of one template', () => {
    const text = 'Street: Kettlehollow Drive\nHouse number: 2205\nCity: Burnaby\nDOB: 12/04/1970';
    const hit = match(ca, text).matches[0];
    expect(hit?.method).toBe('address-fields');
    expect(hit?.snippet).not.toContain('12/04/1970');
  });

  it('does not join a street field with another house number', () => {
    expect(match(ca, 'Street: Kettlehollow Drive\nNumber: 2245').matches).toEqual([]);
  });

  it('reads Straße as a separate word and its abbreviation', () => {
    expect(match(de, 'wohnt in der Berliner Str. 5').matches).toHaveLength(1);
    expect(match(de, 'wohnt in der Berliner Strasse 5').matches).toHaveLength(1);
    expect(match(de, 'wohnt in der Berliner Straße 15').matches).toEqual([]);
  });
});
