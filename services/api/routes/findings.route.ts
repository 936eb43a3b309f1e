import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findingIdSchema } from '../../../shared/domain/finding.js';
import { REMEDIATION_STATUSES } from '../../../shared/report/report.schema.js';
import type { ScanService } from '../../core/scan.service.js';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
/** A report finding's id (report.json `findings[].id`); whether the scan has it is the service's call. */
const findingParams = z.object({ id: z.uuid(), findingId: findingIdSchema });

/** What a person does with one finding of their report: mark where they are with it, reveal its content. */
export const findingsRoutes: FastifyPluginAsyncZod<{ scans: ScanService }> = async (app, { scans }) => {
  app.put(
    '/v1/scans/:id/findings/:findingId/remediation',
    {
      schema: {
        summary:
          'Set where the person is with a finding: action-needed, requested, removed or unlikely-to-be-removed',
        tags: ['findings'],
        params: findingParams,
        body: z.strictObject({ status: z.enum(REMEDIATION_STATUSES) }),
        response: {
          200: z.object({
            findingId: z.string(),
            status: z.enum(REMEDIATION_STATUSES),
            updatedAt: z.string(),
          }),
          400: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (request) =>
      scans.setRemediation(request.params.id, request.params.findingId, request.body.status, request.caller),
  );

  app.post(
    '/v1/scans/:id/findings/:findingId/reveal',
    {
      schema: {
        summary: "Record that a finding's content (what the post says) was shown; audited, ids only",
        tags: ['findings'],
        params: findingParams,
        response: { 204: z.null(), 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      await scans.recordReveal(request.params.id, request.params.findingId, request.caller);
      return reply.status(204).send(null);
    },
  );
};
