import { sql, type Kysely } from 'kysely';

/**
 * How completely each source was checked (docs: report coverage): set when a source fails for good
 * (blocked, rate-limited, challenge, unreachable, not searched) or when its search stops at a cap
 * (partial), with our own sentence saying why. Never a URL, page text or identifier.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('scan_sources')
    .addColumn('coverage', 'text', (c) =>
      c.check(
        sql`coverage in ('complete', 'partial', 'blocked', 'rate-limited', 'challenge', 'unreachable', 'not-searched')`,
      ),
    )
    .addColumn('coverage_reason', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scan_sources').dropColumn('coverage').dropColumn('coverage_reason').execute();
}
