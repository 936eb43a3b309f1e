import { z } from 'zod';
import { COVERAGE_STATES } from '../domain/coverage.js';
import { IDENTIFIER_KINDS } from '../domain/identifier.js';
import { NAMESAKE_REASONS } from '../domain/page.js';
import { SEVERITIES } from '../domain/severity.js';

/**
 * The report's one model (version 2). The JSON the API and the CLI hand out, the HTML page, the PDF
 * and the CSV are all renderings of a value of this schema; `docs/report.schema.json` is generated
 * from it and served at `/v1/schemas/report.json`.
 *
 * The person's own identifier values appear in `identifiers[].value` (they are shown to the person
 * who gave them) and inside matched snippets. Everything else personal on a page is a masked category.
 */

export const REPORT_VERSION = 2;

export { COVERAGE_STATES, type Coverage } from '../domain/coverage.js';

export const REMEDIATION_STATUSES = [
  'action-needed',
  'requested',
  'removed',
  'unlikely-to-be-removed',
] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** What kind of step a next step is; renderings and the CSV use it, the words are in `title`/`text`. */
export const NEXT_STEP_KINDS = [
  'safety-first',
  'save-evidence',
  'do-not-contact-site',
  'report-post',
  'host-abuse',
  'search-delisting',
  'archive-exclusion',
  'legal-letter',
  'police-evidence',
  'check-namesake',
  'secure-accounts',
  'scan-again',
] as const;
export type NextStepKind = (typeof NEXT_STEP_KINDS)[number];

const severitySchema = z.enum(SEVERITIES);
const isoDate = z.string().describe('ISO 8601 date-time, UTC');

export const prefilledRequestSchema = z.strictObject({
  /** Who it is for, in words ("the hosting provider's abuse desk"), never an address we guessed. */
  to: z.string(),
  subject: z.string(),
  body: z.string(),
});

export const nextStepSchema = z.strictObject({
  kind: z.enum(NEXT_STEP_KINDS),
  title: z.string(),
  text: z.string(),
  /** A caution the person must read before acting (a report forwarded to the site's operator). */
  warning: z.string().optional(),
  /** Where the step is done (a form's address), when there is one. */
  url: z.string().optional(),
  minutes: z.number().int().positive().optional(),
  request: prefilledRequestSchema.optional(),
});
export type NextStep = z.infer<typeof nextStepSchema>;

export const reportMatchSchema = z.strictObject({
  identifierId: z.string(),
  kind: z.enum(IDENTIFIER_KINDS),
  method: z.string(),
  confidence: z.number().min(0).max(1),
  /**
   * With the method `possible-namesake`: what the page says that does not fit the person (an age,
   * a town, or that it is not the same person). Such a match counts for no level.
   */
  namesake: z.enum(NAMESAKE_REASONS).optional(),
  /** A bounded window of the post with other people's data masked. */
  snippet: z.string(),
  /** Where the person's identifier sits in `snippet`: [start, end) UTF-16 offsets. */
  highlights: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
});
export type ReportMatch = z.infer<typeof reportMatchSchema>;

export const otherPiiSchema = z.strictObject({ category: z.string(), masked: z.string() });

export const archivedCopySchema = z.strictObject({
  sourceId: z.string(),
  sourceName: z.string(),
  /** The archive's name for the post: the original site's host, then the post's own id. */
  postId: z.string(),
  url: z.string(),
  pageId: z.string(),
  fetchedAt: isoDate,
  contentSha256: z.string(),
});

export const reportFindingSchema = z.strictObject({
  /** Stable across report views: remediation status and reveals refer to it. */
  id: z.string(),
  severity: severitySchema,
  /** Built from what this post and its page hold ("ties your handle to your home address"). */
  severityReason: z.string(),
  sourceId: z.string(),
  sourceName: z.string(),
  trust: z.enum(['hostile', 'neutral']),
  /** The place, for grouping: the site's name as people know it. */
  place: z.string(),
  pageId: z.string(),
  pageUrl: z.string(),
  postId: z.string(),
  author: z.string().optional(),
  permalink: z.string(),
  fetchedAt: isoDate,
  contentSha256: z.string(),
  doxShaped: z.boolean(),
  identifierIds: z.array(z.string()),
  matches: z.array(reportMatchSchema),
  otherPii: z.array(otherPiiSchema),
  /** The same post as kept by web archives, folded in here instead of counted again. */
  archivedCopies: z.array(archivedCopySchema),
  nextSteps: z.array(nextStepSchema),
  remediation: z.strictObject({
    status: z.enum(REMEDIATION_STATUSES),
    updatedAt: isoDate.nullable(),
  }),
});
export type ReportFinding = z.infer<typeof reportFindingSchema>;

export const reportSourceSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  trust: z.enum(['hostile', 'neutral']),
  /** Exactly one state; anything but `complete` means this place was not fully checked. */
  coverage: z.enum(COVERAGE_STATES),
  /** The state in plain words, saying what was left out where something was. */
  reason: z.string(),
  searches: z.strictObject({ total: z.number().int(), done: z.number().int() }),
  pages: z.strictObject({ total: z.number().int(), fetched: z.number().int(), failed: z.number().int() }),
});
export type ReportSource = z.infer<typeof reportSourceSchema>;

export const reportIdentifierSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(IDENTIFIER_KINDS),
  /** How the person gave it: their own value, shown back to them. */
  value: z.string(),
  /** "Handle", "Email address", ... with a number when there are several of a kind. */
  label: z.string(),
  public: z.boolean(),
  worstSeverity: severitySchema.nullable(),
  foundOn: z.array(
    z.strictObject({
      sourceId: z.string(),
      sourceName: z.string(),
      findings: z.number().int().positive(),
      worstSeverity: severitySchema,
    }),
  ),
});
export type ReportIdentifier = z.infer<typeof reportIdentifierSchema>;

export const doFirstSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  minutes: z.number().int().positive(),
  /** Skipping is always allowed; this says what skipping means. */
  skipNote: z.string(),
  findingIds: z.array(z.string()),
});
export type DoFirst = z.infer<typeof doFirstSchema>;

export const reportSchema = z.strictObject({
  reportVersion: z.literal(REPORT_VERSION),
  scannerVersion: z.string(),
  generatedAt: isoDate,
  /** When the advice and the prefilled texts were last checked against the places' policies. */
  adviceReviewedOn: z.string().describe('YYYY-MM-DD'),
  scan: z.strictObject({
    id: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'partial', 'failed']),
    mode: z.enum(['local', 'service']),
    ranDirect: z.boolean(),
    createdAt: isoDate,
    finishedAt: isoDate.nullable(),
  }),
  verdict: z.strictObject({
    /**
     * `exposed`: something was found. `not-found`: every place was checked completely and nothing
     * was found. `incomplete`: nothing found so far, but some places could not be checked, so this
     * is not an all-clear. `in-progress`: the scan has not finished.
     */
    state: z.enum(['exposed', 'not-found', 'incomplete', 'in-progress']),
    severity: z.union([severitySchema, z.literal('none')]),
    headline: z.string(),
    explanation: z.string(),
    /** Places not checked completely (coverage other than `complete`), by name. */
    notChecked: z.array(
      z.strictObject({ sourceId: z.string(), name: z.string(), coverage: z.enum(COVERAGE_STATES) }),
    ),
  }),
  contentNote: z.string(),
  doFirst: z.array(doFirstSchema).max(3),
  counts: z.strictObject({
    findings: z.number().int(),
    places: z.number().int(),
    pagesFetched: z.number().int(),
    bySeverity: z.record(severitySchema, z.number().int()),
  }),
  identifiers: z.array(reportIdentifierSchema),
  /** Most severe first, then by place, then by post. */
  findings: z.array(reportFindingSchema),
  sources: z.array(reportSourceSchema),
  /** Steps for the whole situation (safety first, saving evidence, accounts), beside each finding's own. */
  generalSteps: z.array(nextStepSchema),
});
export type Report = z.infer<typeof reportSchema>;

/** The JSON Schema document of the report (draft 2020-12), as served and as kept in docs/. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: `urn:exposure-scanner:report:${REPORT_VERSION}`,
    title: `exposure-scanner report, version ${REPORT_VERSION}`,
    ...z.toJSONSchema(reportSchema, { target: 'draft-2020-12' }),
  };
}
