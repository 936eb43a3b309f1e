import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { bin, startProcess } from '../support/processes.js';

/** The built `org` command sets an organisation's own retention period (days, or back to the default). */
describe('org retention (CLI)', () => {
  let database: TestPostgres;
  let dir: string;

  beforeAll(async () => {
    database = await createTestPostgres();
    dir = mkdtempSync(join(tmpdir(), 'exposure-org-retention-'));
  });

  afterAll(async () => {
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<{ code: number | null; output: string }> {
    const run = startProcess(process.execPath, [bin, ...args], {
      DATABASE_URL: database.url,
      EXPOSURE_DATA_DIR: dir,
    });
    const code = await run.exited;
    return { code, output: run.output() };
  }

  it('creates, lists and changes an organisation’s retention days, refusing a bad value with exit 2', async () => {
    const created = await cli('org', 'create', 'Safety Line', '--retention-days', '7');
    expect(created.code).toBe(0);
    const orgId = created.output.trim();
    expect((await cli('org', 'list')).output).toContain(`${orgId}  Safety Line  retention 7 days`);

    expect((await cli('org', 'set-retention', orgId, '120')).output).toBe('retention: 120 days\n');
    expect((await cli('org', 'list')).output).toContain('retention 120 days');
    expect((await cli('org', 'set-retention', orgId, 'default')).code).toBe(0);
    expect((await cli('org', 'list')).output).toContain('retention default');

    const bad = await cli('org', 'set-retention', orgId, '0');
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(/^error: days: /);
    const badCreate = await cli('org', 'create', 'Other', '--retention-days', 'soon');
    expect(badCreate.code).toBe(2);
    expect(badCreate.output).toMatch(/^error: --retention-days: /);
    expect((await cli('org', 'set-retention', '5b0d7c0e-0000-4000-8000-000000000000', '30')).code).toBe(2);
  });
});
