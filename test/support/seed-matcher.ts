import { demoProfile } from '../replicas/personas/demo.persona.js';

/**
 * The first matcher's contract in miniature: exact, case-folded and Unicode-folded (NFKC, accents)
 * occurrences with word boundaries. It checks the seeds' ground truth, not the real matcher.
 */
export function fold(text: string): string {
  return text.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface SeedIdentifier {
  readonly id: string;
  readonly kind: string;
  readonly value: string;
}

/** Ids of the handles, names and emails of `identifiers` (the demo persona's by default) found in `text`. */
export function firstMatcherIds(
  text: string,
  identifiers: readonly SeedIdentifier[] = demoProfile.identifiers,
): string[] {
  const folded = fold(text);
  return identifiers
    .filter((identifier) => ['handle', 'name', 'email'].includes(identifier.kind))
    .filter((identifier) =>
      new RegExp(
        `(?<![\\p{L}\\p{N}_.+-])${escapeRegExp(fold(identifier.value))}(?![\\p{L}\\p{N}_-])`,
        'u',
      ).test(folded),
    )
    .map((identifier) => identifier.id);
}
