import type { IdentifierKind } from '../domain/identifier.js';
import type { Severity } from '../domain/severity.js';

/**
 * Why one finding has its level, in a sentence built from what it actually holds ("ties your
 * handle to your home address and phone number"), not one fixed sentence per level.
 */
export interface ReasonFacts {
  severity: Severity;
  trust: 'hostile' | 'neutral';
  doxShaped: boolean;
  /** What this post itself holds. */
  post: ReadonlyArray<{ kind: IdentifierKind; public: boolean }>;
  /** What the other posts of the same page add. */
  page: ReadonlyArray<{ kind: IdentifierKind; public: boolean }>;
}

const ORDER: readonly IdentifierKind[] = ['handle', 'name', 'email', 'phone', 'address', 'dob', 'relative'];

function noun(kind: IdentifierKind, isPublic: boolean, many: boolean): string {
  switch (kind) {
    case 'handle':
      return many ? 'handles' : 'handle';
    case 'name':
      return isPublic ? 'display name' : 'legal name';
    case 'email':
      return many ? 'e-mail addresses' : 'e-mail address';
    case 'phone':
      return many ? 'phone numbers' : 'phone number';
    case 'address':
      return 'home address';
    case 'dob':
      return 'date of birth';
    case 'relative':
      return many ? "relatives' names" : "a relative's name";
  }
}

/** "your handle, your legal name and your phone number", in a fixed order. */
function describe(items: ReadonlyArray<{ kind: IdentifierKind; public: boolean }>): string[] {
  const words: string[] = [];
  for (const kind of ORDER) {
    const ofKind = items.filter((item) => item.kind === kind);
    if (ofKind.length === 0) continue;
    if (kind === 'name') {
      // A legal name and a display name are different facts about a person.
      if (ofKind.some((item) => !item.public)) words.push('your legal name');
      if (ofKind.some((item) => item.public)) words.push('your display name');
      continue;
    }
    const word = noun(kind, ofKind[0]!.public, ofKind.length > 1);
    words.push(kind === 'relative' && ofKind.length === 1 ? word : `your ${word}`);
  }
  return words;
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function severityReason(facts: ReasonFacts): string {
  const where = facts.trust === 'hostile' ? 'on a site used for harassment' : 'on a general site';
  const hasHandle = facts.post.some((item) => item.kind === 'handle');
  const others = describe(facts.post.filter((item) => item.kind !== 'handle'));
  const added = describe(
    facts.page.filter(
      (item) => !facts.post.some((own) => own.kind === item.kind && own.public === item.public),
    ),
  );

  let sentence: string;
  if (facts.doxShaped && others.length > 0) {
    sentence = `Lays out ${joinWords(others)}${hasHandle ? ' under your handle' : ''} field by field, the way doxes are written, ${where}.`;
  } else if (hasHandle && others.length > 0) {
    sentence = `Ties your handle to ${joinWords(others)} ${where}.`;
  } else if (others.length > 0) {
    sentence = `Shows ${joinWords(others)} ${where}.`;
  } else if (hasHandle) {
    sentence =
      facts.trust === 'hostile'
        ? 'Names your handle on a site used for harassment; nothing private is linked to it in this post.'
        : 'Mentions your handle on a general site; nothing private is linked to it here.';
  } else {
    sentence = `Mentions you ${where}.`;
  }
  if (added.length > 0) {
    sentence += ` Other posts on the same page add ${joinWords(added)}, and read together they are ${facts.severity}.`;
  }
  return sentence;
}
