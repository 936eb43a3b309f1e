import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Coverage } from '../domain/coverage.js';

/**
 * Table types for Kysely. Nothing that identifies the person is stored in clear: identifiers,
 * consent, page URLs, snippets and evidence are sealed with the scan's own data key
 * (shared/crypto/envelope.ts); the key itself is stored wrapped by the master key, apart (data_keys).
 */
export interface DB {
  organisations: OrganisationsTable;
  api_keys: ApiKeysTable;
  scans: ScansTable;
  data_keys: DataKeysTable;
  scan_sources: ScanSourcesTable;
  scan_pages: ScanPagesTable;
  findings: FindingsTable;
  finding_remediation: FindingRemediationTable;
  audit_log: AuditLogTable;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/**
 * A timestamp the database fills in (default now()). Not `Generated<Timestamp>`: Generated wraps its
 * argument in another ColumnType, so selecting the column would be typed as the ColumnType, not a Date.
 */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type ScanStatus = 'queued' | 'running' | 'completed' | 'partial' | 'failed';
export type SourceRunStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export type PageStatus = 'pending' | 'fetched' | 'failed';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface OrganisationsTable {
  id: string;
  name: string;
  created_at: GeneratedTimestamp;
  /** Days its scans are kept; null: EXPOSURE_RETENTION_DAYS. */
  retention_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  key_hash: string;
  label: string | null;
  created_at: GeneratedTimestamp;
  revoked_at: NullableTimestamp;
  /** The key's first characters ("esk_" and 8 more), to tell keys apart in listings; null for keys made before migration 0006. */
  key_prefix: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the key last authenticated a call or a sign-in, to the minute (migration 0006). */
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ScanOptionsJson {
  sources: string[];
  allowDirect: boolean;
  remoteSearchOptIn: string[];
  /** True when hostile sources were visited with no proxy in between. */
  ranDirect: boolean;
  mode: 'local' | 'service';
}

export interface ScanSummaryJson {
  severity: Severity | 'none';
  findings: number;
  pagesWithFindings: number;
  pagesFetched: number;
  identifiersExposed: string[];
}

export interface ScansTable {
  id: string;
  org_id: string | null;
  status: ScanStatus;
  /** Sealed JSON `{identifiers, consent}`. */
  sealed_request: Uint8Array;
  options: JSONColumnType<ScanOptionsJson>;
  summary: JSONColumnType<ScanSummaryJson> | null;
  created_at: GeneratedTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  expires_at: Timestamp;
}

/**
 * Each scan's data key, wrapped by a master key, kept apart from the scan's rows: deleting the row
 * (with the scan, in one transaction) leaves every earlier copy of the scan's rows unreadable.
 */
export interface DataKeysTable {
  scan_id: string;
  wrapped_key: Uint8Array;
  /** masterKeyId of the master key that wrapped it; null for keys moved here by migration 0007. */
  master_key_id: string | null;
  created_at: GeneratedTimestamp;
  rotated_at: NullableTimestamp;
}

export interface ScanSourcesTable {
  scan_id: string;
  source_id: string;
  status: SourceRunStatus;
  searches_total: number;
  searches_done: number;
  /** The searches counted in `searches_done`, by key: each counts once however often it ends. */
  searches_done_keys: ColumnType<string[], string[] | undefined, string[]>;
  pages_total: number;
  pages_done: number;
  pages_failed: number;
  /** Why the source failed, in our own words (never a URL or page text). */
  error: string | null;
  /** How completely it was checked, when a failure or a cap decided it (null: from the counters). */
  coverage: ColumnType<Coverage | null, Coverage | null | undefined, Coverage | null>;
  /** Our own sentence for `coverage`. */
  coverage_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ScanPagesTable {
  id: string;
  scan_id: string;
  source_id: string;
  /** Keyed hash of the normalised URL: dedupes pages within a scan without storing the URL in clear. */
  url_key: string;
  sealed_url: Uint8Array;
  status: PageStatus;
  /** SHA-256 (hex) of the body as fetched, for evidence. */
  content_sha256: string | null;
  /** Sealed copy of the body as fetched (evidence). */
  sealed_snapshot: Uint8Array | null;
  fetched_at: NullableTimestamp;
  /** The HTTP status the page answered with (null for pages fetched before migration 0004). */
  http_status: ColumnType<number | null, number | null | undefined, number | null>;
  error: string | null;
}

export interface FindingsTable {
  id: string;
  scan_id: string;
  page_id: string;
  source_id: string;
  /** Keyed hash of (page, post): one finding per post, whatever retries happen. */
  dedupe_key: string;
  severity: Severity;
  /** Identifier ids that matched in this post ("h1", "e1"): ids, never values. */
  identifier_ids: JSONColumnType<string[]>;
  /** Sealed JSON of the finding's details: permalink, post id, author, matches with snippets, other PII. */
  sealed_detail: Uint8Array;
  created_at: GeneratedTimestamp;
}

/** Where the person is with one report finding; the finding id is the report's, never a value. */
export interface FindingRemediationTable {
  scan_id: string;
  finding_id: string;
  status: 'action-needed' | 'requested' | 'removed' | 'unlikely-to-be-removed';
  updated_at: GeneratedTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: GeneratedTimestamp;
  actor: string;
  action: string;
  org_id: string | null;
  scan_id: string | null;
  /** The report finding an action was about (a reveal, a status change): an id, never content. */
  finding_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The API key a `key.create` or `key.revoke` was about: an id, never the key (migration 0006). */
  api_key_id: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * The hash chain (migration 0006, shared/audit/chain.ts): the entry's place, the previous entry's hash
   * and its own. The database sets all three (and `at`) on insert; the application never supplies them.
   */
  seq: ColumnType<number, never, never>;
  prev_hash: ColumnType<string, never, never>;
  row_hash: ColumnType<string, never, never>;
}
