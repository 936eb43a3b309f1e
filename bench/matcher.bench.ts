import { assignIdentifierIds } from '../shared/domain/identifier.js';
import type { IdentifierInput } from '../shared/domain/identifier.js';
import { compileProfile, matchText } from '../shared/matching/index.js';

/**
 * Matcher throughput (MB/s of extracted text) beside a naive baseline measured in the same run:
 * one case-insensitive regex per identifier value over the raw text, which finds only exact
 * spellings. The gap is the price of folding, decoded readings, digit tokenising and PII detection.
 */
const WORDS =
  'the a thread stream art commission drama post said about her his they were going lol anyway link archive old new rang number address lives near born'.split(
    ' ',
  );

const PROFILE: IdentifierInput[] = [
  { id: 'h1', kind: 'handle', value: 'copperwren' },
  { id: 'h2', kind: 'handle', value: 'wrenfeathers' },
  { id: 'n1', kind: 'name', value: 'Katherine Mae Ostrander' },
  { id: 'e1', kind: 'email', value: 'kmo.letters@example.com' },
  { id: 't1', kind: 'phone', value: '+1 503 555 0163' },
  { id: 'a1', kind: 'address', value: '1187 Tansywick Lane, Corvallis, OR 97330' },
  { id: 'd1', kind: 'dob', value: '1993-08-24' },
  { id: 'r1', kind: 'relative', value: 'Dolores Ostrander' },
];

/** Forum-like text with the occasional number, date, e-mail, name and obfuscated identifier. */
function syntheticText(bytes: number): string {
  let seed = 11;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const extras = [
    'call (541) 555-0187 later',
    'mail someone@example.org',
    'posted 2024-05-21 09:37',
    'IP 203.0.113.98',
    'Anselm Ellery said so',
    'c0pp3rwr3n again',
    'DOB: 24-Aug-93',
    'w.r.e.n.f.e.a.t.h.e.r.s',
    '1187 Tansywick Ln',
  ];
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words = Array.from({ length: 14 }, () => WORDS[Math.floor(next() * WORDS.length)]);
    if (next() < 0.15) words.splice(7, 0, extras[Math.floor(next() * extras.length)] as string);
    const line = words.join(' ');
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function naiveMatch(identifiers: IdentifierInput[], text: string): number {
  let found = 0;
  for (const identifier of identifiers) {
    const re = new RegExp(identifier.value.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), 'gi');
    found += (text.match(re) ?? []).length;
  }
  return found;
}

function mbPerSecond(bytes: number, run: () => unknown, rounds = 3): number {
  run();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) run();
  const seconds = (performance.now() - start) / 1000 / rounds;
  return bytes / 1e6 / seconds;
}

export async function matcherBench(bytes = 1_000_000): Promise<string[]> {
  const text = syntheticText(bytes);
  const identifiers = assignIdentifierIds(PROFILE);
  const profile = compileProfile(identifiers);
  const result = matchText(profile, text);
  const ours = mbPerSecond(text.length, () => matchText(profile, text));
  const naive = mbPerSecond(text.length, () => naiveMatch(PROFILE, text));
  return [
    `text: ${(text.length / 1e6).toFixed(2)} MB synthetic forum text, ${identifiers.length} identifiers`,
    `matcher (all methods, other-PII detection, snippets): ${ours.toFixed(2)} MB/s, ${result.matches.length} identifiers found, ${result.otherPii.length} other-PII values`,
    `naive baseline (one case-insensitive regex per value, exact spellings only): ${naive.toFixed(2)} MB/s`,
  ];
}
