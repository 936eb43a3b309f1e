import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../../shared/config.js';
import { openDatabase } from '../../../shared/db/database.js';
import { migrateToLatest } from '../../../shared/db/migrator.js';
import { OrgRepository } from '../../../shared/db/repositories/org.repository.js';
import { runCommand } from '../cli-support.js';

async function withOrgs<T>(body: (orgs: OrgRepository) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'db') },
  );
  try {
    await migrateToLatest(database.db);
    return await body(new OrgRepository(database.db));
  } finally {
    await database.close();
  }
}

/** Organisations and their API keys (service mode). A key is printed once; only its hash is kept. */
export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('manage organisations and their API keys');
  org
    .command('create')
    .argument('<name>', 'organisation name')
    .description('create an organisation and print its id')
    .action((name: string) =>
      runCommand(() =>
        withOrgs(async (orgs) => {
          const created = await orgs.createOrg(name);
          process.stdout.write(`${created.id}\n`);
        }),
      ),
    );
  org
    .command('list')
    .description('list organisations')
    .action(() =>
      runCommand(() =>
        withOrgs(async (orgs) => {
          for (const o of await orgs.listOrgs()) process.stdout.write(`${o.id}  ${o.name}\n`);
        }),
      ),
    );
  const key = org.command('key').description('API keys of an organisation');
  key
    .command('create')
    .requiredOption('--org <id>', 'organisation id')
    .option('--label <label>', 'what the key is for')
    .description('create an API key and print it (shown once)')
    .action((flags: { org: string; label?: string }) =>
      runCommand(() =>
        withOrgs(async (orgs) => {
          const created = await orgs.createApiKey(flags.org, flags.label ?? null);
          process.stdout.write(`${created.key}\n`);
          process.stderr.write(`key id ${created.id}: store the key now, it is not shown again\n`);
        }),
      ),
    );
  key
    .command('revoke')
    .argument('<keyId>', 'API key id')
    .description('revoke an API key')
    .action((keyId: string) =>
      runCommand(() =>
        withOrgs(async (orgs) => {
          if (!(await orgs.revokeApiKey(keyId))) throw new Error(`no API key ${keyId}`);
          process.stdout.write('revoked\n');
        }),
      ),
    );
}
