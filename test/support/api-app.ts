import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type AppDeps } from '../../services/api/app.js';
import { createScanService, openRuntime, type Runtime } from '../../services/core/runtime.js';
import type { ScanService } from '../../services/core/scan.service.js';
import { loadConfig, type Config } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { createLogger } from '../../shared/log.js';
import type { JobSink } from '../../shared/queue/jobs.js';

/** A job sink that queues nothing: requests are refused or accepted before anything would run. */
export const idleJobs: JobSink = {
  enqueuePlan: async () => undefined,
  startScanFlow: async () => undefined,
  addFetches: async () => undefined,
  addBrowserSearches: async () => undefined,
  removeJobs: async () => undefined,
};

export interface ApiHarness {
  runtime: Runtime;
  config: Config;
  scans: ScanService;
  /** A new organisation's API key. */
  newKey(name?: string): Promise<string>;
  /** The API as server.ts builds it, on this harness's storage, with the given overrides. */
  build(overrides?: Partial<AppDeps>): ReturnType<typeof buildApp>;
  close(): Promise<void>;
}

/** The API's storage (PGlite in a temporary folder) and scan service, for building apps on. */
export async function openApiHarness(jobs: JobSink = idleJobs): Promise<ApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'exposure-api-'));
  const config = loadConfig({ EXPOSURE_DATA_DIR: dir, EXPOSURE_MASTER_KEY: generateMasterKey() });
  const log = createLogger({ level: 'silent' });
  const runtime = await openRuntime({ config, masterKey: config.masterKey!, log });
  const scans = createScanService(runtime, { jobs, log, mode: 'service', config });
  return {
    runtime,
    config,
    scans,
    async newKey(name = 'Safety Line') {
      const org = await runtime.repositories.orgs.createOrg(name);
      return (await runtime.repositories.orgs.createApiKey(org.id, 'test')).key;
    },
    build: (overrides = {}) =>
      buildApp({
        scans,
        orgs: runtime.repositories.orgs,
        log,
        readiness: { database: async () => true, queue: async () => true },
        reportPdf: { render: async () => new Uint8Array() } as unknown as AppDeps['reportPdf'],
        ...overrides,
      }),
    async close() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server wrote, status line and headers included (for echo checks). */
  raw: string;
  /** Milliseconds from the first byte sent to the connection's end. */
  ms: number;
}

/**
 * Sends bytes as they are over a plain socket and reads until the server closes the connection: requests
 * Node's HTTP client would refuse to send (oversized headers, broken request lines, a body trickled in).
 * `trickle` sends the body a byte at a time at that interval.
 */
export function rawRequest(
  port: number,
  head: string,
  body: Buffer | string = '',
  options: { trickleMs?: number; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let trickle: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open'));
    }, options.timeoutMs ?? 15_000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(guard);
      clearInterval(trickle);
      const raw = Buffer.concat(chunks).toString('utf8');
      const [top = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = top.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      resolve({
        status: Number(statusLine.split(' ')[1] ?? 0),
        headers,
        body: rest.join('\r\n\r\n'),
        raw,
        ms: Date.now() - started,
      });
    });
    socket.on('connect', () => {
      socket.write(head);
      const bytes = Buffer.from(body);
      if (options.trickleMs === undefined) {
        socket.write(bytes);
        return;
      }
      let sent = 0;
      trickle = setInterval(() => {
        if (sent >= bytes.length || socket.destroyed) return clearInterval(trickle);
        socket.write(bytes.subarray(sent, ++sent));
      }, options.trickleMs);
    });
  });
}

/** An HTTP/1.1 request head with `Connection: close`, the given headers and a body's length. */
export function requestHead(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A GET over Node's HTTP client, timed. */
export function timedGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}
