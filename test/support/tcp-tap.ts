/**
 * A TCP pass-through in front of a server that writes down the remote address of every connection it
 * accepts. Put in front of the replica farm, it shows where each connection the farm served came from
 * (the proxy's bound address, or this process's own).
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpTap {
  url: string;
  /** Remote addresses of accepted connections, in order. */
  peers: string[];
  close(): Promise<void>;
}

export async function startTcpTap(
  target: { host: string; port: number },
  host = '127.0.0.1',
): Promise<TcpTap> {
  const peers: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    peers.push((client.remoteAddress ?? '').replace(/^::ffff:/, ''));
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    peers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
