/**
 * A small HTTP proxy for the proxy tests: CONNECT tunnels (what undici's ProxyAgent uses) and plain
 * absolute-URI forwarding, each written down, and its outgoing connections bound to `bindAddress` so
 * the target can tell proxied requests from direct ones.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyLogEntry {
  method: 'CONNECT' | 'FORWARD';
  target: string;
  proxyAuthorization: string | undefined;
}

export interface HttpProxy {
  url: string;
  log: ProxyLogEntry[];
  close(): Promise<void>;
}

export async function startHttpProxy(
  options: { bindAddress?: string; requireAuth?: string } = {},
): Promise<HttpProxy> {
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const authorized = (header: string | undefined) =>
    !options.requireAuth || header === `Basic ${Buffer.from(options.requireAuth).toString('base64')}`;

  const server: Server = createServer((req, res) => {
    const proxyAuthorization = req.headers['proxy-authorization'];
    log.push({ method: 'FORWARD', target: req.url ?? '', proxyAuthorization });
    if (!authorized(proxyAuthorization)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
        localAddress: options.bindAddress,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });

  server.on('connect', (req, client: Socket, head: Buffer) => {
    const proxyAuthorization = req.headers['proxy-authorization'];
    log.push({ method: 'CONNECT', target: req.url ?? '', proxyAuthorization });
    if (!authorized(proxyAuthorization)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    const [host, port] = splitHostPort(req.url ?? '');
    const upstream = connect(
      { host, port, ...(options.bindAddress ? { localAddress: options.bindAddress } : {}) },
      () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      },
    );
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function splitHostPort(authority: string): [string, number] {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority);
  if (!match) return [authority, 443];
  return [match[1]!, Number(match[2])];
}
