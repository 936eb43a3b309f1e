import { randomUUID } from 'node:crypto';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { ScanVault } from '../../shared/crypto/scan-vault.js';
import { openDatabase } from '../../shared/db/database.js';
import * as m0001 from '../../shared/db/migrations/0001-initial.js';
import * as m0002 from '../../shared/db/migrations/0002-search-keys.js';
import * as m0003 from '../../shared/db/migrations/0003-coverage.js';
import * as m0004 from '../../shared/db/migrations/0004-evidence-remediation.js';
import * as m0005 from '../../shared/db/migrations/0005-web-sessions.js';
import * as m0006 from '../../shared/db/migrations/0006-audit-chain.js';
import { migrateToLatest } from '../../shared/db/migrator.js';
import { ScanRepository } from '../../shared/db/repositories/scan.repository.js';
import type { SealedScanRequest } from '../../shared/domain/scan.js';
import { createTestPostgres } from '../support/databases.js';

/** The migrations as released before 0007, under the names recorded in kysely_migration. */
const before0007: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-search-keys': m0002,
  '0003-coverage': m0003,
  '0004-evidence-remediation': m0004,
  '0005-web-sessions': m0005,
  '0006-audit-chain': m0006,
};

/**
 * Migration 0007 on a database that already holds scans: each scan's wrapped key moves to data_keys
 * (with no master key id yet), the scans table keeps no copy, and the scan still opens.
 */
describe.each([
  [
    'postgres',
    async () => {
      const target = await createTestPostgres();
      const database = await openDatabase({ url: target.url, maxConnections: 2 });
      return { database, drop: () => target.drop() };
    },
  ],
  ['pglite', async () => ({ database: await openDatabase({ memory: true }), drop: async () => undefined })],
] as const)('migration 0007 on %s', (_engine, open) => {
  it('moves every existing data key to data_keys and the scans still open', async () => {
    const { database, drop } = await open();
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before 0007
      const db = database.db as unknown as Kysely<any>;
      const old = await new Migrator({
        db,
        provider: { getMigrations: async () => before0007 },
      }).migrateToLatest();
      expect(old.error).toBeUndefined();

      const masterKey = generateMasterKey();
      const vault = new ScanVault(masterKey);
      const scanIds = [randomUUID(), randomUUID()];
      for (const [index, id] of scanIds.entries()) {
        const { wrapped } = vault.newScanKey(id);
        const request: SealedScanRequest = {
          identifiers: [{ id: 'h1', kind: 'handle', value: `moth${index}` }],
        };
        await db
          .insertInto('scans')
          .values({
            id,
            org_id: null,
            status: 'queued',
            wrapped_key: wrapped,
            sealed_request: vault.seal({ id, wrapped_key: wrapped }, request),
            options: JSON.stringify({
              sources: [],
              allowDirect: false,
              remoteSearchOptIn: [],
              ranDirect: false,
              mode: 'local',
            }),
            expires_at: new Date(Date.now() + 3_600_000),
          })
          .execute();
      }

      expect(await migrateToLatest(database.db)).toEqual(['0007-data-keys']);

      const keys = await database.db.selectFrom('data_keys').selectAll().orderBy('scan_id').execute();
      expect(keys.map((row) => [row.scan_id, row.master_key_id])).toEqual(
        [...scanIds].sort().map((id) => [id, null]),
      );
      const columns = await sql<{ column_name: string }>`
        select column_name from information_schema.columns where table_name = 'scans'`.execute(database.db);
      expect(columns.rows.map((row) => row.column_name)).not.toContain('wrapped_key');

      const scans = new ScanRepository(database.db);
      const fresh = new ScanVault(masterKey);
      for (const [index, id] of scanIds.entries()) {
        const scan = await scans.get(id);
        expect(scan?.key_id).toBeNull();
        expect(fresh.open<SealedScanRequest>(scan!, scan!.sealed_request).identifiers[0]!.value).toBe(
          `moth${index}`,
        );
      }
    } finally {
      await database.close();
      await drop();
    }
  });
});
