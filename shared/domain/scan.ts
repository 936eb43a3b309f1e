import { z } from 'zod';
import { IDENTIFIER_KINDS, identifierListSchema, type Identifier } from './identifier.js';
import type { MatchHit, OtherPii } from './page.js';
import { plainTextSchema } from './text-input.js';

/** A scan in one of these states has ended: nothing more will be searched or read for it. */
export const FINISHED_SCAN_STATUSES = ['completed', 'partial', 'failed'] as const;

export function isScanFinished(status: string): boolean {
  return (FINISHED_SCAN_STATUSES as readonly string[]).includes(status);
}

/** Kinds that may be opted in to remote search on hostile sources (handles always are). */
export const SENSITIVE_KINDS = IDENTIFIER_KINDS.filter((kind) => kind !== 'handle');

/**
 * How far ahead of this server's clock a consent date may be: the requester's clock may run a little
 * fast, but consent cannot be recorded as given later than now.
 */
export const CONSENT_CLOCK_SKEW_MS = 5 * 60 * 1000;

export const consentSchema = z.strictObject({
  /** Whose identifiers these are: the requester themself, or a client of an organisation. */
  subject: z.enum(['self', 'client']),
  /** Who attests that consent was given (a case worker's name or id). */
  attestedBy: plainTextSchema(200).min(1, 'must not be empty'),
  method: z.enum(['written', 'verbal', 'electronic', 'in-person']),
  obtainedAt: z.iso
    .datetime({ offset: true })
    .refine((value) => Date.parse(value) <= Date.now() + CONSENT_CLOCK_SKEW_MS, {
      message: 'must not be in the future',
    }),
});
export type Consent = z.infer<typeof consentSchema>;

export const scanRequestSchema = z.strictObject({
  identifiers: identifierListSchema,
  consent: consentSchema.optional(),
  /** Catalog ids of the sources to search; all enabled sources when absent. */
  sources: z.array(z.string().min(1)).min(1).max(100).optional(),
  /** The requester accepts that hostile sources are visited without a proxy. */
  allowDirect: z.boolean().default(false),
  /** Sensitive identifier kinds the requester allows to be typed into hostile sources' search boxes. */
  remoteSearchOptIn: z.array(z.enum(SENSITIVE_KINDS)).max(SENSITIVE_KINDS.length).default([]),
  /**
   * The requester's own label for the scan (an organisation's case reference): shown back to them in
   * listings, never searched for, sealed with the identifiers. It is a note, not an identifier.
   */
  reference: plainTextSchema(100).optional(),
});
export type ScanRequest = z.infer<typeof scanRequestSchema>;

/** What is sealed in a scan's row: the person's identifiers, the consent record and the requester's label. */
export interface SealedScanRequest {
  identifiers: Identifier[];
  consent?: Consent;
  reference?: string;
}

/** What is sealed in a finding's row: where it is, and what matched, with masked snippets. */
export interface FindingDetail {
  pageUrl: string;
  permalink: string;
  postId: string;
  author?: string;
  matches: MatchHit[];
  otherPii: OtherPii[];
  fetchedAt: string;
  contentSha256: string;
  doxShaped: boolean;
}
