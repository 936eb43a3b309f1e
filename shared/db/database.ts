import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite.dialect.js';
import type { DB } from './schema.js';

export type DatabaseEngine = 'postgres' | 'pglite';

export interface Database {
  db: Kysely<DB>;
  engine: DatabaseEngine;
  /** Must be called: an open PGlite keeps the process alive, an open pool keeps sockets. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://` or `postgresql://` URL (service mode). */
  url?: string;
  /** Folder of the embedded database (local mode); created if missing. */
  dataDir?: string;
  /** Embedded database in memory, gone on close (tests, `match`). */
  memory?: boolean;
  /** Pool size for PostgreSQL; default 10. */
  maxConnections?: number;
  /** PostgreSQL: how long opening a connection may take; default 3 s. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: how long a statement may run, enforced by the server (`statement_timeout`) and, for a
   * server that hangs without answering at all, by the client one second later; default 30 s.
   */
  statementTimeoutMs?: number;
}

/**
 * One factory for both modes: PostgreSQL through a pg pool when a URL is given, otherwise PGlite (the same
 * PostgreSQL, in-process) so migrations and repositories run unchanged. Migrating is the caller's call
 * (shared/db/migrator.ts), since only `migrate` and local mode should change the schema.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.url !== undefined && opts.url !== '') {
    if (!/^postgres(ql)?:\/\//i.test(opts.url)) {
      // Never echo the URL: it may carry a password.
      throw new Error('database URL must start with postgres:// or postgresql://');
    }
    return openPostgres(opts.url, {
      max: opts.maxConnections ?? 10,
      connectTimeoutMs: opts.connectTimeoutMs ?? 3_000,
      statementTimeoutMs: opts.statementTimeoutMs ?? 30_000,
    });
  }
  if (opts.memory) return openPglite(undefined);
  if (opts.dataDir !== undefined && opts.dataDir !== '') {
    const dataDir = resolve(opts.dataDir);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    return openPglite(dataDir);
  }
  throw new Error(
    'openDatabase needs a PostgreSQL url, a dataDir for the embedded database, or memory: true',
  );
}

async function openPostgres(
  url: string,
  limits: { max: number; connectTimeoutMs: number; statementTimeoutMs: number },
): Promise<Database> {
  // Without these a server that accepts and never answers (hung, SIGSTOPped, a black-holed network)
  // holds every caller forever; with them the caller gets an error it can turn into a 503.
  const pool = new pg.Pool({
    connectionString: url,
    max: limits.max,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    query_timeout: limits.statementTimeoutMs + 1_000,
  });
  // A client whose server went away (restart, failover, `pg_ctl stop`) emits 'error': on the pool while
  // idle, on itself while checked out between queries (a transaction in hand). Unhandled, either would
  // crash the process; the query in flight, if any, fails on its own, the pool drops the client and
  // the next query gets a fresh connection.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  // Created here rather than lazily by the driver, so a broken or locked data folder fails at open
  // with its own error instead of on the first query.
  const pglite = dataDir === undefined ? await PGlite.create() : await PGlite.create({ dataDir });
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return { db, engine: 'pglite', close: () => db.destroy() };
}
