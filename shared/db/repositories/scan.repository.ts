import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type {
  DB,
  ScanOptionsJson,
  ScanSourcesTable,
  ScanStatus,
  ScanSummaryJson,
  ScansTable,
  SourceRunStatus,
} from '../schema.js';
import { toBuffer } from './row-values.util.js';
import type { FailureCoverage } from '../../domain/coverage.js';
import { FINISHED_SCAN_STATUSES } from '../../domain/scan.js';

/**
 * A scan row as schema.ts describes it, with bytea as Buffer whichever engine read it, and its data key
 * (from data_keys) as the vault needs it (ScanKeyRef).
 */
export type ScanRow = Omit<Selectable<ScansTable>, 'sealed_request'> & {
  sealed_request: Buffer;
  wrapped_key: Buffer;
  /** The master key that wrapped `wrapped_key` (masterKeyId); null for keys older than key ids. */
  key_id: string | null;
};

/** What erasing a scan needs of it, readable even once it has expired or lost its data key. */
export interface ScanForErasure {
  id: string;
  org_id: string | null;
  options: ScanOptionsJson;
  sealed_request: Buffer;
  wrapped_key: Buffer | null;
  key_id: string | null;
}

export type ScanSourceRow = Selectable<ScanSourcesTable>;

export interface CreateScanInput {
  id: string;
  orgId: string | null;
  wrappedKey: Buffer;
  /** masterKeyId of the key that wrapped `wrappedKey`. */
  keyId?: string | null;
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

/** What the planner decided for one source. */
export interface SourcePlan {
  sourceId: string;
  searches: number;
  /** Set when the source is not searched at all (our own words; shown in the report). */
  skippedBecause?: string | null;
}

export type FinishedScanStatus = Extract<ScanStatus, 'completed' | 'partial' | 'failed'>;

/**
 * An expired scan is gone for every reader at once, whether or not the purge has run: the one place
 * that decides it (docs/safety.md §4).
 */
function notExpired(): Expression<SqlBool> {
  return sql<SqlBool>`scans.expires_at > now()`;
}

/**
 * Scans and their per-source progress. Organisation scoping and expiry happen here, not in callers'
 * filters; each scan's data key lives apart in data_keys, written and deleted with the scan.
 */
export class ScanRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** The scan and one pending row per source, together: a scan never exists without its progress rows. */
  async create(input: CreateScanInput): Promise<ScanRow> {
    const sourceIds = [...new Set(input.sourceIds)];
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('scans')
        .values({
          id: input.id,
          org_id: input.orgId,
          status: 'queued',
          sealed_request: input.sealedRequest,
          options: JSON.stringify(input.options),
          expires_at: input.expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const key = await trx
        .insertInto('data_keys')
        .values({ scan_id: input.id, wrapped_key: input.wrappedKey, master_key_id: input.keyId ?? null })
        .returning(['wrapped_key', 'master_key_id'])
        .executeTakeFirstOrThrow();
      if (sourceIds.length > 0) {
        await trx
          .insertInto('scan_sources')
          .values(
            sourceIds.map((sourceId) => ({
              scan_id: input.id,
              source_id: sourceId,
              status: 'pending' as const,
              searches_total: 0,
              searches_done: 0,
              pages_total: 0,
              pages_done: 0,
              pages_failed: 0,
            })),
          )
          .execute();
      }
      return toScanRow({ ...row, wrapped_key: key.wrapped_key, key_id: key.master_key_id });
    });
  }

  /** Scans with their data keys; a scan without one cannot be opened and is not returned. */
  #scansWithKeys() {
    return this.#db
      .selectFrom('scans')
      .innerJoin('data_keys', 'data_keys.scan_id', 'scans.id')
      .selectAll('scans')
      .select(['data_keys.wrapped_key as wrapped_key', 'data_keys.master_key_id as key_id']);
  }

  /** Without tenancy: for workers, which act on ids the API handed them. An expired scan is undefined. */
  async get(id: string): Promise<ScanRow | undefined> {
    const row = await this.#scansWithKeys().where('scans.id', '=', id).where(notExpired()).executeTakeFirst();
    return row && toScanRow(row);
  }

  /** For erasure only: the scan even once expired, and its data key if it still has one. */
  async getForErasure(id: string): Promise<ScanForErasure | undefined> {
    const row = await this.#db
      .selectFrom('scans')
      .leftJoin('data_keys', 'data_keys.scan_id', 'scans.id')
      .select([
        'scans.id as id',
        'scans.org_id as org_id',
        'scans.options as options',
        'scans.sealed_request as sealed_request',
        'data_keys.wrapped_key as wrapped_key',
        'data_keys.master_key_id as key_id',
      ])
      .where('scans.id', '=', id)
      .executeTakeFirst();
    return (
      row && {
        ...row,
        sealed_request: toBuffer(row.sealed_request),
        wrapped_key: row.wrapped_key === null ? null : toBuffer(row.wrapped_key),
      }
    );
  }

  /**
   * The scan only if it belongs to `orgId`; `null` means local mode and matches only scans with no
   * organisation. Another organisation's scan is undefined, exactly like a missing one (a 404, not a 403).
   */
  async getForOrg(id: string, orgId: string | null): Promise<ScanRow | undefined> {
    const row = await this.#scansWithKeys()
      .where('scans.id', '=', id)
      .where((eb) => (orgId === null ? eb('scans.org_id', 'is', null) : eb('scans.org_id', '=', orgId)))
      .where(notExpired())
      .executeTakeFirst();
    return row && toScanRow(row);
  }

  /** Newest first, keyset-paged on (created_at, id) so pages stay stable while scans are added. */
  async list(orgId: string | null, opts: ListScansOptions): Promise<ScanRow[]> {
    let query = this.#scansWithKeys()
      .where((eb) => (orgId === null ? eb('scans.org_id', 'is', null) : eb('scans.org_id', '=', orgId)))
      .where(notExpired());
    if (opts.before !== undefined) {
      // A row comparison against the cursor scan's own (created_at, id): exact to the microsecond, which
      // a cursor carried through JavaScript (millisecond Dates) would not be.
      query = query.where(
        sql<boolean>`(scans.created_at, scans.id) < (select c.created_at, c.id from scans as c where c.id = ${opts.before})`,
      );
    }
    const rows = await query
      .orderBy('scans.created_at', 'desc')
      .orderBy('scans.id', 'desc')
      .limit(Math.max(0, Math.floor(opts.limit)))
      .execute();
    return rows.map(toScanRow);
  }

  /**
   * Records the plan and starts the scan, in one transaction. Totals are absolute, not added, so a
   * retried plan job writes the same numbers again; a source already past `pending` keeps its status.
   */
  async startRunning(scanId: string, plans: SourcePlan[]): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('scans')
        .set({ status: 'running', started_at: sql`now()` })
        .where('id', '=', scanId)
        .where('status', '=', 'queued')
        .execute();
      for (const plan of plans) {
        const skipped = plan.skippedBecause != null && plan.skippedBecause !== '';
        const next: SourceRunStatus = skipped ? 'skipped' : plan.searches > 0 ? 'running' : 'done';
        await trx
          .updateTable('scan_sources')
          .set({
            searches_total: plan.searches,
            status: sql<SourceRunStatus>`case when status = 'pending' then ${next} else status end`,
            ...(skipped ? { error: plan.skippedBecause ?? null } : {}),
          })
          .where('scan_id', '=', scanId)
          .where('source_id', '=', plan.sourceId)
          .execute();
      }
    });
  }

  /**
   * Closes the scan and every source still marked as in progress (they ended with it), together. Such
   * a source is `done` only if its every search is recorded done and no page of it is still pending;
   * otherwise work was lost (a job whose end could not be stored) and it is `failed` with no failure
   * coverage of its own, which the report reads as "not finished" (shared/domain/coverage.ts).
   */
  async finish(id: string, status: FinishedScanStatus, summary: ScanSummaryJson): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('scans')
        .set({ status, summary: JSON.stringify(summary), finished_at: sql`now()` })
        .where('id', '=', id)
        .executeTakeFirst();
      // A scan that failed before reaching a source did not search it: that must never read as done.
      await trx
        .updateTable('scan_sources')
        .set(
          status === 'failed'
            ? {
                status: 'failed',
                coverage: 'not-searched',
                coverage_reason: 'the scan stopped before reaching it',
              }
            : {
                status: sql<SourceRunStatus>`case when ${FINISHED_WORK} then 'done' else 'failed' end`,
                error: sql<string | null>`case when ${FINISHED_WORK} then error else ${UNFINISHED_ERROR} end`,
              },
        )
        .where('scan_id', '=', id)
        .where('status', 'in', ['pending', 'running'])
        .execute();
      return result.numUpdatedRows > 0n;
    });
  }

  /**
   * Reopens a finished scan to finish what it left undone (resume), in one transaction: the scan runs
   * again, and each searched source whose work is missing (it failed, or the scan ended with its
   * searches or pages unrecorded) runs again, with its searches as planned now. A source checked
   * completely keeps its state, and every source keeps its pages, findings and recorded searches.
   * A "read in part" sentence stays (the searches that wrote it are not repeated); a failure's goes.
   * Returns false when the scan had not ended (still running, or another resume came first).
   */
  async reopen(scanId: string, plans: SourcePlan[]): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const reopened = await trx
        .updateTable('scans')
        .set({ status: 'running', finished_at: null })
        .where('id', '=', scanId)
        .where('status', 'in', FINISHED_SCAN_STATUSES)
        .executeTakeFirst();
      if (reopened.numUpdatedRows === 0n) return false;
      for (const plan of plans) {
        if (plan.skippedBecause != null && plan.skippedBecause !== '') continue;
        await trx
          .updateTable('scan_sources')
          .set({
            status: 'running',
            error: null,
            searches_total: plan.searches,
            coverage: sql`case when coverage = 'partial' then coverage else null end`,
            coverage_reason: sql`case when coverage = 'partial' then coverage_reason else null end`,
          })
          .where('scan_id', '=', scanId)
          .where('source_id', '=', plan.sourceId)
          .where((eb) => eb.or([eb('status', '!=', 'done'), eb.not(FINISHED_WORK)]))
          .where('status', '!=', 'skipped')
          .execute();
      }
      return true;
    });
  }

  /** The pages of a scan still to fetch, with their source (a resumed scan queues their fetches). */
  async pendingPages(scanId: string): Promise<Array<{ id: string; sourceId: string }>> {
    const rows = await this.#db
      .selectFrom('scan_pages')
      .select(['id', 'source_id'])
      .where('scan_id', '=', scanId)
      .where('status', '=', 'pending')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ id: row.id, sourceId: row.source_id }));
  }

  async sourceProgress(scanId: string): Promise<ScanSourceRow[]> {
    return this.#db
      .selectFrom('scan_sources')
      .selectAll()
      .where('scan_id', '=', scanId)
      .orderBy('source_id')
      .execute();
  }

  /**
   * Counts a search of a source as ended, once per `searchKey` (the identifier's id, or "listing"): a
   * search delivered again after its worker died counts once. One statement; a concurrent twin waits
   * for the row and then finds its key already there.
   */
  async searchDone(scanId: string, sourceId: string, searchKey: string): Promise<void> {
    await this.#db
      .updateTable('scan_sources')
      .set({
        // Capped: searches that ended before their keys were recorded (older rows) cannot overshoot.
        searches_done: sql<number>`least(searches_done + 1, searches_total)`,
        searches_done_keys: sql<string[]>`array_append(searches_done_keys, ${searchKey})`,
      })
      .where('scan_id', '=', scanId)
      .where('source_id', '=', sourceId)
      .where(sql<boolean>`not (${searchKey} = any(searches_done_keys))`)
      .execute();
  }

  /**
   * `error` is our own wording (never a URL or page text): it is shown in reports and kept in clear.
   * `coverage` says how the report states it (blocked, rate-limited, challenge, unreachable, ...).
   */
  async failSource(
    scanId: string,
    sourceId: string,
    error: string,
    coverage: FailureCoverage = 'unreachable',
  ): Promise<void> {
    await this.#db
      .updateTable('scan_sources')
      .set({ status: 'failed', error, coverage, coverage_reason: null })
      .where('scan_id', '=', scanId)
      .where('source_id', '=', sourceId)
      .execute();
  }

  /**
   * Records that a source was searched only in part (a result-page cap, a listing that shows only its
   * newest entries), with our own sentence saying what was left out. A failure recorded since wins.
   */
  async markPartial(scanId: string, sourceId: string, reason: string): Promise<void> {
    await this.#db
      .updateTable('scan_sources')
      .set({ coverage: 'partial', coverage_reason: reason })
      .where('scan_id', '=', scanId)
      .where('source_id', '=', sourceId)
      .where((eb) => eb.or([eb('coverage', 'is', null), eb('coverage', '=', 'partial')]))
      .execute();
  }

  /** `error` undefined leaves the stored reason as it is; null clears it. */
  async setSourceStatus(
    scanId: string,
    sourceId: string,
    status: SourceRunStatus,
    error?: string | null,
  ): Promise<void> {
    await this.#db
      .updateTable('scan_sources')
      .set({ status, ...(error !== undefined ? { error } : {}) })
      .where('scan_id', '=', scanId)
      .where('source_id', '=', sourceId)
      .execute();
  }

  /**
   * Deletes the scan and its data key together, and by cascade its sources, pages, evidence and
   * findings. Once the key row is gone, no copy of the scan's rows taken before opens (docs/safety.md §4).
   */
  async delete(id: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('data_keys').where('scan_id', '=', id).execute();
      const result = await trx.deleteFrom('scans').where('id', '=', id).executeTakeFirst();
      // Web sessions remember the findings revealed in them as "<scan id>/<finding id>": those of
      // the deleted scan go too, so no row names it afterwards (docs/safety.md §4).
      await sql`
        update web_sessions
        set revealed = (
          select coalesce(jsonb_agg(entry), '[]'::jsonb)
          from jsonb_array_elements_text(revealed) as entry
          where entry not like ${`${id}/%`}
        )
        where revealed::text like ${`%${id}/%`}`.execute(trx);
      return result.numDeletedRows > 0n;
    });
  }

  /** Ids of scans whose retention period has ended, oldest first, at most `limit` per call. */
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

/** A source's work is all recorded: every search done, no page pending. */
const FINISHED_WORK = sql<boolean>`(searches_done >= searches_total and pages_done + pages_failed >= pages_total)`;
/** Our own sentence for a source the scan ended without finishing (shown, stored in clear). */
const UNFINISHED_ERROR = 'the scan ended before its work here was recorded as done';

function toScanRow(
  row: Selectable<ScansTable> & { wrapped_key: Uint8Array; key_id: string | null },
): ScanRow {
  return { ...row, wrapped_key: toBuffer(row.wrapped_key), sealed_request: toBuffer(row.sealed_request) };
}
