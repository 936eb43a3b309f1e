import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scanRequestSchema } from '../../../shared/domain/scan.js';
import { renderReportHtml } from '../../../shared/report/report.html.js';
import type { ScanService } from '../../core/scan.service.js';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const scanIdParams = z.object({ id: z.uuid() });

const progressSchema = z.object({
  id: z.string(),
  status: z.string(),
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
    }),
  ),
  summary: z.unknown(),
});

export const scansRoutes: FastifyPluginAsyncZod<{ scans: ScanService }> = async (app, { scans }) => {
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

  app.get(
    '/v1/scans/:id/report',
    {
      schema: {
        summary: 'The report of a scan (JSON by default, HTML with ?format=html or Accept: text/html)',
        tags: ['scans'],
        params: scanIdParams,
        querystring: z.object({ format: z.enum(['json', 'html']).optional() }),
        response: { 200: z.any(), 404: errorSchema },
      },
    },
    async (request, reply) => {
      const report = await scans.report(request.params.id, request.caller);
      const wantsHtml =
        request.query.format === 'html' ||
        (!request.query.format && /text\/html/.test(request.headers.accept ?? ''));
      reply.header('cache-control', 'no-store');
      if (wantsHtml) {
        return reply.type('text/html; charset=utf-8').send(renderReportHtml(report));
      }
      return reply.send(report);
    },
  );
};
