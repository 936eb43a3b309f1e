import { sql, type Kysely } from 'kysely';
import type { DB, FindingRemediationTable } from '../schema.js';

export type RemediationStatusValue = FindingRemediationTable['status'];

/** One finding's status as the report builder reads it. */
export interface RemediationState {
  status: RemediationStatusValue;
  updatedAt: Date;
}

/**
 * Where the person is with each finding of a scan (asked for removal, removed, ...), keyed by the report
 * finding's id. A finding with no row is still `action-needed`: the builder supplies that default. Rows
 * go with their scan (ON DELETE CASCADE).
 */
export class RemediationRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** Sets (or replaces) a finding's status; returns what is stored now. */
  async set(scanId: string, findingId: string, status: RemediationStatusValue): Promise<RemediationState> {
    const row = await this.#db
      .insertInto('finding_remediation')
      .values({ scan_id: scanId, finding_id: findingId, status })
      .onConflict((oc) =>
        oc.columns(['scan_id', 'finding_id']).doUpdateSet({ status, updated_at: sql<Date>`now()` }),
      )
      .returning(['status', 'updated_at'])
      .executeTakeFirstOrThrow();
    return { status: row.status, updatedAt: new Date(row.updated_at) };
  }

  /** Every status set for the scan's findings, by report finding id: what buildReport takes. */
  async listByScan(scanId: string): Promise<Map<string, RemediationState>> {
    const rows = await this.#db
      .selectFrom('finding_remediation')
      .select(['finding_id', 'status', 'updated_at'])
      .where('scan_id', '=', scanId)
      .execute();
    return new Map(
      rows.map((row) => [row.finding_id, { status: row.status, updatedAt: new Date(row.updated_at) }]),
    );
  }
}
