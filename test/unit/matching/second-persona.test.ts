/**
 * A persona unlike the corpus ones (UK, with a flat number and a nickname-able name), through every
 * technique at once: guards against a matcher that only knows the corpus personas.
 */
import { describe, expect, it } from 'vitest';
import { match } from './helpers.js';
const P = [
  { id: 'h1', kind: 'handle' as const, value: 'nightjarquill' },
  { id: 'n1', kind: 'name' as const, value: 'William Theodore Ashcombe' },
  { id: 'e1', kind: 'email' as const, value: 'w.ashcombe@example.net' },
  { id: 't1', kind: 'phone' as const, value: '+44 20 7946 0321' },
  { id: 'a1', kind: 'address' as const, value: 'Flat 2, 31 Bramblewood Road, Leeds LS6 2AB' },
  { id: 'd1', kind: 'dob' as const, value: '1985-03-07' },
  { id: 'r1', kind: 'relative' as const, value: 'Margaret Ashcombe' },
];
const cases: Array<[string, string]> = [
  ['n1', 'that is Bill Ashcombe for sure'],
  ['n1', 'signed W. T. Ashcombe'],
  ['n1', 'ASHCOMBE, William'],
  ['n1', 'W.T. Ashcombe'],
  ['n1', 'William T. Ashcombe'],
  ['n1', 'Name: William Ashcombe'],
  ['n1', 'Will Ashcombe'],
  ['a1', 'Flat 2, 31 Bramblewood Rd, Leeds'],
  ['a1', '2/31 Bramblewood Road'],
  ['a1', '31 Bramblewood Road LS6 2AB'],
  ['a1', 'Street: Bramblewood Road 31'],
  ['t1', '020 7946 0321'],
  ['t1', '+44 (0)20 7946 0321'],
  ['t1', 'zero two zero, seven nine four six, zero three two one'],
  ['t1', '02079460321'],
  ['t1', 'O2O 7946 O32l'],
  ['d1', 'born 7th March 1985'],
  ['d1', 'DOB 03/07/1985'],
  ['d1', 'DOB 07.03.85'],
  ['d1', "March 7, '85"],
  ['d1', '7 Mar 1985'],
  ['d1', '1985/03/07'],
  ['e1', 'w dot ashcombe at example dot net'],
  ['e1', 'w.ashcombe{at}example{dot}net'],
  ['e1', 'w.ashcombe [at] example [.] net'],
  ['e1', 'W.ASHCOMBE@EXAMPLE.NET'],
  ['h1', 'n1ghtj4rqu1ll'],
  ['h1', 'Night_Jar_Quill'],
  ['h1', 'nightjar-quill'],
  ['h1', 'n-i-g-h-t-j-a-r-q-u-i-l-l'],
  ['h1', 'twitter.com/nightjarquill'],
  ['r1', 'Mother: Margaret Ashcombe'],
  ['r1', 'Maggie Ashcombe'],
  ['-', 'nightjarquills'],
  ['-', 'nightjarquil'],
  ['-', 'William Ashcombes'],
  ['-', 'Margaret Ashcroft'],
  ['-', '131 Bramblewood Road'],
  ['-', '020 7946 0322'],
  ['-', 'born 8th March 1985'],
  ['-', 'w.ashcombe@example.com'],
  ['-', 'Katherine Ashcombe'],
  ['-', 'William Smith and Ashcombe'],
  ['h1', 'ɴɪɢʜᴛᴊᴀʀꞯᴜɪʟʟ'],
  ['h1', 'https://nightjarquill.tumblr.com/post/1'],
  ['-', 'https://nightjarquills.tumblr.com/'],
  ['-', 'lives on Bramblewood Road, 31 years now'],
  ['a1', 'Bramblewood Road 31, Leeds'],
];
describe('a second persona', () => {
  it.each(cases)('%s in %j', (want, text) => {
    const got = match(P, text).matches.map((m) => m.identifierId);
    if (want === '-') expect(got).toEqual([]);
    else expect(got).toContain(want);
  });
});
