import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, DB } from '../schema.js';
import { toNumber } from './row-values.util.js';

export type AuditRow = Selectable<AuditLogTable>;

/** Everything the log records; one list, so an action is never spelled two ways. */
export const AUDIT_ACTIONS = [
  'scan.create',
  'report.view',
  /** An evidence pack (original pages, screenshots) was made. */
  'scan.export',
  'scan.delete',
  'scan.expire',
  /** A finished scan was resumed to finish the work it left undone. */
  'scan.resume',
  /** A finding's remediation status was set. */
  'finding.remediation',
  /** A person chose to see a finding's content (snippets of hostile posts). */
  'finding.reveal',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AppendAuditInput {
  /** Who acted: "api-key:<id>", "cli", "system:retention" — never a person's identifiers. */
  actor: string;
  action: AuditAction;
  orgId: string | null;
  scanId: string | null;
  /** The report finding the action was about: its id, never its content. */
  findingId?: string;
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
      .values({
        actor: entry.actor,
        action: entry.action,
        org_id: entry.orgId,
        scan_id: entry.scanId,
        finding_id: entry.findingId ?? null,
      })
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
