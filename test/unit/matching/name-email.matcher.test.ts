import { describe, expect, it } from 'vitest';
import { match, matchedIds } from './helpers.js';

const katherine = [{ id: 'n1', kind: 'name' as const, value: 'Katherine Mae Ostrander' }];
const kuehnert = [{ id: 'n1', kind: 'name' as const, value: 'Jonas Friedrich Kühnert' }];
const email = [{ id: 'e1', kind: 'email' as const, value: 'kmo.letters@example.com' }];

describe('name matcher', () => {
  it.each([
    ['in full', 'the invoice says Katherine Mae Ostrander on it', 'exact'],
    ['without the middle name', 'the invoice says Katherine Ostrander on it', 'name-no-middle'],
    ['surname first with a comma', 'listed as Ostrander, Katherine in the roster', 'name-surname-first'],
    ['with initials', 'signed K. M. Ostrander at the bottom', 'name-initials'],
    ['with a nickname', 'everyone calls her Kate Ostrander there', 'name-nickname'],
    ['in leetspeak', 'the tag says K4th3r1n3 M43 0str4nd3r', 'leet'],
    ['in dox template fields', 'Surname: Ostrander\nFirst name: Katherine\nAge: unknown', 'name-fields'],
    [
      'broken across a line',
      'the scan of the form reads Katherine Mae\nOstrander, 4th grade',
      'name-line-break',
    ],
    ['broken across a line, without the middle name', 'she is Katherine  \r\n  Ostrander', 'name-line-break'],
  ])('finds the name %s', (_label, text, method) => {
    expect(match(katherine, text).matches[0]?.method).toBe(method);
  });

  it('masks what lies between the fields of a dox template', () => {
    const hit = match(
      katherine,
      'First name: Katherine\nDOB: 12/04/1970\nMother: Dana Eisenhardt\nLast name: Ostrander',
    ).matches[0];
    expect(hit?.method).toBe('name-fields');
    expect(hit?.snippet).toContain('Katherine');
    expect(hit?.snippet).toContain('Ostrander');
    expect(hit?.snippet).not.toContain('12/04/1970');
    expect(hit?.snippet).not.toContain('Dana Eisenhardt');
  });

  it('reads short and full forms of a given name both ways', () => {
    const kate = [{ id: 'n1', kind: 'name' as const, value: 'Kate Ostrander' }];
    expect(match(kate, 'her legal name is Katherine Ostrander').matches[0]?.method).toBe('name-nickname');
    expect(match(kate, 'her legal name is Kathryn Ostrander').matches[0]?.method).toBe('name-nickname');
    expect(match(kate, 'her legal name is Karen Ostrander').matches).toEqual([]);
    const henry = [{ id: 'n1', kind: 'name' as const, value: 'Henry Ostrander' }];
    expect(match(henry, 'Hank Ostrander again').matches[0]?.method).toBe('name-nickname');
  });

  it('folds umlauts both ways (ü as u and as ue)', () => {
    expect(matchedIds(kuehnert, 'Jonas Kuehnert was there')).toEqual(['n1']);
    expect(matchedIds(kuehnert, 'Jonas Kuhnert was there')).toEqual(['n1']);
    expect(matchedIds(kuehnert, 'JONAS FRIEDRICH KÜHNERT was there')).toEqual(['n1']);
  });

  it.each([
    ['the same first name with another surname', 'Katherine Whitcombe lives there'],
    ['first name and surname in different sentences', 'Katherine was late. The Ostrander family left early.'],
    ['a surname one letter off', 'Katherine Ostrandar lives there'],
    ['a single initial with the surname when a middle name exists', 'signed K. Ostrander'],
    ['first name and surname a paragraph apart', 'thanks Katherine\n\nOstrander family photos below'],
    ['first name and surname on lines of a list', 'Katherine\nDana\nOstrander'],
    [
      'the fields of two different people far apart',
      `First name: Katherine\n${'filler text '.repeat(40)}\nLast name: Ostrander`,
    ],
  ])('does not match %s', (_label, text) => {
    expect(match(katherine, text).matches).toEqual([]);
  });
});

describe('email matcher', () => {
  it.each([
    ['plainly', 'write to kmo.letters@example.com today', 'exact'],
    ['in capitals', 'write to KMO.Letters@Example.com today', 'case-folded'],
    ['with [at] and [dot]', 'write to kmo.letters [at] example [dot] com today', 'email-obfuscated'],
    ['with (at) and (dot)', 'write to kmo(dot)letters(at)example(dot)com today', 'email-obfuscated'],
    ['in words', 'write to kmo dot letters at example dot com today', 'email-obfuscated'],
    [
      'in full-width characters',
      'write to ｋｍｏ．ｌｅｔｔｅｒｓ＠ｅｘａｍｐｌｅ．ｃｏｍ today',
      'unicode-folded',
    ],
    ['as HTML entities left in text', 'write to kmo.letters&#64;example&#46;com today', 'html-entities'],
    ['reversed', 'moc.elpmaxe@srettel.omk', 'reversed'],
  ])('finds the address %s', (_label, text, method) => {
    expect(match(email, text).matches[0]?.method).toBe(method);
  });

  it.each([
    ['the same mailbox at another domain', 'write to kmo.letters@example.org'],
    ['a mailbox one letter off', 'write to kvo.letters@example.com'],
    ['a longer mailbox', 'write to xkmo.letters@example.com'],
    ['a longer domain', 'write to kmo.letters@example.com.evil.net'],
  ])('does not match %s', (_label, text) => {
    expect(match(email, text).matches).toEqual([]);
  });
});

describe('name matcher, dox fields in other languages', () => {
  const jonas = [{ id: 'n1', kind: 'name' as const, value: 'Jonas Friedrich Kühnert' }];
  it.each([
    ['German', 'Vorname: Jonas\nNachname: Kühnert'],
    ['French', 'Nom : Kuehnert\nPrénom : Jonas'],
  ])('reads %s labels', (_label, text) => {
    expect(match(jonas, text).matches[0]?.method).toBe('name-fields');
  });
});
