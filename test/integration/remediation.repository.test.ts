import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/db/database.js';
import { AuditRepository } from '../../shared/db/repositories/audit.repository.js';
import { PageRepository } from '../../shared/db/repositories/page.repository.js';
import { RemediationRepository } from '../../shared/db/repositories/remediation.repository.js';
import { ScanRepository } from '../../shared/db/repositories/scan.repository.js';
import { testDatabaseEngines } from '../support/databases.js';

/** Migration 0004's storage on both engines: remediation statuses, a page's HTTP status, an audit entry's finding. */
describe.each(testDatabaseEngines)('evidence and remediation storage on $engine', ({ open }) => {
  let database: Database;
  let scans: ScanRepository;
  let pages: PageRepository;
  let remediation: RemediationRepository;
  let audit: AuditRepository;

  beforeAll(async () => {
    database = await open();
    scans = new ScanRepository(database.db);
    pages = new PageRepository(database.db);
    remediation = new RemediationRepository(database.db);
    audit = new AuditRepository(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function newScan(): Promise<string> {
    const id = randomUUID();
    await scans.create({
      id,
      orgId: null,
      wrappedKey: randomBytes(61),
      sealedRequest: randomBytes(100),
      options: {
        sources: ['forum-a'],
        allowDirect: false,
        remoteSearchOptIn: [],
        ranDirect: false,
        mode: 'local',
      },
      expiresAt: new Date(Date.now() + 3600_000),
      sourceIds: ['forum-a'],
    });
    return id;
  }

  it('keeps one status per finding, replaced in place with a newer time, read back per scan', async () => {
    const scanId = await newScan();
    const other = await newScan();
    expect(await remediation.listByScan(scanId)).toEqual(new Map());
    const first = await remediation.set(scanId, 'f1', 'requested');
    await remediation.set(scanId, 'f2', 'unlikely-to-be-removed');
    await remediation.set(other, 'f1', 'removed');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await remediation.set(scanId, 'f1', 'removed');
    expect(second.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
    const stored = await remediation.listByScan(scanId);
    expect([...stored].map(([id, state]) => [id, state.status]).sort()).toEqual([
      ['f1', 'removed'],
      ['f2', 'unlikely-to-be-removed'],
    ]);
    expect(stored.get('f1')!.updatedAt).toBeInstanceOf(Date);
  });

  it('refuses a status outside the four', async () => {
    const scanId = await newScan();
    await expect(remediation.set(scanId, 'f1', 'forgotten' as unknown as 'removed')).rejects.toThrow();
  });

  it('goes with its scan', async () => {
    const scanId = await newScan();
    await remediation.set(scanId, 'f1', 'requested');
    await scans.delete(scanId);
    expect(await remediation.listByScan(scanId)).toEqual(new Map());
  });

  it("stores the page's HTTP status with its evidence (null when not given)", async () => {
    const scanId = await newScan();
    const [a, b] = [randomUUID(), randomUUID()];
    await pages.addPages(scanId, 'forum-a', [
      { id: a, urlKey: 'a', sealedUrl: randomBytes(20) },
      { id: b, urlKey: 'b', sealedUrl: randomBytes(20) },
    ]);
    await pages.markFetchedMany([
      { id: a, contentSha256: 'x'.repeat(64), sealedSnapshot: randomBytes(30), httpStatus: 203 },
      { id: b, contentSha256: 'y'.repeat(64), sealedSnapshot: null },
    ]);
    expect((await pages.get(a))!.http_status).toBe(203);
    expect((await pages.get(b))!.http_status).toBeNull();
  });

  it('records which finding an audit entry was about', async () => {
    const entry = await audit.append({
      actor: 'cli',
      action: 'finding.reveal',
      orgId: null,
      scanId: randomUUID(),
      findingId: 'f9',
    });
    expect(entry).toMatchObject({ action: 'finding.reveal', finding_id: 'f9' });
    const plain = await audit.append({ actor: 'cli', action: 'report.view', orgId: null, scanId: null });
    expect(plain.finding_id).toBeNull();
  });
});
