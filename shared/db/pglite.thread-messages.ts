import type { QueryResult } from 'kysely';
import type { SessionQuery } from './pglite.dialect.js';

/**
 * What goes between the main thread and PGlite's worker thread (pglite.thread.ts, pglite.worker.ts):
 * the statement's text, its values and the rows it returns, as the SQL itself carries them (ids, hashes,
 * sealed values), and the database's errors. Nothing else is ever sent.
 */
export type ThreadRequest = (SessionQuery & { id: number; close?: undefined }) | { close: true };

/** Id 0 is the opening: no error when PGlite is ready, else why it did not open. */
export type ThreadReply =
  { id: number; result?: QueryResult<unknown>; error?: undefined } | { id: number; error: ThreadError };

/** An error as structured clone can carry it: the message and PostgreSQL's fields (code, detail...). */
export interface ThreadError {
  name: string;
  message: string;
  fields: Record<string, string | number>;
}

export function errorToThread(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

/** The database's error again, with its code where callers look for it (isDependencyOutage, 23505). */
export function errorFromThread(sent: ThreadError): Error {
  const error = new Error(sent.message);
  Object.assign(error, sent.fields);
  if (sent.name !== 'Error') error.name = sent.name;
  return error;
}
