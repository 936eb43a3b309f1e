import type { Report } from '../../shared/report/report.schema.js';
import {
  deeperExposures,
  demoExpectations,
  type ExpectedFinding,
} from '../replicas/personas/demo.persona.js';
import { imageboardDeeperExposures, imageboardExpectations } from '../replicas/personas/imageboards.seed.js';
import { pasteDeeperExposures, pasteExpectations } from '../replicas/personas/pastes.seed.js';
import { secondDeeperExposures, secondExpectations } from '../replicas/personas/second.persona.js';

/**
 * The posts a report found, as "source/post" keys with the identifier ids matched in each. An
 * archived copy folded into a finding counts as a post of its archive, with the finding's matches.
 */
export function foundPosts(report: Report): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const finding of report.findings) {
    const ids = [...finding.identifierIds].sort();
    found.set(`${finding.sourceId}/${finding.postId}`, ids);
    for (const copy of finding.archivedCopies) found.set(`${copy.sourceId}/${copy.postId}`, ids);
  }
  return found;
}

/** The synthetic personas the replica farm is seeded with. */
export type PersonaName = 'demo' | 'second';

/**
 * Where the replica farm exposes each persona: the demo persona on the forum and Pastebin, the
 * imageboards and the other paste sites; the second persona on the forum, Pastebin, archived.moe and 4chan.
 */
const TRUTH: Record<PersonaName, { expected: ExpectedFinding[]; deeper: ExpectedFinding[] }> = {
  demo: {
    expected: [...demoExpectations, ...imageboardExpectations, ...pasteExpectations],
    deeper: [...deeperExposures, ...imageboardDeeperExposures, ...pasteDeeperExposures],
  },
  second: { expected: secondExpectations, deeper: secondDeeperExposures },
};

const byKey = (list: ExpectedFinding[], sources: Set<string>) =>
  new Map(
    list.filter((e) => sources.has(e.sourceId)).map((e) => [`${e.sourceId}/${e.postId}`, e.identifierIds]),
  );

/**
 * Checks a report against a persona's ground truth on the sources the scan searched: exactly the
 * expected posts, each with at least the expected identifiers (handles, name, email) and nothing
 * beyond what the seed holds there (phones, addresses and dates of birth where seeded). Returns the
 * problems, empty when the report is right.
 */
export function compareWithTruth(
  report: Report,
  persona: PersonaName,
  options: { except?: readonly string[] } = {},
): string[] {
  const sources = new Set(
    report.sources.map((source) => source.id).filter((id) => !options.except?.includes(id)),
  );
  const problems: string[] = [];
  const found = foundPosts(report);
  const expected = byKey(TRUTH[persona].expected, sources);
  const deeper = byKey(TRUTH[persona].deeper, sources);
  for (const [key, ids] of expected) {
    const got = found.get(key);
    if (!got) {
      problems.push(`missing finding ${key}`);
      continue;
    }
    const allowed = new Set([...ids, ...(deeper.get(key) ?? [])]);
    for (const id of ids) if (!got.includes(id)) problems.push(`${key}: ${id} not matched`);
    for (const id of got) if (!allowed.has(id)) problems.push(`${key}: ${id} matched but not on that post`);
  }
  for (const key of found.keys()) if (!expected.has(key)) problems.push(`unexpected finding ${key}`);
  return problems;
}

/** `compareWithTruth` for the demo persona (Sorrel Quistgarde), as existing callers use it. */
export function compareWithDemoTruth(report: Report, options: { except?: readonly string[] } = {}): string[] {
  return compareWithTruth(report, 'demo', options);
}

/** How many posts the persona (the demo persona by default) is exposed in on these sources. */
export function expectedPostCount(sources: readonly string[], persona: PersonaName = 'demo'): number {
  return byKey(TRUTH[persona].expected, new Set(sources)).size;
}
