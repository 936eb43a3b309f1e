import { describe, expect, it } from 'vitest';
import { randomTexts } from '../../support/random-text.js';
import { buildAnchorIndex, findCandidates } from '../../../shared/matching/anchor.index.js';
import type { IdentifierMatcher } from '../../../shared/matching/matcher.types.js';

/** A matcher that only names anchors: all the index needs of it. */
const matcherWith = (id: string, anchors: string[]): IdentifierMatcher =>
  ({ identifier: { id, kind: 'handle', value: id }, patterns: [], anchors, reach: 0 }) as IdentifierMatcher;

/**
 * The specification: one alternation of every anchor and its reversal, longest first, tried at
 * every position; at each hit, the anchor found and the shorter anchors it starts with.
 */
function bySpecification(matchers: IdentifierMatcher[], text: string): string[] {
  const keys = new Set(matchers.flatMap((m) => m.anchors.flatMap((a) => [a, [...a].reverse().join('')])));
  const sorted = [...keys].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const search = new RegExp(sorted.join('|'), 'g');
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = search.exec(text)) !== null) {
    const found = m[0];
    for (const anchor of [found, ...sorted.filter((k) => k.length < found.length && found.startsWith(k))]) {
      for (const matcher of matchers) {
        for (const reversed of [false, true]) {
          const keysOf = matcher.anchors.map((a) => (reversed ? [...a].reverse().join('') : a));
          if (keysOf.includes(anchor))
            out.push(`${matcher.identifier.id}${reversed ? '<' : '>'}${m.index}+${anchor.length}`);
        }
      }
    }
    search.lastIndex = m.index + 1;
  }
  return out.sort();
}

function byIndex(matchers: IdentifierMatcher[], text: string): string[] {
  const index = buildAnchorIndex(matchers)!;
  const at = Int32Array.from(text, (_, i) => i);
  const units = Uint16Array.from(text, (c) => c.charCodeAt(0));
  return findCandidates(index, { units, at }, true)
    .map((c) => `${c.entry.matcher.identifier.id}${c.entry.reversed ? '<' : '>'}${c.from}+${c.to - c.from}`)
    .sort();
}

describe('anchor search', () => {
  const matchers = [
    matcherWith('a', ['velvet', 'velvetfox']),
    matcherWith('b', ['foxglove', 'tevlev']),
    matcherWith('c', ['ostermoor', 'moorland']),
    matcherWith('d', ['mmmmmm']),
  ];

  it('finds what one alternation of the anchors finds, overlapping hits and reversals included', () => {
    const pieces = [
      'velvet',
      'fox',
      'glove',
      'tev',
      'lev',
      'oster',
      'moor',
      'land',
      'mm',
      'x',
      'e',
      'v',
      'o',
    ];
    let hits = 0;
    for (const text of randomTexts(pieces, 5000, 16, 9)) {
      const expected = bySpecification(matchers, text);
      expect(byIndex(matchers, text), text).toEqual(expected);
      hits += expected.length;
    }
    expect(hits).toBeGreaterThan(5000);
  });

  it('falls back to the alternation when an anchor is shorter than a block', () => {
    const short = [matcherWith('s', ['ab']), matcherWith('t', ['abcdef'])];
    for (const text of randomTexts(['a', 'b', 'c', 'abc', 'def', 'ba'], 2000, 12, 4))
      expect(byIndex(short, text), text).toEqual(bySpecification(short, text));
  });
});
