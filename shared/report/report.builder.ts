import type { IdentifierKind } from '../domain/identifier.js';
import type { MatchHit, OtherPii } from '../domain/page.js';
import type { FindingDetail } from '../domain/scan.js';
import {
  maxSeverity,
  scorePage,
  severityRank,
  SEVERITY_EXPLANATIONS,
  type Severity,
} from '../domain/severity.js';

/**
 * The report of a scan, built from stored rows by a pure function: the same JSON for the API, the
 * CLI's report.json and the HTML page. It names the person's identifiers by id and kind only; their
 * values appear solely inside the matched snippets (docs/safety.md §1), and every other piece of personal
 * data is a masked category.
 */
export interface ReportInput {
  scan: {
    id: string;
    status: string;
    mode: 'local' | 'service';
    ranDirect: boolean;
    createdAt: Date;
    finishedAt: Date | null;
  };
  identifiers: Array<{ id: string; kind: IdentifierKind; public: boolean }>;
  sources: Array<{
    id: string;
    name: string;
    trust: 'hostile' | 'neutral';
    status: string;
    searchesTotal: number;
    searchesDone: number;
    pagesTotal: number;
    pagesFetched: number;
    pagesFailed: number;
    error: string | null;
  }>;
  findings: Array<{ pageId: string; sourceId: string; severity: Severity; detail: FindingDetail }>;
}

export interface ReportPost {
  postId: string;
  author?: string;
  permalink: string;
  severity: Severity;
  matches: MatchHit[];
  otherPii: OtherPii[];
}

export interface ReportExposure {
  sourceId: string;
  sourceName: string;
  trust: 'hostile' | 'neutral';
  pageUrl: string;
  severity: Severity;
  why: string;
  identifierIds: string[];
  doxShaped: boolean;
  fetchedAt: string;
  contentSha256: string;
  posts: ReportPost[];
  removalRequest: string;
}

export interface Report {
  reportVersion: 1;
  scan: {
    id: string;
    status: string;
    mode: 'local' | 'service';
    ranDirect: boolean;
    createdAt: string;
    finishedAt: string | null;
  };
  summary: {
    severity: Severity | 'none';
    headline: string;
    explanation: string;
    exposures: number;
    posts: number;
    pagesFetched: number;
    identifiersExposed: Array<{ id: string; kind: IdentifierKind }>;
    identifiersNotFound: Array<{ id: string; kind: IdentifierKind }>;
  };
  sources: Array<{
    id: string;
    name: string;
    trust: 'hostile' | 'neutral';
    status: string;
    searches: { total: number; done: number };
    pages: { total: number; fetched: number; failed: number };
    error: string | null;
  }>;
  exposures: ReportExposure[];
  nextSteps: string[];
}

export function buildReport(input: ReportInput): Report {
  const kindOf = new Map(input.identifiers.map((identifier) => [identifier.id, identifier]));
  const sourceOf = new Map(input.sources.map((source) => [source.id, source]));

  const byPage = new Map<string, ReportInput['findings']>();
  for (const finding of input.findings) {
    const list = byPage.get(finding.pageId) ?? [];
    list.push(finding);
    byPage.set(finding.pageId, list);
  }

  const exposures: ReportExposure[] = [...byPage.values()].map((findings) => {
    const first = findings[0]!;
    const source = sourceOf.get(first.sourceId);
    const trust = source?.trust ?? 'hostile';
    const identifierIds = [
      ...new Set(findings.flatMap((f) => f.detail.matches.map((m) => m.identifierId))),
    ].sort();
    const doxShaped = findings.some((f) => f.detail.doxShaped);
    const severity = scorePage({
      identifierIds,
      identifiers: kindOf,
      trust,
      doxShaped,
      postSeverities: findings.map((f) => f.severity),
    });
    const posts = findings
      .map((f) => ({
        postId: f.detail.postId,
        ...(f.detail.author ? { author: f.detail.author } : {}),
        permalink: f.detail.permalink,
        severity: f.severity,
        matches: f.detail.matches,
        otherPii: f.detail.otherPii,
      }))
      .sort((a, b) => a.postId.localeCompare(b.postId, 'en', { numeric: true }));
    return {
      sourceId: first.sourceId,
      sourceName: source?.name ?? first.sourceId,
      trust,
      pageUrl: first.detail.pageUrl,
      severity,
      why: SEVERITY_EXPLANATIONS[severity],
      identifierIds,
      doxShaped,
      fetchedAt: first.detail.fetchedAt,
      contentSha256: first.detail.contentSha256,
      posts,
      removalRequest: removalRequestText(
        source?.name ?? first.sourceId,
        posts.map((post) => post.permalink),
      ),
    };
  });
  exposures.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.pageUrl.localeCompare(b.pageUrl),
  );

  const overall = exposures.reduce<Severity | 'none'>(
    (level, exposure) => (level === 'none' ? exposure.severity : maxSeverity(level, exposure.severity)),
    'none',
  );
  const exposedIds = new Set(exposures.flatMap((exposure) => exposure.identifierIds));
  const incomplete = input.sources.filter((source) => source.status === 'failed' || source.pagesFailed > 0);

  return {
    reportVersion: 1,
    scan: {
      id: input.scan.id,
      status: input.scan.status,
      mode: input.scan.mode,
      ranDirect: input.scan.ranDirect,
      createdAt: input.scan.createdAt.toISOString(),
      finishedAt: input.scan.finishedAt?.toISOString() ?? null,
    },
    summary: {
      severity: overall,
      headline: headline(overall, exposures.length, incomplete.length),
      explanation: overall === 'none' ? NOTHING_FOUND : SEVERITY_EXPLANATIONS[overall],
      exposures: exposures.length,
      posts: exposures.reduce((n, exposure) => n + exposure.posts.length, 0),
      pagesFetched: input.sources.reduce((n, source) => n + source.pagesFetched, 0),
      identifiersExposed: input.identifiers
        .filter((i) => exposedIds.has(i.id))
        .map(({ id, kind }) => ({ id, kind })),
      identifiersNotFound: input.identifiers
        .filter((i) => !exposedIds.has(i.id))
        .map(({ id, kind }) => ({ id, kind })),
    },
    sources: input.sources.map((source) => ({
      id: source.id,
      name: source.name,
      trust: source.trust,
      status: source.status,
      searches: { total: source.searchesTotal, done: source.searchesDone },
      pages: { total: source.pagesTotal, fetched: source.pagesFetched, failed: source.pagesFailed },
      error: source.error,
    })),
    exposures,
    nextSteps: nextSteps(
      overall,
      input.scan.ranDirect,
      incomplete.map((source) => source.name),
    ),
  };
}

const NOTHING_FOUND =
  'None of your identifiers was found on the sources searched. This is not a guarantee: sources change, and some pages may be out of reach.';

function headline(severity: Severity | 'none', exposures: number, incompleteSources: number): string {
  const tail =
    incompleteSources > 0 ? ` ${incompleteSources} source(s) could not be searched completely.` : '';
  if (severity === 'none') return `No exposure found.${tail}`;
  return `${exposures} page(s) expose you; the most serious is ${severity}.${tail}`;
}

function nextSteps(severity: Severity | 'none', ranDirect: boolean, incomplete: string[]): string[] {
  const steps: string[] = [];
  if (severity === 'critical' || severity === 'high') {
    steps.push(
      'Treat this as a safety matter: tell someone you trust, and consider contacting an advocacy organisation or the police about the critical pages.',
      'Save the evidence before asking for removal: this report keeps the time of each fetch and a SHA-256 of each page.',
    );
  }
  if (severity !== 'none') {
    steps.push(
      "Report each post to the site's moderators using the post links below; a prefilled request is given for each page.",
      "If the site ignores you, report the page to its hosting provider's abuse contact.",
      'Ask search engines to remove the pages from their results (their personal-information removal forms), and ask web archives to exclude them.',
      'Change what the pages expose where you can: a new phone number, email aliases, locked-down accounts for the handles named.',
    );
  }
  if (ranDirect) {
    steps.push(
      'This scan visited hostile sites without a proxy: they may have seen the IP address it ran from. Use a proxy or Tor next time.',
    );
  }
  if (incomplete.length > 0)
    steps.push(`Scan again later: ${incomplete.join(', ')} could not be searched completely.`);
  return steps;
}

function removalRequestText(sourceName: string, permalinks: string[]): string {
  return [
    `To the moderators of ${sourceName},`,
    '',
    'The following posts publish my personal information without my consent and are being used to harass me:',
    ...permalinks.map((link) => `- ${link}`),
    '',
    'Please remove them under your rules against posting personal information. I can verify my identity privately if needed.',
  ].join('\n');
}
