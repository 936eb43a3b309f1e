import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../services/cli/commands/audit.command.js';
import { migrateDatabase } from '../../services/cli/commands/migrate.command.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { createLogger } from '../../shared/log.js';
import { openRuntime } from '../../shared/runtime.js';
import { openDatabase, type Database } from '../../shared/db/database.js';
import { AuditRepository } from '../../shared/db/repositories/audit.repository.js';
import { OrgRepository } from '../../shared/db/repositories/org.repository.js';
import type { DB } from '../../shared/db/schema.js';
import * as m0001 from '../../shared/db/migrations/0001-initial.js';
import * as m0002 from '../../shared/db/migrations/0002-search-keys.js';
import * as m0003 from '../../shared/db/migrations/0003-coverage.js';
import * as m0004 from '../../shared/db/migrations/0004-evidence-remediation.js';
import * as m0005 from '../../shared/db/migrations/0005-web-sessions.js';
import { migrateToLatest } from '../../shared/db/migrator.js';
import { testDatabaseEngines } from '../support/databases.js';
import { createTwoRolePostgres, type TwoRolePostgres } from '../support/two-roles.js';

/**
 * The audit log's protections on real databases: the hash chain the database writes (and `audit
 * verify` reads back with the same formula), the time it sets, the triggers, and in service mode the
 * application's role, which may only append.
 */

async function appendSome(audit: AuditRepository, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await audit.append({
      actor: `api-key:${i}`,
      action: i % 2 ? 'report.view' : 'scan.create',
      orgId: i % 3 ? 'org-é' : null,
      scanId: `scan-${i}`,
      ...(i === 2 ? { findingId: 'finding-ü-1' } : {}),
    });
  }
}

/** The owner gets past the triggers (as only an owner can) and runs `change`. */
async function asOwnerPastTriggers(db: Kysely<DB>, change: string): Promise<void> {
  await sql`alter table audit_log disable trigger user`.execute(db);
  await sql.raw(change).execute(db);
  await sql`alter table audit_log enable trigger user`.execute(db);
}

describe.each(testDatabaseEngines)('audit log chain ($engine)', ({ open }) => {
  let database: Database;
  let db: Kysely<DB>;
  let audit: AuditRepository;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    audit = new AuditRepository(db);
    await appendSome(audit, 5);
  });
  afterAll(async () => {
    await database?.close();
  });

  /**
   * The owner changes the log past its triggers, `verify` judges it, and the change is undone (the rows
   * come back exactly as they were), so each case starts from the same intact chain.
   */
  async function verdictAfter(change: string, undo: string) {
    // A plain table, not a temporary one: the pool may run each statement on another connection.
    await sql`create table saved_log as select * from audit_log`.execute(db);
    try {
      await asOwnerPastTriggers(db, change);
      return await verifyAuditLog(audit);
    } finally {
      await asOwnerPastTriggers(db, 'delete from audit_log');
      await asOwnerPastTriggers(db, undo);
      await sql`drop table saved_log`.execute(db);
      expect((await verifyAuditLog(audit)).ok).toBe(true);
    }
  }
  const restore = 'insert into audit_log overriding system value select * from saved_log';

  it('chains every entry in the database, and verify agrees with its hashes', async () => {
    const verdict = await verifyAuditLog(audit);
    expect(verdict).toMatchObject({ ok: true, entries: 5, head: { seq: 5 } });
    const [newest] = await audit.list('org-é', { limit: 1 });
    expect(newest!.row_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verdict.ok && verdict.head.rowHash).toBe((await audit.chainHead())!.rowHash);
  });

  it('chains entries appended at once from several connections one after the other', async () => {
    const before = (await audit.chainHead())!.seq;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit.append({ actor: `api-key:${i}`, action: 'report.view', orgId: 'org-2', scanId: null }),
      ),
    );
    expect(await verifyAuditLog(audit)).toMatchObject({ ok: true, entries: before + 40 });
    const times = (await audit.list('org-2', { limit: 100 })).map((entry) => new Date(entry.at).getTime());
    // Read under the chain's lock, the times follow the chain's order.
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('sets the time, place and hashes itself: an insert cannot back-date or forge them', async () => {
    const before = Date.now();
    await sql`
      insert into audit_log (at, seq, prev_hash, row_hash, actor, action)
      values ('2001-01-01T00:00:00Z', 99, ${'a'.repeat(64)}, ${'b'.repeat(64)}, 'cli', 'scan.create')`.execute(
      db,
    );
    const [entry] = await audit.list(null, { limit: 1 });
    expect(entry!.seq).toBe(46);
    expect(new Date(entry!.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(entry!.prev_hash).not.toBe('a'.repeat(64));
    expect(await verifyAuditLog(audit)).toMatchObject({ ok: true, entries: 46 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log, and emptying its head', async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_chain_head`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('verify names a row the owner edited in the middle and at the end', async () => {
    expect(
      await verdictAfter(`update audit_log set action = 'report.view' where seq = 3`, restore),
    ).toMatchObject({ ok: false, problem: { kind: 'edited', seq: 3 } });
    expect(
      await verdictAfter(`update audit_log set at = at - interval '1 day' where seq = 46`, restore),
    ).toMatchObject({ ok: false, problem: { kind: 'edited', seq: 46 } });
  });

  it('verify names rows the owner removed in the middle, at the end, and all of them', async () => {
    expect(await verdictAfter('delete from audit_log where seq = 2', restore)).toMatchObject({
      ok: false,
      problem: { kind: 'removed', seq: 2 },
    });
    expect(await verdictAfter('delete from audit_log where seq = 46', restore)).toMatchObject({
      ok: false,
      problem: { kind: 'removed', seq: 46 },
    });
    expect(await verdictAfter('truncate audit_log', restore)).toMatchObject({
      ok: false,
      problem: { kind: 'removed', seq: 1, message: expect.stringMatching(/every entry was removed/) },
    });
  });

  it('verify names a row the owner inserted outside the chain', async () => {
    const forged = `insert into audit_log (actor, action, seq, prev_hash, row_hash) values ('cli', 'scan.delete', 47, repeat('0', 64), repeat('1', 64))`;
    expect((await verdictAfter(forged, restore)).ok).toBe(false);
  });
});

describe('audit log written before the chain existed', () => {
  it('joins the chain, in the order it was written, when migration 0006 runs', async () => {
    const database = await openDatabase({ memory: true });
    try {
      const earlier = { m0001, m0002, m0003, m0004, m0005 };
      const migrations = Object.fromEntries(
        Object.entries(earlier).map(([key, migration]) => [
          {
            m0001: '0001-initial',
            m0002: '0002-search-keys',
            m0003: '0003-coverage',
            m0004: '0004-evidence-remediation',
            m0005: '0005-web-sessions',
          }[key]!,
          migration,
        ]),
      );
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await sql`insert into audit_log (actor, action, scan_id) values ('cli', 'scan.create', 's1'), ('cli', 'scan.delete', 's1')`.execute(
        database.db,
      );
      expect(await migrateToLatest(database.db)).toContain('0006-audit-chain');
      const audit = new AuditRepository(database.db);
      await audit.append({ actor: 'cli', action: 'report.view', orgId: null, scanId: 's2' });
      expect(await verifyAuditLog(audit)).toMatchObject({ ok: true, entries: 3, head: { seq: 3 } });
      expect((await audit.list(null, { limit: 5 })).map((entry) => [entry.seq, entry.action])).toEqual([
        [3, 'report.view'],
        [2, 'scan.delete'],
        [1, 'scan.create'],
      ]);
    } finally {
      await database.close();
    }
  });
});

describe('audit log in service mode: the application role may only append', () => {
  let roles: TwoRolePostgres;
  let app: pg.Client;

  beforeAll(async () => {
    roles = await createTwoRolePostgres();
    const outcome = await migrateDatabase(
      loadConfig({ DATABASE_URL: roles.appUrl, DATABASE_OWNER_URL: roles.ownerUrl }),
    );
    expect(outcome.applicationRole).toEqual({ name: roles.appRole, created: true });
    expect(outcome.applied).toContain('0006-audit-chain');
    app = new pg.Client({ connectionString: roles.appUrl });
    await app.connect();
    await app.query(
      `insert into audit_log (actor, action) values ('cli', 'scan.create'), ('cli', 'scan.delete')`,
    );
  });

  afterAll(async () => {
    await app?.end();
    await roles?.drop();
  });

  it('lets the application role insert and read entries, and run as usual', async () => {
    const { rows } = await app.query('select seq, action from audit_log order by seq');
    expect(rows.map((row) => row.action)).toEqual(['scan.create', 'scan.delete']);
    // The application's own repositories on the restricted role: organisations, keys, the log.
    const database = await openDatabase({ url: roles.appUrl, maxConnections: 1 });
    try {
      const orgs = new OrgRepository(database.db);
      const org = await orgs.createOrg('Restricted');
      const { key } = await orgs.createApiKey(org.id);
      expect(await orgs.findOrgByApiKey(key)).toMatchObject({ id: org.id });
      // Its use is recorded once a minute at most: a second call in the same minute writes nothing.
      const lastUse = async () => (await orgs.listApiKeys(org.id))[0]!.last_used_at;
      const first = await lastUse();
      expect(first).toBeInstanceOf(Date);
      await orgs.findOrgByApiKey(key);
      expect(await lastUse()).toEqual(first);
      await sql`update api_keys set last_used_at = now() - interval '2 minutes'`.execute(database.db);
      const stale = await lastUse();
      await orgs.findOrgByApiKey(key);
      expect((await lastUse())!.getTime()).toBeGreaterThan(stale!.getTime() + 60_000);
      await new AuditRepository(database.db).append({
        actor: 'cli',
        action: 'key.create',
        orgId: org.id,
        scanId: null,
      });
      expect(await verifyAuditLog(new AuditRepository(database.db))).toMatchObject({ ok: true, entries: 3 });
    } finally {
      await database.close();
    }
  });

  it.each([
    ['UPDATE', `update audit_log set action = 'x'`],
    ['DELETE', 'delete from audit_log'],
    ['TRUNCATE', 'truncate audit_log'],
    ['ALTER (disable the trigger)', 'alter table audit_log disable trigger audit_log_append_only'],
    ['ALTER (disable every trigger)', 'alter table audit_log disable trigger all'],
    ['ALTER (add a column)', 'alter table audit_log add column note text'],
    ['DROP the trigger', 'drop trigger audit_log_append_only on audit_log'],
    ['DROP the chain trigger', 'drop trigger audit_log_chain on audit_log'],
    ['DROP the trigger function', 'drop function audit_log_append_only() cascade'],
    ['DROP the table', 'drop table audit_log'],
    ['UPDATE the head', 'update audit_chain_head set seq = 0'],
    ['DELETE the head', 'delete from audit_chain_head'],
    ['skip triggers (replica role)', 'set session_replication_role = replica'],
    [
      'shadow a function in the schema',
      `create function public.audit_log_field(value varchar) returns text language sql as 'select null::text'`,
    ],
  ])('refuses the application role: %s', async (_what, statement) => {
    await expect(app.query(statement)).rejects.toThrow(/permission denied|must be owner|owner of/);
  });

  it('leaves the log intact after every refusal, and verify reads it as the owner', async () => {
    const database = await openDatabase({ url: roles.ownerUrl, maxConnections: 1 });
    try {
      expect(await verifyAuditLog(new AuditRepository(database.db))).toMatchObject({ ok: true, entries: 3 });
      // The owner can get past the triggers; verify then names what it did.
      await asOwnerPastTriggers(database.db, 'delete from audit_log where seq = 2');
      expect(await verifyAuditLog(new AuditRepository(database.db))).toMatchObject({
        ok: false,
        problem: { kind: 'removed', seq: 2 },
      });
    } finally {
      await database.close();
    }
  });

  it('tells the application to run migrate as the owner when its schema is behind', async () => {
    const owner = new pg.Client({ connectionString: roles.ownerUrl });
    await owner.connect();
    try {
      // As if this version brought a migration the owner has not run yet.
      const { rows } = await owner.query<{ name: string }>(
        'select name from kysely_migration order by name desc limit 1',
      );
      await owner.query('delete from kysely_migration where name = $1', [rows[0]!.name]);
      const config = loadConfig({ DATABASE_URL: roles.appUrl, EXPOSURE_MASTER_KEY: generateMasterKey() });
      await expect(
        openRuntime({ config, masterKey: config.masterKey!, log: createLogger({ level: 'silent' }) }),
      ).rejects.toThrow(/run `exposure-scanner migrate` with DATABASE_OWNER_URL/);
      await owner.query('insert into kysely_migration (name, timestamp) values ($1, $2)', [
        rows[0]!.name,
        new Date().toISOString(),
      ]);
    } finally {
      await owner.end();
    }
  });

  it('refuses to hand the application the owner role itself', async () => {
    await expect(
      migrateDatabase(loadConfig({ DATABASE_URL: roles.ownerUrl, DATABASE_OWNER_URL: roles.ownerUrl })),
    ).rejects.toThrow(/same role/);
  });
});
