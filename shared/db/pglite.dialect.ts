import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely over PGlite (PostgreSQL compiled to WebAssembly, in-process). PGlite is one backend with one
 * session, so the whole database is a single connection: Kysely's SQL, adapter and introspector for
 * PostgreSQL apply unchanged, and this file only moves queries in and results out.
 *
 * Statements built by Kysely's query builder are prepared once per SQL text and then only bound and
 * executed, in one message to the backend. PGlite's own `query` parses, plans and describes every
 * statement again, in several trips into WebAssembly: for the few statements a fetch runs per page,
 * most of the database's time.
 *
 * The driver talks to a PGliteSession: PGliteStatements over an instance in this thread, or the
 * same PGliteStatements in a worker thread (pglite.thread.ts), which local mode uses so the database
 * runs beside the pipeline instead of in its thread.
 */

const BYTEA_OID = 17;

/**
 * PGlite's own bytea codec returns Uint8Array and converts byte by byte in JS; Buffer's hex codec is
 * much faster on evidence snapshots, and returning Buffer makes PGlite rows look like pg's.
 */
const byteaParsers = {
  [BYTEA_OID]: (text: string): Buffer => Buffer.from(text.slice(2), 'hex'),
};
const byteaSerializers = {
  [BYTEA_OID]: (value: unknown): string => {
    if (!(value instanceof Uint8Array)) throw new TypeError('bytea parameter must be a Buffer or Uint8Array');
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  },
};

/** A statement as the driver hands it over: its text, its values, and the query node's kind. */
export interface SessionQuery {
  sql: string;
  parameters: readonly unknown[];
  kind: string;
}

/** PGlite's one backend session, wherever it runs: statements go in one at a time, in order. */
export interface PGliteSession {
  execute<R>(query: SessionQuery): Promise<QueryResult<R>>;
  /** Ends the session: closes PGlite when the session owns it, else forgets its statements. */
  end(): Promise<void>;
}

export type PGliteDialectConfig =
  | {
      /** The PGlite instance, or a function creating it on first use. */
      pglite: PGlite | (() => Promise<PGlite>);
      /** Close PGlite when Kysely is destroyed (default true: the dialect owns the instance). */
      closeOnDestroy?: boolean;
    }
  | {
      /** A session opened elsewhere (a worker thread's); the dialect ends it when Kysely is destroyed. */
      session: PGliteSession;
    };

async function openSession(config: PGliteDialectConfig): Promise<PGliteSession> {
  if ('session' in config) return config.session;
  const pglite = typeof config.pglite === 'function' ? await config.pglite() : config.pglite;
  await pglite.waitReady;
  const statements = new PGliteStatements(pglite);
  return {
    execute: (query) => statements.execute(query),
    async end() {
      if (pglite.closed) return;
      if (config.closeOnDestroy !== false) await pglite.close();
      // The instance lives on for its owner: leave no statement of ours in its session.
      else await statements.forgetAll();
    },
  };
}

export class PGliteDialect implements Dialect {
  readonly #config: PGliteDialectConfig;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Dialect interface takes Kysely<any>
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

/**
 * Who may send statements into the one session. Statements outside a transaction share it: each runs
 * on its own, in the order sent, so a caller may send its statement while others are still running
 * (with the database in another thread, it never waits for this thread between statements). A
 * transaction holds it alone from BEGIN to its end: a second caller's statement sent in between would
 * run inside the first caller's transaction. First come, first served, so a transaction is not starved.
 */
class SessionGate {
  #shared = 0;
  #exclusive = false;
  readonly #waiting: Array<{ exclusive: boolean; admit: () => void }> = [];

  async enterShared(): Promise<void> {
    if (!this.#exclusive && this.#waiting.length === 0) {
      this.#shared++;
      return;
    }
    await new Promise<void>((admit) => this.#waiting.push({ exclusive: false, admit }));
  }

  /** Turns the caller's shared hold into the exclusive one, once the other holders have left. */
  async upgrade(): Promise<void> {
    this.#shared--;
    await new Promise<void>((admit) => {
      this.#waiting.push({ exclusive: true, admit });
      this.#admit();
    });
  }

  leave(exclusive: boolean): void {
    if (exclusive) this.#exclusive = false;
    else this.#shared--;
    this.#admit();
  }

  #admit(): void {
    for (let next = this.#waiting[0]; next && !this.#exclusive; next = this.#waiting[0]) {
      if (next.exclusive && this.#shared > 0) return;
      this.#waiting.shift();
      if (next.exclusive) this.#exclusive = true;
      else this.#shared++;
      next.admit();
    }
  }
}

class PGliteDriver implements Driver {
  readonly #config: PGliteDialectConfig;
  readonly #gate = new SessionGate();
  #session: PGliteSession | undefined;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    this.#session = await openSession(this.#config);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#gate.enterShared();
    if (!this.#session) {
      this.#gate.leave(false);
      throw new Error('PGlite driver is not initialised or was already destroyed');
    }
    return new PGliteConnection(this.#session);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.#gate.upgrade();
    (connection as PGliteConnection).exclusive = true;
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command?: string }>(CompiledQuery.raw('commit'));
    // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK instead of an error.
    if (rows[0]?.command === 'ROLLBACK') {
      throw new Error('transaction was rolled back because a statement in it failed');
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#gate.leave((connection as PGliteConnection).exclusive);
  }

  async destroy(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    await session?.end();
  }
}

/** Query builder output: the same few shapes run over and over (raw SQL and DDL are not kept). */
const PREPARED_KINDS = new Set(['SelectQueryNode', 'InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode']);
/**
 * Bulk statements (a search's pages, a long `in` list) vary in length, run once, and would each keep a
 * large parse tree in the backend; their per-statement cost is spread over their rows anyway.
 */
const MAX_PREPARED_PARAMETERS = 64;
/**
 * Prepared statements kept per session, least recently used dropped first: statements whose text
 * varies a little (a page's findings, one to a few rows) come and go; the hot ones stay.
 */
const MAX_PREPARED = 128;

/** "cached plan must not change result type": a table changed under a prepared statement. */
function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan');
}

/**
 * Prepared statements are named per backend session, and one PGlite may serve several dialects in
 * turn (or at once): names come from one counter for the whole process, so they never collide.
 */
let statementCount = 0;

interface PreparedStatement {
  name: string;
  /** Parameter type oids, as the backend inferred them when it prepared the statement. */
  paramTypes: number[];
}

/** One lease of the session (Kysely's connection), and the query node's kind for PGliteStatements. */
class PGliteConnection implements DatabaseConnection {
  readonly #session: PGliteSession;
  /** Whether this lease holds a transaction (the session's exclusive hold). */
  exclusive = false;

  constructor(session: PGliteSession) {
    this.#session = session;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    return this.#session.execute<R>({ sql, parameters, kind: query.kind });
  }

  /** PGlite has no cursors over its API; results are already in memory, so hand them out in chunks. */
  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0)
      throw new Error('chunkSize must be a positive integer');
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let start = 0; start < rows.length; start += chunkSize) {
      yield { rows: rows.slice(start, start + chunkSize) };
    }
  }
}

/**
 * Statements run on one PGlite instance in this thread, query builder shapes prepared once. Calls
 * may overlap (SessionGate lets statements outside a transaction in together): each runs after the
 * previous one ended, since preparing, evicting and executing share the statement names.
 */
export class PGliteStatements {
  readonly #pglite: PGlite;
  readonly #prepared = new Map<string, PreparedStatement>();
  #tail: Promise<unknown> = Promise.resolve();

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  execute<R>(query: SessionQuery): Promise<QueryResult<R>> {
    const result = this.#tail.then(() => this.#execute<R>(query));
    this.#tail = result.catch(() => undefined);
    return result;
  }

  async #execute<R>(query: SessionQuery): Promise<QueryResult<R>> {
    const prepare = PREPARED_KINDS.has(query.kind) && query.parameters.length <= MAX_PREPARED_PARAMETERS;
    const result = prepare
      ? await this.#executePrepared<R>(query)
      : await this.#pglite.query<R>(query.sql, [...query.parameters], {
          rowMode: 'object',
          parsers: byteaParsers,
          serializers: byteaSerializers,
        });
    const command = result.command?.toUpperCase();
    if (command === 'COMMIT' || command === 'ROLLBACK') {
      return { rows: [{ command } as R] };
    }
    const changes =
      command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return {
      rows: result.rows,
      ...(changes ? { numAffectedRows: BigInt(result.affectedRows ?? result.rowCount ?? 0) } : {}),
    };
  }

  async #executePrepared<R>(query: SessionQuery, retried = false): Promise<Results<R>> {
    const { sql } = query;
    const statement = this.#prepared.get(sql) ?? (await this.#prepare(sql));
    // Most recently used last, so eviction takes the coldest.
    this.#prepared.delete(sql);
    this.#prepared.set(sql, statement);
    const values = query.parameters.map((value, index) =>
      this.#serialize(value, statement.paramTypes[index]),
    );
    try {
      const messages = await this.#exchange(
        protocol.serialize.bind({ statement: statement.name, values }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      );
      return parse.parseResults(messages, this.#pglite.parsers, {
        rowMode: 'object',
        parsers: byteaParsers,
      })[0] as Results<R>;
    } catch (error) {
      // Whatever failed, the statement is prepared afresh next time: nothing relies on keeping it.
      await this.#forget(sql).catch(() => undefined);
      // A table whose columns changed since (a migration) fails `select *` once with this code;
      // outside a transaction, the fresh statement simply runs.
      if (!retried && isStalePlan(error) && !this.#pglite.isInTransaction()) {
        return this.#executePrepared(query, true);
      }
      throw error;
    }
  }

  async #prepare(sql: string): Promise<PreparedStatement> {
    const name = `kysely_${statementCount++}`;
    const messages = await this.#exchange(
      protocol.serialize.parse({ name, text: sql }),
      protocol.serialize.describe({ type: 'S', name }),
      protocol.serialize.sync(),
    );
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    this.#prepared.set(sql, statement);
    if (this.#prepared.size > MAX_PREPARED) await this.#forget(this.#prepared.keys().next().value!);
    return statement;
  }

  /** Closes every statement prepared here, after the statements already under way. */
  forgetAll(): Promise<void> {
    const done = this.#tail.then(async () => {
      for (const sql of [...this.#prepared.keys()]) await this.#forget(sql).catch(() => undefined);
    });
    this.#tail = done;
    return done;
  }

  async #forget(sql: string): Promise<void> {
    const statement = this.#prepared.get(sql);
    if (!statement) return;
    this.#prepared.delete(sql);
    await this.#exchange(
      protocol.serialize.close({ type: 'S', name: statement.name }),
      protocol.serialize.sync(),
    );
  }

  /**
   * A value as PGlite's own `query` would send it for that parameter type, except bytea, which goes
   * as binary: no hex text to build here and to decode in the backend (evidence snapshots are large).
   */
  #serialize(value: unknown, type: number | undefined): string | Uint8Array | null {
    if (value === null || value === undefined) return null;
    if (type === BYTEA_OID && value instanceof Uint8Array) return value;
    const serializer = type === undefined ? undefined : this.#pglite.serializers[type];
    return serializer ? serializer(value) : String(value);
  }

  /** Protocol messages sent together, in one trip into the backend; throws the first error it answers. */
  async #exchange(...messages: Uint8Array[]) {
    const message = new Uint8Array(messages.reduce((length, part) => length + part.length, 0));
    let offset = 0;
    for (const part of messages) {
      message.set(part, offset);
      offset += part.length;
    }
    // PGlite's lock on its session, as its own `query` takes it.
    return this.#pglite.runExclusive(() => this.#pglite.execProtocolStream(message));
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
