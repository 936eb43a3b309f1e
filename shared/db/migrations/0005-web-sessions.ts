import { sql, type Kysely } from 'kysely';

/**
 * Sessions of the web pages (services/web). The browser holds a random token in a cookie; the row keeps
 * only its SHA-256, so a copy of this table opens no session. A session is either an organisation's
 * (signed in with one of its API keys: revoking or deleting the key ends it) or the local person's
 * (`exposure-scanner ui`, no organisation). `csrf_secret` is the token every form of the session carries;
 * `revealed` lists the report findings the person chose to see in this session ("<scan id>/<finding id>",
 * ids only). Both timeouts are kept here: `last_seen_at` for the idle one, `expires_at` for the absolute.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('web_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('org', 'local')`))
    .addColumn('org_id', 'text', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('api_key_id', 'text', (c) => c.references('api_keys.id').onDelete('cascade'))
    .addColumn('csrf_secret', 'text', (c) => c.notNull())
    .addColumn('revealed', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    // An organisation's session names its organisation and key; the local one names neither.
    .addCheckConstraint(
      'web_sessions_owner_check',
      sql`(kind = 'org' and org_id is not null and api_key_id is not null) or (kind = 'local' and org_id is null and api_key_id is null)`,
    )
    .execute();
  await db.schema
    .createIndex('web_sessions_expires_at_idx')
    .on('web_sessions')
    .column('expires_at')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('web_sessions').ifExists().execute();
}
