import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin } from '../support/processes.js';
import { createTwoRolePostgres, type TwoRolePostgres } from '../support/two-roles.js';

/**
 * The operator's side, through the built command (`npx tsc -p tsconfig.build.json` first): `migrate`
 * as the schema's owner creating the application's role, `org key` commands run as that role, and
 * `audit verify` with its exit codes once the owner has removed an entry.
 */
describe('exposure-scanner migrate, org key and audit verify (built command)', () => {
  let roles: TwoRolePostgres;
  let env: Record<string, string>;

  beforeAll(async () => {
    roles = await createTwoRolePostgres();
    env = { DATABASE_URL: roles.appUrl, DATABASE_OWNER_URL: roles.ownerUrl, LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await roles?.drop();
  });

  async function cli(
    args: string[],
    extraEnv: Record<string, string> = {},
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, ...extraEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stdout, stderr };
  }

  // Runs of the built command, each a process that opens the database: longer than the default
  // when the suite runs three files at once.
  it('migrates as the owner and creates the application role, then runs the org commands as that role', async () => {
    const migrated = await cli(['migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('0006-audit-chain');
    expect(migrated.stdout).toContain(`application role ${roles.appRole}: created`);
    expect((await cli(['migrate'])).stdout).toMatch(
      /schema is up to date\napplication role .*: may only append/,
    );

    const orgId = (await cli(['org', 'create', 'Safety Line'], { DATABASE_OWNER_URL: '' })).stdout.trim();
    expect(orgId).toMatch(/^[0-9a-f-]{36}$/);
    const made = await cli(['org', 'key', 'create', '--org', orgId, '--label', 'desk'], {
      DATABASE_OWNER_URL: '',
    });
    expect(made.code, made.stderr).toBe(0);
    const key = made.stdout.trim();
    const keyId = /key id (\S+):/.exec(made.stderr)![1]!;
    const second = await cli(['org', 'key', 'create', '--org', orgId], { DATABASE_OWNER_URL: '' });
    const secondId = /key id (\S+):/.exec(second.stderr)![1]!;
    expect((await cli(['org', 'key', 'revoke', secondId], { DATABASE_OWNER_URL: '' })).code).toBe(0);

    const listed = await cli(['org', 'key', 'list', '--org', orgId], { DATABASE_OWNER_URL: '' });
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const line = lines.find((text) => text.startsWith(keyId))!;
    expect(line).toContain(`${key.slice(0, 12)}…`);
    expect(line).toMatch(/live {2}created \d{4}-\d\d-\d\dT\d\d:\d\dZ {2}last used never {2}label "desk"/);
    expect(line).not.toContain(key);
    expect(lines.find((text) => text.startsWith(secondId))).toMatch(/revoked \d{4}/);
    const unknown = await cli(['org', 'key', 'list', '--org', 'nobody'], { DATABASE_OWNER_URL: '' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--org: no organisation nobody');
  }, 150_000);

  it('audit verify: exit 0 with the head, 1 naming an entry the owner removed, 2 for a bad anchor', async () => {
    const intact = await cli(['audit', 'verify']);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('audit log intact: 3 entries');
    const head = /head (\d+:[0-9a-f]{64})/.exec(intact.stdout)![1]!;
    expect(head.startsWith('3:')).toBe(true);

    expect((await cli(['audit', 'verify', '--anchor', 'nonsense'])).code).toBe(2);
    expect((await cli(['audit', 'verify', '--anchor', head])).code).toBe(0);

    const owner = new pg.Client({ connectionString: roles.ownerUrl });
    await owner.connect();
    try {
      await owner.query('alter table audit_log disable trigger user');
      await owner.query('delete from audit_log where seq = 2');
      await owner.query('alter table audit_log enable trigger user');
    } finally {
      await owner.end();
    }
    const broken = await cli(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('AUDIT LOG BROKEN: entry 2 was removed before entry 3');
    const json = await cli(['audit', 'verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problem: { kind: 'removed', seq: 2 } });
  });
});
