import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, DB } from '../schema.js';
import { toNumber } from './row-values.util.js';

export type AuditRow = Selectable<AuditLogTable>;

export interface AppendAuditInput {
  /** Who acted: "api-key:<id>", "cli", "system:retention" — never a person's identifiers. */
  actor: string;
  /** What happened: "scan.create", "report.view", "scan.export", "scan.delete", ... */
  action: string;
  orgId: string | null;
  scanId: string | null;
}

/**
 * The audit log. Append-only by construction: there is no update or delete here, and the database
 * refuses both with a trigger (migration 0001).
 */
export class AuditRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async append(entry: AppendAuditInput): Promise<AuditRow> {
    const row = await this.#db
      .insertInto('audit_log')
      .values({ actor: entry.actor, action: entry.action, org_id: entry.orgId, scan_id: entry.scanId })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAuditRow(row);
  }

  /**
   * Newest first. `orgId` null lists local-mode entries (no organisation). `before` is the id of the last
   * entry of the previous page.
   */
  async list(orgId: string | null, opts: { limit: number; before?: number }): Promise<AuditRow[]> {
    let query = this.#db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) => (orgId === null ? eb('org_id', 'is', null) : eb('org_id', '=', orgId)));
    if (opts.before !== undefined) query = query.where('id', '<', opts.before);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.floor(opts.limit)))
      .execute();
    return rows.map(toAuditRow);
  }
}

// The id is a bigint identity: pg hands it over as a string, PGlite as a number; schema.ts says number.
function toAuditRow(row: AuditRow): AuditRow {
  return { ...row, id: toNumber(row.id as number | string) };
}
