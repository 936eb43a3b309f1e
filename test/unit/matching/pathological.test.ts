/**
 * Hostile pages (issue 4, "Bad input"): each must go through extractText, matchText and the match
 * contract in bounded time and memory and come back with sane output. The only bound asserted on
 * time is the test timeout: timings belong to the benchmark, not to tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { assignIdentifierIds } from '../../../shared/domain/identifier.js';
import type { IdentifierInput } from '../../../shared/domain/identifier.js';
import { compileProfile, extractText, matchText, runMatchContract } from '../../../shared/matching/index.js';

const IDENTIFIERS: IdentifierInput[] = [
  { id: 'h1', kind: 'handle', value: 'copperwren' },
  { id: 'n1', kind: 'name', value: 'Katherine Mae Ostrander' },
  { id: 'e1', kind: 'email', value: 'kmo.letters@example.com' },
  { id: 't1', kind: 'phone', value: '+1 503 555 0163' },
  { id: 'a1', kind: 'address', value: '1187 Tansywick Lane, Corvallis, OR 97330' },
  { id: 'd1', kind: 'dob', value: '1993-08-24' },
];
const profile = compileProfile(assignIdentifierIds(IDENTIFIERS));
/**
 * What these tests bound is growth, not speed: a page that takes a few seconds alone can take three
 * or four times as long while three test files share two cores, and anything quadratic in 5 MB would
 * take hours.
 */
const TIMEOUT = 40_000;
const MB = 1_000_000;

/** Deterministic bytes, so a failure reproduces. */
function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** Runs one page through every entry point and checks the output is well-formed. */
function runAll(file: string, content: string): { matched: string[] } {
  const text = extractText(file, content);
  expect(typeof text).toBe('string');
  const direct = matchText(profile, text);
  const contract = runMatchContract({ identifiers: IDENTIFIERS }, [{ file, content }]);
  const result = contract.results[0];
  expect(result?.file).toBe(file);
  for (const output of [direct, result]) {
    expect(Array.isArray(output?.matches)).toBe(true);
    expect(Array.isArray(output?.otherPii)).toBe(true);
    for (const match of output?.matches ?? []) {
      // A snippet is a bounded window, however large the page or the hit.
      expect(match.snippet.length, `snippet of ${match.identifierId} in ${file}`).toBeLessThan(600);
      expect(match.confidence).toBeGreaterThan(0);
      expect(match.confidence).toBeLessThanOrEqual(1);
    }
  }
  expect(result?.matches.map((m) => m.identifierId)).toEqual(direct.matches.map((m) => m.identifierId));
  return { matched: direct.matches.map((m) => m.identifierId) };
}

describe('pathological pages finish with sane output', () => {
  // Each test holds the thread for seconds: let the runner's own messages through between them.
  afterEach(() => new Promise((resolve) => setTimeout(resolve, 0)));

  it(
    'survives 10 MB of one letter, of one digit and of one symbol',
    () => {
      for (const char of ['a', '0', '=']) {
        expect(runAll('paste.txt', char.repeat(10 * MB)).matched, `10 MB of "${char}"`).toEqual([]);
      }
    },
    TIMEOUT * 2,
  );

  it(
    'survives 100k nested <div> elements and still reads the text inside',
    () => {
      const depth = 100_000;
      const html = `${'<div>'.repeat(depth)}posted by copperwren${'</div>'.repeat(depth)}`;
      expect(runAll('thread.html', html).matched).toEqual(['h1']);
      // Unclosed nesting too: a page cut off mid-download.
      expect(runAll('thread.html', `${'<div><span>'.repeat(depth)}x`).matched).toEqual([]);
    },
    // htmlparser2 itself takes seconds on this nesting (its tag stack is searched per tag).
    TIMEOUT * 3,
  );

  it(
    'survives invalid UTF-8 bytes and lone surrogates around an identifier',
    () => {
      const garbage = bytes(2 * MB, 7).toString('utf8');
      const page = `${garbage}\nmail kmo.letters@example.com\n${garbage}`;
      expect(runAll('paste.txt', page).matched).toContain('e1');
      const surrogates = '\ud800x\udfff'.repeat(200_000);
      expect(runAll('paste.txt', `${surrogates} copperwren ${surrogates}`).matched).toEqual(['h1']);
    },
    TIMEOUT,
  );

  it(
    'survives a 5 MB base64 blob, of random bytes and of text holding an identifier',
    () => {
      const random = bytes(3_750_000, 11).toString('base64');
      expect(random.length).toBeGreaterThanOrEqual(5 * MB);
      expect(runAll('paste.txt', `blob:\n${random}\nend`).matched).toEqual([]);
      const text = Buffer.from(
        `${'lorem ipsum dolor sit amet '.repeat(140_000)}contact: copperwren`,
      ).toString('base64');
      expect(text.length).toBeGreaterThanOrEqual(5 * MB);
      expect(runAll('paste.txt', `blob:\n${text}\nend`).matched).toEqual(['h1']);
    },
    TIMEOUT,
  );

  it(
    'survives a 10 MB line without spaces, and 2 MB of the identifier repeated',
    () => {
      const line = 'x7Qz_3k.9-Lm'.repeat(Math.ceil((10 * MB) / 12));
      expect(runAll('paste.txt', line).matched).toEqual([]);
      // Every position a candidate: the windows merge, so the cost stays linear.
      expect(runAll('paste.txt', 'copperwren '.repeat(200_000)).matched).toEqual(['h1']);
      expect(runAll('paste.txt', 'c.o.p.p.e.r.w.r.e.n.'.repeat(100_000)).matched).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'survives 5 MB of digits and separators (every position a phone or date candidate)',
    () => {
      const digits = '503-555-0163 24/08/1993 203.0.113.9 '.repeat(140_000);
      const { matched } = runAll('paste.txt', digits);
      expect(matched).toEqual(expect.arrayContaining(['t1', 'd1']));
    },
    TIMEOUT,
  );

  it(
    'survives 2 MB of digit groups and of the birth year reversed (every place a window read backwards)',
    () => {
      // More id-like digit groups than one call may take as arguments.
      expect(runAll('paste.txt', '4111 1111 1111 1111 '.repeat(100_000)).matched).toEqual([]);
      expect(runAll('paste.txt', '3991 '.repeat(200_000)).matched).toEqual([]);
      expect(runAll('paste.txt', `${'3991 '.repeat(100_000)}42/80/3991`).matched).toEqual(['d1']);
    },
    TIMEOUT * 2,
  );

  it(
    'survives a leaked list: 600 KB each of SSNs, of IBANs beside card numbers, of labelled plates beside ids',
    () => {
      // Each of these once compared every id with every other candidate: minutes on such a page.
      expect(runAll('paste.txt', '123-45-6789 '.repeat(50_000)).matched).toEqual([]);
      expect(
        runAll('paste.txt', 'GB82 WEST 1234 5698 7654 32 4111 1111 1111 1111 '.repeat(12_000)).matched,
      ).toEqual([]);
      expect(runAll('paste.txt', 'Plate: AB12 CDE\nAB 12 34 56 C\n'.repeat(20_000)).matched).toEqual([]);
    },
    // Minutes before, a few seconds now; loaded CI machines get room.
    TIMEOUT * 3,
  );
});
