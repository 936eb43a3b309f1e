/**
 * The matcher contract (`exposure-scanner match --profile PROFILE.json FILE...`), as a
 * pure function: the CLI reads the files and prints the result; benchmarks and the corpus test call
 * it directly.
 */
import { assignIdentifierIds, profileSchema } from '../domain/identifier.js';
import type { MatchHit, OtherPii } from '../domain/page.js';
import { validateIdentifierValues } from './identifier.validator.js';
import { compileProfile } from './profile.compiler.js';
import { extractText } from './text.extractor.js';
import { matchText } from './text.matcher.js';

export interface MatchContractFile {
  file: string;
  matches: Array<Pick<MatchHit, 'identifierId' | 'kind' | 'method' | 'confidence' | 'namesake' | 'snippet'>>;
  otherPii: OtherPii[];
}

export interface MatchContractOutput {
  results: MatchContractFile[];
}

/** A profile that cannot be used; the message names the bad field (`identifiers[2].value: ...`). */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || 'profile';
}

export function runMatchContract(
  profileJson: unknown,
  /** `writtenOn`: the day the page's text was written, when known (see MatchOptions). */
  files: Array<{ file: string; content: string; writtenOn?: Date }>,
): MatchContractOutput {
  const parsed = profileSchema.safeParse(profileJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProfileError(issue ? `${fieldPath(issue.path)}: ${issue.message}` : 'profile: invalid');
  }
  const identifiers = assignIdentifierIds(parsed.data.identifiers);
  const errors = validateIdentifierValues(identifiers);
  const first = errors[0];
  if (first) {
    const index = identifiers.findIndex((i) => i.id === first.identifierId);
    throw new ProfileError(`identifiers[${index}].${first.field} (${first.identifierId}): ${first.message}`);
  }
  const profile = compileProfile(identifiers);
  return {
    results: files.map(({ file, content, writtenOn }) => {
      const { matches, otherPii } = matchText(
        profile,
        extractText(file, content),
        writtenOn ? { writtenOn } : {},
      );
      return {
        file,
        matches: matches.map(({ identifierId, kind, method, confidence, namesake, snippet }) => ({
          identifierId,
          kind,
          method,
          confidence,
          ...(namesake === undefined ? {} : { namesake }),
          snippet,
        })),
        otherPii,
      };
    }),
  };
}
