import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { OrgRepository } from '../../../shared/db/repositories/org.repository.js';
import { AppError } from '../../../shared/errors.js';
import type { Caller } from '../../core/scan.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** A /v1 route anyone may call without a key (it says nothing about anyone: a schema). */
    public?: boolean;
  }
}

/**
 * `Authorization: Bearer <key>` on every /v1 route (docs/safety.md §3). Keys are looked up by their hash;
 * the caller is the key's organisation, and the actor recorded in the audit log is the key's id.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { orgs: OrgRepository }) => {
    app.decorateRequest('caller', null as unknown as Caller);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      // Decided on the matched route's pattern, not the raw URL: a percent-encoded path
      // ("/%761/scans") reaches the same route and must not slip past the check.
      const route = request.routeOptions.url;
      if (route === undefined || !route.startsWith('/v1/')) return;
      if (request.routeOptions.config.public === true) return;
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('UNAUTHORIZED', 'authorization: send "Authorization: Bearer <api key>"');
      const org = await opts.orgs.findOrgByApiKey(match[1]!);
      if (!org) throw new AppError('UNAUTHORIZED', 'authorization: unknown or revoked API key');
      request.caller = { orgId: org.id, actor: `api-key:${org.api_key_id}` };
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);
