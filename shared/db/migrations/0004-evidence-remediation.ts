import { sql, type Kysely } from 'kysely';

/**
 * What the evidence pack and the person's own follow-up need:
 * - `scan_pages.http_status`: the status the page answered with, for the pack's manifest (a court or
 *   a platform asks what the server said, not only what it sent). Null for pages fetched before this.
 * - `finding_remediation`: where the person is with each finding (asked the site, removed, ...). The
 *   finding id is the report finding's own id (shared/report/report.schema.ts), never a value; rows go
 *   with their scan.
 * - `audit_log.finding_id`: which finding a reveal or a status change was about (an id, never content).
 */

const STATUSES = sql`status in ('action-needed', 'requested', 'removed', 'unlikely-to-be-removed')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scan_pages').addColumn('http_status', 'integer').execute();

  await db.schema
    .createTable('finding_remediation')
    .addColumn('scan_id', 'text', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('finding_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(STATUSES))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('finding_remediation_pkey', ['scan_id', 'finding_id'])
    .execute();

  await db.schema.alterTable('audit_log').addColumn('finding_id', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('finding_id').execute();
  await db.schema.dropTable('finding_remediation').ifExists().execute();
  await db.schema.alterTable('scan_pages').dropColumn('http_status').execute();
}
