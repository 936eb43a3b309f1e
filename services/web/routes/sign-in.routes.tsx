import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseFormBody, formValue } from '../forms/form-body.js';
import { LocalSignInPage, SignInPage, type SignInNotice } from '../pages/sign-in.page.js';
import { CSRF_FIELD, csrfTokenMatches } from '../session/csrf.js';
import {
  clearCookie,
  isSecureRequest,
  SESSION_COOKIE,
  setCookie,
  SIGN_IN_COOKIE,
} from '../session/session-cookie.js';
import { LOCAL_UI_ACTOR, newSecretToken, type SessionOwner } from '../session/web-sessions.js';
import type { WebOptions } from '../web-context.js';
import { redirectAfterPost, sendPage, sessionOf } from '../web-support.js';
import { RefusedPage } from '../pages/message.page.js';
import { apiKeyCaller } from '../../core/scan.service.js';

/** The same bounds as a bearer key of the API: one token, no spaces. */
const signInSchema = z.object({
  apiKey: z
    .string()
    .trim()
    .min(1, 'Please enter your organisation\u2019s API key.')
    .max(200, 'That is not an API key.'),
});

const signInQuery = z.object({ notice: z.enum(['signed-out', 'ended']).optional() });
const localEntryQuery = z.object({ token: z.string().min(1).max(200).optional() });

/** The sign-in form's token lives an hour: long enough to find a key, short enough to go stale. */
const SIGN_IN_FORM_SECONDS = 3600;

/**
 * Ways in and out. Service mode: the API key form (a pre-session token, double-submitted as a cookie
 * and a hidden field, keeps other sites from signing a browser in). Local mode: the one-time link.
 * Signing in always starts a new session; signing out deletes it.
 */
export function registerSignInRoutes(app: FastifyInstance, options: WebOptions): void {
  const secure = (request: FastifyRequest) => isSecureRequest(request, options.secureCookies ?? false);

  async function startSession(request: FastifyRequest, reply: FastifyReply, owner: SessionOwner) {
    const { token } = await options.sessions.start(owner);
    // No lifetime on the cookie: on a shared computer, closing the browser leaves nothing signed in.
    // The server ends the session on its own clocks (idle and absolute) whatever the browser keeps.
    setCookie(reply, SESSION_COOKIE, token, { secure: secure(request) });
  }

  app.get('/', { config: { web: 'public' } }, async (request, reply) => {
    if (options.mode === 'local') {
      const { token } = localEntryQuery.safeParse(request.query).data ?? {};
      if (token !== undefined) {
        if (!options.oneTimeTokens.redeem(token)) {
          // An old link opened again in a browser that is already in: nothing to explain.
          if (request.webSession) return reply.redirect('/scans', 303);
          return sendPage(reply, <LocalSignInPage notice="used" />, 401);
        }
        await startSession(request, reply, { kind: 'local' });
        await options.scans.recordSession({ orgId: null, actor: LOCAL_UI_ACTOR }, 'session.sign-in');
        // Off the address with the (now dead) token, to the list.
        return reply.redirect('/scans', 303);
      }
    }
    return reply.redirect(request.webSession ? '/scans' : '/sign-in', 303);
  });

  app.get('/sign-in', { config: { web: 'public' } }, async (request, reply) => {
    if (request.webSession) return reply.redirect('/scans', 303);
    const notice: SignInNotice = signInQuery.safeParse(request.query).data?.notice ?? null;
    if (options.mode === 'local') return sendPage(reply, <LocalSignInPage notice={notice} />);
    return sendSignInForm(request, reply, { notice, status: 200 });
  });

  function sendSignInForm(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { notice: SignInNotice; status: number; error?: string },
  ) {
    const formToken = newSecretToken();
    setCookie(reply, SIGN_IN_COOKIE, formToken, {
      secure: secure(request),
      maxAgeSeconds: SIGN_IN_FORM_SECONDS,
    });
    return sendPage(
      reply,
      <SignInPage formToken={formToken} notice={state.notice} error={state.error} />,
      state.status,
    );
  }

  function tooManyKeys(request: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number) {
    reply.header('retry-after', String(retryAfterSeconds));
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return sendSignInForm(request, reply, {
      notice: null,
      status: 429,
      error: `Too many keys were tried from here. Please wait ${minutes === 1 ? 'a minute' : `${minutes} minutes`}, then try again.`,
    });
  }

  if (options.mode === 'service') {
    const { orgs } = options;
    app.post('/sign-in', { config: { web: 'public' } }, async (request, reply) => {
      const body = parseFormBody(request.body);
      const expected = request.cookies[SIGN_IN_COOKIE];
      if (!expected || !csrfTokenMatches(expected, formValue(body, CSRF_FIELD))) {
        return sendPage(reply, <RefusedPage session={null} />, 403);
      }
      const parsed = signInSchema.safeParse({ apiKey: formValue(body, 'apiKey') });
      if (!parsed.success) {
        return sendSignInForm(request, reply, {
          notice: null,
          status: 400,
          error: parsed.error.issues[0]!.message,
        });
      }
      // Keys typed here count against the address as the API's do: blocked, nothing is looked up.
      const limits = request.server.requestLimits;
      const blocked = await limits?.authBlocked(request.ip);
      if (blocked) return tooManyKeys(request, reply, blocked.retryAfterSeconds);
      const org = /^\S+$/.test(parsed.data.apiKey)
        ? await orgs.findOrgByApiKey(parsed.data.apiKey)
        : undefined;
      if (!org) {
        const nowBlocked = await limits?.authFailed(request.ip);
        if (nowBlocked) return tooManyKeys(request, reply, nowBlocked.retryAfterSeconds);
        return sendSignInForm(request, reply, {
          notice: null,
          status: 401,
          error:
            'That key was not recognised. Please check it, or ask whoever manages keys for your organisation.',
        });
      }
      clearCookie(reply, SIGN_IN_COOKIE, secure(request));
      await startSession(request, reply, { kind: 'org', orgId: org.id, apiKeyId: org.api_key_id });
      await options.scans.recordSession(apiKeyCaller(org.id, org.api_key_id), 'session.sign-in');
      return redirectAfterPost(reply, '/scans');
    });
  }

  app.post('/sign-out', { config: { web: 'session' } }, async (request, reply) => {
    const session = sessionOf(request);
    await options.sessions.end(session);
    await options.scans.recordSession(session.caller, 'session.sign-out');
    clearCookie(reply, SESSION_COOKIE, secure(request));
    return redirectAfterPost(reply, '/sign-in?notice=signed-out');
  });
}
