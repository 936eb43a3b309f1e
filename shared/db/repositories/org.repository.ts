import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { generateApiKey, hashApiKey } from '../../crypto/api-key.js';
import type { DB } from '../schema.js';
import { toDate, toDateOrNull } from './row-values.util.js';

export interface OrgRecord {
  id: string;
  name: string;
  createdAt: Date;
}

/** An organisation as authenticated by one of its keys; the key id is the audit actor. */
export interface AuthenticatedOrg extends OrgRecord {
  apiKeyId: string;
}

export interface ApiKeyRecord {
  id: string;
  orgId: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Organisations and their API keys (service mode). Keys are stored as SHA-256 hashes only. */
export class OrgRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async createOrg(name: string): Promise<OrgRecord> {
    const row = await this.#db
      .insertInto('organisations')
      .values({ id: randomUUID(), name })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, createdAt: toDate(row.created_at) };
  }

  /** Returns the key in clear; this is the only time it exists outside its owner's hands. */
  async createApiKey(orgId: string, label: string | null): Promise<{ id: string; key: string }> {
    const { key, hash } = generateApiKey();
    const id = randomUUID();
    await this.#db.insertInto('api_keys').values({ id, org_id: orgId, key_hash: hash, label }).execute();
    return { id, key };
  }

  /** The organisation a live (not revoked) key belongs to; a lookup by hash, so the key is never compared. */
  async findOrgByApiKey(key: string): Promise<AuthenticatedOrg | undefined> {
    const row = await this.#db
      .selectFrom('api_keys')
      .innerJoin('organisations', 'organisations.id', 'api_keys.org_id')
      .select([
        'organisations.id as id',
        'organisations.name as name',
        'organisations.created_at as created_at',
        'api_keys.id as api_key_id',
      ])
      .where('api_keys.key_hash', '=', hashApiKey(key))
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: toDate(row.created_at), apiKeyId: row.api_key_id };
  }

  /** Revoking twice keeps the first revocation time; returns whether the key exists. */
  async revokeApiKey(id: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('api_keys')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listApiKeys(orgId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.#db
      .selectFrom('api_keys')
      .select(['id', 'org_id', 'label', 'created_at', 'revoked_at'])
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      label: r.label,
      createdAt: toDate(r.created_at),
      revokedAt: toDateOrNull(r.revoked_at),
    }));
  }

  async listOrgs(): Promise<OrgRecord[]> {
    const rows = await this.#db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: toDate(r.created_at) }));
  }
}
