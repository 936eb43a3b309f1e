import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../services/api/app.js';
import { registerVerifyCommand } from '../../services/cli/commands/verify.command.js';
import {
  createEvidenceService,
  createScanService,
  openRuntime,
  type Runtime,
} from '../../services/core/runtime.js';
import { createPipelineDeps } from '../../workers/pipeline-wiring.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { manifestSchema, sha256Hex, type EvidenceManifest } from '../../shared/evidence/manifest.js';
import { verifyEvidencePack } from '../../shared/evidence/verify.js';
import { createLogger } from '../../shared/log.js';
import { InlineJobRunner } from '../../shared/queue/inline.runner.js';
import type { Report } from '../../shared/report/report.schema.js';
import { createProcessors } from '../../workers/processors/index.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { decoyValues, demoProfile } from '../replicas/personas/demo.persona.js';
import { createTestPostgres, type TestPostgres } from '../support/databases.js';
import { findLeaks, leakNeedles } from '../support/leaks.js';
import { writeFarmOverrides } from '../support/overrides-file.js';

/**
 * The evidence pack and what a person does with each finding, through the API on the real
 * PostgreSQL: a scan of the demo persona against the replica farm (run in this process by the inline
 * runner, so no Redis is needed), its pack exported, unpacked and checked file by file, screenshots
 * drawn by the real Chromium, the pack verified and then broken; tenancy, audit and remediation too.
 */
const consent = {
  subject: 'client',
  attestedBy: 'case worker 17',
  method: 'written',
  obtainedAt: '2026-11-20T10:00:00Z',
} as const;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('evidence pack and remediation through the API', () => {
  let farm: ReplicaFarm;
  let pgDb: TestPostgres;
  let runtime: Runtime;
  let runner: InlineJobRunner;
  let fetcher: { close(): Promise<void> };
  let app: FastifyInstance;
  let orgId: string;
  let apiKey: string;
  let otherOrgKey: string;
  let scanId: string;
  let report: Report;
  let work: string;
  const log = createLogger({ level: process.env.EVIDENCE_TEST_LOG ?? 'silent' });

  beforeAll(async () => {
    farm = await startReplicaFarm();
    pgDb = await createTestPostgres();
    work = mkdtempSync(join(tmpdir(), 'exposure-evidence-'));
    const config = loadConfig({
      DATABASE_URL: pgDb.url,
      EXPOSURE_MASTER_KEY: generateMasterKey(),
      EXPOSURE_SOURCE_OVERRIDES: writeFarmOverrides(farm),
    });
    runtime = await openRuntime({ config, masterKey: config.masterKey!, log });
    runner = new InlineJobRunner({ log, backoffMs: 50 });
    const deps = createPipelineDeps(runtime, { jobs: runner, log, config, mode: 'local', browser: true });
    fetcher = deps.fetcher;
    runner.start(createProcessors(deps));
    const scans = createScanService(runtime, { jobs: runner, log, mode: 'service', config });
    app = await buildApp({
      scans,
      orgs: runtime.repositories.orgs,
      log,
      evidence: createEvidenceService(runtime, { scans, log, config }),
      readiness: { database: async () => true, queue: async () => true },
    });
    const org = await runtime.repositories.orgs.createOrg('Safety Line');
    orgId = org.id;
    apiKey = (await runtime.repositories.orgs.createApiKey(org.id, 'tests')).key;
    const other = await runtime.repositories.orgs.createOrg('Other Org');
    otherOrgKey = (await runtime.repositories.orgs.createApiKey(other.id, 'tests')).key;

    const created = await app.inject({
      method: 'POST',
      url: '/v1/scans',
      headers: auth(),
      payload: {
        identifiers: demoProfile.identifiers,
        consent,
        allowDirect: true,
        sources: ['kiwifarms', 'pastebin'],
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    scanId = created.json().id;
    await runner.idle();
    const response = await app.inject({
      method: 'GET',
      url: `/v1/scans/${scanId}/report`,
      headers: auth(),
    });
    report = response.json();
    // Pastebin is read through its archive of the newest pastes only: the scan is partial, and says so.
    expect(report.scan.status).toBe('partial');
    expect(report.findings.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await app?.close();
    runner?.close();
    await fetcher?.close();
    await runtime?.close();
    await pgDb?.drop();
    await farm?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const auth = (key = apiKey) => ({ authorization: `Bearer ${key}` });

  let pack: Uint8Array;
  let files: Record<string, Uint8Array>;
  let manifest: EvidenceManifest;

  it('exports a ZIP of the reports, every page with a finding as fetched, screenshots and a manifest of hashes', async () => {
    const started = Date.now();
    const requestsBefore = farm.queryLog.length;
    const response = await app.inject({
      method: 'GET',
      url: `/v1/scans/${scanId}/export`,
      headers: auth(),
    });
    const elapsed = Date.now() - started;
    // Drawn from the stored copies: not one request reached the sites (their images and styles included).
    expect(farm.queryLog.slice(requestsBefore)).toEqual([]);
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="exposure-evidence-${scanId}-\\d{8}T\\d{6}Z\\.zip"$`),
    );
    expect(response.headers['cache-control']).toBe('no-store');
    pack = response.rawPayload;
    files = unzipSync(pack);
    manifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode(files['manifest.json'])));
    expect(response.headers['x-manifest-sha256']).toBe(sha256Hex(files['manifest.json']!));
    process.stdout.write(
      `evidence pack: ${manifest.pages.length} pages, ${(pack.byteLength / 1024).toFixed(0)} KiB in ${elapsed} ms\n`,
    );

    expect(manifest.scanId).toBe(scanId);
    expect(manifest.scannerVersion).toBe(report.scannerVersion);
    expect(Object.keys(files).sort()).toEqual(
      [...manifest.files.map((file) => file.path), 'manifest.json'].sort(),
    );
    for (const name of ['README.txt', 'report.json', 'report.html', 'report.pdf', 'report.csv']) {
      expect(files[name], name).toBeDefined();
    }
    expect(new TextDecoder().decode(files['report.pdf']!.subarray(0, 5))).toBe('%PDF-');
    for (const file of manifest.files) {
      expect(sha256Hex(files[file.path]!), file.path).toBe(file.sha256);
      expect(files[file.path]!.byteLength, file.path).toBe(file.bytes);
    }

    // Every page holding a finding, each exactly as fetched: it hashes to the report's SHA-256.
    const findingPages = new Set(
      report.findings.flatMap((f) => [f.pageId, ...f.archivedCopies.map((copy) => copy.pageId)]),
    );
    expect(new Set(manifest.pages.map((page) => page.pageId))).toEqual(findingPages);
    expect(manifest.pageSelection).toMatchObject({ rule: 'pages-with-findings', omitted: 0 });
    for (const finding of report.findings) {
      const page = manifest.pages.find((p) => p.pageId === finding.pageId)!;
      expect(page.contentSha256).toBe(finding.contentSha256);
      expect(page.url).toBe(finding.pageUrl);
      expect(page.findingIds).toContain(finding.id);
    }
    for (const page of manifest.pages) {
      expect(sha256Hex(files[page.snapshot]!)).toBe(page.contentSha256);
      expect(page.httpStatus).toBe(200);
      expect(page.fetchedAt).toMatch(/Z$/);
      expect(page.url.startsWith('http://127.0.0.1:')).toBe(true);
      expect(page.screenshot, page.pageId).not.toBeNull();
      const png = files[page.screenshot!]!;
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      // A drawn page of text, not an empty frame (a blank 1280x720 PNG is a few KiB).
      expect(png.byteLength, page.screenshot!).toBeGreaterThan(10_000);
    }
    expect(manifest.pages.some((page) => page.snapshot.endsWith('.html.txt'))).toBe(true);

    const cover = new TextDecoder().decode(files['README.txt']);
    expect(cover).toContain('original pages of hostile websites');
    expect(cover).toContain('made on explicit request');
    expect(cover).toContain('exposure-scanner verify');
  });

  it('names nobody in the manifest or the cover: no decoy, and none of the persona but her handles in page addresses', () => {
    const manifestText = new TextDecoder().decode(files['manifest.json']);
    const coverText = new TextDecoder().decode(files['README.txt']);
    expect(findLeaks(manifestText + coverText, leakNeedles(decoyValues))).toEqual([]);
    const sensitive = demoProfile.identifiers.filter((i) => i.kind !== 'handle').map((i) => i.value);
    expect(findLeaks(manifestText + coverText, leakNeedles(sensitive))).toEqual([]);
  });

  it('verifies the pack, then names the one file rewritten inside it', async () => {
    expect(verifyEvidencePack(pack)).toMatchObject({ ok: true });
    const intact = join(work, 'intact.zip');
    writeFileSync(intact, pack);
    expect(await runVerify([intact])).toMatchObject({ code: 0 });

    const target = manifest.pages[0]!.snapshot;
    const changed: Zippable = {};
    for (const [name, content] of Object.entries(files)) changed[name] = content;
    changed[target] = new TextEncoder().encode(`${new TextDecoder().decode(files[target])}<!-- edited -->`);
    const broken = zipSync(changed);
    const verdict = verifyEvidencePack(broken);
    expect(verdict.ok ? [] : verdict.problems.map((p) => ['path' in p ? p.path : '', p.kind])).toEqual([
      [target, 'changed'],
      [target, 'page-hash'],
    ]);
    const brokenPath = join(work, 'broken.zip');
    writeFileSync(brokenPath, broken);
    const result = await runVerify([brokenPath]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(target);

    const notZip = join(work, 'not-a-pack.zip');
    writeFileSync(notZip, 'hello');
    expect(await runVerify([notZip])).toMatchObject({ code: 2 });
    expect(await runVerify([join(work, 'absent.zip')])).toMatchObject({ code: 2 });
  });

  it('records the export in the audit log, ids only', async () => {
    const entries = await runtime.repositories.audit.list(orgId, { limit: 50 });
    const exports = entries.filter((entry) => entry.action === 'scan.export');
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ scan_id: scanId, org_id: orgId });
    expect(exports[0]!.actor).toMatch(/^api-key:/);
  });

  it("hides another organisation's scan: export, remediation and reveal are 404", async () => {
    const findingId = report.findings[0]!.id;
    const calls = [
      { method: 'GET', url: `/v1/scans/${scanId}/export` },
      {
        method: 'PUT',
        url: `/v1/scans/${scanId}/findings/${findingId}/remediation`,
        payload: { status: 'removed' },
      },
      { method: 'POST', url: `/v1/scans/${scanId}/findings/${findingId}/reveal` },
    ] as const;
    for (const call of calls) {
      const response = await app.inject({ ...call, headers: auth(otherOrgKey) });
      expect([call.url, response.statusCode, response.json().error.code]).toEqual([
        call.url,
        404,
        'SCAN_NOT_FOUND',
      ]);
    }
    const entries = await runtime.repositories.audit.list(orgId, { limit: 50 });
    expect(
      entries.filter((entry) => entry.action !== 'scan.create' && entry.action !== 'report.view'),
    ).toEqual([expect.objectContaining({ action: 'scan.export' })]);
  });

  it('keeps a remediation status across report views, audited with the finding id', async () => {
    const finding = report.findings[0]!;
    expect(finding.remediation).toEqual({ status: 'action-needed', updatedAt: null });
    const url = `/v1/scans/${scanId}/findings/${finding.id}/remediation`;
    const put = await app.inject({ method: 'PUT', url, headers: auth(), payload: { status: 'requested' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ findingId: finding.id, status: 'requested' });

    for (let view = 0; view < 2; view++) {
      const again: Report = (
        await app.inject({ method: 'GET', url: `/v1/scans/${scanId}/report`, headers: auth() })
      ).json();
      const same = again.findings.find((f) => f.id === finding.id)!;
      expect(same.remediation.status).toBe('requested');
      expect(same.remediation.updatedAt).toBe(put.json().updatedAt);
      expect(
        again.findings
          .filter((f) => f.id !== finding.id)
          .every((f) => f.remediation.status === 'action-needed'),
      ).toBe(true);
    }
    const changed = await app.inject({
      method: 'PUT',
      url,
      headers: auth(),
      payload: { status: 'removed' },
    });
    expect(changed.json().status).toBe('removed');

    const entries = await runtime.repositories.audit.list(orgId, { limit: 50 });
    expect(entries.filter((e) => e.action === 'finding.remediation').map((e) => e.finding_id)).toEqual([
      finding.id,
      finding.id,
    ]);
  });

  it('refuses a bad status or finding id naming the field, and an unknown finding or scan with a 404', async () => {
    const findingId = report.findings[0]!.id;
    const bad = await app.inject({
      method: 'PUT',
      url: `/v1/scans/${scanId}/findings/${findingId}/remediation`,
      headers: auth(),
      payload: { status: 'forgotten' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.message).toMatch(/^status: /);

    // Finding ids are UUIDs: anything else is refused by its shape, naming the field.
    const malformed = await app.inject({
      method: 'PUT',
      url: `/v1/scans/${scanId}/findings/not-a-finding/remediation`,
      headers: auth(),
      payload: { status: 'requested' },
    });
    expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(malformed.json().error.message).toMatch(/findingId/);
    const unknownFinding = await app.inject({
      method: 'PUT',
      url: `/v1/scans/${scanId}/findings/00000000-0000-4000-8000-000000000000/remediation`,
      headers: auth(),
      payload: { status: 'requested' },
    });
    expect([unknownFinding.statusCode, unknownFinding.json().error.code]).toEqual([404, 'FINDING_NOT_FOUND']);
    const unknownScan = await app.inject({
      method: 'PUT',
      url: `/v1/scans/00000000-0000-4000-8000-000000000000/findings/${findingId}/remediation`,
      headers: auth(),
      payload: { status: 'requested' },
    });
    expect([unknownScan.statusCode, unknownScan.json().error.code]).toEqual([404, 'SCAN_NOT_FOUND']);
  });

  it('records a reveal (204), ids only, and never a person in the audit log', async () => {
    const findingId = report.findings[1]?.id ?? report.findings[0]!.id;
    const reveal = await app.inject({
      method: 'POST',
      url: `/v1/scans/${scanId}/findings/${findingId}/reveal`,
      headers: auth(),
    });
    expect(reveal.statusCode, reveal.body).toBe(204);
    const entries = await runtime.repositories.audit.list(orgId, { limit: 50 });
    expect(entries[0]).toMatchObject({ action: 'finding.reveal', scan_id: scanId, finding_id: findingId });
    const needles = leakNeedles([...demoProfile.identifiers.map((i) => i.value), ...decoyValues]);
    expect(findLeaks(JSON.stringify(entries), needles)).toEqual([]);
  });
});

/** The CLI's verify command in this process: its exit code and what it printed. */
async function runVerify(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('exposure-scanner').exitOverride();
  registerVerifyCommand(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'exposure-scanner', 'verify', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = before;
  }
}
