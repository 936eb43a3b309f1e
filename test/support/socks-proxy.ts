/**
 * A real SOCKS5 server for the proxy tests: Debian's `microsocks` (a package of its own, so the test
 * exercises undici's SOCKS5 client against someone else's server, not against our idea of SOCKS).
 * `scripts/install-system.sh` is expected to install it; when it is missing and we are root with
 * apt-get, the test installs it once.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';

export interface SocksProxy {
  url: string;
  port: number;
  /** What microsocks printed: one line per client connection, naming the target it connected to. */
  log(): string[];
  close(): Promise<void>;
}

function hasMicrosocks(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v microsocks'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ensureMicrosocks(): void {
  if (hasMicrosocks()) return;
  if (process.getuid?.() !== 0) throw new Error('microsocks is not installed (apt-get install microsocks)');
  execFileSync(
    'sh',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq microsocks'],
    {
      stdio: 'ignore',
      timeout: 110_000,
    },
  );
  if (!hasMicrosocks()) throw new Error('microsocks could not be installed');
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(host: string, port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`microsocks exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('microsocks did not start listening');
}

/**
 * Starts microsocks on loopback. `bindAddress` makes its outgoing connections leave from that
 * address, so a server can tell proxied requests (from it) from direct ones (from 127.0.0.1).
 */
export async function startSocksProxy(
  options: { bindAddress?: string; user?: string; password?: string } = {},
): Promise<SocksProxy> {
  ensureMicrosocks();
  const host = '127.0.0.1';
  const port = await freePort(host);
  const args = ['-i', host, '-p', String(port)];
  if (options.bindAddress) args.push('-b', options.bindAddress);
  if (options.user && options.password) args.push('-u', options.user, '-P', options.password);
  const child = spawn('microsocks', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await waitForPort(host, port, child);
  const credentials = options.user && options.password ? `${options.user}:${options.password}@` : '';
  return {
    url: `socks5://${credentials}${host}:${port}`,
    port,
    log: () => [...lines],
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
