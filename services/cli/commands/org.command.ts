import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../../shared/config.js';
import { openDatabase } from '../../../shared/db/database.js';
import { migrateToLatest } from '../../../shared/db/migrator.js';
import { AuditRepository } from '../../../shared/db/repositories/audit.repository.js';
import { OrgRepository, type ApiKeyRow } from '../../../shared/db/repositories/org.repository.js';
import { z } from 'zod';
import { describeZodError, runCommand, UsageError } from '../cli-support.js';

/** The audit actor of these commands: whoever runs them on the server, named as the program. */
const CLI_ACTOR = 'cli';

export interface OrgRepositories {
  orgs: OrgRepository;
  audit: AuditRepository;
}

async function withOrgs<T>(body: (repositories: OrgRepositories) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'db') },
  );
  try {
    await migrateToLatest(database.db);
    return await body({ orgs: new OrgRepository(database.db), audit: new AuditRepository(database.db) });
  } finally {
    await database.close();
  }
}

async function requireOrg(orgs: OrgRepository, orgId: string): Promise<void> {
  if (!(await orgs.listOrgs()).some((org) => org.id === orgId)) {
    throw new UsageError(`--org: no organisation ${orgId}`);
  }
}

/** Makes a key for an organisation and records it in the audit log (the key's id, never the key). */
export async function createOrgKey(
  { orgs, audit }: OrgRepositories,
  orgId: string,
  label: string | null,
): Promise<{ id: string; key: string }> {
  await requireOrg(orgs, orgId);
  const created = await orgs.createApiKey(orgId, label);
  await audit.append({ actor: CLI_ACTOR, action: 'key.create', orgId, scanId: null, keyId: created.id });
  return created;
}

/** Revokes a key and records it; a key revoked twice is recorded each time it is asked. */
export async function revokeOrgKey({ orgs, audit }: OrgRepositories, keyId: string): Promise<void> {
  const key = await orgs.getApiKey(keyId);
  if (!key || !(await orgs.revokeApiKey(keyId))) throw new UsageError(`keyId: no API key ${keyId}`);
  await audit.append({ actor: CLI_ACTOR, action: 'key.revoke', orgId: key.org_id, scanId: null, keyId });
}

/** One line per key: id, prefix, state, label, made, last used. Never the key, which is not stored. */
export function describeKey(key: ApiKeyRow): string {
  const state = key.revoked_at ? `revoked ${iso(key.revoked_at)}` : 'live';
  return [
    key.id,
    key.key_prefix ? `${key.key_prefix}…` : '(prefix not kept)',
    state,
    `created ${iso(key.created_at)}`,
    `last used ${key.last_used_at ? iso(key.last_used_at) : 'never'}`,
    ...(key.label ? [`label ${JSON.stringify(key.label)}`] : []),
  ].join('  ');
}

function iso(value: Date | string): string {
  // To the minute: last use is recorded at most once a minute, and seconds would suggest otherwise.
  return `${new Date(value).toISOString().slice(0, 16)}Z`;
}

/** An organisation's own retention period, as EXPOSURE_RETENTION_DAYS bounds it; "default" clears it. */
const retentionDaysSchema = z.union([
  z.literal('default').transform(() => null),
  z.coerce.number().int('must be a whole number of days').min(1).max(3650),
]);

export function parseRetentionDays(value: string, field: string): number | null {
  const parsed = retentionDaysSchema.safeParse(value.trim());
  if (!parsed.success) throw new UsageError(`${field}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** Organisations and their API keys (service mode). A key is printed once; only its hash is kept. */
export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('manage organisations and their API keys');
  org
    .command('create')
    .argument('<name>', 'organisation name')
    .option('--retention-days <days>', 'days its scans are kept (default: EXPOSURE_RETENTION_DAYS)')
    .description('create an organisation and print its id')
    .action((name: string, flags: { retentionDays?: string }) =>
      runCommand(() =>
        withOrgs(async ({ orgs }) => {
          const days =
            flags.retentionDays === undefined
              ? null
              : parseRetentionDays(flags.retentionDays, '--retention-days');
          const created = await orgs.createOrg(name, days);
          process.stdout.write(`${created.id}\n`);
        }),
      ),
    );
  org
    .command('list')
    .description('list organisations')
    .action(() =>
      runCommand(() =>
        withOrgs(async ({ orgs }) => {
          for (const o of await orgs.listOrgs()) {
            const kept =
              o.retention_days === null ? 'retention default' : `retention ${o.retention_days} days`;
            process.stdout.write(`${o.id}  ${o.name}  ${kept}\n`);
          }
        }),
      ),
    );
  org
    .command('set-retention')
    .argument('<orgId>', 'organisation id')
    .argument('<days>', 'days its new scans are kept (1 to 3650), or "default" for EXPOSURE_RETENTION_DAYS')
    .description("set how long an organisation's new scans are kept")
    .action((orgId: string, value: string) =>
      runCommand(() =>
        withOrgs(async ({ orgs }) => {
          const days = parseRetentionDays(value, 'days');
          if (!(await orgs.setRetentionDays(orgId, days)))
            throw new UsageError(`orgId: no organisation ${orgId}`);
          process.stdout.write(days === null ? 'retention: default\n' : `retention: ${days} days\n`);
        }),
      ),
    );
  const key = org.command('key').description('API keys of an organisation');
  key
    .command('create')
    .requiredOption('--org <id>', 'organisation id')
    .option('--label <label>', 'what the key is for')
    .description('create an API key and print it (shown once; audited)')
    .action((flags: { org: string; label?: string }) =>
      runCommand(() =>
        withOrgs(async (repositories) => {
          const created = await createOrgKey(repositories, flags.org, flags.label ?? null);
          process.stdout.write(`${created.key}\n`);
          process.stderr.write(`key id ${created.id}: store the key now, it is not shown again\n`);
        }),
      ),
    );
  key
    .command('list')
    .requiredOption('--org <id>', 'organisation id')
    .description("list an organisation's keys: id, prefix, state, when made and last used (to the minute)")
    .action((flags: { org: string }) =>
      runCommand(() =>
        withOrgs(async ({ orgs }) => {
          await requireOrg(orgs, flags.org);
          for (const row of await orgs.listApiKeys(flags.org)) process.stdout.write(`${describeKey(row)}\n`);
        }),
      ),
    );
  key
    .command('revoke')
    .argument('<keyId>', 'API key id')
    .description('revoke an API key (audited)')
    .action((keyId: string) =>
      runCommand(() =>
        withOrgs(async (repositories) => {
          await revokeOrgKey(repositories, keyId);
          process.stdout.write('revoked\n');
        }),
      ),
    );
}
