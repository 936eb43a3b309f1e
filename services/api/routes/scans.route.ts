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
