import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../../../shared/config.js';
import { provisionApplicationRole } from '../../../shared/db/app-role.js';
import { openDatabase } from '../../../shared/db/database.js';
import { migrateToLatest } from '../../../shared/db/migrator.js';
import { runCommand } from '../cli-support.js';

export interface MigrateOutcome {
  applied: string[];
  /** The application's role, when the schema has an owner of its own (DATABASE_OWNER_URL). */
  applicationRole?: { name: string; created: boolean };
}

/**
 * Brings the schema up to date. With DATABASE_OWNER_URL, as that owner, and then gives the role of
 * DATABASE_URL (created if missing, with the URL's password) its rights: ordinary ones on every table,
 * only INSERT and SELECT on the audit log (shared/db/app-role.ts). Without it, DATABASE_URL migrates as
 * before, and without that the embedded database does.
 */
export async function migrateDatabase(config: Config): Promise<MigrateOutcome> {
  if (config.databaseOwnerUrl === undefined) {
    const database = await openDatabase(
      config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'db') },
    );
    try {
      return { applied: await migrateToLatest(database.db) };
    } finally {
      await database.close();
    }
  }
  if (config.databaseUrl === undefined) {
    throw new ConfigError(
      "invalid setting DATABASE_URL: required with DATABASE_OWNER_URL (it names the application's role)",
    );
  }
  const appUrl = new URL(config.databaseUrl);
  const name = decodeURIComponent(appUrl.username);
  if (!name) throw new ConfigError('invalid setting DATABASE_URL: must name its user (the application role)');
  const database = await openDatabase({ url: config.databaseOwnerUrl, maxConnections: 1 });
  try {
    const applied = await migrateToLatest(database.db);
    const created = await provisionApplicationRole(database.db, {
      name,
      ...(appUrl.password ? { password: decodeURIComponent(appUrl.password) } : {}),
    });
    return { applied, applicationRole: { name, created } };
  } finally {
    await database.close();
  }
}

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      "bring the database schema up to date: as DATABASE_OWNER_URL when set (then DATABASE_URL's role is created if missing and may only append to the audit log), else DATABASE_URL, else the embedded database",
    )
    .action(() =>
      runCommand(async () => {
        const outcome = await migrateDatabase(loadConfig());
        process.stdout.write(
          outcome.applied.length ? `applied: ${outcome.applied.join(', ')}\n` : 'schema is up to date\n',
        );
        const role = outcome.applicationRole;
        if (role) {
          process.stdout.write(
            `application role ${role.name}: ${role.created ? 'created; ' : ''}may only append to the audit log\n`,
          );
        }
      }),
    );
}
