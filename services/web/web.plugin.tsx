import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isDependencyOutage } from '../../shared/errors.js';
import { ErrorPage, NotFoundPage, RefusedPage } from './pages/message.page.js';
import { registerScanRoutes } from './routes/scan.routes.js';
import { registerScansRoutes } from './routes/scans.routes.js';
import { registerSignInRoutes } from './routes/sign-in.routes.js';
import { WEB_SECURITY_HEADERS } from './security-headers.js';
import { CSRF_FIELD, csrfTokenMatches } from './session/csrf.js';
import { clearCookie, isSecureRequest, SESSION_COOKIE } from './session/session-cookie.js';
import type { WebSession } from './session/web-sessions.js';
import { registerAssetRoutes } from './static-assets.js';
import type { WebOptions } from './web-context.js';
import { pageSessionOf, sendPage } from './web-support.js';
import { parseFormBody, formValue } from './forms/form-body.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The web pages' session, when the request carried a live one. */
    webSession: WebSession | null;
  }
  interface FastifyContextConfig {
    /** `session`: only with a live session (and, for POST, its CSRF token); `public`: sign-in pages. */
    web?: 'public' | 'session';
  }
}

/** A scan request is a few identifiers; a form of them is no bigger than the API's body. */
const FORM_BODY_LIMIT = 64 * 1024;

/**
 * The web pages, served at `/` beside the API (service mode) or alone on loopback (local mode). One
 * encapsulated plugin: its cookie and form parsers, headers, session guard and error pages apply to
 * its own routes only, never to /v1.
 */
export async function webPlugin(app: FastifyInstance, options: WebOptions): Promise<void> {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  app.decorateRequest('webSession', null);

  if (options.mode === 'local') app.addHook('onRequest', loopbackOnly);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(WEB_SECURITY_HEADERS);
    return payload;
  });
  app.addHook('preHandler', sessionGuard(options));
  app.setErrorHandler(errorPage);

  registerSignInRoutes(app, options);
  registerScansRoutes(app, options);
  registerScanRoutes(app, options);
  registerAssetRoutes(app);
}

/**
 * Local mode answers only to names of this machine: a web page elsewhere that points its own host name
 * at 127.0.0.1 (DNS rebinding) gets nothing.
 */
async function loopbackOnly(request: FastifyRequest, reply: FastifyReply) {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    return reply.status(421).type('text/plain; charset=utf-8').send('not this host');
  }
}

/**
 * Before every web route: the session from the cookie. A route that needs one turns a request without
 * it to the sign-in page (nothing else happens); a POST must also come from these pages (same origin,
 * a form body, the session's CSRF token) or it is refused with 403 and nothing changed. A public POST
 * (sign-in, with its own token) gets the same origin and form-body checks before anything else.
 */
function sessionGuard(options: WebOptions) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config.web;
    if (!access) return;
    const changes = request.method !== 'GET' && request.method !== 'HEAD';
    // A public POST (sign-in) has no session token to check yet, but it must still come from these
    // pages: another site's form must not sign a browser in, whatever its own token says.
    if (changes && access === 'public' && !(sameOrigin(request) && isFormBody(request))) {
      return sendPage(reply, <RefusedPage session={null} />, 403);
    }
    const token = request.cookies[SESSION_COOKIE];
    request.webSession = await options.sessions.resume(token, options.mode === 'service' ? 'org' : 'local');
    if (access !== 'session') return;
    const session = request.webSession;
    if (!session) {
      if (token) clearCookie(reply, SESSION_COOKIE, isSecureRequest(request, options.secureCookies ?? false));
      // A live-update stream cannot follow a redirect: a 401 ends it for good.
      if (request.headers.accept?.includes('text/event-stream')) return reply.status(401).send();
      return reply.redirect(token ? '/sign-in?notice=ended' : '/sign-in', 303);
    }
    if (changes) {
      const fromThesePages =
        sameOrigin(request) &&
        isFormBody(request) &&
        csrfTokenMatches(session.csrfToken, formValue(parseFormBody(request.body), CSRF_FIELD));
      if (!fromThesePages) return sendPage(reply, <RefusedPage session={pageSessionOf(session)} />, 403);
    }
  };
}

/**
 * A browser says where a request comes from; when it does, it must be these pages. Sec-Fetch-Site is
 * the clear answer; Origin is "null" on these pages' own forms (their referrer policy is no-referrer),
 * so it counts only when it names another origin.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function isFormBody(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

function errorPage(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const session = request.webSession ? pageSessionOf(request.webSession) : null;
  if (error instanceof AppError && error.statusCode === 404) {
    return sendPage(reply, <NotFoundPage session={session} />, 404);
  }
  if (error.statusCode === 429) return sendPage(reply, <ErrorPage session={session} busy />, 429);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return sendPage(reply, <RefusedPage session={session} />, error.statusCode);
  }
  request.log.error({ err: { name: error.name, code: error.code } }, 'web page failed');
  // PostgreSQL or Redis not answering is worth retrying: 503, with the same calm page.
  return sendPage(reply, <ErrorPage session={session} />, isDependencyOutage(error) ? 503 : 500);
}
