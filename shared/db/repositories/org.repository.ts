import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { generateApiKey, hashApiKey } from '../../crypto/api-key.js';
import type { ApiKeysTable, DB, OrganisationsTable } from '../schema.js';

export type OrgRow = Selectable<OrganisationsTable>;

/** An organisation as authenticated by one of its keys; the key id serves as the audit actor. */
export type AuthenticatedOrg = OrgRow & { api_key_id: string };

/** Key metadata for listings; the hash stays in the database. */
export type ApiKeyRow = Omit<Selectable<ApiKeysTable>, 'key_hash'>;

/** Organisations and their API keys (service mode). Keys are stored as SHA-256 hashes only. */
export class OrgRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async createOrg(name: string): Promise<OrgRow> {
    return this.#db
      .insertInto('organisations')
      .values({ id: randomUUID(), name })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Returns the key in clear; this is the only time it exists outside its owner's hands. */
  async createApiKey(orgId: string, label: string | null = null): Promise<{ id: string; key: string }> {
    const { key, hash } = generateApiKey();
    const id = randomUUID();
    await this.#db.insertInto('api_keys').values({ id, org_id: orgId, key_hash: hash, label }).execute();
    return { id, key };
  }

  /** The organisation a live (not revoked) key belongs to, found by the key's hash. */
  async findOrgByApiKey(key: string): Promise<AuthenticatedOrg | undefined> {
    return this.#db
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

  async listApiKeys(orgId: string): Promise<ApiKeyRow[]> {
    return this.#db
      .selectFrom('api_keys')
      .select(['id', 'org_id', 'label', 'created_at', 'revoked_at'])
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async listOrgs(): Promise<OrgRow[]> {
    return this.#db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').execute();
  }
}
