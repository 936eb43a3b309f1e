import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kysely, type QueryResult } from 'kysely';
import type { Database } from './database.js';
import { PGliteDialect, type PGliteSession, type SessionQuery } from './pglite.dialect.js';
import { errorFromThread, type ThreadReply, type ThreadRequest } from './pglite.thread-messages.js';
import type { DB } from './schema.js';

/**
 * PGlite in a worker thread, for local mode: the database's work (planning, executing, its files,
 * parsing results) runs on another core while this thread fetches and matches, where in-process
 * PGlite took a third of this thread's time. The worker is the data folder's one owner, as PGlite's
 * single-process rule requires; nothing else in the process opens it meanwhile.
 *
 * Run from the TypeScript sources (tests), the worker is pglite.worker.ts and the process needs a
 * TypeScript loader in its execArgv, which the thread inherits (vitest.config.ts gives its test
 * processes one); from the build, it is the compiled pglite.worker.js.
 */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './pglite.worker.ts' : './pglite.worker.js',
  import.meta.url,
);

interface Pending {
  resolve(result: QueryResult<unknown>): void;
  reject(error: Error): void;
}

/** The thread's session; `worker` is there for tests (a crash is one `terminate()` away). */
export interface PGliteThread extends PGliteSession {
  readonly worker: Worker;
}

/**
 * Starts the thread and waits for PGlite to open (in `dataDir`, or in memory): a broken or locked
 * data folder fails here with the database's own error, not on the first query.
 */
export async function startPgliteThread(dataDir?: string): Promise<PGliteThread> {
  const worker = new Worker(WORKER_URL, { workerData: { dataDir } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  /** Once set, the thread is gone: every statement, waiting or new, fails with it. */
  let failure: Error | undefined;
  let ending = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const fail = (error: Error) => {
    failure ??= error;
    for (const call of pending.values()) call.reject(failure);
    pending.clear();
  };
  worker.on('error', (error) =>
    fail(new Error(`the database thread failed: ${error.message}`, { cause: error })),
  );
  worker.on('exit', (code) => {
    if (!ending || pending.size > 0) fail(new Error(`the database thread stopped (exit code ${code})`));
    failure ??= new Error('the database was closed');
  });

  const opened = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', (reply: ThreadReply) => {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.error) call.reject(errorFromThread(reply.error));
    else call.resolve(reply.result ? withBuffers(reply.result) : { rows: [] });
  });
  try {
    await opened;
  } catch (error) {
    await exited;
    throw error;
  }

  return {
    worker,
    execute<R>(query: SessionQuery): Promise<QueryResult<R>> {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const { sql, parameters, kind } = query;
      return new Promise<QueryResult<R>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as Pending['resolve'], reject });
        worker.postMessage({ id, sql, parameters, kind } satisfies ThreadRequest);
      });
    },
    async end() {
      if (!failure && !ending) {
        ending = true;
        // After the statements already sent: PGlite closes (its files flushed), then the thread ends.
        worker.postMessage({ close: true } satisfies ThreadRequest);
      }
      await exited;
    },
  };
}

/** Local mode's database: PGlite in `dataDir` (created if missing, owner only), in its own thread. */
export async function openPgliteThread(dataDir: string): Promise<Database> {
  const folder = resolve(dataDir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const session = await startPgliteThread(folder);
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ session }) });
  return {
    db,
    engine: 'pglite',
    async close() {
      await db.destroy();
      // Kysely ends the session only if a statement ever ran: the thread must end either way.
      await session.end();
    },
  };
}

/**
 * Structured clone hands Buffers over as plain Uint8Arrays: bytea columns become Buffers again (a view,
 * no copy), as in-process PGlite and pg return them.
 */
function withBuffers<R>(result: QueryResult<R>): QueryResult<R> {
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const key in row) {
      const value = row[key];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
        row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
    }
  }
  return result;
}
