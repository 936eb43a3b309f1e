import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, ScanOptionsJson, ScanStatus, ScanSummaryJson, ScansTable, SourceRunStatus } from '../schema.js';
import { toBuffer, toDate, toDateOrNull } from './row-values.util.js';

export interface ScanRecord {
  id: string;
  orgId: string | null;
  status: ScanStatus;
  wrappedKey: Buffer;
  sealedRequest: Buffer;
  options: ScanOptionsJson;
  summary: ScanSummaryJson | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  expiresAt: Date;
}

export interface SourceProgress {
  sourceId: string;
  status: SourceRunStatus;
  searchesTotal: number;
  searchesDone: number;
  pagesTotal: number;
  pagesDone: number;
  pagesFailed: number;
  error: string | null;
}

export interface CreateScanInput {
  id: string;
  orgId: string | null;
  wrappedKey: Buffer;
  sealedRequest: Buffer;
  options: ScanOptionsJson;
  expiresAt: Date;
  sourceIds: string[];
}

export interface ListScansOptions {
  limit: number;
  /** Id of the last scan of the previous page; the next page starts after it. */
  before?: string;
}

export type FinishedScanStatus = Extract<ScanStatus, 'completed' | 'partial' | 'failed'>;

/** Scans and their per-source progress. Organisation scoping happens here, not in callers' filters. */
export class ScanRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** The scan and one pending row per source, together: a scan never exists without its progress rows. */
  async create(input: CreateScanInput): Promise<ScanRecord> {
    const sourceIds = [...new Set(input.sourceIds)];
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('scans')
        .values({
          id: input.id,
          org_id: input.orgId,
          status: 'queued',
          wrapped_key: input.wrappedKey,
          sealed_request: input.sealedRequest,
          options: JSON.stringify(input.options),
          expires_at: input.expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (sourceIds.length > 0) {
        await trx
          .insertInto('scan_sources')
          .values(sourceIds.map((sourceId) => ({ scan_id: input.id, source_id: sourceId, status: 'pending' as const })))
          .execute();
      }
      return toScanRecord(row);
    });
  }

  /** Without tenancy: for workers, which act on ids they were given by the API. */
  async get(id: string): Promise<ScanRecord | undefined> {
    const row = await this.#db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toScanRecord(row);
  }

  /**
   * The scan only if it belongs to `orgId`; `null` means local mode and matches only scans with no
   * organisation. Another organisation's scan is undefined, exactly like a missing one (a 404, not a 403).
   */
  async getForOrg(id: string, orgId: string | null): Promise<ScanRecord | undefined> {
    const row = await this.#db
      .selectFrom('scans')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => (orgId === null ? eb('org_id', 'is', null) : eb('org_id', '=', orgId)))
      .executeTakeFirst();
    return row && toScanRecord(row);
  }

  /** Newest first, keyset-paged on (created_at, id) so pages stay stable while scans are added. */
  async list(orgId: string | null, opts: ListScansOptions): Promise<ScanRecord[]> {
    let query = this.#db
      .selectFrom('scans')
      .selectAll()
      .where((eb) => (orgId === null ? eb('org_id', 'is', null) : eb('org_id', '=', orgId)));
    if (opts.before !== undefined) {
      const before = opts.before;
      query = query.where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('created_at', 'id'),
          '<',
          selectFrom('scans as cursor').select(['cursor.created_at', 'cursor.id']).where('cursor.id', '=', before),
        ),
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.floor(opts.limit)))
      .execute();
    return rows.map(toScanRecord);
  }

  /** Only a queued scan starts, so a re-delivered plan job cannot restart a running or finished scan. */
  async markRunning(id: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('scans')
      .set({ status: 'running', started_at: sql`now()` })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async finish(id: string, status: FinishedScanStatus, summary: ScanSummaryJson): Promise<boolean> {
    const result = await this.#db
      .updateTable('scans')
      .set({ status, summary: JSON.stringify(summary), finished_at: sql`now()` })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async sourceProgress(scanId: string): Promise<SourceProgress[]> {
    const rows = await this.#db
      .selectFrom('scan_sources')
      .selectAll()
      .where('scan_id', '=', scanId)
      .orderBy('source_id')
      .execute();
    return rows.map((r) => ({
      sourceId: r.source_id,
      status: r.status,
      searchesTotal: r.searches_total,
      searchesDone: r.searches_done,
      pagesTotal: r.pages_total,
      pagesDone: r.pages_done,
      pagesFailed: r.pages_failed,
      error: r.error,
    }));
  }

  /**
   * Counts `n` more searches for a source and marks it running (a finished source that gets more work is
   * running again). A plain increment: the planner calls it once per planned batch, not per retry.
   */
  async addSearches(scanId: string, sourceId: string, n: number): Promise<void> {
    await this.#db
      .updateTable('scan_sources')
      .set((eb) => ({
        searches_total: eb('searches_total', '+', n),
        status: sql<SourceRunStatus>`case when status in ('pending', 'done') then 'running' else status end`,
      }))
      .where('scan_id', '=', scanId)
      .where('source_id', '=', sourceId)
      .execute();
  }

  async searchDone(scanId: string, sourceId: string): Promise<void> {
    await this.#db
      .updateTable('scan_sources')
      .set((eb) => ({ searches_done: eb('searches_done', '+', 1) }))
      .where('scan_id', '=', scanId)
      .where('source_id', '=', sourceId)
      .execute();
  }

  /** `error` is our own wording (never a URL or page text): it is shown in reports and kept in clear. */
  async failSource(scanId: string, sourceId: string, error: string): Promise<void> {
    await this.setSourceStatus(scanId, sourceId, 'failed', error);
  }

  async setSourceStatus(scanId: string, sourceId: string, status: SourceRunStatus, error?: string | null): Promise<void> {
    await this.#db
      .updateTable('scan_sources')
      .set({ status, ...(error !== undefined ? { error } : {}) })
      .where('scan_id', '=', scanId)
      .where('source_id', '=', sourceId)
      .execute();
  }

  /** Deletes the scan and, by cascade, its sources, pages, evidence and findings. */
  async delete(id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('scans').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Ids of scans whose retention period has ended. */
  async expired(now: Date, limit = 1000): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('scans')
      .select('id')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}

function toScanRecord(row: Selectable<ScansTable>): ScanRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    status: row.status,
    wrappedKey: toBuffer(row.wrapped_key),
    sealedRequest: toBuffer(row.sealed_request),
    options: row.options,
    summary: row.summary,
    createdAt: toDate(row.created_at),
    startedAt: toDateOrNull(row.started_at),
    finishedAt: toDateOrNull(row.finished_at),
    expiresAt: toDate(row.expires_at),
  };
}
