import { assignIdentifierIds } from '../../../shared/domain/identifier.js';
import type { IdentifierInput } from '../../../shared/domain/identifier.js';
import type { TextMatchResult } from '../../../shared/domain/page.js';
import { compileProfile, matchText } from '../../../shared/matching/index.js';

/** Matches `text` against a profile given as plain identifier inputs. */
export function match(
  identifiers: IdentifierInput[],
  text: string,
  options?: Parameters<typeof matchText>[2],
): TextMatchResult {
  return matchText(compileProfile(assignIdentifierIds(identifiers)), text, options);
}

/** The ids that matched, for compact assertions. */
export function matchedIds(identifiers: IdentifierInput[], text: string): string[] {
  return match(identifiers, text).matches.map((m) => m.identifierId);
}
