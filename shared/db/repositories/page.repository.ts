import { sql, type CompiledQuery, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DB, ScanPagesTable } from '../schema.js';
import { rowBatches } from '../row-batches.js';
import { toBuffer, toBufferOrNull, toNumber } from './row-values.util.js';

/** A page row as schema.ts describes it, with bytea as Buffer whichever engine read it. */
export type PageRow = Omit<Selectable<ScanPagesTable>, 'sealed_url' | 'sealed_snapshot'> & {
  sealed_url: Buffer;
  sealed_snapshot: Buffer | null;
};

export interface NewPage {
  id: string;
  /** Keyed hash of the normalised URL (shared/crypto/keyed-hash.ts). */
  urlKey: string;
  sealedUrl: Buffer;
}

/** The evidence of a page read, for markFetched / markFetchedMany. */
export interface FetchedPage {
  id: string;
  contentSha256: string;
  sealedSnapshot: Buffer | null;
  /** The HTTP status the page answered with (the evidence pack's manifest states it). */
  httpStatus?: number | null;
}

export interface PageCounts {
  total: number;
  pending: number;
  fetched: number;
  failed: number;
}

/**
 * Pages found by searches. Jobs are delivered at least once, so every write here is idempotent and every
 * counter moves in the same transaction as the row it counts: a retried job can neither add a page twice
 * nor count it twice.
 */
export class PageRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /**
   * Adds the pages not yet known to the scan (by URL key) and returns the ids actually inserted: the
   * caller enqueues fetches for exactly those. The source's pages_total grows by the same number.
   */
  async addPages(scanId: string, sourceId: string, pages: NewPage[]): Promise<string[]> {
    // The same thread can appear twice in one batch of results; keep the first of each URL key.
    const unique = [...new Map(pages.map((p) => [p.urlKey, p])).values()];
    const inserted: string[] = [];
    for (const batch of rowBatches(unique)) inserted.push(...(await this.#addBatch(scanId, sourceId, batch)));
    return inserted;
  }

  /**
   * One statement (atomic on its own, like a transaction, in one round trip instead of four): the
   * counter grows by exactly the rows this statement inserted, so concurrent or retried batches of
   * the same URLs count each page once.
   */
  async #addBatch(scanId: string, sourceId: string, unique: NewPage[]): Promise<string[]> {
    const rows = await this.#db
      .with('inserted', (db) =>
        db
          .insertInto('scan_pages')
          .values(
            unique.map((p) => ({
              id: p.id,
              scan_id: scanId,
              source_id: sourceId,
              url_key: p.urlKey,
              sealed_url: p.sealedUrl,
              status: 'pending' as const,
            })),
          )
          .onConflict((oc) => oc.columns(['scan_id', 'url_key']).doNothing())
          .returning('id'),
      )
      .with('counted', (db) =>
        db
          .updateTable('scan_sources')
          .set((eb) => ({
            pages_total: eb(
              'pages_total',
              '+',
              eb.selectFrom('inserted').select(eb.fn.countAll<number>().as('n')),
            ),
          }))
          .where('scan_id', '=', scanId)
          .where('source_id', '=', sourceId)
          .where((eb) => eb.exists(eb.selectFrom('inserted').select('id'))),
      )
      .selectFrom('inserted')
      .select('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** What a fetch needs of its page: whether it is still to fetch, and where (sealed). */
  async fetchTarget(id: string): Promise<Pick<PageRow, 'status' | 'sealed_url'> | undefined> {
    return (await this.fetchTargets([id])).get(id);
  }

  /**
   * fetchTarget for several pages in one statement (the fetches a worker runs at once), keyed by id;
   * a page that no longer exists is absent.
   */
  async fetchTargets(ids: string[]): Promise<Map<string, Pick<PageRow, 'status' | 'sealed_url'>>> {
    const targets = new Map<string, Pick<PageRow, 'status' | 'sealed_url'>>();
    for (const batch of rowBatches([...new Set(ids)])) {
      const rows = await this.#db
        .selectFrom('scan_pages')
        .select(['id', 'status', 'sealed_url'])
        .where('id', 'in', batch)
        .execute();
      for (const row of rows)
        targets.set(row.id, { status: row.status, sealed_url: toBuffer(row.sealed_url) });
    }
    return targets;
  }

  async get(id: string): Promise<PageRow | undefined> {
    const row = await this.#db.selectFrom('scan_pages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPageRow(row);
  }

  /** Which of `urlKeys` the scan already has (a retried search re-queues their fetches). */
  async existingUrlKeys(scanId: string, urlKeys: string[]): Promise<string[]> {
    if (urlKeys.length === 0) return [];
    const rows = await this.#db
      .selectFrom('scan_pages')
      .select('url_key')
      .where('scan_id', '=', scanId)
      .where('url_key', 'in', urlKeys)
      .execute();
    return rows.map((r) => r.url_key);
  }

  /** Pages stored for one source of a scan, whatever their status (the per-scan page cap counts these). */
  async countBySource(scanId: string, sourceId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('scan_pages')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('scan_id', '=', scanId)
      .where('source_id', '=', sourceId)
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  /** In a stable order (source, then id), for reports and evidence exports. */
  async listByScan(scanId: string): Promise<PageRow[]> {
    const rows = await this.#db
      .selectFrom('scan_pages')
      .selectAll()
      .where('scan_id', '=', scanId)
      .orderBy('source_id')
      .orderBy('id')
      .execute();
    return rows.map(toPageRow);
  }

  /**
   * Stores the evidence and counts the page as done. Only a pending page moves, so a retry after success
   * changes nothing and counts nothing; returns whether this call was the one that moved it.
   */
  async markFetched(
    id: string,
    evidence: { contentSha256: string; sealedSnapshot: Buffer | null; httpStatus?: number | null },
  ): Promise<boolean> {
    return (await this.markFetchedMany([{ id, ...evidence }])).has(id);
  }

  /**
   * markFetched for several pages in one statement, each moved and counted as markFetched does (only
   * from pending, its source's counter by the pages this statement moved). Returns the ids it moved.
   */
  async markFetchedMany(pages: FetchedPage[]): Promise<Set<string>> {
    const moved = new Set<string>();
    // One entry per page: a statement may not update a row twice. The last entry wins, as it would
    // in two calls in a row (where the second moves nothing).
    const unique = [...new Map(pages.map((page) => [page.id, page])).values()];
    for (const batch of rowBatches(unique)) {
      for (const row of await this.#markFetchedBatch(batch)) moved.add(row.id);
    }
    return moved;
  }

  /**
   * markFetchedMany's statement for a batch size, built and compiled once: the query builder cost more
   * of a fetch worker's time than sending the statement. Each parameter is a page's field (its slot,
   * page * 4 + field) or one of the statement's own constants.
   */
  readonly #markFetchedStatements = new Map<
    number,
    { compiled: CompiledQuery<{ id: string }>; slots: Array<number | { constant: unknown }> }
  >();

  async #markFetchedBatch(batch: FetchedPage[]): Promise<Array<{ id: string }>> {
    let statement = this.#markFetchedStatements.get(batch.length);
    if (!statement) {
      // Compiled over stand-ins, each a slot of its own, then told apart from the constants.
      const stand = (slot: number) => new ParameterSlot(slot) as never;
      const stands: FetchedPage[] = batch.map((_, i) => ({
        id: stand(i * 4),
        contentSha256: stand(i * 4 + 1),
        sealedSnapshot: stand(i * 4 + 2),
        httpStatus: stand(i * 4 + 3),
      }));
      const compiled = this.#markFetchedQuery(stands).compile();
      const slots = compiled.parameters.map((value) =>
        value instanceof ParameterSlot ? value.slot : { constant: value },
      );
      if (slots.filter((slot) => typeof slot === 'number').length !== batch.length * 4) {
        throw new Error('mark-fetched statement: a page field is not one parameter');
      }
      statement = { compiled, slots };
      this.#markFetchedStatements.set(batch.length, statement);
    }
    const parameters = statement.slots.map((slot) => {
      if (typeof slot !== 'number') return slot.constant;
      const page = batch[Math.floor(slot / 4)]!;
      const field = slot % 4;
      if (field === 0) return page.id;
      if (field === 1) return page.contentSha256;
      if (field === 2) return page.sealedSnapshot;
      return page.httpStatus ?? null;
    });
    return (await this.#db.executeQuery<{ id: string }>({ ...statement.compiled, parameters })).rows;
  }

  #markFetchedQuery(batch: FetchedPage[]) {
    // The evidence as a VALUES list joined to the pages: casts give the planner each column's type.
    const evidence = sql<{
      id: string;
      content_sha256: string;
      sealed_snapshot: Buffer | null;
      http_status: number | null;
    }>`(values ${sql.join(
      batch.map(
        (page) =>
          sql`(${page.id}::text, ${page.contentSha256}::text, ${page.sealedSnapshot}::bytea, ${page.httpStatus ?? null}::integer)`,
      ),
    )})`.as<'evidence'>(sql`evidence(id, content_sha256, sealed_snapshot, http_status)`);
    return (
      this.#db
        .with('moved', (db) =>
          db
            .updateTable('scan_pages')
            .from(evidence)
            .set((eb) => ({
              status: 'fetched' as const,
              content_sha256: eb.ref('evidence.content_sha256'),
              sealed_snapshot: eb.ref('evidence.sealed_snapshot'),
              http_status: eb.ref('evidence.http_status'),
              fetched_at: sql<Date>`now()`,
            }))
            .whereRef('scan_pages.id', '=', 'evidence.id')
            .where('scan_pages.status', '=', 'pending')
            .returning(['scan_pages.id', 'scan_pages.scan_id', 'scan_pages.source_id']),
        )
        .with('per_source', (db) =>
          db
            .selectFrom('moved')
            .select(['scan_id', 'source_id', (eb) => eb.fn.countAll<number>().as('n')])
            .groupBy(['scan_id', 'source_id']),
        )
        // Runs whether or not the outer select reads it (a data-modifying WITH always runs to the end).
        .with('counted', (db) =>
          db
            .updateTable('scan_sources')
            .from('per_source')
            .set((eb) => ({ pages_done: eb('scan_sources.pages_done', '+', eb.ref('per_source.n')) }))
            .whereRef('scan_sources.scan_id', '=', 'per_source.scan_id')
            .whereRef('scan_sources.source_id', '=', 'per_source.source_id')
            .returning('scan_sources.scan_id'),
        )
        .selectFrom('moved')
        .select('id')
    );
  }

  /** A page that failed for good (after its retries); counted once, like markFetched. */
  async markFailed(id: string, error: string): Promise<boolean> {
    return this.#settle(id, { status: 'failed', error });
  }

  async countByScan(scanId: string): Promise<PageCounts> {
    const rows = await this.#db
      .selectFrom('scan_pages')
      .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('scan_id', '=', scanId)
      .groupBy('status')
      .execute();
    const counts: PageCounts = { total: 0, pending: 0, fetched: 0, failed: 0 };
    for (const row of rows) {
      const n = toNumber(row.n);
      counts[row.status] = n;
      counts.total += n;
    }
    return counts;
  }

  async #settle(
    id: string,
    changes: {
      status: 'fetched' | 'failed';
      content_sha256?: string;
      sealed_snapshot?: Buffer | null;
      fetched_at?: RawBuilder<Date>;
      error?: string;
    },
  ): Promise<boolean> {
    const counter = changes.status === 'fetched' ? 'pages_done' : 'pages_failed';
    // One statement (atomic on its own): the page moves only from pending, and the counter moves
    // with it, so a retry after success counts nothing. One round trip instead of a transaction's four.
    const result = await this.#db
      .with('moved', (db) =>
        db
          .updateTable('scan_pages')
          .set(changes)
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .returning(['scan_id', 'source_id']),
      )
      .updateTable('scan_sources')
      .from('moved')
      .set((eb) => ({ [counter]: eb(`scan_sources.${counter}`, '+', 1) }))
      .whereRef('scan_sources.scan_id', '=', 'moved.scan_id')
      .whereRef('scan_sources.source_id', '=', 'moved.source_id')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

/** A stand-in for one page field while markFetchedMany's statement is compiled. */
class ParameterSlot {
  constructor(readonly slot: number) {}
}

function toPageRow(row: Selectable<ScanPagesTable>): PageRow {
  return {
    ...row,
    sealed_url: toBuffer(row.sealed_url),
    sealed_snapshot: toBufferOrNull(row.sealed_snapshot),
  };
}
