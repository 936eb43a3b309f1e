/**
 * A tiny HTTP server that writes down every request it gets (when, from which address, how many were
 * in flight), for tests that must prove what reached a source: politeness across processes, the SSRF
 * guard, the proxy. Answers are scripted per path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  path: string;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /** Epoch milliseconds when the answer was finished. */
  endAt?: number;
  remoteAddress: string;
  remotePort: number;
  /** Requests in flight when this one arrived, itself included. */
  inFlight: number;
  headers: IncomingMessage['headers'];
}

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Hold the answer this long, so concurrent requests overlap. */
  delayMs?: number;
}

/** Returns the answer for a request; `count` is how many requests this path had before (0 first). */
export type Script = (path: string, count: number) => ScriptedAnswer;

export interface RequestLogServer {
  url: string;
  port: number;
  log: LoggedRequest[];
  maxInFlight(): number;
  close(): Promise<void>;
}

export async function startRequestLogServer(
  script: Script = () => ({}),
  host = '127.0.0.1',
): Promise<RequestLogServer> {
  const log: LoggedRequest[] = [];
  const counts = new Map<string, number>();
  let inFlight = 0;
  let max = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    max = Math.max(max, inFlight);
    const path = new URL(req.url ?? '/', 'http://log.invalid').pathname;
    const entry: LoggedRequest = {
      path,
      at: Date.now(),
      remoteAddress: req.socket.remoteAddress ?? '',
      remotePort: req.socket.remotePort ?? 0,
      inFlight,
      headers: req.headers,
    };
    log.push(entry);
    const count = counts.get(path) ?? 0;
    counts.set(path, count + 1);
    const answer = script(path, count);
    const finish = () => {
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...answer.headers });
      res.end(answer.body ?? `<html><body>page ${path}</body></html>`);
      entry.endAt = Date.now();
      inFlight--;
    };
    if (answer.delayMs) setTimeout(finish, answer.delayMs);
    else finish();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    log,
    maxInFlight: () => max,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
