import { sql, type Kysely } from 'kysely';

/**
 * Data keys apart from the data. Each scan's wrapped data key moves out of its scan row into
 * `data_keys`, with the id of the master key that wrapped it (null for the keys moved here: they were
 * wrapped before ids were recorded, and the migration does not hold the master key; `keys rotate`
 * fills the id in). Deleting or expiring a scan deletes its key row in the same transaction, so a copy of
 * the scan's rows taken earlier (a backup, the write-ahead log, a replica, a saved `select *`) can no
 * longer be opened with the master key, as long as the key table is not kept as long as the data.
 *
 * Also: an organisation's own retention period (null: EXPOSURE_RETENTION_DAYS applies).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_keys')
    // One key per scan, gone with the scan even if a delete ever missed it (cascade).
    .addColumn('scan_id', 'text', (c) => c.primaryKey().references('scans.id').onDelete('cascade'))
    .addColumn('wrapped_key', 'bytea', (c) => c.notNull())
    .addColumn('master_key_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('rotated_at', 'timestamptz')
    .execute();
  // A rotation looks for the keys not yet under the new master key.
  await db.schema
    .createIndex('data_keys_master_key_id_idx')
    .on('data_keys')
    .column('master_key_id')
    .execute();
  await sql`insert into data_keys (scan_id, wrapped_key) select id, wrapped_key from scans`.execute(db);
  await db.schema.alterTable('scans').dropColumn('wrapped_key').execute();

  await db.schema
    .alterTable('organisations')
    .addColumn('retention_days', 'integer', (c) => c.check(sql`retention_days between 1 and 3650`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('retention_days').execute();
  await db.schema.alterTable('scans').addColumn('wrapped_key', 'bytea').execute();
  await sql`update scans set wrapped_key = k.wrapped_key from data_keys as k where k.scan_id = scans.id`.execute(
    db,
  );
  await sql`alter table scans alter column wrapped_key set not null`.execute(db);
  await db.schema.dropTable('data_keys').execute();
}
