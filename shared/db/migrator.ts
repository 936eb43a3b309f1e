import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-search-keys.js';
import * as m0003 from './migrations/0003-coverage.js';
import * as m0004 from './migrations/0004-evidence-remediation.js';
import * as m0005 from './migrations/0005-web-sessions.js';
import * as m0006 from './migrations/0006-audit-chain.js';
import * as m0007 from './migrations/0007-data-keys.js';

/**
 * Migrations are imported statically rather than read from a folder at run time: the build output and a
 * bundled CLI then carry them without any path juggling, and a missing one is a compile error.
 * Names are permanent once released (they are recorded in kysely_migration).
 */
const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-search-keys': m0002,
  '0003-coverage': m0003,
  '0004-evidence-remediation': m0004,
  '0005-web-sessions': m0005,
  '0006-audit-chain': m0006,
  '0007-data-keys': m0007,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** Thrown when a migration fails; says which one, and keeps the database's own error as the cause. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

// The migrator works below the DB types (it must run against any past shape of the schema).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKysely = Kysely<any>;

function createMigrator(db: AnyKysely): Migrator {
  return new Migrator({ db, provider });
}

/**
 * Brings the schema up to date and returns the names it applied (empty when already current). Safe to
 * run from several processes at once: Kysely takes a PostgreSQL advisory lock around the run.
 */
export async function migrateToLatest(db: AnyKysely): Promise<string[]> {
  const { error, results = [] } = await createMigrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      failed ? `database migration ${failed} failed: ${reason}` : `database migration failed: ${reason}`,
      { cause: error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
