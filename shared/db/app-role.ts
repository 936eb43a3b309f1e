import { sql, type Kysely } from 'kysely';

/**
 * The application's own PostgreSQL role, when the schema belongs to another (docs/safety.md §3). The
 * owner migrates; the application connects as this role, which has the ordinary rights on every table
 * but may only INSERT and SELECT on the audit log, and only SELECT on the chain's head and Kysely's
 * migration tables. Neither owning a table nor holding TRUNCATE, it can neither alter, drop, empty nor
 * un-trigger the log. Run after every migration: new tables get their grants then.
 */
export interface ApplicationRole {
  name: string;
  /** Set only when the role is created here; an existing role keeps its password. */
  password?: string;
}

/** Tables the application may read but never write; the audit log gets INSERT back below. */
const READ_ONLY_TABLES = ['audit_log', 'audit_chain_head', 'kysely_migration', 'kysely_migration_lock'];

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export class ApplicationRoleError extends Error {
  override name = 'ApplicationRoleError';
}

/** Creates the role if missing and sets its rights; returns whether it was created. `owner` is the owner's connection. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on whatever tables the migrations made
export async function provisionApplicationRole(owner: Kysely<any>, role: ApplicationRole): Promise<boolean> {
  if (!ROLE_NAME.test(role.name)) {
    throw new ApplicationRoleError('DATABASE_URL: the user name must be a plain PostgreSQL role name');
  }
  const current = await sql<{ name: string }>`select current_user as name`.execute(owner);
  if (current.rows[0]?.name === role.name) {
    throw new ApplicationRoleError(
      'DATABASE_URL and DATABASE_OWNER_URL name the same role: the application must connect as another role than the owner',
    );
  }
  const existing = await sql<{ rolsuper: boolean; owns: boolean }>`
    select r.rolsuper, exists (select 1 from pg_tables t where t.tableowner = r.rolname) as owns
    from pg_roles r where r.rolname = ${role.name}`.execute(owner);
  const found = existing.rows[0];
  if (found?.rolsuper || found?.owns) {
    // A superuser or a table owner can get past every trigger: the split would protect nothing.
    throw new ApplicationRoleError(
      `DATABASE_URL: role ${role.name} is a superuser or owns tables; the application needs a role of its own`,
    );
  }
  const id = sql.id(role.name);
  if (!found) {
    // CREATE ROLE takes no bind parameters: format() quotes the name and the password.
    const statement = await sql<{ text: string }>`
      select format('create role %I login password %L', ${role.name}::text, ${role.password ?? null}::text) as text`.execute(
      owner,
    );
    await sql.raw(statement.rows[0]!.text).execute(owner);
  }
  await sql`grant usage on schema public to ${id}`.execute(owner);
  await sql`grant select, insert, update, delete on all tables in schema public to ${id}`.execute(owner);
  await sql`grant usage, select on all sequences in schema public to ${id}`.execute(owner);
  const readOnly = sql.join(READ_ONLY_TABLES.map((table) => sql.table(table)));
  await sql`revoke insert, update, delete, truncate, references, trigger on ${readOnly} from ${id}`.execute(
    owner,
  );
  await sql`grant insert on audit_log to ${id}`.execute(owner);
  // PostgreSQL before 15 lets every role create objects in `public`: the role could then add tables or
  // functions beside the log's own. Say so rather than leave it.
  const creates = await sql<{ can: boolean }>`
    select has_schema_privilege(${role.name}, 'public', 'CREATE') as can`.execute(owner);
  if (creates.rows[0]?.can) {
    throw new ApplicationRoleError(
      `DATABASE_URL: role ${role.name} may create objects in schema public; as its owner run: revoke create on schema public from public`,
    );
  }
  return !found;
}
