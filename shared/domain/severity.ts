import type { IdentifierKind } from './identifier.js';
import { POSSIBLE_NAMESAKE } from './page.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/**
 * Whether a match is an exposure of the person. A possible namesake (a name whose page says it is
 * somebody else's) is shown to the person but counts for no level, no linkage and no verdict.
 */
export function countsAsExposure(match: { method: string }): boolean {
  return match.method !== POSSIBLE_NAMESAKE;
}

/** The identifiers a post's matches expose, sorted: every matched one but possible namesakes. */
export function exposedIdentifierIds(
  matches: ReadonlyArray<{ identifierId: string; method: string }>,
): string[] {
  return [...new Set(matches.filter(countsAsExposure).map((match) => match.identifierId))].sort();
}

/** What was linked together on one page (or one post): the identifiers' kinds and publicity. */
export interface ExposureFacts {
  exposed: Array<{ kind: IdentifierKind; public: boolean }>;
  trust: 'hostile' | 'neutral';
  /** The page lays out labelled personal fields (Name:/Address:/Phone:/DOB:/IP:/Family:), as doxes do. */
  doxShaped?: boolean;
}

/**
 * a public handle alone on a neutral source is info, on a hostile one low; a handle tied
 * to the legal name is medium; any sensitive identifier on a hostile source is high; a home address,
 * a phone together with a name, or a dox-shaped page is critical.
 */
export function scoreExposure(facts: ExposureFacts): Severity {
  const kinds = new Set(facts.exposed.map((e) => e.kind));
  const sensitive = facts.exposed.some((e) => !e.public);
  if (facts.exposed.length === 0) return 'info';
  if (kinds.has('address')) return 'critical';
  if (kinds.has('phone') && kinds.has('name')) return 'critical';
  if (facts.doxShaped && sensitive) return 'critical';
  if (sensitive && facts.trust === 'hostile') return 'high';
  // A handle tied to the legal name links the online identity to the person; a display name does not.
  if (kinds.has('handle') && facts.exposed.some((e) => e.kind === 'name' && !e.public)) return 'medium';
  if (sensitive) return 'medium';
  return facts.trust === 'hostile' ? 'low' : 'info';
}

/**
 * A page's level: what its posts say together (the handle in one post, the name in another is a
 * linkage), and never below its worst post. The report and the scan's summary both use this.
 */
export function scorePage(input: {
  identifierIds: readonly string[];
  identifiers: ReadonlyMap<string, { kind: IdentifierKind; public: boolean }>;
  trust: 'hostile' | 'neutral';
  doxShaped: boolean;
  postSeverities: readonly Severity[];
}): Severity {
  const linked = scoreExposure({
    exposed: input.identifierIds.flatMap((id) => {
      const identifier = input.identifiers.get(id);
      return identifier ? [identifier] : [];
    }),
    trust: input.trust,
    doxShaped: input.doxShaped,
  });
  return input.postSeverities.reduce(maxSeverity, linked);
}

/** What a scan's worst level means for the person, in plain words, for the report's verdict. */
export const SEVERITY_EXPLANATIONS: Record<Severity, string> = {
  info: 'A handle of yours appears on general sites. Nothing private is linked to it there.',
  low: 'Your handle is named on sites used for harassment. Nothing private is linked to it there, but people there are talking about you.',
  medium:
    'Your online identity is tied to who you are: someone reading these pages can connect your handle to your name.',
  high: 'Private details of yours (such as your legal name, e-mail address or date of birth) are posted where people organise harassment.',
  critical:
    'Someone reading the worst of these pages could find you offline: they carry your home address, your phone number with your name, or a dox laid out field by field.',
};
