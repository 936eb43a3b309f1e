import type { ColumnType, JSONColumnType, Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.js';

/**
 * The rows behind the web pages' sessions (migration 0005). Kept out of `DB` and added with
 * `withTables`: only the web pages read this table, and nothing else needs to know it exists.
 */
export interface WebSessionsTable {
  id: string;
  /** SHA-256 of the cookie's token: the token itself is only ever in the browser. */
  token_hash: string;
  kind: 'org' | 'local';
  org_id: string | null;
  api_key_id: string | null;
  csrf_secret: string;
  /** "<scan id>/<finding id>" of the findings revealed in this session. */
  revealed: JSONColumnType<string[], string, string>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export type WebSessionRow = Selectable<WebSessionsTable>;

export interface CreateWebSessionInput {
  id: string;
  tokenHash: string;
  kind: 'org' | 'local';
  orgId: string | null;
  apiKeyId: string | null;
  csrfSecret: string;
  /** The caller's clock, which also judges the timeouts: both clocks of a session are the same one. */
  createdAt: Date;
  expiresAt: Date;
}

export class WebSessionRepository {
  readonly #db: Kysely<DB & { web_sessions: WebSessionsTable }>;

  constructor(db: Kysely<DB>) {
    this.#db = db.withTables<{ web_sessions: WebSessionsTable }>();
  }

  async create(input: CreateWebSessionInput): Promise<void> {
    await this.#db
      .insertInto('web_sessions')
      .values({
        id: input.id,
        token_hash: input.tokenHash,
        kind: input.kind,
        org_id: input.orgId,
        api_key_id: input.apiKeyId,
        csrf_secret: input.csrfSecret,
        revealed: '[]',
        created_at: input.createdAt,
        last_seen_at: input.createdAt,
        expires_at: input.expiresAt,
      })
      .execute();
  }

  /**
   * The session a token hash names, only while its API key is live: a revoked key ends its sessions at
   * once. Timeouts are the caller's to judge (it owns the clock).
   */
  async findByTokenHash(tokenHash: string): Promise<WebSessionRow | undefined> {
    const row = await this.#db
      .selectFrom('web_sessions')
      .leftJoin('api_keys', 'api_keys.id', 'web_sessions.api_key_id')
      .selectAll('web_sessions')
      .where('web_sessions.token_hash', '=', tokenHash)
      .where((eb) => eb.or([eb('web_sessions.kind', '=', 'local'), eb('api_keys.revoked_at', 'is', null)]))
      .where((eb) => eb.or([eb('web_sessions.kind', '=', 'local'), eb('api_keys.id', 'is not', null)]))
      .executeTakeFirst();
    return row && { ...row, revealed: parseRevealed(row.revealed) };
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.#db.updateTable('web_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  /** Adds one "<scan id>/<finding id>" to the session's revealed list (once). */
  async addRevealed(id: string, key: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('web_sessions')
        .select('revealed')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return;
      const revealed = parseRevealed(row.revealed);
      if (revealed.includes(key)) return;
      await trx
        .updateTable('web_sessions')
        .set({ revealed: JSON.stringify([...revealed, key]) })
        .where('id', '=', id)
        .execute();
    });
  }

  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom('web_sessions').where('id', '=', id).execute();
  }

  /** Sessions past their absolute or idle time go; returns how many. */
  async deleteExpired(now: Date, idleSince: Date): Promise<number> {
    const result = await this.#db
      .deleteFrom('web_sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleSince)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

// jsonb comes back parsed from both engines; a string only if a driver leaves it alone.
function parseRevealed(value: unknown): string[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}
