import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../shared/db/database.js';
import { migrateToLatest } from '../../shared/db/migrator.js';

/** The server the integration tests use; each test file gets its own throwaway database on it. */
export const testPostgresAdminUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestPostgres {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database `es_test_<random>` on the test server. Tests never share a database, so
 * files and engines cannot see each other's rows and nothing needs cleaning between runs.
 */
export async function createTestPostgres(): Promise<TestPostgres> {
  const name = `es_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(async (client) => {
    await client.query(`create database ${name}`);
  });
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) ends sessions a failed test left open (PostgreSQL 13+).
      await withAdminClient((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** Runs `fn` with a throwaway database URL, dropping the database afterwards whatever happens. */
export async function withPostgresDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const database = await createTestPostgres();
  try {
    return await fn(database.url);
  } finally {
    await database.drop();
  }
}

/** A migrated throwaway PostgreSQL database; close() also drops it. */
export async function openTestPostgres(): Promise<Database> {
  const target = await createTestPostgres();
  try {
    const database = await openDatabase({ url: target.url, maxConnections: 4 });
    await migrateToLatest(database.db);
    return {
      ...database,
      async close() {
        await database.close();
        await target.drop();
      },
    };
  } catch (error) {
    await target.drop();
    throw error;
  }
}

/** A migrated PGlite, in memory unless `dataDir` is given. */
export async function openTestPglite(opts: { dataDir?: string } = {}): Promise<Database> {
  const database = await openDatabase(opts.dataDir ? { dataDir: opts.dataDir } : { memory: true });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** Both engines, for `describe.each`: the same repository suite must pass on each. */
export const testDatabaseEngines: ReadonlyArray<{
  engine: Database['engine'];
  open: () => Promise<Database>;
}> = [
  { engine: 'postgres', open: openTestPostgres },
  { engine: 'pglite', open: () => openTestPglite() },
];

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `integration tests need PostgreSQL at ${redact(testPostgresAdminUrl)} (set TEST_DATABASE_URL): ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
