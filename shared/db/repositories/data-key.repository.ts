import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { toBuffer, toNumber } from './row-values.util.js';

/** One scan's wrapped data key, as a rotation reads it. */
export interface DataKeyRow {
  scanId: string;
  wrappedKey: Buffer;
  /** masterKeyId of the key that wrapped it; null for keys older than key ids (migration 0007). */
  masterKeyId: string | null;
}

/**
 * The data keys table on its own, for master key rotation. Keys are written and deleted with their
 * scan (ScanRepository); here they are only re-wrapped, never created or removed.
 */
export class DataKeyRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** Keys not (known to be) wrapped under `masterKeyId`, in scan id order after `afterScanId`. */
  async listNotUnder(masterKeyId: string, limit: number, afterScanId?: string): Promise<DataKeyRow[]> {
    let query = this.#db
      .selectFrom('data_keys')
      .select(['scan_id', 'wrapped_key', 'master_key_id'])
      .where((eb) => eb.or([eb('master_key_id', 'is', null), eb('master_key_id', '!=', masterKeyId)]));
    if (afterScanId !== undefined) query = query.where('scan_id', '>', afterScanId);
    const rows = await query.orderBy('scan_id').limit(limit).execute();
    return rows.map((row) => ({
      scanId: row.scan_id,
      wrappedKey: toBuffer(row.wrapped_key),
      masterKeyId: row.master_key_id,
    }));
  }

  /**
   * Stores a re-wrapped key, only if the row still holds the key that was read: a scan deleted meanwhile
   * stays deleted, and two rotations at once cannot undo each other. Returns whether it was stored.
   */
  async replace(scanId: string, read: Buffer, wrapped: Buffer, masterKeyId: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('data_keys')
      .set({ wrapped_key: wrapped, master_key_id: masterKeyId, rotated_at: sql`now()` })
      .where('scan_id', '=', scanId)
      .where('wrapped_key', '=', read)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** How many keys each master key wraps (null: not yet known, from before key ids). */
  async countByMasterKey(): Promise<Array<{ masterKeyId: string | null; keys: number }>> {
    const rows = await this.#db
      .selectFrom('data_keys')
      .select(['master_key_id', (eb) => eb.fn.countAll().as('keys')])
      .groupBy('master_key_id')
      .orderBy('master_key_id')
      .execute();
    return rows.map((row) => ({ masterKeyId: row.master_key_id, keys: toNumber(row.keys) }));
  }
}
