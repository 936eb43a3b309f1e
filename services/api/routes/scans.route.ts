import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COVERAGE_STATES } from '../../../shared/domain/coverage.js';
import { scanRequestSchema } from '../../../shared/domain/scan.js';
import { renderReportCsv } from '../../../shared/report/report.csv.js';
import { renderReportHtml, REPORT_DOCUMENT_CSP } from '../../../shared/report/report.html.js';
import { reportJsonSchema } from '../../../shared/report/report.schema.js';
import type { ReportPdfRenderer } from '../../core/report-pdf.js';
import type { ScanService } from '../../core/scan.service.js';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const scanIdParams = z.object({ id: z.uuid() });

/** The client reference the caller set when starting the scan (POST /v1/scans `reference`), or null. */
const referenceSchema = z.string().nullable();

const progressSchema = z.object({
  id: z.string(),
  status: z.string(),
  reference: referenceSchema,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  ranDirect: z.boolean(),
  sources: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      searches: z.object({ total: z.number(), done: z.number() }),
      pages: z.object({ total: z.number(), fetched: z.number(), failed: z.number() }),
      error: z.string().nullable(),
      coverage: z.enum(COVERAGE_STATES),
      coverageReason: z.string(),
    }),
  ),
  summary: z.unknown(),
});

const REPORT_FORMATS = ['json', 'html', 'pdf', 'csv'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html',
  pdf: 'application/pdf',
  csv: 'text/csv',
};

/** The standalone report's own policy, and no framing (a header can say that; a meta tag cannot). */
const REPORT_HTML_CSP = `${REPORT_DOCUMENT_CSP}; frame-ancestors 'none'`;

/**
 * The format an Accept header asks for, by its q-values (the first listed wins a tie); JSON when it
 * names none of ours (a bare "any type", as curl sends).
 */
export function negotiateReportFormat(accept: string | undefined): ReportFormat {
  const wanted = (accept ?? '')
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { type: type.trim(), q: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { type } of wanted) {
    const format = REPORT_FORMATS.find((candidate) => REPORT_MEDIA_TYPES[candidate] === type);
    if (format) return format;
  }
  return 'json';
}

export interface ScansRoutesOptions {
  scans: ScanService;
  /** Prints `?format=pdf`; Chromium starts only when a PDF is asked for. */
  reportPdf: Pick<ReportPdfRenderer, 'render'>;
}

export const scansRoutes: FastifyPluginAsyncZod<ScansRoutesOptions> = async (app, { scans, reportPdf }) => {
  app.post(
    '/v1/scans',
    {
      schema: {
        summary: 'Start a scan of the identifiers a person supplied',
        tags: ['scans'],
        body: scanRequestSchema,
        response: {
          202: z.object({ id: z.string(), status: z.string() }),
          400: errorSchema,
          401: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const created = await scans.create(request.body, request.caller);
      return reply.status(202).header('location', `/v1/scans/${created.id}`).send(created);
    },
  );

  app.get(
    '/v1/scans',
    {
      schema: {
        summary: "The caller's scans, newest first",
        tags: ['scans'],
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          before: z.uuid().optional(),
        }),
        response: {
          200: z.object({
            scans: z.array(
              z.object({
                id: z.string(),
                status: z.string(),
                reference: referenceSchema,
                createdAt: z.string(),
                finishedAt: z.string().nullable(),
                summary: z.unknown(),
              }),
            ),
            next: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { limit, before } = request.query;
      const page = await scans.list(request.caller, { limit, ...(before ? { before } : {}) });
      return { scans: page, next: page.length === limit ? page[page.length - 1]!.id : null };
    },
  );

  app.get(
    '/v1/sources',
    {
      schema: {
        summary: 'The sources a scan can search, with trust level and fetch mode',
        tags: ['sources'],
        response: {
          200: z.object({
            sources: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                adapter: z.string(),
                trust: z.string(),
                fetch: z.string(),
                enabled: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ sources: scans.sources() }),
  );

  app.get(
    '/v1/scans/:id',
    {
      schema: {
        summary: 'Status of a scan, with progress per source',
        tags: ['scans'],
        params: scanIdParams,
        response: { 200: progressSchema, 404: errorSchema },
      },
    },
    async (request) => scans.status(request.params.id, request.caller),
  );

  app.delete(
    '/v1/scans/:id',
    {
      schema: {
        summary: 'Delete a scan with everything derived from it (findings, evidence, queue jobs)',
        tags: ['scans'],
        params: scanIdParams,
        response: { 204: z.null(), 404: errorSchema },
      },
    },
    async (request, reply) => {
      await scans.delete(request.params.id, request.caller);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/scans/:id/resume',
    {
      schema: {
        summary:
          'Resume a finished scan: finish what it left undone (searches not recorded done, pages still pending, places that failed) without repeating what it stored',
        tags: ['scans'],
        params: scanIdParams,
        response: {
          202: z.object({
            id: z.string(),
            status: z.literal('running'),
            searches: z.number().int(),
            pages: z.number().int(),
          }),
          401: errorSchema,
          404: errorSchema,
          409: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const resumed = await scans.resume(request.params.id, request.caller);
      return reply.status(202).header('location', `/v1/scans/${resumed.id}`).send(resumed);
    },
  );

  app.get(
    '/v1/scans/:id/report',
    {
      schema: {
        summary:
          'The report of a scan: JSON (the schema at /v1/schemas/report.json), or ?format=html|pdf|csv; without ?format, the Accept header decides',
        tags: ['scans'],
        params: scanIdParams,
        querystring: z.object({ format: z.enum(REPORT_FORMATS).optional() }),
        response: { 200: z.any(), 404: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? negotiateReportFormat(request.headers.accept);
      const report = await scans.report(request.params.id, request.caller);
      // The report names where a person is exposed: no cache, shared or private, may keep a copy.
      reply.header('cache-control', 'no-store').header('vary', 'accept');
      const fileName = `exposure-report-${report.scan.id}`;
      switch (format) {
        case 'html':
          return reply
            .header('content-security-policy', REPORT_HTML_CSP)
            .type('text/html; charset=utf-8')
            .send(renderReportHtml(report));
        case 'pdf': {
          // Paper cannot be clicked open: the PDF shows every post's content.
          const pdf = await reportPdf.render(renderReportHtml(report, { revealAll: true }));
          return reply
            .header('content-disposition', `attachment; filename="${fileName}.pdf"`)
            .type('application/pdf')
            .send(Buffer.from(pdf));
        }
        case 'csv':
          return reply
            .header('content-disposition', `attachment; filename="${fileName}.csv"`)
            .type('text/csv; charset=utf-8; header=present')
            .send(renderReportCsv(report));
        default:
          return reply.type('application/json; charset=utf-8').send(report);
      }
    },
  );

  app.get(
    '/v1/schemas/report.json',
    {
      // Public: the shape of a report says nothing about anyone, and integrators read it before a key.
      config: { public: true },
      schema: {
        summary: "The report's JSON Schema (draft 2020-12), as in docs/report.schema.json",
        tags: ['schemas'],
        security: [],
        response: { 200: z.any() },
      },
    },
    async (_request, reply) =>
      reply
        .header('cache-control', 'public, max-age=3600')
        .type('application/schema+json; charset=utf-8')
        .send(reportJsonSchema()),
  );
};
