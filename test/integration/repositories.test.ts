import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/db/database.js';
import { migrateToLatest } from '../../shared/db/migrator.js';
import { RemediationRepository } from '../../shared/db/repositories/remediation.repository.js';
import { WebSessionRepository } from '../../shared/db/repositories/web-session.repository.js';
import { PGliteDialect } from '../../shared/db/pglite.dialect.js';
import { AuditRepository } from '../../shared/db/repositories/audit.repository.js';
import { FindingRepository } from '../../shared/db/repositories/finding.repository.js';
import { OrgRepository } from '../../shared/db/repositories/org.repository.js';
import { PageRepository } from '../../shared/db/repositories/page.repository.js';
import { ScanRepository, type CreateScanInput } from '../../shared/db/repositories/scan.repository.js';
import type { ScanOptionsJson } from '../../shared/db/schema.js';
import { openTestPglite, testDatabaseEngines } from '../support/databases.js';

const options: ScanOptionsJson = {
  sources: ['forum-a', 'paste-b'],
  allowDirect: false,
  remoteSearchOptIn: [],
  ranDirect: false,
  mode: 'service',
};

function newScan(overrides: Partial<CreateScanInput> = {}): CreateScanInput {
  return {
    id: randomUUID(),
    orgId: null,
    wrappedKey: randomBytes(61),
    sealedRequest: randomBytes(200),
    options,
    expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    sourceIds: ['forum-a', 'paste-b'],
    ...overrides,
  };
}

function newPages(n: number, prefix = 'u'): Array<{ id: string; urlKey: string; sealedUrl: Buffer }> {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    urlKey: `${prefix}${i}`,
    sealedUrl: randomBytes(40),
  }));
}

describe.each(testDatabaseEngines)('repositories on $engine', ({ engine, open }) => {
  let database: Database;
  let scans: ScanRepository;
  let pages: PageRepository;
  let findings: FindingRepository;
  let audit: AuditRepository;
  let orgs: OrgRepository;

  beforeAll(async () => {
    database = await open();
    scans = new ScanRepository(database.db);
    pages = new PageRepository(database.db);
    findings = new FindingRepository(database.db);
    audit = new AuditRepository(database.db);
    orgs = new OrgRepository(database.db);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('reports the engine it runs on', () => {
    expect(database.engine).toBe(engine);
  });

  it('applies no migration on a second run', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('creates a queued scan with one pending progress row per source, bytea back as Buffer', async () => {
    const input = newScan({ sourceIds: ['forum-a', 'paste-b', 'forum-a'] });
    const created = await scans.create(input);
    expect(created.status).toBe('queued');
    const got = await scans.get(input.id);
    expect(got).toBeDefined();
    expect(Buffer.isBuffer(got!.wrapped_key)).toBe(true);
    expect(Buffer.isBuffer(got!.sealed_request)).toBe(true);
    expect(got!.wrapped_key.equals(input.wrappedKey)).toBe(true);
    expect(got!.sealed_request.equals(input.sealedRequest)).toBe(true);
    expect(got!.options).toEqual(options);
    expect(got!.created_at).toBeInstanceOf(Date);
    expect(got!.expires_at.getTime()).toBe(input.expiresAt.getTime());
    expect(got!.started_at).toBeNull();
    const progress = await scans.sourceProgress(input.id);
    expect(progress.map((p) => [p.source_id, p.status, p.pages_total])).toEqual([
      ['forum-a', 'pending', 0],
      ['paste-b', 'pending', 0],
    ]);
  });

  it('round-trips every byte value and a large body through bytea unchanged', async () => {
    const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const big = randomBytes(2 * 1024 * 1024);
    const input = newScan({ wrappedKey: allBytes, sealedRequest: big });
    await scans.create(input);
    const got = await scans.get(input.id);
    expect(got!.wrapped_key.equals(allBytes)).toBe(true);
    expect(got!.sealed_request.equals(big)).toBe(true);
  });

  it('shows a scan only to its own organisation (another org gets undefined, like a missing scan)', async () => {
    const orgA = await orgs.createOrg('Org A');
    const orgB = await orgs.createOrg('Org B');
    const scanA = newScan({ orgId: orgA.id });
    const local = newScan({ orgId: null });
    await scans.create(scanA);
    await scans.create(local);
    expect((await scans.getForOrg(scanA.id, orgA.id))?.id).toBe(scanA.id);
    expect(await scans.getForOrg(scanA.id, orgB.id)).toBeUndefined();
    expect(await scans.getForOrg(scanA.id, null)).toBeUndefined();
    expect((await scans.getForOrg(local.id, null))?.id).toBe(local.id);
    expect(await scans.getForOrg(local.id, orgA.id)).toBeUndefined();
    expect(await scans.getForOrg(randomUUID(), orgA.id)).toBeUndefined();
  });

  it("lists an organisation's scans newest first, page by page, and never another's", async () => {
    const org = await orgs.createOrg('Lister');
    const other = await orgs.createOrg('Other');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const input = newScan({ orgId: org.id });
      await scans.create(input);
      ids.push(input.id);
    }
    await scans.create(newScan({ orgId: other.id }));
    const all = await scans.list(org.id, { limit: 100 });
    expect(all).toHaveLength(5);
    expect(new Set(all.map((s) => s.id))).toEqual(new Set(ids));
    for (let i = 1; i < all.length; i++) {
      expect(all[i - 1]!.created_at.getTime()).toBeGreaterThanOrEqual(all[i]!.created_at.getTime());
    }
    const first = await scans.list(org.id, { limit: 2 });
    const second = await scans.list(org.id, { limit: 2, before: first[1]!.id });
    const third = await scans.list(org.id, { limit: 2, before: second[1]!.id });
    expect([...first, ...second, ...third].map((s) => s.id)).toEqual(all.map((s) => s.id));
  });

  it('starts a scan only from queued and finishes it with a summary', async () => {
    const input = newScan();
    await scans.create(input);
    await scans.startRunning(input.id, []);
    const running = await scans.get(input.id);
    expect(running!.status).toBe('running');
    expect(running!.started_at).toBeInstanceOf(Date);
    // A re-delivered plan job does not start it again.
    await scans.startRunning(input.id, []);
    expect((await scans.get(input.id))!.started_at).toEqual(running!.started_at);
    const summary = {
      severity: 'high' as const,
      findings: 3,
      pagesWithFindings: 2,
      pagesFetched: 9,
      identifiersExposed: ['h1', 'e1'],
    };
    expect(await scans.finish(input.id, 'partial', summary)).toBe(true);
    const finished = await scans.get(input.id);
    expect(finished!.status).toBe('partial');
    expect(finished!.summary).toEqual(summary);
    expect(finished!.finished_at).toBeInstanceOf(Date);
    await scans.startRunning(input.id, []);
    expect((await scans.get(input.id))!.status).toBe('partial');
  });

  it('closes a failed scan with the places it never reached as not searched, never as done', async () => {
    const input = newScan();
    await scans.create(input);
    await scans.startRunning(input.id, [{ sourceId: 'forum-a', searches: 1 }]);
    await scans.markPartial(input.id, 'forum-a', 'only the first 3 pages of search results were read');
    const summary = {
      severity: 'none' as const,
      findings: 0,
      pagesWithFindings: 0,
      pagesFetched: 0,
      identifiersExposed: [],
    };
    await scans.finish(input.id, 'failed', summary);
    const sources = await scans.sourceProgress(input.id);
    expect(sources.map((s) => [s.source_id, s.status, s.coverage, s.coverage_reason])).toEqual([
      ['forum-a', 'failed', 'not-searched', 'the scan stopped before reaching it'],
      ['paste-b', 'failed', 'not-searched', 'the scan stopped before reaching it'],
    ]);
    // A failure recorded since is not overwritten by a later cap.
    await scans.markPartial(input.id, 'paste-b', 'only the first 3 pages of search results were read');
    expect((await scans.sourceProgress(input.id))[1]!.coverage).toBe('not-searched');
  });

  it('records a plan with absolute totals, so a retried plan changes nothing', async () => {
    const input = newScan({ sourceIds: ['forum-a', 'paste-b', 'board-c'] });
    await scans.create(input);
    const plan = [
      { sourceId: 'forum-a', searches: 3 },
      { sourceId: 'paste-b', searches: 0, skippedBecause: 'no public identifier to search for' },
      { sourceId: 'board-c', searches: 0 },
    ];
    await scans.startRunning(input.id, plan);
    await scans.searchDone(input.id, 'forum-a', 'h1');
    await scans.startRunning(input.id, plan);
    expect((await scans.get(input.id))!.status).toBe('running');
    const progress = await scans.sourceProgress(input.id);
    expect(progress.map((p) => [p.source_id, p.status, p.searches_total, p.searches_done, p.error])).toEqual([
      ['board-c', 'done', 0, 0, null],
      ['forum-a', 'running', 3, 1, null],
      ['paste-b', 'skipped', 0, 0, 'no public identifier to search for'],
    ]);
  });

  it('counts searches and records a failed source with its reason', async () => {
    const input = newScan();
    await scans.create(input);
    await scans.startRunning(input.id, [
      { sourceId: 'forum-a', searches: 3 },
      { sourceId: 'paste-b', searches: 1 },
    ]);
    await scans.searchDone(input.id, 'forum-a', 'h1');
    // The same search ending again (delivered twice) counts once, also when both end at once.
    await scans.searchDone(input.id, 'forum-a', 'h1');
    await Promise.all([
      scans.searchDone(input.id, 'forum-a', 'h2'),
      scans.searchDone(input.id, 'forum-a', 'h2'),
    ]);
    await scans.failSource(input.id, 'paste-b', 'the site answered HTTP 503 every time');
    const [forum, paste] = await scans.sourceProgress(input.id);
    expect(forum).toMatchObject({ status: 'running', searches_total: 3, searches_done: 2 });
    expect(paste).toMatchObject({ status: 'failed', error: 'the site answered HTTP 503 every time' });
    await scans.setSourceStatus(input.id, 'forum-a', 'done');
    expect((await scans.sourceProgress(input.id))[0]!.status).toBe('done');
  });

  it('adds only new pages and counts them once, however often the same batch is retried', async () => {
    const input = newScan();
    await scans.create(input);
    const batch = newPages(3);
    const firstIds = await pages.addPages(input.id, 'forum-a', batch);
    expect(firstIds.sort()).toEqual(batch.map((p) => p.id).sort());
    // The retry carries fresh ids for the same URLs, as a re-run search would.
    const retried = batch.map((p) => ({ ...p, id: randomUUID() }));
    expect(await pages.addPages(input.id, 'forum-a', retried)).toEqual([]);
    const mixed = [...newPages(2, 'v'), batch[0]!, { ...newPages(1, 'v')[0]!, id: randomUUID() }];
    expect(await pages.addPages(input.id, 'forum-a', mixed)).toHaveLength(2);
    expect(await pages.addPages(input.id, 'forum-a', [])).toEqual([]);
    const forum = (await scans.sourceProgress(input.id)).find((p) => p.source_id === 'forum-a');
    expect(forum!.pages_total).toBe(5);
    expect(await pages.countByScan(input.id)).toEqual({ total: 5, pending: 5, fetched: 0, failed: 0 });
    expect(await pages.countBySource(input.id, 'forum-a')).toBe(5);
    expect((await pages.existingUrlKeys(input.id, ['u0', 'v1', 'zz'])).sort()).toEqual(['u0', 'v1']);
    const page = await pages.get(batch[1]!.id);
    expect(Buffer.isBuffer(page!.sealed_url)).toBe(true);
    expect(page!.sealed_url.equals(batch[1]!.sealedUrl)).toBe(true);
    // What a fetch reads of its page: just enough to know whether, and where, to fetch it.
    expect(await pages.fetchTarget(batch[1]!.id)).toEqual({
      status: 'pending',
      sealed_url: batch[1]!.sealedUrl,
    });
    expect(await pages.fetchTarget(randomUUID())).toBeUndefined();
  });

  it('counts each page once when overlapping batches arrive concurrently', async () => {
    const input = newScan();
    await scans.create(input);
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const batches = Array.from({ length: 6 }, (_, b) =>
      keys
        .slice(b * 2, b * 2 + 10)
        .map((urlKey) => ({ id: randomUUID(), urlKey, sealedUrl: randomBytes(8) })),
    );
    const inserted = (
      await Promise.all(batches.map((batch) => pages.addPages(input.id, 'paste-b', batch)))
    ).flat();
    const expected = new Set(batches.flat().map((p) => p.urlKey)).size;
    expect(inserted).toHaveLength(expected);
    const paste = (await scans.sourceProgress(input.id)).find((p) => p.source_id === 'paste-b');
    expect(paste!.pages_total).toBe(expected);
  });

  it('refuses pages for a source the scan does not run, and the failed transaction leaves nothing', async () => {
    const input = newScan();
    await scans.create(input);
    await expect(pages.addPages(input.id, 'not-in-scan', newPages(2))).rejects.toThrow();
    expect(await pages.countByScan(input.id)).toEqual({ total: 0, pending: 0, fetched: 0, failed: 0 });
    // The connection is usable again after the rollback.
    expect(await pages.addPages(input.id, 'forum-a', newPages(1))).toHaveLength(1);
  });

  it('counts a fetched page once and a failed page once, whatever the retries', async () => {
    const input = newScan();
    await scans.create(input);
    const [a, b, c] = newPages(3);
    await pages.addPages(input.id, 'forum-a', [a!, b!, c!]);
    const snapshot = randomBytes(5000);
    expect(await pages.markFetched(a!.id, { contentSha256: 'ab'.repeat(32), sealedSnapshot: snapshot })).toBe(
      true,
    );
    expect(
      await pages.markFetched(a!.id, { contentSha256: 'cd'.repeat(32), sealedSnapshot: randomBytes(3) }),
    ).toBe(false);
    expect(await pages.markFailed(a!.id, 'late failure')).toBe(false);
    expect(await pages.markFailed(b!.id, 'gone (HTTP 404)')).toBe(true);
    expect(await pages.markFailed(b!.id, 'gone (HTTP 404)')).toBe(false);
    expect(await pages.markFetched(b!.id, { contentSha256: 'ef'.repeat(32), sealedSnapshot: null })).toBe(
      false,
    );
    await Promise.all([
      pages.markFetched(c!.id, { contentSha256: '01'.repeat(32), sealedSnapshot: null }),
      pages.markFetched(c!.id, { contentSha256: '01'.repeat(32), sealedSnapshot: null }),
    ]);
    const forum = (await scans.sourceProgress(input.id)).find((p) => p.source_id === 'forum-a');
    expect(forum).toMatchObject({ pages_total: 3, pages_done: 2, pages_failed: 1 });
    const fetched = await pages.get(a!.id);
    expect(fetched).toMatchObject({ status: 'fetched', content_sha256: 'ab'.repeat(32), error: null });
    expect(fetched!.sealed_snapshot!.equals(snapshot)).toBe(true);
    expect(fetched!.fetched_at).toBeInstanceOf(Date);
    expect(await pages.get(b!.id)).toMatchObject({
      status: 'failed',
      error: 'gone (HTTP 404)',
      sealed_snapshot: null,
    });
    expect(await pages.countByScan(input.id)).toEqual({ total: 3, pending: 0, fetched: 2, failed: 1 });
    expect(await pages.get(randomUUID())).toBeUndefined();
  });

  it('reads and settles the pages of several fetches in one statement each, counting each page once', async () => {
    const input = newScan();
    await scans.create(input);
    const forumPages = newPages(3, 'f');
    const pastePages = newPages(2, 'p');
    await pages.addPages(input.id, 'forum-a', forumPages);
    await pages.addPages(input.id, 'paste-b', pastePages);
    const [a, b, c] = forumPages;
    const [d, e] = pastePages;
    const targets = await pages.fetchTargets([a!.id, d!.id, a!.id, randomUUID()]);
    expect([...targets.keys()].sort()).toEqual([a!.id, d!.id].sort());
    expect(targets.get(d!.id)).toEqual({ status: 'pending', sealed_url: d!.sealedUrl });

    expect(await pages.markFailed(c!.id, 'gone (HTTP 410)')).toBe(true);
    const snapshot = randomBytes(5000);
    const moved = await pages.markFetchedMany([
      { id: a!.id, contentSha256: 'aa'.repeat(32), sealedSnapshot: randomBytes(3) },
      { id: b!.id, contentSha256: 'bb'.repeat(32), sealedSnapshot: null },
      // Failed for good already: left as it is, counted nowhere.
      { id: c!.id, contentSha256: 'cc'.repeat(32), sealedSnapshot: null },
      { id: d!.id, contentSha256: 'dd'.repeat(32), sealedSnapshot: snapshot },
      // Listed twice in one batch: written once, with its last entry.
      { id: a!.id, contentSha256: 'a2'.repeat(32), sealedSnapshot: snapshot },
    ]);
    expect([...moved].sort()).toEqual([a!.id, b!.id, d!.id].sort());
    // A retried batch moves and counts nothing again; a page not yet read does move.
    const retried = await pages.markFetchedMany([
      { id: a!.id, contentSha256: 'ff'.repeat(32), sealedSnapshot: null },
      { id: e!.id, contentSha256: 'ee'.repeat(32), sealedSnapshot: null },
    ]);
    expect([...retried]).toEqual([e!.id]);
    expect(await pages.markFetchedMany([])).toEqual(new Set());

    const progress = await scans.sourceProgress(input.id);
    expect(progress.find((p) => p.source_id === 'forum-a')).toMatchObject({
      pages_total: 3,
      pages_done: 2,
      pages_failed: 1,
    });
    expect(progress.find((p) => p.source_id === 'paste-b')).toMatchObject({ pages_total: 2, pages_done: 2 });
    const fetchedA = await pages.get(a!.id);
    expect(fetchedA).toMatchObject({ status: 'fetched', content_sha256: 'a2'.repeat(32) });
    expect(fetchedA!.sealed_snapshot!.equals(snapshot)).toBe(true);
    expect(fetchedA!.fetched_at).toBeInstanceOf(Date);
    expect(await pages.get(b!.id)).toMatchObject({ status: 'fetched', sealed_snapshot: null });
    expect(await pages.get(c!.id)).toMatchObject({ status: 'failed', content_sha256: null });
    expect((await pages.get(d!.id))!.sealed_snapshot!.equals(snapshot)).toBe(true);
  });

  it('upserts one finding per dedupe key, keeping the first id and the latest detail', async () => {
    const input = newScan();
    await scans.create(input);
    const [page] = newPages(1);
    await pages.addPages(input.id, 'forum-a', [page!]);
    const base = {
      scanId: input.id,
      pageId: page!.id,
      sourceId: 'forum-a',
      dedupeKey: 'post-77',
      severity: 'medium' as const,
      identifierIds: ['h1', 'n1'],
    };
    const first = await findings.upsert({ ...base, id: randomUUID(), sealedDetail: randomBytes(30) });
    expect(first.inserted).toBe(true);
    const latestDetail = randomBytes(31);
    const again = await findings.upsert({
      ...base,
      id: randomUUID(),
      severity: 'high',
      identifierIds: ['e1', 'h1', 'n1'],
      sealedDetail: latestDetail,
    });
    expect(again).toEqual({ id: first.id, inserted: false });
    await findings.upsert({ ...base, id: randomUUID(), dedupeKey: 'post-78', sealedDetail: randomBytes(30) });
    expect(await findings.countByScan(input.id)).toBe(2);
    const listed = await findings.listByScan(input.id);
    const post77 = listed.find((f) => f.dedupe_key === 'post-77')!;
    expect(post77.id).toBe(first.id);
    expect(post77.severity).toBe('high');
    expect(post77.identifier_ids).toEqual(['e1', 'h1', 'n1']);
    expect(Buffer.isBuffer(post77.sealed_detail)).toBe(true);
    expect(post77.sealed_detail.equals(latestDetail)).toBe(true);
    expect((await findings.get(first.id))?.dedupe_key).toBe('post-77');
  });

  it("upserts a page's findings in one call, once per dedupe key, and refreshes them on a retry", async () => {
    const input = newScan();
    await scans.create(input);
    const [page] = newPages(1);
    await pages.addPages(input.id, 'forum-a', [page!]);
    const finding = (dedupeKey: string, severity: 'low' | 'high', sealedDetail: Buffer) => ({
      id: randomUUID(),
      scanId: input.id,
      pageId: page!.id,
      sourceId: 'forum-a',
      dedupeKey,
      severity,
      identifierIds: ['h1'],
      sealedDetail,
    });
    const laterTwin = randomBytes(20);
    const first = await findings.upsertMany([
      finding('post-1', 'low', randomBytes(20)),
      finding('post-2', 'low', randomBytes(20)),
      // The same post twice on one page (quoted, say): one finding, with the later entry's values.
      finding('post-2', 'high', laterTwin),
    ]);
    expect(first.map((row) => [row.dedupeKey, row.inserted]).sort()).toEqual([
      ['post-1', true],
      ['post-2', true],
    ]);
    const twin = (await findings.listByScan(input.id)).find((row) => row.dedupe_key === 'post-2')!;
    expect(twin.severity).toBe('high');
    expect(twin.sealed_detail.equals(laterTwin)).toBe(true);
    expect(await findings.upsertMany([])).toEqual([]);

    // The page retried: the same posts again with fresh ids; nothing is added and the first ids stay.
    const retried = await findings.upsertMany([
      finding('post-1', 'high', randomBytes(20)),
      finding('post-2', 'high', randomBytes(20)),
    ]);
    expect(retried.every((row) => !row.inserted)).toBe(true);
    expect(retried.map((row) => row.id).sort()).toEqual(first.map((row) => row.id).sort());
    const listed = await findings.listByScan(input.id);
    expect(listed.map((row) => [row.dedupe_key, row.severity]).sort()).toEqual([
      ['post-1', 'high'],
      ['post-2', 'high'],
    ]);
  });

  it('writes more pages and findings at once than one statement may carry parameters for', async () => {
    const input = newScan();
    await scans.create(input);
    // 12,000 pages of 6 parameters and 9,000 findings of 8: each beyond PostgreSQL's 65,535 per statement.
    const many = newPages(12_000, 'bulk');
    expect(await pages.addPages(input.id, 'forum-a', many)).toHaveLength(12_000);
    const forum = (await scans.sourceProgress(input.id)).find((p) => p.source_id === 'forum-a');
    expect(forum!.pages_total).toBe(12_000);
    const written = await findings.upsertMany(
      Array.from({ length: 9_000 }, (_, i) => ({
        id: randomUUID(),
        scanId: input.id,
        pageId: many[0]!.id,
        sourceId: 'forum-a',
        dedupeKey: `post-${i}`,
        severity: 'low' as const,
        identifierIds: ['h1'],
        sealedDetail: randomBytes(8),
      })),
    );
    expect(written.filter((row) => row.inserted)).toHaveLength(9_000);
    expect(await findings.listByScan(input.id)).toHaveLength(9_000);
  });

  it('deletes a scan with everything derived from it, in every table, and leaves other scans alone', async () => {
    const doomed = newScan();
    const kept = newScan();
    for (const input of [doomed, kept]) {
      await scans.create(input);
      const [page] = newPages(1);
      await pages.addPages(input.id, 'forum-a', [page!]);
      await pages.markFetched(page!.id, { contentSha256: '00'.repeat(32), sealedSnapshot: randomBytes(64) });
      await findings.upsert({
        id: randomUUID(),
        scanId: input.id,
        pageId: page!.id,
        sourceId: 'forum-a',
        dedupeKey: 'p1',
        severity: 'low',
        identifierIds: ['h1'],
        sealedDetail: randomBytes(20),
      });
    }
    // What the person did with the doomed scan in the pages: a status, a reveal in a session.
    await new RemediationRepository(database.db).set(doomed.id, 'finding-1', 'requested');
    const sessions = new WebSessionRepository(database.db);
    const sessionId = randomUUID();
    const tokenHash = randomBytes(32).toString('hex');
    await sessions.create({
      id: sessionId,
      tokenHash,
      kind: 'local',
      orgId: null,
      apiKeyId: null,
      csrfSecret: randomBytes(16).toString('hex'),
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await sessions.addRevealed(sessionId, `${doomed.id}/finding-1`);
    await sessions.addRevealed(sessionId, `${kept.id}/finding-2`);
    await audit.append({ actor: 'cli', action: 'scan.delete', orgId: null, scanId: doomed.id });
    expect(await scans.delete(doomed.id)).toBe(true);
    expect(await scans.delete(doomed.id)).toBe(false);

    const remaining = async (scanId: string) => {
      const { db } = database;
      const [s, k, src, pg, f] = await Promise.all([
        db.selectFrom('scans').select('id').where('id', '=', scanId).execute(),
        db.selectFrom('data_keys').select('scan_id').where('scan_id', '=', scanId).execute(),
        db.selectFrom('scan_sources').select('source_id').where('scan_id', '=', scanId).execute(),
        db.selectFrom('scan_pages').select('id').where('scan_id', '=', scanId).execute(),
        db.selectFrom('findings').select('id').where('scan_id', '=', scanId).execute(),
      ]);
      return { scans: s.length, keys: k.length, sources: src.length, pages: pg.length, findings: f.length };
    };
    expect(await remaining(doomed.id)).toEqual({ scans: 0, keys: 0, sources: 0, pages: 0, findings: 0 });
    expect(await remaining(kept.id)).toEqual({ scans: 1, keys: 1, sources: 2, pages: 1, findings: 1 });
    // Every table holding scan data is covered above; the audit log alone keeps the deletion on record
    // (ids and actions only, never identifiers), as docs/safety.md §3 asks; its chain's head holds a count and a hash.
    const tables = (await database.db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual([
      'api_keys',
      'audit_chain_head',
      'audit_log',
      'data_keys',
      'finding_remediation',
      'findings',
      'organisations',
      'scan_pages',
      'scan_sources',
      'scans',
      'web_sessions',
    ]);
    const { db } = database;
    const statuses = await db
      .selectFrom('finding_remediation')
      .select('finding_id')
      .where('scan_id', '=', doomed.id)
      .execute();
    expect(statuses).toEqual([]);
    expect((await sessions.findByTokenHash(tokenHash))?.revealed).toEqual([`${kept.id}/finding-2`]);
    const auditRows = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('scan_id', '=', doomed.id)
      .execute();
    expect(auditRows.map((r) => r.action)).toEqual(['scan.delete']);
  });

  it('lists scans past their retention period only', async () => {
    const old = newScan({ expiresAt: new Date('2001-01-01T00:00:00Z') });
    const fresh = newScan({ expiresAt: new Date('2999-01-01T00:00:00Z') });
    await scans.create(old);
    await scans.create(fresh);
    const expired = await scans.expired(new Date());
    expect(expired).toContain(old.id);
    expect(expired).not.toContain(fresh.id);
  });

  it('appends audit entries and lists them newest first per organisation', async () => {
    const org = await orgs.createOrg('Audited');
    const scanId = randomUUID();
    const first = await audit.append({ actor: 'api-key:1', action: 'scan.create', orgId: org.id, scanId });
    await audit.append({ actor: 'api-key:1', action: 'report.view', orgId: org.id, scanId });
    await audit.append({ actor: 'api-key:9', action: 'scan.create', orgId: null, scanId: null });
    expect(typeof first.id).toBe('number');
    expect(first.at).toBeInstanceOf(Date);
    const listed = await audit.list(org.id, { limit: 10 });
    expect(listed.map((e) => [e.action, e.actor, e.scan_id])).toEqual([
      ['report.view', 'api-key:1', scanId],
      ['scan.create', 'api-key:1', scanId],
    ]);
    expect(typeof listed[0]!.id).toBe('number');
    expect(await audit.list(org.id, { limit: 1 })).toHaveLength(1);
    expect((await audit.list(org.id, { limit: 10, before: listed[0]!.id })).map((e) => e.action)).toEqual([
      'scan.create',
    ]);
  });

  it('refuses to update or delete audit entries at the database level', async () => {
    const entry = await audit.append({ actor: 'cli', action: 'scan.create', orgId: null, scanId: null });
    await expect(
      database.db.updateTable('audit_log').set({ action: 'rewritten' }).where('id', '=', entry.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_log').where('id', '=', entry.id).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('stores API keys as hashes, finds the organisation by key, and stops after revocation', async () => {
    const org = await orgs.createOrg('Keyed');
    const { id, key } = await orgs.createApiKey(org.id, 'ci');
    expect(key).toMatch(/^esk_[A-Za-z0-9_-]{43}$/);
    const stored = await database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await orgs.findOrgByApiKey(key)).toMatchObject({ id: org.id, name: 'Keyed', api_key_id: id });
    expect(await orgs.findOrgByApiKey(`${key}x`)).toBeUndefined();
    expect(await orgs.revokeApiKey(id)).toBe(true);
    expect(await orgs.findOrgByApiKey(key)).toBeUndefined();
    const [listed] = await orgs.listApiKeys(org.id);
    expect(listed).toMatchObject({ id, label: 'ci' });
    expect(listed!.revoked_at).toBeInstanceOf(Date);
    expect(listed).not.toHaveProperty('key_hash');
    expect((await orgs.listOrgs()).map((o) => o.id)).toContain(org.id);
  });

  it('rolls back a whole transaction when one statement fails', async () => {
    const id = randomUUID();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('organisations').values({ id, name: 'half-made' }).execute();
        await sql`select 1/0`.execute(trx);
      }),
    ).rejects.toThrow();
    expect(await database.db.selectFrom('organisations').select('id').where('id', '=', id).execute()).toEqual(
      [],
    );
  });

  it('keeps a statement from another caller out of an open transaction', async () => {
    const insideId = randomUUID();
    const outsideId = randomUUID();
    let release!: () => void;
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    const rolledBack = database.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('organisations').values({ id: insideId, name: 'inside' }).execute();
        await paused;
        throw new Error('roll back on purpose');
      })
      .catch((error: Error) => error.message);
    // Issued while the transaction is open; on one shared session it must wait, not join it.
    const outside = database.db
      .insertInto('organisations')
      .values({ id: outsideId, name: 'outside' })
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    expect(await rolledBack).toBe('roll back on purpose');
    await outside;
    const names = await database.db
      .selectFrom('organisations')
      .select('name')
      .where('id', 'in', [insideId, outsideId])
      .execute();
    expect(names.map((r) => r.name)).toEqual(['outside']);
  });
});

describe('PGlite in a data folder', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'es-pglite-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps data across close and reopen, and needs no migration the second time', async () => {
    const folder = join(dataDir, 'nested', 'db');
    const input = newScan();
    const first = await openTestPglite({ dataDir: folder });
    try {
      await new ScanRepository(first.db).create(input);
    } finally {
      await first.close();
    }
    const second = await openTestPglite({ dataDir: folder });
    try {
      expect(await migrateToLatest(second.db)).toEqual([]);
      const got = await new ScanRepository(second.db).get(input.id);
      expect(got!.sealed_request.equals(input.sealedRequest)).toBe(true);
      expect((await new ScanRepository(second.db).sourceProgress(input.id)).map((p) => p.source_id)).toEqual([
        'forum-a',
        'paste-b',
      ]);
    } finally {
      await second.close();
    }
  });
});

describe('PGlite statements prepared once', () => {
  it('runs a query again after its table changed under the prepared statement', async () => {
    const database = await openTestPglite();
    try {
      const db = database.db.withTables<{ widened: { a: number; b?: number } }>();
      await sql`create table widened (a int)`.execute(db);
      await db.insertInto('widened').values({ a: 1 }).execute();
      expect(await db.selectFrom('widened').selectAll().execute()).toEqual([{ a: 1 }]);
      // `select *` now has another column: the statement prepared above no longer fits its table.
      await sql`alter table widened add column b int default 2`.execute(db);
      expect(await db.selectFrom('widened').selectAll().execute()).toEqual([{ a: 1, b: 2 }]);
      // Failing statements leave the session usable, and their next run prepares them afresh.
      await expect(
        db
          .insertInto('widened')
          .values({ a: 'x' as unknown as number })
          .execute(),
      ).rejects.toThrow();
      await db.insertInto('widened').values({ a: 3 }).execute();
      expect(await db.selectFrom('widened').select('a').orderBy('a').execute()).toEqual([{ a: 1 }, { a: 3 }]);
    } finally {
      await database.close();
    }
  });

  it('serves several dialects on one PGlite instance, one after another and at once', async () => {
    const pglite = await PGlite.create();
    const open = () =>
      new Kysely<{ t: { a: number } }>({ dialect: new PGliteDialect({ pglite, closeOnDestroy: false }) });
    try {
      const first = open();
      await sql`create table t (a int)`.execute(first);
      await first.insertInto('t').values({ a: 1 }).execute();
      const second = open();
      // Both prepare the same statements under their own names in the one backend session.
      expect(await second.selectFrom('t').select('a').execute()).toEqual([{ a: 1 }]);
      expect(await first.selectFrom('t').select('a').execute()).toEqual([{ a: 1 }]);
      await first.destroy();
      const third = open();
      await third.insertInto('t').values({ a: 2 }).execute();
      expect(await second.selectFrom('t').select('a').orderBy('a').execute()).toEqual([{ a: 1 }, { a: 2 }]);
      await Promise.all([second.destroy(), third.destroy()]);
      // Destroying a dialect that does not own the instance leaves none of its statements behind.
      const left = await pglite.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements');
      expect(left.rows[0]?.n).toBe(0);
    } finally {
      await pglite.close();
    }
  });
});
