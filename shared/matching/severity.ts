/**
 * Severity of one page, from what the matcher found on it. The rules themselves live in
 * `shared/domain/severity.ts` (one source of truth for the pipeline and the reports); this turns
 * matcher output into those facts and adds the reasons and next steps a report shows in plain words.
 */
import { isDoxShaped } from '../domain/dox-shape.js';
import { isPublicIdentifier } from '../domain/identifier.js';
import type { Identifier, IdentifierKind } from '../domain/identifier.js';
import type { MatchHit, OtherPii } from '../domain/page.js';
import { scoreExposure, SEVERITY_EXPLANATIONS } from '../domain/severity.js';
import type { Severity } from '../domain/severity.js';

export interface PageScoreInput {
  identifiers: Identifier[];
  matches: Array<Pick<MatchHit, 'identifierId'>>;
  trust: 'hostile' | 'neutral';
  /** The page text, to recognise a dox laid out as labelled fields. */
  text?: string;
  otherPii?: OtherPii[];
}

export interface PageScore {
  level: Severity;
  /** What the level means, in plain words. */
  explanation: string;
  /** Why this page got its level: what of the person's is on it, and how it is linked. */
  reasons: string[];
  /** What the person (or their advocate) can do about this page. */
  nextSteps: string[];
}

const KIND_WORDS: Record<IdentifierKind, string> = {
  handle: 'a handle',
  name: 'your name',
  email: 'your e-mail address',
  phone: 'your phone number',
  address: 'your home address',
  dob: 'your date of birth',
  relative: "a relative's name",
};

export function scorePage(input: PageScoreInput): PageScore {
  const byId = new Map(input.identifiers.map((identifier) => [identifier.id, identifier]));
  const found = input.matches.flatMap((match) => {
    const identifier = byId.get(match.identifierId);
    return identifier ? [identifier] : [];
  });
  const exposed = found.map((identifier) => ({
    kind: identifier.kind,
    public: isPublicIdentifier(identifier),
  }));
  const doxShaped = input.text !== undefined && found.length > 0 && isDoxShaped(input.text);
  const level = scoreExposure({ exposed, trust: input.trust, doxShaped });

  const reasons: string[] = [];
  if (found.length === 0) reasons.push('Nothing of yours was found on this page.');
  else {
    const kinds = [...new Set(found.map((identifier) => KIND_WORDS[identifier.kind]))];
    reasons.push(`This page shows ${listWords(kinds)}.`);
  }
  const kinds = new Set(found.map((identifier) => identifier.kind));
  if (kinds.has('handle') && kinds.has('name'))
    reasons.push('Your handle and your name appear together, so readers can tie your account to you.');
  if (kinds.has('phone') && kinds.has('name'))
    reasons.push('Your phone number appears together with your name.');
  if (doxShaped) reasons.push('The page is laid out like a dox: personal details in labelled fields.');
  if (found.length > 0)
    reasons.push(
      input.trust === 'hostile'
        ? 'The site is one used to organise harassment.'
        : 'The site is a general one, not one known for harassment.',
    );
  const others = input.otherPii?.length ?? 0;
  if (others > 0)
    reasons.push(
      `The page also carries ${others} piece${others === 1 ? '' : 's'} of other people's personal data (shown masked).`,
    );

  return {
    level,
    explanation: found.length === 0 ? 'Nothing of yours was found here.' : SEVERITY_EXPLANATIONS[level],
    reasons,
    nextSteps: nextSteps(level, input.trust, found.length > 0),
  };
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function nextSteps(level: Severity, trust: 'hostile' | 'neutral', exposed: boolean): string[] {
  if (!exposed) return [];
  const steps = [
    'Save the evidence in this report (page address, time and snippet) before the page changes.',
  ];
  if (trust === 'hostile') {
    steps.push(
      "Report the post to the site's moderators, and if they do not act, to the company hosting the site (its abuse contact).",
    );
  } else {
    steps.push('Report the post to the site using its reporting or privacy-complaint form.');
  }
  if (level === 'high' || level === 'critical') {
    steps.push(
      'Ask search engines to remove the page from results (Google and Bing have forms for personal information and doxxing).',
    );
    steps.push('Ask web archives (Wayback Machine, archive.today) to exclude copies of the page.');
  }
  if (level === 'critical') {
    steps.push(
      'Consider your physical safety: tell people you trust, and contact a support organisation or the police if you feel at risk.',
    );
  }
  return steps;
}
