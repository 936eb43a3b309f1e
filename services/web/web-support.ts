import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { z } from 'zod';
import { findingIdSchema } from '../../shared/domain/finding.js';
import { AppError } from '../../shared/errors.js';
import type { PageSession } from './pages/layout.js';
import type { WebSession } from './session/web-sessions.js';

/** Small helpers the web routes share: sending a page, reading the session, reading ids from a path. */

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>\n${render(page)}\n`);
}

/** After a form: 303, so the browser follows with a GET and a reload never sends the form again. */
export function redirectAfterPost(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}

/** The session of a route that requires one (the session hook has already turned away requests without). */
export function sessionOf(request: FastifyRequest): WebSession {
  if (!request.webSession) throw new Error('web route without a session: its config must say web: "session"');
  return request.webSession;
}

export function pageSessionOf(session: WebSession): PageSession {
  return { kind: session.kind, csrfToken: session.csrfToken };
}

const scanParams = z.object({ id: z.uuid() });
const findingParams = scanParams.extend({ findingId: findingIdSchema });

/** A malformed id names no scan: the same 404 page as another organisation's scan. */
export function scanIdOf(request: FastifyRequest): string {
  const parsed = scanParams.safeParse(request.params);
  if (!parsed.success) throw new AppError('SCAN_NOT_FOUND', 'no such scan');
  return parsed.data.id;
}

export function findingParamsOf(request: FastifyRequest): { id: string; findingId: string } {
  const parsed = findingParams.safeParse(request.params);
  if (!parsed.success) throw new AppError('SCAN_NOT_FOUND', 'no such scan or finding');
  return parsed.data;
}
