/**
 * The unhappy paths of real sources, as wrappers around a replica's handler: rate limiting with 429
 * and Retry-After, XenForo's flood-control page, and a flaky host (errors, slow answers, bodies cut
 * short). Each wrapper is deterministic, so tests can assert what the scanner must do about it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** More than `max` requests within `windowMs` get 429 with `Retry-After` (seconds), as paste sites do on bursts. */
export function withBurstLimit(
  handler: Handler,
  options: { max: number; windowMs: number; retryAfterSeconds: number },
): Handler & { limited: () => number } {
  let recent: number[] = [];
  let limited = 0;
  const wrapped = (req: IncomingMessage, res: ServerResponse) => {
    const now = Date.now();
    recent = recent.filter((at) => now - at < options.windowMs);
    if (recent.length >= options.max) {
      limited++;
      res.writeHead(429, {
        'content-type': 'text/html; charset=utf-8',
        'retry-after': String(options.retryAfterSeconds),
      });
      res.end('<html><body><h1>Please slow down</h1></body></html>');
      return;
    }
    recent.push(now);
    handler(req, res);
  };
  return Object.assign(wrapped, { limited: () => limited });
}

/**
 * XenForo's flood control: a second search within `minIntervalMs` gets the forum's own message, an
 * ordinary 200 page that says how many seconds are left of the interval.
 */
export function withFloodControl(
  handler: Handler,
  options: { pathPrefix: string; minIntervalMs: number },
): Handler & { flooded: () => number } {
  let last = 0;
  let flooded = 0;
  const wrapped = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://replica.invalid').pathname;
    if (path.startsWith(options.pathPrefix)) {
      const now = Date.now();
      const left = options.minIntervalMs - (now - last);
      if (left > 0) {
        flooded++;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!DOCTYPE html><html><body><div class="p-body"><div class="blockMessage">You must wait at least ${Math.ceil(left / 1000)} seconds before performing this action.</div></div></body></html>`,
        );
        return;
      }
      last = now;
    }
    handler(req, res);
  };
  return Object.assign(wrapped, { flooded: () => flooded });
}

/**
 * A flaky host: the first request for each path answers 502, the second is cut off mid-body, the
 * third is slow; from then on the page is served normally. A scanner that retries with backoff gets
 * every page; one that does not loses them.
 */
export function withFlakiness(handler: Handler, options: { slowMs?: number } = {}): Handler {
  const seen = new Map<string, number>();
  return (req, res) => {
    const key = req.url ?? '/';
    const attempt = (seen.get(key) ?? 0) + 1;
    seen.set(key, attempt);
    if (attempt === 1) {
      // 502, not 503: a 503 is an explicit "slow down", which the scanner rightly waits a minute on.
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Bad gateway');
      return;
    }
    if (attempt === 2) {
      // Promise a long body, send a little, then drop the connection.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': '100000' });
      res.write('<!DOCTYPE html><html><body><div class="trunc');
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    if (attempt === 3) {
      setTimeout(() => handler(req, res), options.slowMs ?? 400);
      return;
    }
    handler(req, res);
  };
}
