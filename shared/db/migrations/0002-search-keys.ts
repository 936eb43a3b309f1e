import { sql, type Kysely } from 'kysely';

/**
 * Which searches of a source have ended, by key (the identifier's id, or "listing"): a search job
 * delivered twice (its worker died after recording it) then counts once. Identifier ids, never values.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('scan_sources')
    .addColumn('searches_done_keys', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scan_sources').dropColumn('searches_done_keys').execute();
}
