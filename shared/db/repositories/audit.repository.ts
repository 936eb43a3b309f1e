import { sql, type Kysely, type Selectable } from 'kysely';
import type { ChainEntry, ChainHead } from '../../audit/chain.js';
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
  /** An organisation's API key was made (`org key create`); the key's id, never the key, is the actor's. */
  'key.create',
  'key.revoke',
  /** A session of the web pages began (an API key, or the local one-time link) or was ended by its person. */
  'session.sign-in',
  'session.sign-out',
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
  /** The API key a `key.create` or `key.revoke` was about: its id, never the key. */
  keyId?: string;
}

/** The chain's anchor table (migration 0006): read-only here, only the insert trigger moves it. */
interface AuditChainHeadTable {
  only_row: boolean;
  seq: string | number;
  row_hash: string;
}

/**
 * The audit log. Append-only by construction: there is no update or delete here, the database refuses
 * both (and TRUNCATE) with triggers, and in service mode the application's role may only insert and
 * read (`exposure-scanner migrate`). The database sets each entry's time and hash chain on insert
 * (migration 0006); `audit verify` walks the chain (shared/audit/chain.ts).
 */
export class AuditRepository {
  readonly #db: Kysely<DB & { audit_chain_head: AuditChainHeadTable }>;

  constructor(db: Kysely<DB>) {
    this.#db = db.withTables<{ audit_chain_head: AuditChainHeadTable }>();
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
        api_key_id: entry.keyId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAuditRow(row);
  }

  /**
   * Newest first (by place in the chain). `orgId` null lists local-mode entries (no organisation).
   * `before` is the `seq` of the last entry of the previous page.
   */
  async list(orgId: string | null, opts: { limit: number; before?: number }): Promise<AuditRow[]> {
    let query = this.#db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) => (orgId === null ? eb('org_id', 'is', null) : eb('org_id', '=', orgId)));
    if (opts.before !== undefined) query = query.where('seq', '<', opts.before);
    const rows = await query
      .orderBy('seq', 'desc')
      .limit(Math.max(0, Math.floor(opts.limit)))
      .execute();
    return rows.map(toAuditRow);
  }

  /**
   * One page of the whole chain in order, after place `afterSeq`, as the chain's hash saw it (the time
   * as the database formats it, to the microsecond: a JavaScript Date would drop those).
   */
  async chainPage(afterSeq: number, limit: number): Promise<ChainEntry[]> {
    const rows = await this.#db
      .selectFrom('audit_log')
      .select([
        'seq',
        'id',
        sql<string>`audit_log_at_text(at)`.as('at_text'),
        'actor',
        'action',
        'org_id',
        'scan_id',
        'finding_id',
        'api_key_id',
        'prev_hash',
        'row_hash',
      ])
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      seq: toNumber(row.seq as number | string),
      id: toNumber(row.id as number | string),
      atText: row.at_text,
      actor: row.actor,
      action: row.action,
      orgId: row.org_id,
      scanId: row.scan_id,
      findingId: row.finding_id,
      keyId: row.api_key_id,
      // A row slipped in past the trigger may lack them: that is for the verifier to name, not a crash.
      prevHash: row.prev_hash ?? '',
      rowHash: row.row_hash ?? '',
    }));
  }

  /** The chain's head as the database recorded it; null if the anchor row is gone. */
  async chainHead(): Promise<ChainHead | null> {
    const row = await this.#db.selectFrom('audit_chain_head').select(['seq', 'row_hash']).executeTakeFirst();
    return row ? { seq: toNumber(row.seq), rowHash: row.row_hash } : null;
  }
}

// The id and seq are bigints: pg hands them over as strings, PGlite as numbers; schema.ts says number.
function toAuditRow(row: AuditRow): AuditRow {
  return { ...row, id: toNumber(row.id as number | string), seq: toNumber(row.seq as number | string) };
}
