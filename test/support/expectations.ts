import type { Report } from '../../shared/report/report.builder.js';
import { deeperExposures, demoExpectations } from '../replicas/personas/demo.persona.js';
import { imageboardDeeperExposures, imageboardExpectations } from '../replicas/personas/imageboards.seed.js';

/** The posts a report found, as "source/post" keys with the identifier ids matched in each. */
export function foundPosts(report: Report): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const exposure of report.exposures) {
    for (const post of exposure.posts) {
      found.set(
        `${exposure.sourceId}/${post.postId}`,
        [...new Set(post.matches.map((m) => m.identifierId))].sort(),
      );
    }
  }
  return found;
}

/**
 * Checks a report against the demo persona's ground truth: exactly the expected posts, each with at
 * least the expected identifiers and nothing beyond what the seed holds there. Returns the problems.
 */
export function compareWithDemoTruth(report: Report): string[] {
  const problems: string[] = [];
  const found = foundPosts(report);
  // The farm serves the persona on the imageboards too; their truth is kept beside the forum's and pastes'.
  const expected = new Map(
    [...demoExpectations, ...imageboardExpectations].map((e) => [
      `${e.sourceId}/${e.postId}`,
      e.identifierIds,
    ]),
  );
  const deeper = new Map(
    [...deeperExposures, ...imageboardDeeperExposures].map((e) => [
      `${e.sourceId}/${e.postId}`,
      e.identifierIds,
    ]),
  );
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
