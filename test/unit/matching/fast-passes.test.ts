/**
 * Differential tests: each faster path of the matcher's own work against the path it replaced or
 * shares its answers with, on seeded random text and on hostile pages.
 */
import { describe, expect, it } from 'vitest';
import type { IdentifierInput } from '../../../shared/domain/identifier.js';
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
