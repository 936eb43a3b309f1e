import { join } from 'node:path';
import { loadCatalog, loadSourceOverridesFile, type Catalog } from './catalog/catalog.loader.js';
import type { SourceOverrides } from './catalog/catalog.schema.js';
import type { Config } from './config.js';
import { ScanVault } from './crypto/scan-vault.js';
import { openDatabase, type Database } from './db/database.js';
import { MigrationError, migrateToLatest } from './db/migrator.js';
import { openPgliteThread } from './db/pglite.thread.js';
import { AuditRepository } from './db/repositories/audit.repository.js';
import { FindingRepository } from './db/repositories/finding.repository.js';
import { OrgRepository } from './db/repositories/org.repository.js';
import { PageRepository } from './db/repositories/page.repository.js';
import { RemediationRepository } from './db/repositories/remediation.repository.js';
import { ScanRepository } from './db/repositories/scan.repository.js';
import type { Logger } from './log.js';

/**
 * Storage, the catalog and the vault, opened once from the configuration: the API, the workers and the
 * CLI each build their services on it (services/core/runtime.ts for the API and CLI,
 * workers/pipeline-wiring.ts for the fetch pipeline).
 */
export interface Runtime {
  database: Database;
  catalog: Catalog;
  vault: ScanVault;
  repositories: {
    scans: ScanRepository;
    pages: PageRepository;
    findings: FindingRepository;
    audit: AuditRepository;
    orgs: OrgRepository;
    remediation: RemediationRepository;
  };
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  masterKey: string;
  log: Logger;
  /** Extra overrides on top of EXPOSURE_SOURCE_OVERRIDES (the demo points sources at its replica farm). */
  overrides?: SourceOverrides;
}

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config } = options;
  const overrides = {
    ...(config.sourceOverridesFile ? loadSourceOverridesFile(config.sourceOverridesFile) : {}),
    ...options.overrides,
  };
  const catalog = loadCatalog({ overrides });
  // Previous master keys open data keys not yet re-wrapped by `keys rotate`.
  const vault = new ScanVault(options.masterKey, config.previousMasterKeys);
  // Local mode's PGlite runs in its own thread, beside the pipeline this process runs.
  const database = config.databaseUrl
    ? await openDatabase({
        url: config.databaseUrl,
        connectTimeoutMs: config.dbConnectTimeoutMs,
        statementTimeoutMs: config.dbStatementTimeoutMs,
      })
    : await openPgliteThread(join(config.dataDir, 'db'));
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw lacksOwnerRights(error)
      ? new MigrationError(
          'the database schema is older than this version, and DATABASE_URL may not change it: run `exposure-scanner migrate` with DATABASE_OWNER_URL set first',
          { cause: error },
        )
      : error;
  }
  const { db } = database;
  return {
    database,
    catalog,
    vault,
    repositories: {
      scans: new ScanRepository(db),
      pages: new PageRepository(db),
      findings: new FindingRepository(db),
      audit: new AuditRepository(db),
      orgs: new OrgRepository(db),
      remediation: new RemediationRepository(db),
    },
    close: () => database.close(),
  };
}

/** PostgreSQL's "insufficient privilege" (42501), anywhere in the error's causes. */
function lacksOwnerRights(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 4; depth++) {
    if ((cause as { code?: unknown }).code === '42501') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
