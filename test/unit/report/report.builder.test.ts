import { describe, expect, it } from 'vitest';
import type { FindingDetail } from '../../../shared/domain/scan.js';
import { buildReport, type ReportInput } from '../../../shared/report/report.builder.js';
import { reportSchema } from '../../../shared/report/report.schema.js';

const identifiers: ReportInput['identifiers'] = [
  { id: 'h1', kind: 'handle', value: 'mothlantern', public: true },
  { id: 'h2', kind: 'handle', value: 'Sorrel_Draws', public: true },
  { id: 'n1', kind: 'name', value: 'Sorrel Quistgarde', public: false },
  { id: 'a1', kind: 'address', value: '14 Wickerby Lane, Hallowmere', public: false },
];

type SourceInput = ReportInput['sources'][number];
const done = { status: 'done' as const, coverage: null, reason: null, searchesTotal: 1, searchesDone: 1 };
const kiwifarms: SourceInput = {
  ...done,
  id: 'kiwifarms',
  name: 'Kiwi Farms',
  trust: 'hostile',
  placeKind: 'site',
  hosts: ['127.0.0.1:4000', 'kiwifarms.st', 'kiwifarms.net'],
  removalRoute: { contactSite: 'never', removal: 'unlikely' },
  pagesTotal: 1,
  pagesFetched: 1,
  pagesFailed: 0,
};
const pastebin: SourceInput = {
  ...done,
  id: 'pastebin',
  name: 'Pastebin',
  trust: 'hostile',
  placeKind: 'site',
  hosts: ['pastebin.com'],
  removalRoute: { contactSite: 'report-button', removal: 'possible' },
  pagesTotal: 1,
  pagesFetched: 1,
  pagesFailed: 0,
};
const wayback: SourceInput = {
  ...done,
  id: 'wayback',
  name: 'Wayback Machine',
  trust: 'neutral',
  placeKind: 'archive',
  archive: 'wayback',
  hosts: ['web.archive.org'],
  removalRoute: { contactSite: 'unknown', removal: 'possible' },
  pagesTotal: 1,
  pagesFetched: 1,
  pagesFailed: 0,
};

function detail(
  partial: Partial<FindingDetail> & Pick<FindingDetail, 'postId' | 'permalink'>,
): FindingDetail {
  return {
    pageUrl: partial.permalink,
    matches: [],
    otherPii: [],
    fetchedAt: '2026-12-01T10:00:00.000Z',
    contentSha256: 'a'.repeat(64),
    doxShaped: false,
    ...partial,
  };
}

const handleMatch = (id: string, snippet: string) => ({
  identifierId: id,
  kind: 'handle',
  method: 'exact',
  confidence: 0.99,
  snippet,
  highlights: [[0, 11]] as Array<[number, number]>,
});

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    scannerVersion: '0.1.0',
    generatedAt: new Date('2026-12-07T12:00:00Z'),
    scan: {
      id: '3f1c1f0e-0000-4000-8000-000000000001',
      status: 'completed',
      mode: 'local',
      ranDirect: false,
      createdAt: new Date('2026-12-07T11:00:00Z'),
      finishedAt: new Date('2026-12-07T11:05:00Z'),
    },
    identifiers,
    sources: [kiwifarms, pastebin, wayback],
    findings: [
      {
        id: 'f-live',
        pageId: 'p-thread',
        sourceId: 'kiwifarms',
        severity: 'critical',
        detail: detail({
          postId: '7310001',
          author: 'GravelGhoul',
          permalink: 'http://127.0.0.1:4000/threads/x.1/post-7310001',
          pageUrl: 'http://127.0.0.1:4000/threads/x.1/',
          matches: [
            handleMatch('h1', 'mothlantern is Sorrel Quistgarde, lives at 14 Wickerby Lane'),
            {
              identifierId: 'n1',
              kind: 'name',
              method: 'exact',
              confidence: 0.99,
              snippet: 'mothlantern is Sorrel Quistgarde',
              highlights: [[15, 32]],
            },
            {
              identifierId: 'a1',
              kind: 'address',
              method: 'exact',
              confidence: 0.95,
              snippet: 'lives at 14 Wickerby Lane',
              highlights: [[9, 25]],
            },
          ],
          otherPii: [{ category: 'phone', masked: '***-***-**48' }],
        }),
      },
      {
        id: 'f-copy',
        pageId: 'p-archived',
        sourceId: 'wayback',
        severity: 'critical',
        detail: detail({
          postId: 'kiwifarms.st:7310001',
          permalink: 'https://web.archive.org/web/20261101000000/https://kiwifarms.st/threads/x.1/',
          fetchedAt: '2026-12-01T10:02:00.000Z',
          matches: [handleMatch('h1', 'mothlantern is Sorrel Quistgarde')],
        }),
      },
      {
        id: 'f-paste',
        pageId: 'p-paste',
        sourceId: 'pastebin',
        severity: 'low',
        detail: detail({
          postId: 'Rt4Vn8Kc',
          permalink: 'https://pastebin.com/Rt4Vn8Kc',
          matches: [handleMatch('h2', 'Sorrel_Draws won the raffle')],
        }),
      },
    ],
    remediation: new Map([
      ['f-paste', { status: 'requested' as const, updatedAt: new Date('2026-12-07T12:00:00Z') }],
    ]),
    ...overrides,
  };
}

describe('report v2 builder', () => {
  it('builds a report valid against its own schema', () => {
    expect(() => reportSchema.parse(buildReport(input()))).not.toThrow();
  });

  it('folds an archived copy of a post into the post instead of counting it again', () => {
    const report = buildReport(input());
    expect(report.findings.map((finding) => finding.id)).toEqual(['f-live', 'f-paste']);
    const live = report.findings[0]!;
    expect(live.archivedCopies).toEqual([
      expect.objectContaining({ sourceId: 'wayback', postId: 'kiwifarms.st:7310001', pageId: 'p-archived' }),
    ]);
    expect(report.counts.findings).toBe(2);
    // The archive keeping a copy is a place the person is exposed on.
    expect(report.counts.places).toBe(3);
    expect(report.verdict.headline).toContain('2 posts across 3 places');
    // The archive is still a place the handle is exposed on.
    const handle = report.identifiers.find((identifier) => identifier.id === 'h1')!;
    expect(handle.foundOn.map((place) => place.sourceId).sort()).toEqual(['kiwifarms', 'wayback']);
  });

  it('explains a level from what the post holds, not one sentence per level', () => {
    const [live, paste] = buildReport(input()).findings;
    expect(live!.severityReason).toBe(
      'Ties your handle to your legal name and your home address on a site used for harassment.',
    );
    expect(paste!.severityReason).toMatch(/^Names your handle on a site used for harassment/);
    expect(buildReport(input()).verdict.explanation).toContain(
      'The most serious post, on Kiwi Farms: Ties your handle to your legal name and your home address',
    );
  });

  it('never routes a person to a site that publishes complaints, and warns that host reports may be forwarded', () => {
    const [live, paste] = buildReport(input()).findings;
    const liveKinds = live!.nextSteps.map((step) => step.kind);
    expect(liveKinds).toContain('do-not-contact-site');
    expect(liveKinds).not.toContain('report-post');
    expect(liveKinds).toEqual(
      expect.arrayContaining([
        'host-abuse',
        'search-delisting',
        'archive-exclusion',
        'legal-letter',
        'police-evidence',
      ]),
    );
    expect(live!.nextSteps.find((step) => step.kind === 'host-abuse')!.warning).toMatch(/forwarded/);
    expect(paste!.nextSteps.map((step) => step.kind)).toContain('report-post');
  });

  it("prefills requests with the post links and dates and none of the person's details", () => {
    const report = buildReport(input());
    const bodies = report.findings.flatMap((finding) =>
      finding.nextSteps.flatMap((step) => (step.request ? [step.request.body] : [])),
    );
    expect(bodies.length).toBeGreaterThan(3);
    expect(
      bodies.some((body) =>
        body.includes('http://127.0.0.1:4000/threads/x.1/post-7310001 (seen 2026-12-01)'),
      ),
    ).toBe(true);
    for (const body of bodies) {
      for (const identifier of identifiers)
        expect(body.toLowerCase()).not.toContain(identifier.value.toLowerCase());
    }
    expect(report.adviceReviewedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps remediation statuses by finding id, and every other finding needs action', () => {
    const report = buildReport(input());
    expect(report.findings.find((f) => f.id === 'f-paste')!.remediation).toEqual({
      status: 'requested',
      updatedAt: '2026-12-07T12:00:00.000Z',
    });
    expect(report.findings.find((f) => f.id === 'f-live')!.remediation.status).toBe('action-needed');
  });

  it('keeps a status set while an archived copy led its group, once the live post leads', () => {
    const set = new Map([
      ['f-copy', { status: 'removed' as const, updatedAt: new Date('2026-12-07T12:00:00Z') }],
    ]);
    const report = buildReport(input({ remediation: set }));
    expect(report.findings.find((f) => f.id === 'f-live')!.remediation.status).toBe('removed');
  });

  it('is never an all-clear when the scan failed, even if no place recorded a problem', () => {
    const report = buildReport(input({ scan: { ...input().scan, status: 'failed' }, findings: [] }));
    expect(report.verdict.state).toBe('incomplete');
    expect(report.verdict.headline).toMatch(/not an all-clear/);
  });

  it('leads with at most three actions, the safety plan first when a home address is posted', () => {
    const report = buildReport(input());
    expect(report.doFirst.length).toBeLessThanOrEqual(3);
    expect(report.doFirst[0]!.title).toMatch(/home address/);
    for (const action of report.doFirst) {
      expect(action.minutes).toBeGreaterThan(0);
      expect(action.skipNote.length).toBeGreaterThan(0);
    }
  });

  it('labels each identifier as the person gave it and shows its value back', () => {
    const report = buildReport(input());
    expect(report.identifiers.map((i) => [i.label, i.value, i.worstSeverity])).toEqual([
      ['Handle 1', 'mothlantern', 'critical'],
      ['Handle 2', 'Sorrel_Draws', 'low'],
      ['Name', 'Sorrel Quistgarde', 'critical'],
      ['Home address', '14 Wickerby Lane, Hallowmere', 'critical'],
    ]);
  });

  it('never says nothing was found when every source failed', () => {
    const failed = (source: SourceInput, coverage: 'unreachable' | 'blocked' | 'challenge'): SourceInput => ({
      ...source,
      status: 'failed',
      coverage,
      reason: `${source.name} answered HTTP 503 every time`,
      searchesDone: 0,
      pagesTotal: 0,
      pagesFetched: 0,
    });
    const report = buildReport(
      input({
        scan: { ...input().scan, status: 'failed' },
        sources: [
          failed(kiwifarms, 'challenge'),
          failed(pastebin, 'blocked'),
          failed(wayback, 'unreachable'),
        ],
        findings: [],
      }),
    );
    expect(report.verdict.state).toBe('incomplete');
    expect(report.verdict.notChecked.map((s) => s.coverage)).toEqual(['challenge', 'blocked', 'unreachable']);
    const words = `${report.verdict.headline} ${report.verdict.explanation}`.toLowerCase();
    expect(words).toContain('3 of 3 places could not be checked');
    expect(words).not.toMatch(/nothing (was )?found|no exposure|not found/);
    expect(report.sources.map((s) => s.reason)).toEqual([
      expect.stringMatching(/anti-bot check/),
      expect.stringMatching(/refused to let us read it/),
      expect.stringMatching(/could not be reached/),
    ]);
    expect(report.doFirst.map((a) => a.id)).toEqual(['scan-again']);
  });

  it('says nothing was found only when every place was checked completely', () => {
    const report = buildReport(input({ findings: [] }));
    expect(report.verdict.state).toBe('not-found');
    expect(report.verdict.explanation).toMatch(/not a guarantee/);
    const partial = buildReport(
      input({ findings: [], sources: [{ ...pastebin, pagesTotal: 4, pagesFetched: 3, pagesFailed: 1 }] }),
    );
    expect(partial.verdict.state).toBe('incomplete');
    expect(partial.sources[0]).toMatchObject({
      coverage: 'partial',
      reason: 'Checked in part: 1 of 4 pages found could not be read.',
    });
  });

  it('states a search cut at its cap as partial, saying what was left out', () => {
    const report = buildReport(
      input({
        findings: [],
        sources: [
          { ...pastebin, coverage: 'partial', reason: 'only the first 3 pages of search results were read' },
        ],
      }),
    );
    expect(report.sources[0]).toMatchObject({
      coverage: 'partial',
      reason: 'Checked in part: only the first 3 pages of search results were read.',
    });
  });
});
