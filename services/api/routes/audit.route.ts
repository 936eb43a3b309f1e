import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../../shared/db/repositories/audit.repository.js';
import type { ScanService } from '../../core/scan.service.js';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** One entry as an organisation reads it: who did what to which scan, finding or key, and when. Ids only. */
const entrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  /** One of AUDIT_ACTIONS; a string here, so an entry written by a newer release is still listed. */
  action: z.string().meta({ examples: [...AUDIT_ACTIONS] }),
  scanId: z.string().nullable(),
  findingId: z.string().nullable(),
  keyId: z.string().nullable(),
  /** The entry's place in the hash chain: `exposure-scanner audit verify` checks the whole chain. */
  rowHash: z.string(),
});

/** `GET /v1/audit`: the calling organisation's own audit entries, newest first, a page at a time. */
export const auditRoutes: FastifyPluginAsyncZod<{ scans: ScanService }> = async (app, { scans }) => {
  app.get(
    '/v1/audit',
    {
      schema: {
        summary:
          "The caller's organisation's audit log, newest first: scans made, viewed, revealed, exported, deleted and expired, status changes, keys and sign-ins",
        tags: ['audit'],
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          /** The `next` of the previous page: entries before that place in the chain. */
          before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
        }),
        response: {
          200: z.object({ entries: z.array(entrySchema), next: z.number().int().nullable() }),
          400: errorSchema,
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const { limit, before } = request.query;
      const entries = await scans.auditLog(request.caller, { limit, ...(before ? { before } : {}) });
      return { entries, next: entries.length === limit ? entries[entries.length - 1]!.seq : null };
    },
  );
};
