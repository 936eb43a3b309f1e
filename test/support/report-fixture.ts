import { reportSchema, type Report, type ReportFinding } from '../../shared/report/report.schema.js';

/**
 * A hand-built report (version 2) for the renderings' tests: an invented person, three places, four
 * findings of three severities, a place that blocked the check and one that rate-limited it. Values
 * that a careless rendering would mangle are planted on purpose: markup in a snippet, an author and a
 * post id that start like spreadsheet formulas, overlapping and out-of-range highlight offsets.
 *
 * Other people's details appear only masked, as the matcher hands them over; `DECOY_CLEAR_VALUES`
 * are what those masks stand for, which no rendering may ever print.
 */

export const DECOY_CLEAR_VALUES = ['+44 7700 900148', 'Bramble Teasdale', 'bramble.t@example.net'] as const;

/** The invented person's own values (shown to them in the report, never in the terminal summary). */
export const OWN_VALUES = {
  handle: 'mothlantern',
  name: 'Sorrel Quistgarde',
  email: 'sorrelq@example.org',
  phone: '+44 7700 900321',
} as const;

const FORUM = 'https://forum.example/threads/mothlantern-the-moth-artist.81201';
const PASTE = 'https://paste.example/raw/Qm7xT2';
const BOARD = 'https://board.example/b/thread/551200';

function finding(partial: Omit<ReportFinding, 'remediation'> & Partial<Pick<ReportFinding, 'remediation'>>) {
  return { remediation: { status: 'action-needed', updatedAt: null }, ...partial } satisfies ReportFinding;
}

const SAVE_EVIDENCE = {
  kind: 'save-evidence',
  title: 'Save the evidence first',
  text: 'Keep this report and the evidence pack somewhere only you can open. A post reported for removal may vanish, and the copy here is what proves it existed.',
  minutes: 5,
} as const;

export const FINDINGS: ReportFinding[] = [
  finding({
    id: 'f-forum-7310001',
    severity: 'critical',
    severityReason: 'This post ties your handle to your legal name and your phone number.',
    sourceId: 'kiwifarms',
    sourceName: 'Kiwi Farms',
    trust: 'hostile',
    place: 'Kiwi Farms',
    pageId: 'p-forum-1',
    pageUrl: `${FORUM}/`,
    postId: '7310001',
    author: 'GravelGhoul',
    permalink: `${FORUM}/post-7310001`,
    fetchedAt: '2026-11-25T08:33:14.541Z',
    contentSha256: '8393488ec178dfff53de7c428eff404b8f27d058156d0e16f0d4f4814f21e210',
    doxShaped: true,
    identifierIds: ['h1', 'n1', 't1'],
    matches: [
      {
        identifierId: 'h1',
        kind: 'handle',
        method: 'exact',
        confidence: 0.99,
        snippet: 'mothlantern (posts as Sorrel_Draws elsewhere) <script>alert(1)</script> sells moth prints',
        highlights: [[0, 11]],
      },
      {
        identifierId: 'n1',
        kind: 'name',
        method: 'exact',
        confidence: 0.99,
        snippet:
          'Real name is Sorrel Quistgarde, phone +44 7700 900321, her friend is B*** T*** (***-***-**48).',
        // Overlapping, touching and out-of-range offsets, as a damaged stored report could carry.
        highlights: [
          [13, 19],
          [16, 30],
          [38, 53],
          [200, 260],
        ],
      },
    ],
    otherPii: [
      { category: 'phone', masked: '***-***-**48' },
      { category: 'name', masked: 'B*** T***' },
    ],
    archivedCopies: [
      {
        sourceId: 'wayback',
        sourceName: 'Wayback Machine',
        postId: '7310001',
        url: `https://web.archive.example/web/20261101000000/${FORUM}/post-7310001`,
        pageId: 'p-wayback-1',
        fetchedAt: '2026-11-25T08:33:20.000Z',
        contentSha256: '1d2c3b4a00000000000000000000000000000000000000000000000000000001',
      },
    ],
    nextSteps: [
      {
        kind: 'do-not-contact-site',
        title: 'Do not write to the site itself',
        text: 'This forum exists to harass people. Its operators publish complaints they receive.',
        warning:
          'A complaint sent to this site will probably be posted in the thread, with your email address.',
      },
      {
        kind: 'host-abuse',
        title: "Write to the forum's hosting provider",
        text: 'Hosting providers can act on doxing under their terms of service.',
        minutes: 15,
        request: {
          to: "the hosting provider's abuse desk",
          subject: 'Doxing: personal data published without consent',
          body: 'Hello,\n\nThe page below publishes my home phone number and legal name without my consent:\nhttps://forum.example/threads/mothlantern-the-moth-artist.81201/post-7310001\n\nPlease remove it.',
        },
      },
    ],
  }),
  finding({
    id: 'f-paste-Qm7xT2',
    severity: 'critical',
    severityReason: 'This paste is a dox laid out field by field, with your email address.',
    sourceId: 'pastebin',
    sourceName: 'Pastebin',
    trust: 'neutral',
    place: 'Pastebin',
    pageId: 'p-paste-1',
    pageUrl: PASTE,
    // A post id and an author starting like spreadsheet formulas.
    postId: '=HYPERLINK("http://evil.example","open")',
    author: '@SUM(1+1)',
    permalink: PASTE,
    fetchedAt: '2026-11-25T08:34:02.000Z',
    contentSha256: 'aa00000000000000000000000000000000000000000000000000000000000002',
    doxShaped: true,
    identifierIds: ['e1', 'h1'],
    matches: [
      {
        identifierId: 'e1',
        kind: 'email',
        method: 'obfuscated',
        confidence: 0.93,
        snippet: 'Email: sorrelq [at] example [dot] org  IP: ***.***.***.17  Contact: b****.t@e******.net',
        highlights: [[7, 37]],
      },
    ],
    otherPii: [
      { category: 'ip', masked: '***.***.***.17' },
      { category: 'email', masked: 'b****.t@e******.net' },
    ],
    archivedCopies: [],
    nextSteps: [
      {
        kind: 'report-post',
        title: 'Report the paste to Pastebin',
        text: 'Pastebin removes pastes that publish personal information.',
        url: 'https://pastebin.example/report',
        minutes: 5,
      },
    ],
    remediation: { status: 'requested', updatedAt: '2026-11-26T10:00:00.000Z' },
  }),
  finding({
    id: 'f-forum-7310044',
    severity: 'medium',
    severityReason: 'This post ties your handle to your name.',
    sourceId: 'kiwifarms',
    sourceName: 'Kiwi Farms',
    trust: 'hostile',
    place: 'Kiwi Farms',
    pageId: 'p-forum-1',
    pageUrl: `${FORUM}/page-2`,
    postId: '7310044',
    permalink: `${FORUM}/post-7310044`,
    fetchedAt: '2026-11-25T08:33:16.000Z',
    contentSha256: 'bb00000000000000000000000000000000000000000000000000000000000003',
    doxShaped: false,
    identifierIds: ['h1', 'n1'],
    matches: [
      {
        identifierId: 'h1',
        kind: 'handle',
        method: 'leet',
        confidence: 0.9,
        snippet: 'm0thl4ntern is Sorrel Q., everyone knows',
        highlights: [[0, 11]],
      },
    ],
    otherPii: [],
    archivedCopies: [],
    nextSteps: [SAVE_EVIDENCE],
  }),
  finding({
    id: 'f-board-551233',
    severity: 'low',
    severityReason:
      'Your public handle is named on a board used for harassment; nothing private is linked to it here.',
    sourceId: 'fourchan',
    sourceName: '4chan',
    trust: 'hostile',
    place: '4chan',
    pageId: 'p-board-1',
    pageUrl: BOARD,
    postId: '551233',
    author: 'Anonymous',
    permalink: `${BOARD}#p551233`,
    fetchedAt: '2026-11-25T08:35:00.000Z',
    contentSha256: 'cc00000000000000000000000000000000000000000000000000000000000004',
    doxShaped: false,
    identifierIds: ['h1'],
    matches: [
      {
        identifierId: 'h1',
        kind: 'handle',
        method: 'exact',
        confidence: 0.99,
        snippet: 'anyone else following mothlantern? 🦋 mothlantern drama again',
        highlights: [
          [22, 33],
          [38, 49],
        ],
      },
    ],
    otherPii: [],
    archivedCopies: [],
    nextSteps: [],
    remediation: { status: 'unlikely-to-be-removed', updatedAt: '2026-11-26T11:00:00.000Z' },
  }),
];

const SOURCES: Report['sources'] = [
  {
    id: 'kiwifarms',
    name: 'Kiwi Farms',
    trust: 'hostile',
    coverage: 'complete',
    reason: 'Every search ran and every page found was read.',
    searches: { total: 2, done: 2 },
    pages: { total: 3, fetched: 3, failed: 0 },
  },
  {
    id: 'pastebin',
    name: 'Pastebin',
    trust: 'neutral',
    coverage: 'complete',
    reason: 'Every search ran and every page found was read.',
    searches: { total: 1, done: 1 },
    pages: { total: 1, fetched: 1, failed: 0 },
  },
  {
    id: 'fourchan',
    name: '4chan',
    trust: 'hostile',
    coverage: 'complete',
    reason: 'Every search ran and every page found was read.',
    searches: { total: 2, done: 2 },
    pages: { total: 1, fetched: 1, failed: 0 },
  },
  {
    id: 'doxbin',
    name: 'Doxbin',
    trust: 'hostile',
    coverage: 'blocked',
    reason: 'The site answered every request with a block page, so nothing there was read.',
    searches: { total: 2, done: 0 },
    pages: { total: 0, fetched: 0, failed: 0 },
  },
  {
    id: 'rentry',
    name: 'Rentry',
    trust: 'neutral',
    coverage: 'rate-limited',
    reason: 'The site asked us to slow down; 2 of 5 pages found were not read.',
    searches: { total: 1, done: 1 },
    pages: { total: 5, fetched: 3, failed: 2 },
  },
];

const IDENTIFIERS: Report['identifiers'] = [
  {
    id: 'h1',
    kind: 'handle',
    value: OWN_VALUES.handle,
    label: 'Handle',
    public: true,
    worstSeverity: 'critical',
    foundOn: [
      { sourceId: 'kiwifarms', sourceName: 'Kiwi Farms', findings: 2, worstSeverity: 'critical' },
      { sourceId: 'pastebin', sourceName: 'Pastebin', findings: 1, worstSeverity: 'critical' },
      { sourceId: 'fourchan', sourceName: '4chan', findings: 1, worstSeverity: 'low' },
    ],
  },
  {
    id: 'n1',
    kind: 'name',
    value: OWN_VALUES.name,
    label: 'Legal name',
    public: false,
    worstSeverity: 'critical',
    foundOn: [{ sourceId: 'kiwifarms', sourceName: 'Kiwi Farms', findings: 2, worstSeverity: 'critical' }],
  },
  {
    id: 'e1',
    kind: 'email',
    value: OWN_VALUES.email,
    label: 'Email address',
    public: false,
    worstSeverity: 'critical',
    foundOn: [{ sourceId: 'pastebin', sourceName: 'Pastebin', findings: 1, worstSeverity: 'critical' }],
  },
  {
    id: 't1',
    kind: 'phone',
    value: OWN_VALUES.phone,
    label: 'Phone number',
    public: false,
    worstSeverity: 'critical',
    foundOn: [{ sourceId: 'kiwifarms', sourceName: 'Kiwi Farms', findings: 1, worstSeverity: 'critical' }],
  },
  {
    id: 'd1',
    kind: 'dob',
    value: '1994-03-17',
    label: 'Date of birth',
    public: false,
    worstSeverity: null,
    foundOn: [],
  },
];

const GENERAL_STEPS: Report['generalSteps'] = [
  {
    kind: 'safety-first',
    title: 'If you are in danger now, call for help',
    text: 'A home address or phone number posted on a harassment site can lead to people turning up. If you feel unsafe, contact local emergency services or a support line first; everything else can wait.',
  },
  SAVE_EVIDENCE,
  {
    kind: 'secure-accounts',
    title: 'Lock down the accounts named here',
    text: 'Turn on two-step sign-in for the email address found, and check which recovery phone numbers your accounts use.',
    minutes: 20,
  },
];

const NOT_CHECKED: Report['verdict']['notChecked'] = [
  { sourceId: 'doxbin', name: 'Doxbin', coverage: 'blocked' },
  { sourceId: 'rentry', name: 'Rentry', coverage: 'rate-limited' },
];

/** The report with findings (state `exposed`), valid against reportSchema. */
export function exposedReport(): Report {
  return reportSchema.parse({
    reportVersion: 2,
    scannerVersion: '0.1.0',
    generatedAt: '2026-11-25T08:36:00.000Z',
    adviceReviewedOn: '2026-10-01',
    scan: {
      id: '5b0c4b5e-2a49-4f7e-9a55-0d5a3c6f7e01',
      status: 'partial',
      mode: 'local',
      ranDirect: true,
      createdAt: '2026-11-25T08:32:50.000Z',
      finishedAt: '2026-11-25T08:35:59.000Z',
    },
    verdict: {
      state: 'exposed',
      severity: 'critical',
      headline: 'Your phone number and legal name are posted where harassers can read them.',
      explanation:
        'Two places carry details that could be used to find you offline. Start with the steps below; none of them involve contacting the people who posted.',
      notChecked: NOT_CHECKED,
    },
    contentNote:
      'The posts below were written to hurt. They quote what was said about you, with other people’s details masked.',
    doFirst: [
      {
        id: 'do-save',
        title: 'Save the evidence',
        text: 'Keep this report and its evidence pack where only you can open them.',
        minutes: 5,
        skipNote: 'If you skip this, a post removed later can no longer be shown to the police.',
        findingIds: ['f-forum-7310001', 'f-paste-Qm7xT2'],
      },
      {
        id: 'do-host',
        title: "Write to the forum's hosting provider",
        text: 'Use the prefilled request under the critical post.',
        minutes: 15,
        skipNote: 'If you skip this, the post stays up; you can still do it later.',
        findingIds: ['f-forum-7310001'],
      },
      {
        id: 'do-accounts',
        title: 'Secure your email account',
        text: 'Turn on two-step sign-in.',
        minutes: 10,
        skipNote: 'Skipping leaves your account as it is now.',
        findingIds: [],
      },
    ],
    counts: {
      findings: FINDINGS.length,
      places: 3,
      pagesFetched: 8,
      bySeverity: { critical: 2, high: 0, medium: 1, low: 1, info: 0 },
    },
    identifiers: IDENTIFIERS,
    findings: FINDINGS,
    sources: SOURCES,
    generalSteps: GENERAL_STEPS,
  } satisfies Report);
}

/**
 * Nothing found, but two places could not be checked (state `incomplete`). Its headline is written
 * the way a builder might; the renderings must still name the places not checked.
 */
export function incompleteReport(): Report {
  const report = exposedReport();
  return reportSchema.parse({
    ...report,
    verdict: {
      state: 'incomplete',
      severity: 'none',
      headline: 'No posts about you turned up in the places we could check.',
      explanation: 'Some places could not be checked, so this is not an all-clear.',
      notChecked: NOT_CHECKED,
    },
    doFirst: [],
    counts: {
      findings: 0,
      places: 0,
      pagesFetched: 5,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    },
    identifiers: report.identifiers.map((identifier) => ({
      ...identifier,
      worstSeverity: null,
      foundOn: [],
    })),
    findings: [],
  } satisfies Report);
}
