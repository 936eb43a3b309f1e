import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The cookies of the web pages. The session cookie carries only a random token: HttpOnly (no script
 * reads it), SameSite=Strict (no other site's page sends it along), Path=/, and Secure whenever the
 * pages are reached over HTTPS (directly, through a proxy that says so, or when configured).
 */
export const SESSION_COOKIE = 'es_session';
/** Twin of the sign-in form's hidden token, before there is a session to bind it to. */
export const SIGN_IN_COOKIE = 'es_signin';

export function isSecureRequest(request: FastifyRequest, configured: boolean): boolean {
  if (configured || request.protocol === 'https') return true;
  // Only ever adds Secure, never removes it: trusting the header cannot weaken the cookie.
  return request.headers['x-forwarded-proto'] === 'https';
}

export function setCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  /** Without `maxAgeSeconds`, a cookie of the browser session: closing the browser forgets it. */
  options: { secure: boolean; maxAgeSeconds?: number },
): void {
  reply.setCookie(name, value, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: options.secure,
    ...(options.maxAgeSeconds !== undefined ? { maxAge: options.maxAgeSeconds } : {}),
  });
}

export function clearCookie(reply: FastifyReply, name: string, secure: boolean): void {
  reply.clearCookie(name, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}
