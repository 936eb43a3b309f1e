import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { OrgRepository } from '../../../shared/db/repositories/org.repository.js';
import { AppError } from '../../../shared/errors.js';
import { apiKeyCaller, type Caller } from '../../core/scan.service.js';
import { refuse, type RequestLimits } from './rate-limit.plugin.js';

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
 * A missing or unknown key counts as a failed authentication of the client's address; an address past
 * its allowance is refused (429) before its key is even looked up, for longer after each repeat.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { orgs: OrgRepository; limits: RequestLimits }) => {
    app.decorateRequest('caller', null as unknown as Caller);
    const failed = async (request: FastifyRequest, reply: FastifyReply, message: string) => {
      const blocked = await opts.limits.authFailed(request.ip);
      if (blocked) refuse(reply, blocked, 'too many failed authentications from this address');
      throw new AppError('UNAUTHORIZED', message);
    };
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      // Decided on the matched route's pattern, not the raw URL: a percent-encoded path
      // ("/%761/scans") reaches the same route and must not slip past the check.
      const route = request.routeOptions.url;
      if (route === undefined || !route.startsWith('/v1/')) return;
      if (request.routeOptions.config.public === true) return;
      const blocked = await opts.limits.authBlocked(request.ip);
      if (blocked) refuse(reply, blocked, 'too many failed authentications from this address');
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) return failed(request, reply, 'authorization: send "Authorization: Bearer <api key>"');
      const org = await opts.orgs.findOrgByApiKey(match[1]!);
      if (!org) return failed(request, reply, 'authorization: unknown or revoked API key');
      request.caller = apiKeyCaller(org.id, org.api_key_id);
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);
