import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, FindingsTable, Severity } from '../schema.js';
import { toBuffer, toDate, toNumber } from './row-values.util.js';

export interface FindingRecord {
  id: string;
  scanId: string;
  pageId: string;
  sourceId: string;
  dedupeKey: string;
  severity: Severity;
  identifierIds: string[];
  sealedDetail: Buffer;
  createdAt: Date;
}

export interface UpsertFindingInput {
  id: string;
  scanId: string;
  pageId: string;
  sourceId: string;
  /** Keyed hash of (page, post): the same post found again is the same finding. */
  dedupeKey: string;
  severity: Severity;
  identifierIds: string[];
  sealedDetail: Buffer;
}

export class FindingRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /**
   * Inserts the finding or refreshes the one already recorded for its dedupe key; the first id stays, so
   * links handed out (evidence URLs) survive retries. `inserted` says whether this call created it.
   */
  async upsert(input: UpsertFindingInput): Promise<{ id: string; inserted: boolean }> {
    const row = await this.#db
      .insertInto('findings')
      .values({
        id: input.id,
        scan_id: input.scanId,
        page_id: input.pageId,
        source_id: input.sourceId,
        dedupe_key: input.dedupeKey,
        severity: input.severity,
        identifier_ids: JSON.stringify(input.identifierIds),
        sealed_detail: input.sealedDetail,
      })
      .onConflict((oc) =>
        oc.columns(['scan_id', 'dedupe_key']).doUpdateSet((eb) => ({
          severity: eb.ref('excluded.severity'),
          identifier_ids: eb.ref('excluded.identifier_ids'),
          sealed_detail: eb.ref('excluded.sealed_detail'),
        })),
      )
      // xmax is 0 only on a freshly inserted row version: PostgreSQL's way to tell insert from update.
      .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
      .executeTakeFirstOrThrow();
    return { id: row.id, inserted: row.inserted };
  }

  async get(id: string): Promise<FindingRecord | undefined> {
    const row = await this.#db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toFindingRecord(row);
  }

  async listByScan(scanId: string): Promise<FindingRecord[]> {
    const rows = await this.#db
      .selectFrom('findings')
      .selectAll()
      .where('scan_id', '=', scanId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toFindingRecord);
  }

  async countByScan(scanId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('findings')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('scan_id', '=', scanId)
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }
}

function toFindingRecord(row: Selectable<FindingsTable>): FindingRecord {
  return {
    id: row.id,
    scanId: row.scan_id,
    pageId: row.page_id,
    sourceId: row.source_id,
    dedupeKey: row.dedupe_key,
    severity: row.severity,
    identifierIds: row.identifier_ids,
    sealedDetail: toBuffer(row.sealed_detail),
    createdAt: toDate(row.created_at),
  };
}
