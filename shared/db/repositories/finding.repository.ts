import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, FindingsTable, Severity } from '../schema.js';
import { rowBatches } from '../row-batches.js';
import { toBuffer, toNumber } from './row-values.util.js';

/** A finding row as schema.ts describes it, with bytea as Buffer whichever engine read it. */
export type FindingRow = Omit<Selectable<FindingsTable>, 'sealed_detail'> & { sealed_detail: Buffer };

export interface UpsertFindingInput {
  id: string;
  scanId: string;
  pageId: string;
  sourceId: string;
  /**
   * Keyed hash of (scan, source, post id), as fetch.processor.ts builds it: the same post found again
   * in this scan, on any page of the source that shows it, is the same finding.
   */
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
    const [row] = await this.upsertMany([input]);
    return { id: row!.id, inserted: row!.inserted };
  }

  /**
   * Every finding of one page in one statement (one round trip however many posts matched; a
   * thousand per statement at most), each
   * upserted as `upsert` does. A dedupe key listed twice is written once, with its last entry's
   * values, as two upserts in a row would leave it (one statement may not update a row twice).
   */
  async upsertMany(
    inputs: UpsertFindingInput[],
  ): Promise<Array<{ id: string; dedupeKey: string; inserted: boolean }>> {
    const unique = [
      ...new Map(inputs.map((input) => [`${input.scanId}\n${input.dedupeKey}`, input])).values(),
    ];
    const written: Array<{ id: string; dedupeKey: string; inserted: boolean }> = [];
    for (const batch of rowBatches(unique)) {
      const rows = await this.#upsertBatch(batch);
      written.push(...rows.map((row) => ({ id: row.id, dedupeKey: row.dedupe_key, inserted: row.inserted })));
    }
    return written;
  }

  #upsertBatch(batch: UpsertFindingInput[]) {
    return (
      this.#db
        .insertInto('findings')
        .values(
          batch.map((input) => ({
            id: input.id,
            scan_id: input.scanId,
            page_id: input.pageId,
            source_id: input.sourceId,
            dedupe_key: input.dedupeKey,
            severity: input.severity,
            identifier_ids: JSON.stringify(input.identifierIds),
            sealed_detail: input.sealedDetail,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['scan_id', 'dedupe_key']).doUpdateSet((eb) => ({
            severity: eb.ref('excluded.severity'),
            identifier_ids: eb.ref('excluded.identifier_ids'),
            sealed_detail: eb.ref('excluded.sealed_detail'),
          })),
        )
        // xmax is 0 only on a freshly inserted row version: PostgreSQL's way to tell insert from update.
        .returning(['id', 'dedupe_key', sql<boolean>`(xmax = 0)`.as('inserted')])
        .execute()
    );
  }

  async get(id: string): Promise<FindingRow | undefined> {
    const row = await this.#db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toFindingRow(row);
  }

  async listByScan(scanId: string): Promise<FindingRow[]> {
    const rows = await this.#db
      .selectFrom('findings')
      .selectAll()
      .where('scan_id', '=', scanId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toFindingRow);
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

function toFindingRow(row: Selectable<FindingsTable>): FindingRow {
  return { ...row, sealed_detail: toBuffer(row.sealed_detail) };
}
