import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../services/api/app.js';
import { negotiateReportFormat } from '../../services/api/routes/scans.route.js';
import {
  chromiumReportLauncher,
  ReportPdfRenderer,
  type ReportBrowserLauncher,
} from '../../services/core/report-pdf.js';
import { createScanService, openRuntime, type Runtime } from '../../services/core/runtime.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { createLogger } from '../../shared/log.js';
import type { JobSink } from '../../shared/queue/jobs.js';
import { reportJsonSchema, reportSchema } from '../../shared/report/report.schema.js';
import { REPORT_CSV_COLUMNS } from '../../shared/report/report.csv.js';
import { resolveBrowserExecutable } from '../../workers/fetchers/browser-pool.js';
import { testConsent } from '../support/service-stack.js';

const executable = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);

/**
 * GET /v1/scans/:id/report in its four formats and GET /v1/schemas/report.json, over HTTP (inject)
 * on PGlite, with a job sink that only records: the scan never runs, so its report is the in-progress
 * one, which is all the formats and headers need.
 */
describe('report routes', () => {
  let dir: string;
  let runtime: Runtime;
  let app: FastifyInstance;
  let key: string;
  let otherKey: string;
  let scanId: string;
  let launches = 0;
  const jobs: JobSink = {
    enqueuePlan: async () => undefined,
    startScanFlow: async () => undefined,
    addFetches: async () => undefined,
    addBrowserSearches: async () => undefined,
    removeJobs: async () => undefined,
  };
  const handle = 'quillmarrow';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'exposure-report-routes-'));
    const config = loadConfig({ EXPOSURE_DATA_DIR: dir, EXPOSURE_MASTER_KEY: generateMasterKey() });
    const log = createLogger({ level: 'silent' });
    runtime = await openRuntime({ config, masterKey: config.masterKey!, log });
    const scans = createScanService(runtime, { jobs, log, mode: 'service', config });
    const chromium = executable ? chromiumReportLauncher({ executablePath: executable }) : undefined;
    const counting: ReportBrowserLauncher = async () => {
      launches++;
      if (!chromium) throw new Error('no Chromium on this machine');
      return chromium();
    };
    app = await buildApp({
      scans,
      orgs: runtime.repositories.orgs,
      log,
      readiness: { database: async () => true, queue: async () => true },
      reportPdf: new ReportPdfRenderer(counting),
    });
    const org = await runtime.repositories.orgs.createOrg('Safety Line');
    key = (await runtime.repositories.orgs.createApiKey(org.id, 'reports')).key;
    const other = await runtime.repositories.orgs.createOrg('Other');
    otherKey = (await runtime.repositories.orgs.createApiKey(other.id, 'reports')).key;
    const created = await app.inject({
      method: 'POST',
      url: '/v1/scans',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        identifiers: [{ kind: 'handle', value: handle }],
        consent: testConsent,
        sources: ['pastebin'],
        allowDirect: true,
      },
    });
    expect(created.statusCode).toBe(202);
    scanId = created.json<{ id: string }>().id;
  });

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}, apiKey: string | null = key) =>
    app.inject({
      method: 'GET',
      url,
      headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers },
    });

  it('serves the report as JSON valid against the schema by default, never cached', async () => {
    const response = await get(`/v1/scans/${scanId}/report`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    const report = reportSchema.parse(response.json());
    expect(report.scan.id).toBe(scanId);
    expect(report.verdict.state).toBe('in-progress');
  });

  it('serves the standalone HTML for ?format=html and for a browser’s Accept, under a CSP that loads nothing', async () => {
    for (const response of [
      await get(`/v1/scans/${scanId}/report?format=html`),
      await get(`/v1/scans/${scanId}/report`, {
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      }),
    ]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.body).toContain('<!doctype html>');
      expect(response.body).toContain('Your exposure report');
    }
  });

  it('serves the CSV as an attachment', async () => {
    const response = await get(`/v1/scans/${scanId}/report?format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="exposure-report-${scanId}.csv"`,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      REPORT_CSV_COLUMNS.map((column) => `"${column}"`).join(','),
    );
  });

  it('prints the PDF only when asked, as an attachment', async () => {
    expect(launches).toBe(0);
    const response = await get(`/v1/scans/${scanId}/report?format=pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="exposure-report-${scanId}.pdf"`,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(launches).toBe(1);
  });

  it("refuses a report without a key (401) and hides another organisation's (404)", async () => {
    expect((await get(`/v1/scans/${scanId}/report?format=csv`, {}, null)).statusCode).toBe(401);
    const other = await get(`/v1/scans/${scanId}/report?format=html`, {}, otherKey);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain(handle);
    expect((await get(`/v1/scans/${scanId}/report?format=docx`)).statusCode).toBe(400);
  });

  it('serves the JSON Schema to anyone, without a key', async () => {
    const response = await get('/v1/schemas/report.json', {}, null);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/schema\+json/);
    expect(response.json()).toEqual(reportJsonSchema());
  });
});

describe('report format negotiation', () => {
  it('follows the Accept header by q-value, JSON otherwise', () => {
    expect(negotiateReportFormat(undefined)).toBe('json');
    expect(negotiateReportFormat('*/*')).toBe('json');
    expect(negotiateReportFormat('text/html')).toBe('html');
    expect(negotiateReportFormat('application/json, text/html')).toBe('json');
    expect(negotiateReportFormat('text/html;q=0.5, text/csv')).toBe('csv');
    expect(negotiateReportFormat('application/pdf;q=0, text/html;q=0.1')).toBe('html');
    expect(negotiateReportFormat('TEXT/HTML')).toBe('html');
  });
});
