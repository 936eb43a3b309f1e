import type { FastifyInstance } from 'fastify';
import { toScanProgress } from '../scan-progress.js';
import { WEB_SECURITY_HEADERS } from '../security-headers.js';
import { SESSION_COOKIE } from '../session/session-cookie.js';
import type { WebOptions } from '../web-context.js';
import { scanIdOf, sessionOf } from '../web-support.js';

/** How often a running scan's progress is read for its live page. */
const POLL_MS = 500;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** A stream ends after this long whatever happens; the page's script reconnects if it is still open. */
const MAX_STREAM_MS = 10 * 60_000;

/**
 * `GET /scans/:id/events`: Server-Sent Events with the scan's progress (`progress` events, the same
 * words and counts as the page), then `end` when the scan has ended. Only ids, place names and counts
 * travel; the scan is checked against the session's organisation before anything is sent (404 otherwise).
 * The session is checked again before every read: once it has ended (sign-out, timeout, the key
 * revoked), the stream sends `gone` and ends, and the page's refresh link leads to sign-in.
 */
export function registerScanEventsRoute(app: FastifyInstance, options: WebOptions): void {
  const { scans, sessions } = options;
  const kind = options.mode === 'service' ? 'org' : 'local';
  let closing = false;
  app.addHook('onClose', async () => {
    closing = true;
  });

  app.get('/scans/:id/events', { config: { web: 'session' } }, async (request, reply) => {
    const session = sessionOf(request);
    const token = request.cookies[SESSION_COOKIE];
    const id = scanIdOf(request);
    const names = new Map(scans.sources().map((source) => [source.id, source.name]));
    const first = toScanProgress(await scans.status(id, session.caller), names);

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...WEB_SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let open = true;
    request.raw.on('close', () => (open = false));
    const send = (event: string, data: unknown) => {
      if (open) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };

    raw.write('retry: 2000\n\n');
    send('progress', first);
    let last = JSON.stringify(first);
    let ended = first.ended;
    const started = Date.now();
    let lastWrite = started;
    try {
      while (open && !ended && !closing && Date.now() - started < MAX_STREAM_MS) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (!open || closing) break;
        if (!(await sessions.isLive(token, kind))) {
          send('gone', { id });
          return;
        }
        const progress = toScanProgress(await scans.status(id, session.caller), names);
        ended = progress.ended;
        const text = JSON.stringify(progress);
        if (text !== last) {
          send('progress', progress);
          last = text;
          lastWrite = Date.now();
        } else if (Date.now() - lastWrite > HEARTBEAT_MS) {
          if (open) raw.write(': still here\n\n');
          lastWrite = Date.now();
        }
      }
      if (ended) send('end', { id });
    } catch (error) {
      // The scan was deleted meanwhile, or the database went away: the stream just ends.
      request.log.warn({ scanId: id, err: (error as Error).name }, 'progress stream ended early');
      send('gone', { id });
    } finally {
      raw.end();
    }
  });
}
