/**
 * Differential tests: each faster path of the matcher's own work against the path it replaced or
 * shares its answers with, on seeded random text and on hostile pages.
 */
import { describe, expect, it } from 'vitest';
import type { IdentifierInput } from '../../../shared/domain/identifier.js';
import { backwardsDates } from '../../../shared/matching/dob.matcher.js';
import type { Hit } from '../../../shared/matching/matcher.types.js';
import { assemble } from '../../../shared/matching/snippet.builder.js';
import { buildViews } from '../../../shared/matching/text.views.js';
import { hostilePages } from '../../support/hostile-pages.js';
import { prng, randomTexts } from '../../support/random-text.js';
import { match } from './helpers.js';

/** The hits of a result, by identifier, with how each was found (snippets mask the other phones). */
const hitsOf = (identifiers: IdentifierInput[], text: string) =>
  Object.fromEntries(match(identifiers, text).matches.map((m) => [m.identifierId, [m.method, m.confidence]]));

describe('phone numbers on a page', () => {
  // More phones than walk the runs (the rest read the shared index of them), so both paths answer.
  const rand = prng(3);
  const phones: IdentifierInput[] = Array.from({ length: 24 }, (_, i) => ({
    id: `p${i}`,
    kind: 'phone',
    value: `+1 503 555 ${String(Math.floor(rand() * 10_000)).padStart(4, '0')}`,
  }));
  const written = phones.flatMap(({ value }) => {
    const digits = value.replace(/\D/g, '');
    return [
      value,
      `(${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7)}`,
      [...digits].reverse().join(''),
    ];
  });
  const pieces = [...written, ' ', ', ', '\n', '12', '-', '555', 'call ', 'oh ', 'five '];
  it('are found by each phone of a large profile as by a profile of that phone alone', () => {
    let found = 0;
    for (const text of randomTexts(pieces, 60, 40, 11)) {
      const together = hitsOf(phones, text);
      const alone = Object.fromEntries(phones.flatMap((phone) => Object.entries(hitsOf([phone], text))));
      expect(together, text).toEqual(alone);
      found += Object.keys(together).length;
    }
    expect(found).toBeGreaterThan(100);
  });
});

describe('dates written backwards', () => {
  const born = { year: 1991, month: 7, day: 23 };
  const sorted = (hits: Hit[]) =>
    [...hits].sort((a, b) => a.start - b.start || a.end - b.end || a.method.localeCompare(b.method));
  const same = (text: string, name: string) => {
    const light = buildViews(text).plain.light;
    const joined = backwardsDates(light, born, true);
    expect(sorted(joined), name).toEqual(sorted(backwardsDates(light, born, false)));
    return joined.length;
  };
  const pieces = [
    ...'0123456789 .-/\n,',
    '1991',
    '91',
    '32',
    '70',
    '1991.70.32',
    '19-70-32',
    '32-70-19',
    '32/70/1991',
    'yluj',
    'iluj',
    ' bod',
    'ht32 ',
    '\n\n',
    'é',
  ];
  it('are the dates each span read on its own finds, on random text', () => {
    let found = 0;
    for (const [i, text] of randomTexts(pieces, 3_000, 60, 13).entries()) found += same(text, `random ${i}`);
    expect(found).toBeGreaterThan(100);
  });
  it('are the dates each span read on its own finds, on hostile pages', () => {
    for (const [name, text] of hostilePages(pieces)) same(text, name);
  });
  it('end for a year under 100, which has no two-digit form (its search once never ended)', () => {
    const light = buildViews('born 1.10.0050 or 05.10.10 and 0500-10-01').plain.light;
    expect(backwardsDates(light, { year: 50, month: 1, day: 1 })).toEqual([]);
  });
});

describe('snippet assembly', () => {
  const units = [
    ...'ab Z.* ',
    '\t',
    '\n',
    '\r\n',
    '\u00a0',
    '\u2028',
    '\ufeff',
    '\u3000',
    '  ',
    'é',
    '😀',
    '\ud800',
    '\udfff',
    '…',
  ];
  const same = (texts: string[], seed: number, name: string) => {
    const rand = prng(seed);
    const pieces = texts.map((text) => ({ text, mark: rand() < 0.4 }));
    const byRuns = assemble(pieces, true);
    expect(byRuns, name).toEqual(assemble(pieces, false));
    return byRuns.highlights.length;
  };
  it('collapses white space as the walk by characters did, on random pieces', () => {
    const rand = prng(17);
    let highlighted = 0;
    for (let i = 0; i < 5_000; i++) {
      const texts = randomTexts(units, 1 + Math.floor(rand() * 7), 12, i);
      highlighted += same(texts, i, texts.join('|'));
    }
    expect(highlighted).toBeGreaterThan(1_000);
  });
  it('collapses white space as the walk by characters did, on hostile pages', () => {
    const pages = hostilePages(units);
    for (const [i, [name, text]] of pages.entries()) same([text, ' ', text.slice(0, 500), ''], i, name);
  });
});
