/**
 * Runs the labelled corpus (test/fixtures/corpus, in the repository) through the matcher contract
 * and scores it the way test/fixtures/corpus/README.md describes: recall (overall, per technique,
 * per kind, per page type), precision, traps (near misses matched) and leaks (other people's data in
 * clear anywhere in the output). Prints the table; asserts the figures the matcher reaches today.
 * The corpus is part of the repository: a missing corpus fails, it never skips.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { runMatchContract } from '../../shared/matching/index.js';
import { POSSIBLE_NAMESAKE } from '../../shared/domain/page.js';
import { TECHNIQUES, TRAP_TECHNIQUES } from '../fixtures/corpus/vocabulary.js';
import type { MatchContractFile } from '../../shared/matching/index.js';

const corpusDir = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

interface TruthCase {
  page: string;
  persona: string;
  source_style: string;
  present: string[];
  absent_hard: string[];
  techniques: Record<string, string>;
  decoys: string[];
  /** Identifiers the page names as somebody else's: their match must be a possible namesake. */
  namesakes?: string[];
  /** What each trap (absent_hard or namesake) imitates. */
  trap_techniques?: Record<string, string>;
  /** The day the page's text was written, for an age said in it (README "truth.json"). */
  written_on?: string;
}

interface Tally {
  found: number;
  total: number;
}

function add(map: Map<string, Tally>, key: string, found: boolean): void {
  const tally = map.get(key) ?? { found: 0, total: 0 };
  tally.total++;
  if (found) tally.found++;
  map.set(key, tally);
}

/** Digits a phone decoy is compared on: its national significant number (README "How results are scored"). */
function phoneDigits(decoy: string): string | undefined {
  const digits = decoy.replace(/\D/g, '');
  if (digits.length < 7 || /[a-z]/i.test(decoy) || /^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$/.test(decoy.trim()))
    return undefined;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(decoy.trim())) return undefined;
  for (const region of ['US', 'GB', 'DE', 'FR'] as const) {
    const parsed = parsePhoneNumberFromString(decoy, region);
    if (parsed?.isPossible()) return String(parsed.nationalNumber);
  }
  return digits.replace(/^0+/, '');
}

function leaksOf(result: MatchContractFile, decoys: string[]): string[] {
  const text = JSON.stringify(result).toLowerCase();
  const digits = text.replace(/\D/g, '');
  return decoys.filter((decoy) => {
    if (text.includes(decoy.toLowerCase())) return true;
    const phone = phoneDigits(decoy);
    return phone !== undefined && digits.includes(phone);
  });
}

function table(title: string, map: Map<string, Tally>): string {
  const rows = [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  return [
    `${title}:`,
    ...rows.map(([key, t]) => `  ${key.padEnd(22)} ${t.found}/${t.total}  ${(t.found / t.total).toFixed(2)}`),
  ].join('\n');
}

function readTruth(): TruthCase[] {
  return (JSON.parse(readFileSync(join(corpusDir, 'truth.json'), 'utf8')) as { cases: TruthCase[] }).cases;
}

describe('labelled corpus', () => {
  it('is in the repository and labels every technique of the vocabulary', () => {
    expect(existsSync(join(corpusDir, 'truth.json')), `${corpusDir}truth.json`).toBe(true);
    const cases = readTruth();
    const used = new Set(cases.flatMap((c) => c.present.map((id) => c.techniques[id])));
    expect(
      TECHNIQUES.filter((t) => !used.has(t)),
      'techniques never labelled',
    ).toEqual([]);
    const unknown = [...used].filter(
      (t) => t === undefined || !(TECHNIQUES as readonly string[]).includes(t),
    );
    expect(unknown, 'labels outside the vocabulary (or a present id without one)').toEqual([]);
    const traps = cases.flatMap((c) => Object.values(c.trap_techniques ?? {}));
    expect(
      TRAP_TECHNIQUES.filter((t) => !traps.includes(t)),
      'trap kinds never labelled',
    ).toEqual([]);
    expect(traps.filter((t) => !(TRAP_TECHNIQUES as readonly string[]).includes(t))).toEqual([]);
  });

  it('finds present identifiers, avoids traps and never leaks a decoy', () => {
    const truth = { cases: readTruth() };
    const byTechnique = new Map<string, Tally>();
    const byKind = new Map<string, Tally>();
    const byStyle = new Map<string, Tally>();
    let truePositives = 0;
    let falsePositives = 0;
    const misses: string[] = [];
    const wrong: string[] = [];
    const traps: string[] = [];
    const leaks: string[] = [];
    const byTrap = new Map<string, Tally>();
    const unflagged: string[] = [];

    for (const c of truth.cases) {
      const profile = JSON.parse(readFileSync(join(corpusDir, 'profiles', `${c.persona}.json`), 'utf8')) as {
        identifiers: Array<{ id: string; kind: string }>;
      };
      const content = readFileSync(join(corpusDir, c.page), 'utf8');
      const writtenOn = c.written_on ? { writtenOn: new Date(`${c.written_on}T12:00:00Z`) } : {};
      const result = runMatchContract(profile, [{ file: c.page, content, ...writtenOn }])
        .results[0] as MatchContractFile;
      // A possible namesake is shown, but it is not a match of the persona: it finds nothing.
      const confirmed = result.matches.filter((m) => m.method !== POSSIBLE_NAMESAKE);
      const found = new Set(confirmed.map((m) => m.identifierId));
      const flagged = new Set(
        result.matches.filter((m) => m.method === POSSIBLE_NAMESAKE).map((m) => m.identifierId),
      );
      for (const id of c.absent_hard) add(byTrap, c.trap_techniques?.[id] ?? 'near-miss', !found.has(id));
      for (const id of c.namesakes ?? []) {
        add(byTrap, c.trap_techniques?.[id] ?? 'namesake', flagged.has(id));
        if (!flagged.has(id)) unflagged.push(`${c.page} ${id}`);
      }
      const kindOf = new Map(profile.identifiers.map((i) => [i.id, i.kind]));
      for (const id of c.present) {
        const hit = found.has(id);
        add(byTechnique, c.techniques[id] ?? 'unknown', hit);
        add(byKind, kindOf.get(id) ?? 'unknown', hit);
        add(byStyle, c.source_style, hit);
        if (!hit) misses.push(`${c.page} ${id} (${c.techniques[id]})`);
      }
      for (const match of confirmed) {
        if (c.present.includes(match.identifierId)) truePositives++;
        else {
          falsePositives++;
          wrong.push(`${c.page} ${match.identifierId} via ${match.method}`);
          const trap =
            c.absent_hard.includes(match.identifierId) || c.namesakes?.includes(match.identifierId);
          if (trap) traps.push(`${c.page} ${match.identifierId}`);
        }
      }
      for (const id of flagged) {
        // Flagging the persona's own mention, or a name the page does not hold, is a mistake too.
        if (!c.namesakes?.includes(id)) wrong.push(`${c.page} ${id} flagged as a possible namesake`);
        if (!c.namesakes?.includes(id) && !c.present.includes(id)) falsePositives++;
      }
      for (const leak of leaksOf(result, c.decoys)) leaks.push(`${c.page}: ${leak}`);
    }

    const present = truePositives + misses.length;
    const recall = truePositives / present;
    const precision = truePositives / Math.max(1, truePositives + falsePositives);
    console.log(
      [
        `corpus: ${truth.cases.length} pages, recall ${recall.toFixed(3)} (${truePositives}/${present}), precision ${precision.toFixed(3)}, traps ${traps.length}, leaks ${leaks.length}`,
        table('recall per technique', byTechnique),
        table('recall per kind', byKind),
        table('recall per page type', byStyle),
        table('traps avoided (namesakes flagged) per kind', byTrap),
        misses.length ? `missed:\n  ${misses.join('\n  ')}` : 'missed: none',
        wrong.length ? `wrong matches:\n  ${wrong.join('\n  ')}` : 'wrong matches: none',
        leaks.length ? `leaks:\n  ${leaks.join('\n  ')}` : 'leaks: none',
      ].join('\n'),
    );

    expect(leaks, 'decoys in clear in the output').toEqual([]);
    expect(traps, 'near misses matched').toEqual([]);
    expect(unflagged, 'namesakes not reported as possible namesakes').toEqual([]);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.98);
  });

  it("never matches a persona's identifiers on the other personas' pages", () => {
    const truth = { cases: readTruth() };
    const personas = [...new Set(truth.cases.map((c) => c.persona))];
    const wrong: string[] = [];
    for (const persona of personas) {
      const profile = JSON.parse(
        readFileSync(join(corpusDir, 'profiles', `${persona}.json`), 'utf8'),
      ) as unknown;
      const files = truth.cases
        .filter((c) => c.persona !== persona)
        .map((c) => ({ file: c.page, content: readFileSync(join(corpusDir, c.page), 'utf8') }));
      for (const result of runMatchContract(profile, files).results) {
        for (const match of result.matches)
          wrong.push(`${persona} ${match.identifierId} on ${result.file} via ${match.method}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
