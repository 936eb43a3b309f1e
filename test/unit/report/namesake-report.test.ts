/**
 * A possible namesake in the report: shown with its own words and step, but it sets no level,
 * links nothing, and the verdict and the table of details do not count it as the person's.
 */
import { describe, expect, it } from 'vitest';
import { POSSIBLE_NAMESAKE } from '../../../shared/domain/page.js';
import type { FindingDetail } from '../../../shared/domain/scan.js';
import { countsAsExposure, exposedIdentifierIds, scorePage } from '../../../shared/domain/severity.js';
import { buildReport, type ReportInput } from '../../../shared/report/report.builder.js';
import { renderReportHtml } from '../../../shared/report/report.html.js';
import { reportSchema } from '../../../shared/report/report.schema.js';

const identifiers: ReportInput['identifiers'] = [
  { id: 'h1', kind: 'handle', value: 'mothlantern', public: true },
  { id: 'n1', kind: 'name', value: 'Sorrel Quistgarde', public: false },
];
const forum: ReportInput['sources'][number] = {
  status: 'done',
  coverage: null,
  reason: null,
  searchesTotal: 1,
  searchesDone: 1,
  id: 'kiwifarms',
  name: 'Kiwi Farms',
  trust: 'hostile',
  placeKind: 'site',
  hosts: ['kiwifarms.st'],
  removalRoute: { contactSite: 'never', removal: 'unlikely' },
  pagesTotal: 2,
  pagesFetched: 2,
  pagesFailed: 0,
};
const namesake = {
  identifierId: 'n1',
  kind: 'name',
  method: POSSIBLE_NAMESAKE,
  confidence: 0.49,
  namesake: 'town' as const,
  snippet: 'the Sorrel Quistgarde from Duluth',
  highlights: [[4, 21]] as Array<[number, number]>,
};
const handle = {
  identifierId: 'h1',
  kind: 'handle',
  method: 'exact',
  confidence: 0.99,
  snippet: 'mothlantern posted again',
  highlights: [[0, 11]] as Array<[number, number]>,
};

function finding(
  id: string,
  pageId: string,
  matches: FindingDetail['matches'],
): ReportInput['findings'][number] {
  return {
    id,
    pageId,
    sourceId: 'kiwifarms',
    severity: matches.some(countsAsExposure) ? 'low' : 'info',
    detail: {
      pageUrl: `https://kiwifarms.st/threads/${pageId}/`,
      permalink: `https://kiwifarms.st/threads/${pageId}/post-${id}`,
      postId: id,
      matches,
      otherPii: [],
      fetchedAt: '2026-12-01T10:00:00.000Z',
      contentSha256: 'a'.repeat(64),
      doxShaped: false,
    },
  };
}

function report(findings: ReportInput['findings']) {
  return buildReport({
    scannerVersion: '0.1.0',
    generatedAt: new Date('2026-12-07T12:00:00Z'),
    scan: {
      id: '3f1c1f0e-0000-4000-8000-000000000002',
      status: 'completed',
      mode: 'local',
      ranDirect: false,
      createdAt: new Date('2026-12-07T11:00:00Z'),
      finishedAt: new Date('2026-12-07T11:05:00Z'),
    },
    identifiers,
    sources: [forum],
    findings,
    remediation: new Map(),
  } as ReportInput);
}

describe('severity and possible namesakes', () => {
  it('counts every match but a possible namesake', () => {
    expect(countsAsExposure(handle)).toBe(true);
    expect(countsAsExposure(namesake)).toBe(false);
    expect(exposedIdentifierIds([namesake, handle, handle])).toEqual(['h1']);
  });

  it('links no namesake into a page: a handle beside it stays low', () => {
    const level = scorePage({
      identifierIds: exposedIdentifierIds([handle, namesake]),
      identifiers: new Map([
        ['h1', { kind: 'handle', public: true }],
        ['n1', { kind: 'name', public: false }],
      ]),
      trust: 'hostile',
      doxShaped: false,
      postSeverities: ['low'],
    });
    expect(level).toBe('low');
  });
});

describe('report and possible namesakes', () => {
  it('shows a namesake-only post with its words and step, and counts it for nothing', () => {
    const built = report([finding('1', 'p1', [namesake])]);
    expect(reportSchema.safeParse(built).success).toBe(true);
    const [post] = built.findings;
    expect(post?.severity).toBe('info');
    expect(post?.matches[0]?.namesake).toBe('town');
    expect(post?.severityReason).toBe(
      'This may be someone else with your name: the page places this person in another town than yours. Read it before acting on it; it is not counted as an exposure.',
    );
    expect(post?.nextSteps.map((step) => step.kind)).toEqual(['check-namesake']);
    expect(built.verdict.state).toBe('not-found');
    expect(built.doFirst).toEqual([]);
    expect(built.identifiers.find((i) => i.id === 'n1')?.foundOn).toEqual([]);
    const html = renderReportHtml(built);
    expect(html).toContain('This may be someone else with your name: the page places this person');
    expect(html).toContain('Check whether this post is about you');
  });

  it('levels a post with a handle and a namesake by the handle alone, and says both', () => {
    const built = report([finding('2', 'p2', [handle, namesake]), finding('3', 'p2', [handle])]);
    const [post] = built.findings.filter((f) => f.postId === '2');
    expect(post?.severity).toBe('low');
    expect(post?.severityReason).toMatch(/^Names your handle .*This may be someone else with your name/);
    expect(built.verdict.state).toBe('exposed');
    expect(built.verdict.headline).toContain('2 posts');
    expect(built.identifiers.find((i) => i.id === 'n1')?.worstSeverity).toBeNull();
  });
});
