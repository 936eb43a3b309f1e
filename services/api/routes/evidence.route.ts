import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EvidenceService } from '../../core/evidence-pack.js';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * The evidence pack of a scan as a ZIP download. Making one starts Chromium (screenshots, the PDF), so
 * callers get a few a minute, well under the API's general rate.
 */
export const evidenceRoutes: FastifyPluginAsyncZod<{ evidence: EvidenceService }> = async (
  app,
  { evidence },
) => {
  app.get(
    '/v1/scans/:id/export',
    {
      config: { rateLimit: { max: 6, timeWindow: '1 minute' } },
      schema: {
        summary:
          'The evidence pack: report (JSON, HTML, PDF, CSV), each page with a finding as fetched, screenshots drawn offline, a manifest of SHA-256 hashes (audited as scan.export)',
        tags: ['scans'],
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.any().describe('application/zip'),
          404: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const pack = await evidence.exportPack(request.params.id, request.caller);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${pack.fileName}"`)
        .header('x-manifest-sha256', pack.manifestSha256)
        .type('application/zip')
        .send(Buffer.from(pack.bytes.buffer, pack.bytes.byteOffset, pack.bytes.byteLength));
    },
  );
};
