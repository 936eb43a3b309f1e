import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanService, openRuntime, type Runtime } from '../../services/core/runtime.js';
import type { ScanService } from '../../services/core/scan.service.js';
import { loadConfig, type Config } from '../../shared/config.js';
import {
  generateMasterKey,
  masterKeyId,
  parseMasterKey,
  SealedDataError,
  unwrapDataKey,
} from '../../shared/crypto/envelope.js';
import { ScanVault } from '../../shared/crypto/scan-vault.js';
import { scanRequestSchema } from '../../shared/domain/scan.js';
import { createLogger } from '../../shared/log.js';
import type { JobSink } from '../../shared/queue/jobs.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { bin, startProcess } from '../support/processes.js';
import { testCaller, testConsent } from '../support/service-stack.js';

/**
 * `exposure-scanner keys rotate` (the built command) on real PostgreSQL: every data key is re-wrapped
 * under the new master key without touching the sealed data, every scan reads the same with the new
 * key alone, and the old master key opens none of them any more.
 */
describe('keys rotate', () => {
  let database: TestPostgres;
  let dir: string;
  const oldKey = generateMasterKey();
  const newKey = generateMasterKey();
  const log = createLogger({ level: 'silent' });
  const jobs: JobSink = {
    enqueuePlan: async () => undefined,
    startScanFlow: async () => undefined,
    addFetches: async () => undefined,
    addBrowserSearches: async () => undefined,
    removeJobs: async () => undefined,
  };
  const people = [
    [{ kind: 'handle', value: 'quillmarrow' }],
    [
      { kind: 'handle', value: 'moth_lantern' },
      { kind: 'email', value: 'sorrel.q@example.org' },
    ],
    [{ kind: 'handle', value: 'gravelwren' }],
  ] as const;

  const requestFor = (identifiers: ReadonlyArray<{ kind: string; value: string }>) =>
    scanRequestSchema.parse({ identifiers, consent: testConsent, sources: ['pastebin'], allowDirect: true });

  const configWith = (env: Record<string, string>): Config =>
    loadConfig({ DATABASE_URL: database.url, EXPOSURE_DATA_DIR: dir, LOG_LEVEL: 'silent', ...env });

  async function withService<T>(
    env: Record<string, string>,
    body: (scans: ScanService, runtime: Runtime) => Promise<T>,
  ): Promise<T> {
    const config = configWith(env);
    const runtime = await openRuntime({ config, masterKey: config.masterKey!, log });
    try {
      return await body(createScanService(runtime, { jobs, log, mode: 'service', config }), runtime);
    } finally {
      await runtime.close();
    }
  }

  async function cli(
    args: string[],
    env: Record<string, string>,
  ): Promise<{ code: number | null; output: string }> {
    const run = startProcess(process.execPath, [bin, ...args], {
      DATABASE_URL: database.url,
      EXPOSURE_DATA_DIR: dir,
      ...env,
    });
    const code = await run.exited;
    return { code, output: run.output() };
  }

  const keyRows = (runtime: Runtime) =>
    runtime.database.db.selectFrom('data_keys').selectAll().orderBy('scan_id').execute();
  const sealedRequests = async (runtime: Runtime) =>
    (
      await runtime.database.db.selectFrom('scans').select(['id', 'sealed_request']).orderBy('id').execute()
    ).map((row) => [row.id, Buffer.from(row.sealed_request).toString('hex')]);

  beforeAll(async () => {
    database = await createTestPostgres();
    dir = mkdtempSync(join(tmpdir(), 'exposure-keys-rotate-'));
  });

  afterAll(async () => {
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('re-wraps every data key under the new master key; scans read the same, the old key opens none', async () => {
    const ids: string[] = [];
    const before = await withService({ EXPOSURE_MASTER_KEY: oldKey }, async (scans, runtime) => {
      for (const identifiers of people) {
        const created = await scans.create(requestFor(identifiers), testCaller);
        ids.push(created.id);
      }
      // One key as migration 0007 left it: moved from its scan row with no master key id.
      await sql`update data_keys set master_key_id = null where scan_id = ${ids[0]}`.execute(
        runtime.database.db,
      );
      return { keys: await keyRows(runtime), sealed: await sealedRequests(runtime) };
    });
    expect(before.keys.map((row) => row.master_key_id).sort()).toEqual(
      [null, masterKeyId(parseMasterKey(oldKey)), masterKeyId(parseMasterKey(oldKey))].sort(),
    );

    const rotated = await cli(['keys', 'rotate'], {
      EXPOSURE_MASTER_KEY: newKey,
      EXPOSURE_PREVIOUS_MASTER_KEYS: oldKey,
    });
    const newId = masterKeyId(parseMasterKey(newKey));
    expect(rotated.output).toContain(`re-wrapped 3 data keys under master key ${newId}`);
    expect(rotated.code).toBe(0);
    const status = await cli(['keys', 'status'], { EXPOSURE_MASTER_KEY: newKey });
    expect(status.output.trim()).toBe(`${newId} (current)  3`);

    // The new key alone (no previous key configured) reads every scan as it was.
    await withService({ EXPOSURE_MASTER_KEY: newKey }, async (scans, runtime) => {
      for (const [index, id] of ids.entries()) {
        const report = await scans.report(id, testCaller);
        expect(report.identifiers.map((identifier) => identifier.value)).toEqual(
          people[index]!.map((identifier) => identifier.value),
        );
      }
      // The sealed data was not touched; only the wrapped keys changed.
      expect(await sealedRequests(runtime)).toEqual(before.sealed);
      const after = await keyRows(runtime);
      expect(after.map((row) => row.master_key_id)).toEqual([newId, newId, newId]);
      const oldMaster = parseMasterKey(oldKey);
      const oldVault = new ScanVault(oldKey);
      for (const [index, row] of after.entries()) {
        expect(Buffer.from(row.wrapped_key).equals(Buffer.from(before.keys[index]!.wrapped_key))).toBe(false);
        expect(() => unwrapDataKey(oldMaster, row.wrapped_key, row.scan_id)).toThrow(SealedDataError);
        const scan = await runtime.repositories.scans.get(row.scan_id);
        expect(() => oldVault.open(scan!, scan!.sealed_request)).toThrow(SealedDataError);
        expect(() => oldVault.open({ ...scan!, key_id: null }, scan!.sealed_request)).toThrow(
          SealedDataError,
        );
      }
    });
  });

  it('names the master keys it was not given and changes nothing it cannot open', async () => {
    const stray = generateMasterKey();
    const id = await withService({ EXPOSURE_MASTER_KEY: stray }, async (scans) => {
      const created = await scans.create(requestFor([{ kind: 'handle', value: 'lanternfish' }]), testCaller);
      return created.id;
    });
    const rotated = await cli(['keys', 'rotate'], { EXPOSURE_MASTER_KEY: newKey });
    expect(rotated.code).toBe(1);
    const strayId = masterKeyId(parseMasterKey(stray));
    expect(rotated.output).toContain(`1 data keys are wrapped under master keys not given (${strayId})`);
    expect(rotated.output).not.toContain(stray);
    await withService(
      { EXPOSURE_MASTER_KEY: newKey, EXPOSURE_PREVIOUS_MASTER_KEYS: stray },
      async (scans) => {
        expect((await scans.status(id, testCaller)).id).toBe(id);
      },
    );
  });
});
