import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, requireMasterKey } from '../../../shared/config.js';
import { rotateDataKeys } from '../../../shared/crypto/key-rotation.js';
import { ScanVault } from '../../../shared/crypto/scan-vault.js';
import { openDatabase } from '../../../shared/db/database.js';
import { migrateToLatest } from '../../../shared/db/migrator.js';
import { DataKeyRepository } from '../../../shared/db/repositories/data-key.repository.js';
import { runCommand } from '../cli-support.js';

async function withDataKeys<T>(body: (keys: DataKeyRepository, vault: ScanVault) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const vault = new ScanVault(requireMasterKey(config), config.previousMasterKeys);
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'db') },
  );
  try {
    await migrateToLatest(database.db);
    return await body(new DataKeyRepository(database.db), vault);
  } finally {
    await database.close();
  }
}

/**
 * Master key rotation. The new key is EXPOSURE_MASTER_KEY and the replaced ones are
 * EXPOSURE_PREVIOUS_MASTER_KEYS, the settings every process runs with during the rotation; `keys
 * rotate` re-wraps each scan's data key under the new key, after which the old one can be dropped.
 */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description("rotate the master key that wraps every scan's data key");
  keys
    .command('rotate')
    .description(
      're-wrap every data key under EXPOSURE_MASTER_KEY, opening old ones with EXPOSURE_PREVIOUS_MASTER_KEYS (the sealed data is not touched)',
    )
    .action(() =>
      runCommand(() =>
        withDataKeys(async (repository, vault) => {
          const result = await rotateDataKeys(repository, vault);
          process.stdout.write(`re-wrapped ${result.rewrapped} data keys under master key ${vault.keyId}\n`);
          if (result.unopened.length > 0) {
            const ids = [...new Set(result.unopened.map((key) => key.masterKeyId ?? 'unknown'))];
            throw new Error(
              `${result.unopened.length} data keys are wrapped under master keys not given (${ids.join(', ')}): add them to EXPOSURE_PREVIOUS_MASTER_KEYS and run again`,
            );
          }
        }),
      ),
    );
  keys
    .command('status')
    .description('how many data keys each master key wraps (ids, never keys)')
    .action(() =>
      runCommand(() =>
        withDataKeys(async (repository, vault) => {
          for (const row of await repository.countByMasterKey()) {
            const id = row.masterKeyId ?? 'unknown (before key ids; run keys rotate)';
            const label =
              row.masterKeyId === vault.keyId
                ? ' (current)'
                : vault.previousKeyIds.includes(row.masterKeyId ?? '')
                  ? ' (previous)'
                  : '';
            process.stdout.write(`${id}${label}  ${row.keys}\n`);
          }
        }),
      ),
    );
}
