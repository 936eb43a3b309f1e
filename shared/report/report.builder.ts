import type { RemovalRoute } from '../catalog/catalog.schema.js';
import {
  describeCoverage,
  leftUnfinished,
  type Coverage,
  type SourceProgressFacts,
} from '../domain/coverage.js';
import type { IdentifierKind } from '../domain/identifier.js';
import type { OtherPii } from '../domain/page.js';
import { isScanFinished, type FindingDetail } from '../domain/scan.js';
import {
  countsAsExposure,
  exposedIdentifierIds,
  maxSeverity,
  scorePage,
  SEVERITIES,
  severityRank,
  SEVERITY_EXPLANATIONS,
  type Severity,
} from '../domain/severity.js';
import {
  ADVICE_REVIEWED_ON,
  firstDelistingStep,
  generalSteps,
  SKIP_NOTES,
  stepsForFinding,
} from './advice.js';
import { foldArchivedCopies, type PlacedFinding } from './fold-copies.js';
import {
  REPORT_VERSION,
  type DoFirst,
  type NextStep,
  type RemediationStatus,
  type Report,
  type ReportFinding,
  type ReportIdentifier,
  type ReportMatch,
  type ReportSource,
} from './report.schema.js';
import { joinWords, severityReason } from './severity-reason.js';
import { IDENTIFIER_KIND_LABELS as KIND_LABELS, namesakeInWords } from './report.words.js';

/**
 * The report of a scan, built from stored rows by a pure function: the one model (report.schema.ts)
 * that the API, the CLI, the web pages, the PDF and the CSV all render.
 */
export interface ReportInput {
  scannerVersion: string;
  generatedAt: Date;
  scan: {
    id: string;
    status: Report['scan']['status'];
    mode: 'local' | 'service';
    ranDirect: boolean;
    createdAt: Date;
    finishedAt: Date | null;
  };
  /** The person's identifiers as they gave them: shown back to them in the report. */
  identifiers: Array<{ id: string; kind: IdentifierKind; value: string; public: boolean }>;
  sources: Array<
    Omit<SourceProgressFacts, 'status'> & {
      id: string;
      name: string;
      trust: 'hostile' | 'neutral';
      status: SourceProgressFacts['status'];
      /** `archive` for web archives (their pages are other sites' pages), `search` for a search engine. */
      placeKind: 'site' | 'archive' | 'search';
      archive?: 'wayback' | 'archive-today';
      /** Host names of the site (its address and aliases), to know archived copies as its own. */
      hosts: string[];
      removalRoute: RemovalRoute;
    }
  >;
  /** One row per post; `id` is the stored finding's id (stable across report views). */
  findings: Array<{
    id: string;
    pageId: string;
    sourceId: string;
    severity: Severity;
    detail: FindingDetail;
  }>;
  remediation: ReadonlyMap<string, { status: RemediationStatus; updatedAt: Date }>;
}

const CONTENT_NOTE =
  'The findings below quote short pieces of posts that were written to hurt or expose you. Each one stays hidden until you choose to show it. Take your time, stop whenever you need to, and consider reading them with someone you trust. Other people named on these pages are shown only as masked details.';

export function buildReport(input: ReportInput): Report {
  const identifierOf = new Map(input.identifiers.map((identifier) => [identifier.id, identifier]));
  const sourceOf = new Map(input.sources.map((source) => [source.id, source]));
  const scanFinished = isScanFinished(input.scan.status);

  const sources: ReportSource[] = input.sources.map((source) => {
    const { coverage, reason } = describeCoverage(source, scanFinished);
    return {
      id: source.id,
      name: source.name,
      trust: source.trust,
      coverage,
      reason,
      searches: { total: source.searchesTotal, done: source.searchesDone },
      pages: { total: source.pagesTotal, fetched: source.pagesFetched, failed: source.pagesFailed },
    };
  });

  // Page-level linkage: what the other posts of the same page add to each post.
  const pageKinds = new Map<string, Set<string>>();
  for (const finding of input.findings) {
    const ids = pageKinds.get(finding.pageId) ?? new Set<string>();
    for (const match of finding.detail.matches) if (countsAsExposure(match)) ids.add(match.identifierId);
    pageKinds.set(finding.pageId, ids);
  }
  const pageDox = new Map<string, boolean>();
  for (const finding of input.findings)
    pageDox.set(finding.pageId, (pageDox.get(finding.pageId) ?? false) || finding.detail.doxShaped);

  const placed: PlacedFinding[] = input.findings.map((finding) => {
    const source = sourceOf.get(finding.sourceId);
    const trust = source?.trust ?? 'hostile';
    const identifiers = new Map(
      input.identifiers.map((identifier) => [
        identifier.id,
        { kind: identifier.kind, public: identifier.public },
      ]),
    );
    const pageIds = [...(pageKinds.get(finding.pageId) ?? [])];
    const severity = scorePage({
      identifierIds: pageIds,
      identifiers,
      trust,
      doxShaped: pageDox.get(finding.pageId) ?? false,
      postSeverities: [finding.severity],
    });
    return { ...finding, severity, trust, placeKind: source?.placeKind ?? 'site' };
  });

  const groups = foldArchivedCopies(
    placed,
    input.sources.map((source) => ({ id: source.id, placeKind: source.placeKind, hosts: source.hosts })),
  );

  const findings: ReportFinding[] = groups.map(({ primary, copies }) => {
    const source = sourceOf.get(primary.sourceId);
    const all = [primary, ...copies];
    const matches = mergeMatches(all.flatMap((finding) => finding.detail.matches));
    const identifierIds = [...new Set(matches.map((match) => match.identifierId))].sort();
    // A possible namesake is shown, but exposes nothing: levels and steps go by the rest.
    const exposedIds = exposedIdentifierIds(matches);
    const namesakes = matches.flatMap((match) => (match.namesake === undefined ? [] : [match.namesake]));
    const severity = all.map((finding) => finding.severity).reduce(maxSeverity);
    const facts = (ids: Iterable<string>) =>
      [...ids].flatMap((id) => {
        const identifier = identifierOf.get(id);
        return identifier ? [{ kind: identifier.kind, public: identifier.public }] : [];
      });
    const pageIds = new Set(all.flatMap((finding) => [...(pageKinds.get(finding.pageId) ?? [])]));
    const doxShaped = all.some((finding) => finding.detail.doxShaped || pageDox.get(finding.pageId));
    const archivedCopies = copies.map((copy) => {
      const copySource = sourceOf.get(copy.sourceId);
      return {
        sourceId: copy.sourceId,
        sourceName: copySource?.name ?? copy.sourceId,
        postId: copy.detail.postId,
        url: copy.detail.permalink,
        pageId: copy.pageId,
        fetchedAt: copy.detail.fetchedAt,
        contentSha256: copy.detail.contentSha256,
        ...(copySource?.archive ? { archive: copySource.archive } : {}),
      };
    });
    const sourceName = source?.name ?? primary.sourceId;
    const kinds = new Set(facts(exposedIds).map((fact) => fact.kind));
    // Keyed by the finding that led the group when it was set; the lead can change as copies are
    // read (a live post read after its archived copy), so any member's latest status counts.
    const remediation = all
      .flatMap((finding) => input.remediation.get(finding.id) ?? [])
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    return {
      id: primary.id,
      severity,
      severityReason: [
        ...(exposedIds.length > 0
          ? [
              severityReason({
                severity,
                trust: primary.trust,
                doxShaped,
                post: facts(exposedIds),
                page: facts([...pageIds].filter((id) => !exposedIds.includes(id))),
              }),
            ]
          : []),
        ...namesakes.map(namesakeInWords),
      ].join(' '),
      sourceId: primary.sourceId,
      sourceName,
      trust: primary.trust,
      place: sourceName,
      pageId: primary.pageId,
      pageUrl: primary.detail.pageUrl,
      postId: primary.detail.postId,
      ...(primary.detail.author ? { author: primary.detail.author } : {}),
      permalink: primary.detail.permalink,
      fetchedAt: primary.detail.fetchedAt,
      contentSha256: primary.detail.contentSha256,
      doxShaped,
      identifierIds,
      matches,
      otherPii: mergeOtherPii(all.flatMap((finding) => finding.detail.otherPii)),
      archivedCopies: archivedCopies.map(({ archive: _archive, ...copy }) => copy),
      nextSteps: stepsForFinding({
        sourceName,
        trust: primary.trust,
        placeKind: primary.placeKind,
        ...(source?.archive ? { archive: source.archive } : {}),
        removalRoute: source?.removalRoute ?? { contactSite: 'unknown', removal: 'possible' },
        severity,
        kinds,
        namesakeOnly: exposedIds.length === 0,
        links: [{ url: primary.detail.permalink, fetchedAt: primary.detail.fetchedAt }],
        archivedCopies,
      }),
      remediation: {
        status: remediation?.status ?? 'action-needed',
        updatedAt: remediation ? remediation.updatedAt.toISOString() : null,
      },
    };
  });
  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.place.localeCompare(b.place) ||
      a.pageUrl.localeCompare(b.pageUrl) ||
      a.postId.localeCompare(b.postId, 'en', { numeric: true }),
  );

  // Posts that only hold a possible namesake say nothing about the person: no level, no verdict.
  const exposing = findings.filter((finding) => finding.matches.some(countsAsExposure));
  const overall = exposing.reduce<Severity | 'none'>(
    (level, finding) => (level === 'none' ? finding.severity : maxSeverity(level, finding.severity)),
    'none',
  );
  const notChecked = sources
    .filter((source) => source.coverage !== 'complete')
    .map((source) => ({ sourceId: source.id, name: source.name, coverage: source.coverage }));
  const exposedKinds = new Set(
    exposing.flatMap((finding) =>
      exposedIdentifierIds(finding.matches).map((id) => identifierOf.get(id)?.kind),
    ),
  );
  exposedKinds.delete(undefined);

  const general = generalSteps({
    severity: overall,
    kinds: exposedKinds as Set<IdentifierKind>,
    incomplete: notChecked.map((source) => source.name),
    ranDirect: input.scan.ranDirect,
    hasFindings: exposing.length > 0,
  });

  return {
    reportVersion: REPORT_VERSION,
    scannerVersion: input.scannerVersion,
    generatedAt: input.generatedAt.toISOString(),
    adviceReviewedOn: ADVICE_REVIEWED_ON,
    scan: {
      id: input.scan.id,
      status: input.scan.status,
      mode: input.scan.mode,
      ranDirect: input.scan.ranDirect,
      createdAt: input.scan.createdAt.toISOString(),
      finishedAt: input.scan.finishedAt?.toISOString() ?? null,
    },
    verdict: verdict({
      finished: scanFinished,
      status: input.scan.status,
      overall,
      findings: exposing,
      notChecked,
      places: sources.length,
      unfinished: input.sources.filter(leftUnfinished).length,
      possibleNamesakes: findings.length - exposing.length,
    }),
    contentNote: CONTENT_NOTE,
    doFirst: doFirst(exposing, general),
    counts: {
      findings: findings.length,
      places: placesOf(findings),
      pagesFetched: sources.reduce((n, source) => n + source.pages.fetched, 0),
      bySeverity: Object.fromEntries(
        SEVERITIES.map((level) => [level, findings.filter((finding) => finding.severity === level).length]),
      ) as Record<Severity, number>,
    },
    identifiers: identifierTable(input.identifiers, findings),
    findings,
    sources,
    generalSteps: general,
  };
}

/** One match per identifier: the most confident of the post's copies. */
function mergeMatches(matches: FindingDetail['matches']): ReportMatch[] {
  const best = new Map<string, FindingDetail['matches'][number]>();
  for (const match of matches) {
    const seen = best.get(match.identifierId);
    if (!seen || match.confidence > seen.confidence) best.set(match.identifierId, match);
  }
  return [...best.values()]
    .sort((a, b) => a.identifierId.localeCompare(b.identifierId))
    .map((match) => ({
      identifierId: match.identifierId,
      kind: match.kind as ReportMatch['kind'],
      method: match.method,
      confidence: match.confidence,
      ...(match.namesake === undefined ? {} : { namesake: match.namesake }),
      snippet: match.snippet,
      highlights: match.highlights ?? [],
    }));
}

function mergeOtherPii(items: OtherPii[]): OtherPii[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.category}|${item.masked}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function identifierTable(
  identifiers: ReportInput['identifiers'],
  findings: ReportFinding[],
): ReportIdentifier[] {
  const perKind = new Map<IdentifierKind, number>();
  for (const identifier of identifiers) perKind.set(identifier.kind, (perKind.get(identifier.kind) ?? 0) + 1);
  const numbered = new Map<IdentifierKind, number>();
  return identifiers.map((identifier) => {
    const n = (numbered.get(identifier.kind) ?? 0) + 1;
    numbered.set(identifier.kind, n);
    const base =
      identifier.kind === 'name' && identifier.public ? 'Display name' : KIND_LABELS[identifier.kind];
    const label = (perKind.get(identifier.kind) ?? 0) > 1 ? `${base} ${n}` : base;
    const places = new Map<
      string,
      { sourceId: string; sourceName: string; findings: number; worstSeverity: Severity }
    >();
    const count = (sourceId: string, sourceName: string, severity: Severity) => {
      const place = places.get(sourceId) ?? { sourceId, sourceName, findings: 0, worstSeverity: severity };
      place.findings++;
      place.worstSeverity = maxSeverity(place.worstSeverity, severity);
      places.set(sourceId, place);
    };
    for (const finding of findings) {
      if (!exposedIdentifierIds(finding.matches).includes(identifier.id)) continue;
      count(finding.sourceId, finding.sourceName, finding.severity);
      for (const copy of finding.archivedCopies) count(copy.sourceId, copy.sourceName, finding.severity);
    }
    const foundOn = [...places.values()].sort(
      (a, b) =>
        severityRank(b.worstSeverity) - severityRank(a.worstSeverity) ||
        a.sourceName.localeCompare(b.sourceName),
    );
    return {
      id: identifier.id,
      kind: identifier.kind,
      value: identifier.value,
      label,
      public: identifier.public,
      worstSeverity:
        foundOn.length > 0 ? foundOn.map((place) => place.worstSeverity).reduce(maxSeverity) : null,
      foundOn,
    };
  });
}

function verdict(input: {
  finished: boolean;
  status: Report['scan']['status'];
  overall: Severity | 'none';
  findings: ReportFinding[];
  notChecked: Array<{ sourceId: string; name: string; coverage: Coverage }>;
  places: number;
  /** Places whose work the scan ended without finishing (lost, not refused by the site). */
  unfinished: number;
  /** Posts that hold only a possible namesake: listed, never counted, but never left unsaid either. */
  possibleNamesakes: number;
}): Report['verdict'] {
  const { notChecked } = input;
  const namesakes =
    input.possibleNamesakes > 0
      ? ` ${input.possibleNamesakes === 1 ? 'One post names' : `${input.possibleNamesakes} posts name`} someone with your name whom the page says is someone else; ${input.possibleNamesakes === 1 ? 'it is' : 'they are'} listed below for you to read.`
      : '';
  // Lost work is said in the headline itself: a count of findings must not read as the whole answer.
  const lost =
    input.unfinished > 0
      ? ` The scan ended before finishing its work on ${plural(input.unfinished, 'place')}: what it found there is incomplete until the scan is resumed.`
      : '';
  const unchecked =
    notChecked.length > 0
      ? ` ${notChecked.length} of ${input.places} ${input.places === 1 ? 'place' : 'places'} could not be checked completely: ${joinWords(notChecked.map((source) => source.name))}.${lost}`
      : lost;
  if (!input.finished) {
    return {
      state: 'in-progress',
      severity: input.overall,
      headline:
        input.findings.length > 0
          ? `The scan is still running; so far your details were found in ${plural(input.findings.length, 'post')}.`
          : 'The scan is still running. Nothing can be said yet about the places it has not reached.',
      explanation:
        'This report will be complete when the scan ends. Places not searched yet are listed below.',
      notChecked,
    };
  }
  if (input.findings.length > 0) {
    const places = placesOf(input.findings);
    const worst = mostRevealing(input.findings);
    return {
      state: 'exposed',
      severity: input.overall,
      headline: `Your details are posted in ${plural(input.findings.length, 'post')} across ${plural(places, 'place')}; the most serious is ${input.overall}.${unchecked}${namesakes}`,
      explanation: `${SEVERITY_EXPLANATIONS[input.overall as Severity]} The most serious post, on ${worst.place}: ${worst.severityReason}`,
      notChecked,
    };
  }
  if (input.status !== 'completed' && notChecked.length === 0) {
    // Every place reads as checked, yet the scan did not end cleanly: never an all-clear.
    return {
      state: 'incomplete',
      severity: 'none',
      headline: `This is not an all-clear: the scan did not finish normally.${namesakes}`,
      explanation:
        'None of your details turned up in what was read, but the scan stopped before it could finish its work. Run it again to get a complete answer.',
      notChecked,
    };
  }
  if (notChecked.length > 0) {
    return {
      state: 'incomplete',
      severity: 'none',
      headline: `This is not an all-clear: ${notChecked.length} of ${input.places} ${input.places === 1 ? 'place' : 'places'} could not be checked (${joinWords(notChecked.map((source) => source.name))}).${lost}${namesakes}`,
      explanation:
        'None of your details turned up in the places that were checked, but the places that could not be checked may still hold them. Try again later; the list below says why each one could not be checked.',
      notChecked,
    };
  }
  return {
    state: 'not-found',
    severity: 'none',
    headline: `None of your details were found in the ${plural(input.places, 'place')} checked.${namesakes}`,
    explanation:
      'Every place in this scan was searched completely. That is good news, but not a guarantee: posts can be deleted, hidden from search, or appear later, and this scan only looked at the places listed below. Scanning again every month is a good habit.',
    notChecked,
  };
}

/**
 * At most three things to do first, most urgent first. Their words are the general steps' own
 * (advice.ts), so the first screen and the list of steps never say the same thing two ways.
 */
function doFirst(findings: ReportFinding[], general: readonly NextStep[]): DoFirst[] {
  const step = (kind: NextStep['kind']) => general.find((candidate) => candidate.kind === kind);
  const action = (found: NextStep | undefined, findingIds: string[]): DoFirst[] =>
    found
      ? [
          {
            id: found.kind,
            title: found.title,
            text: found.text,
            minutes: found.minutes ?? 10,
            skipNote: SKIP_NOTES[found.kind] ?? 'You can skip this for now; the report will still be here.',
            findingIds,
          },
        ]
      : [];
  const urgent = byWhatTheyReveal(
    findings.filter((finding) => finding.severity === 'critical' || finding.severity === 'high'),
  );
  const delist = (urgent.length > 0 ? urgent : byWhatTheyReveal(findings)).filter((finding) =>
    finding.nextSteps.some((candidate) => candidate.kind === 'search-delisting'),
  );
  const actions =
    findings.length > 0
      ? [
          ...action(
            step('safety-first'),
            urgent.slice(0, 5).map((finding) => finding.id),
          ),
          ...action(step('save-evidence'), []),
          ...action(
            delist.length > 0 ? firstDelistingStep(Math.min(delist.length, 5), urgent.length > 0) : undefined,
            delist.slice(0, 5).map((finding) => finding.id),
          ),
        ]
      : action(step('scan-again'), []);
  return actions.slice(0, 3);
}

/** What a post reveals, most dangerous first: where you live, how to reach you, who you are. */
const REVEALING: readonly IdentifierKind[] = [
  'address',
  'phone',
  'relative',
  'dob',
  'email',
  'name',
  'handle',
];

function revealScore(finding: ReportFinding): number {
  const kinds = new Set(finding.matches.map((match) => match.kind));
  return REVEALING.reduce(
    (score, kind, rank) => score + (kinds.has(kind) ? 2 ** (REVEALING.length - rank) : 0),
    0,
  );
}

/** Findings of one list ordered by severity, then by what they reveal. */
function byWhatTheyReveal(findings: readonly ReportFinding[]): ReportFinding[] {
  return [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || revealScore(b) - revealScore(a),
  );
}

function mostRevealing(findings: readonly ReportFinding[]): ReportFinding {
  return byWhatTheyReveal(findings)[0]!;
}

/** How many places hold the findings: the sites and the archives keeping copies of their posts. */
function placesOf(findings: readonly ReportFinding[]): number {
  return new Set(
    findings.flatMap((finding) => [finding.sourceId, ...finding.archivedCopies.map((copy) => copy.sourceId)]),
  ).size;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
