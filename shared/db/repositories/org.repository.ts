import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { generateApiKey, hashApiKey } from '../../crypto/api-key.js';
import type { ApiKeysTable, DB, OrganisationsTable } from '../schema.js';

export type OrgRow = Selectable<OrganisationsTable>;

/** An organisation as authenticated by one of its keys; the key id serves as the audit actor. */
export type AuthenticatedOrg = OrgRow & { api_key_id: string };

/** Key metadata for listings; the hash stays in the database. */
export type ApiKeyRow = Omit<Selectable<ApiKeysTable>, 'key_hash'>;

const API_KEY_COLUMNS = [
  'id',
  'org_id',
  'label',
  'key_prefix',
  'created_at',
  'revoked_at',
  'last_used_at',
] as const satisfies ReadonlyArray<keyof ApiKeyRow>;

/** A key's last use is written again only when the one recorded is older than a minute. */
const USE_IS_STALE = sql<boolean>`(api_keys.last_used_at is null or api_keys.last_used_at < now() - interval '1 minute')`;

/** The start of a key kept in clear to tell keys apart in listings: 8 of its 43 random characters. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, 'esk_'.length + 8);
}

/** Organisations and their API keys (service mode). Keys are stored as SHA-256 hashes only. */
export class OrgRepository {
  readonly #db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /** `retentionDays` null: its scans are kept EXPOSURE_RETENTION_DAYS. */
  async createOrg(name: string, retentionDays: number | null = null): Promise<OrgRow> {
    return this.#db
      .insertInto('organisations')
      .values({ id: randomUUID(), name, retention_days: retentionDays })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Sets (null: clears) how many days the organisation's new scans are kept; returns whether it exists. */
  async setRetentionDays(orgId: string, retentionDays: number | null): Promise<boolean> {
    const result = await this.#db
      .updateTable('organisations')
      .set({ retention_days: retentionDays })
      .where('id', '=', orgId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The organisation's own retention period in days; null when it has none (or does not exist). */
  async retentionDaysOf(orgId: string): Promise<number | null> {
    const row = await this.#db
      .selectFrom('organisations')
      .select('retention_days')
      .where('id', '=', orgId)
      .executeTakeFirst();
    return row?.retention_days ?? null;
  }

  /** Returns the key in clear; this is the only time it exists outside its owner's hands. */
  async createApiKey(orgId: string, label: string | null = null): Promise<{ id: string; key: string }> {
    const { key, hash } = generateApiKey();
    const id = randomUUID();
    await this.#db
      .insertInto('api_keys')
      .values({ id, org_id: orgId, key_hash: hash, label, key_prefix: apiKeyPrefix(key) })
      .execute();
    return { id, key };
  }

  /** One key's metadata (its organisation, for the audit log), or undefined when there is no such key. */
  async getApiKey(id: string): Promise<ApiKeyRow | undefined> {
    return this.#db.selectFrom('api_keys').select(API_KEY_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /**
   * The organisation a live (not revoked) key belongs to, found by the key's hash. Records the key's use
   * (`last_used_at`) at most once a minute: a burst of calls costs one write, not one per call.
   */
  async findOrgByApiKey(key: string): Promise<AuthenticatedOrg | undefined> {
    const found = await this.#db
      .selectFrom('api_keys')
      .innerJoin('organisations', 'organisations.id', 'api_keys.org_id')
      .select([
        'organisations.id as id',
        'organisations.name as name',
        'organisations.created_at as created_at',
        'organisations.retention_days as retention_days',
        'api_keys.id as api_key_id',
        sql<boolean>`${USE_IS_STALE}`.as('use_is_stale'),
      ])
      .where('api_keys.key_hash', '=', hashApiKey(key))
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!found) return undefined;
    const { use_is_stale: stale, ...org } = found;
    if (stale) {
      // The same condition again: of two calls that both saw a stale time, only one writes.
      await this.#db
        .updateTable('api_keys')
        .set({ last_used_at: sql<Date>`now()` })
        .where('id', '=', org.api_key_id)
        .where(USE_IS_STALE)
        .execute();
    }
    return org;
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
      .select(API_KEY_COLUMNS)
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async listOrgs(): Promise<OrgRow[]> {
    return this.#db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').execute();
  }
}
