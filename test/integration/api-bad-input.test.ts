import { createServer, type Server, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestLimits } from '../../services/api/plugins/rate-limit.plugin.js';
import { createScanService } from '../../services/core/runtime.js';
import { openDatabase, type Database } from '../../shared/db/database.js';
import { OrgRepository } from '../../shared/db/repositories/org.repository.js';
import { createLogger } from '../../shared/log.js';
import { BullJobRunner } from '../../shared/queue/bullmq.runner.js';
import {
  openApiHarness,
  rawRequest,
  requestHead,
  timedGet,
  type ApiHarness,
  type RawResponse,
} from '../support/api-app.js';
import { freePort, startOwnRedis } from '../support/processes.js';

/**
 * Bad input over real sockets, one row per kind of refusal: the status, the stable code, the field the
 * message names, and that nothing of the request comes back (every request carries MARKER somewhere:
 * its path, a header or its body). Then the timeouts: a client trickling its body is cut off, and
 * /readyz and /v1 answer 503 quickly when PostgreSQL or Redis hang.
 */
const MARKER = 'zq7marker';
const REQUEST_TIMEOUT_MS = 1_500;

const consent = {
  subject: 'client',
  attestedBy: 'tester',
  method: 'written',
  obtainedAt: '2026-11-20T10:00:00Z',
};

interface Row {
  name: string;
  send(port: number, key: string): Promise<RawResponse>;
  status: number;
  code: string;
  /** How the message starts: the field it names. */
  field: string;
}

const json = (port: number, key: string, body: string | Buffer, path = '/v1/scans') =>
  rawRequest(
    port,
    requestHead(
      'POST',
      path,
      { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-case': MARKER },
      body,
    ),
    body,
  );

const scan = (identifiers: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ identifiers, consent, allowDirect: true, sources: ['pastebin'], ...extra });

const rows: Row[] = [
  {
    name: 'consent dated in the future (past the 5-minute clock allowance)',
    send: (port, key) =>
      json(
        port,
        key,
        scan([{ kind: 'handle', value: MARKER }], {
          consent: { ...consent, obtainedAt: new Date(Date.now() + 10 * 60_000).toISOString() },
        }),
      ),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'consent.obtainedAt: must not be in the future',
  },
  {
    name: 'a control character inside a value',
    send: (port, key) => json(port, key, scan([{ kind: 'handle', value: `${MARKER}\u0007x` }])),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'identifiers[0].value: must not contain control characters',
  },
  {
    name: 'a right-to-left override (U+202E)',
    send: (port, key) => json(port, key, scan([{ kind: 'handle', value: `${MARKER}\u202Etxt.exe` }])),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'identifiers[0].value: must not contain bidirectional',
  },
  {
    name: 'a left-to-right mark (U+200E) in a second identifier',
    send: (port, key) =>
      json(
        port,
        key,
        scan([
          { kind: 'handle', value: 'mothlantern' },
          { kind: 'name', value: `Sorrel\u200E ${MARKER}` },
        ]),
      ),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'identifiers[1].value: must not contain bidirectional',
  },
  {
    name: 'an isolate (U+2066) in who attested consent',
    send: (port, key) =>
      json(
        port,
        key,
        scan([{ kind: 'handle', value: 'mothlantern' }], {
          consent: { ...consent, attestedBy: `\u2066${MARKER}\u2069` },
        }),
      ),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'consent.attestedBy: must not contain bidirectional',
  },
  {
    name: 'a lone surrogate escaped in a JSON string',
    send: (port, key) =>
      json(
        port,
        key,
        // JSON.stringify would escape it too; written by hand so the escape itself is what is sent.
        `{"identifiers":[{"kind":"handle","value":"${MARKER}\\ud800"}],"consent":${JSON.stringify(consent)},"allowDirect":true}`,
      ),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'identifiers[0].value: must be valid UTF-8',
  },
  {
    name: 'bytes that are not UTF-8',
    send: (port, key) =>
      json(
        port,
        key,
        Buffer.concat([
          Buffer.from(`{"identifiers":[{"kind":"handle","value":"${MARKER}`),
          Buffer.from([0xc3, 0x28, 0xff]),
          Buffer.from(`"}],"consent":${JSON.stringify(consent)}}`),
        ]),
      ),
    status: 400,
    code: 'INVALID_JSON',
    field: 'body: not valid UTF-8',
  },
  {
    name: 'the same handle twice, in other case and spacing',
    send: (port, key) =>
      json(
        port,
        key,
        scan([
          { kind: 'handle', value: `Moth ${MARKER}` },
          { kind: 'handle', value: `  moth   ${MARKER.toUpperCase()} ` },
        ]),
      ),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'identifiers[1].value: repeats identifiers[0]',
  },
  {
    name: 'the same name twice, composed and decomposed (equal once NFC)',
    send: (port, key) =>
      json(
        port,
        key,
        scan([
          { kind: 'name', value: `Jos\u00e9 ${MARKER}` },
          { kind: 'handle', value: 'mothlantern' },
          { kind: 'name', value: `Jose\u0301 ${MARKER}` },
        ]),
      ),
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'identifiers[2].value: repeats identifiers[0]',
  },
  {
    name: 'malformed JSON',
    send: (port, key) => json(port, key, `{"identifiers":[{"kind":"handle","value":"${MARKER}"`),
    status: 400,
    code: 'INVALID_JSON',
    field: 'body: not valid JSON',
  },
  {
    name: 'a body that is not JSON (415)',
    send: (port, key) => {
      const body = `identifiers=${MARKER}`;
      return rawRequest(
        port,
        requestHead(
          'POST',
          '/v1/scans',
          { 'content-type': `text/${MARKER}`, authorization: `Bearer ${key}` },
          body,
        ),
        body,
      );
    },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'body: send application/json',
  },
  {
    name: 'a body past 64 KiB (413)',
    send: (port, key) => json(port, key, scan([{ kind: 'handle', value: MARKER.repeat(8000) }])),
    status: 413,
    code: 'BODY_TOO_LARGE',
    field: 'body: larger than',
  },
  {
    name: 'an unknown route (404)',
    send: (port, key) =>
      rawRequest(port, requestHead('GET', `/v1/${MARKER}/x?q=${MARKER}`, { authorization: `Bearer ${key}` })),
    status: 404,
    code: 'NOT_FOUND',
    field: 'no such route',
  },
  {
    name: 'a path parameter longer than any id (414)',
    send: (port, key) =>
      rawRequest(
        port,
        requestHead('GET', `/v1/scans/${MARKER.repeat(20)}`, { authorization: `Bearer ${key}` }),
      ),
    status: 414,
    code: 'URI_TOO_LONG',
    field: 'url: longer than',
  },
  {
    name: 'a URL past 2048 characters (414)',
    send: (port, key) =>
      rawRequest(
        port,
        requestHead('GET', `/v1/sources?q=${MARKER.repeat(300)}`, { authorization: `Bearer ${key}` }),
      ),
    status: 414,
    code: 'URI_TOO_LONG',
    field: 'url: longer than',
  },
  {
    name: 'a percent-encoding that decodes to nothing (400)',
    send: (port, key) =>
      rawRequest(port, requestHead('GET', `/v1/scans/%E0%A4%A${MARKER}`, { authorization: `Bearer ${key}` })),
    status: 400,
    code: 'MALFORMED_REQUEST',
    field: 'url: not a valid path',
  },
  {
    name: 'headers past the 16 KiB Node reads (431)',
    send: (port) => rawRequest(port, requestHead('GET', '/v1/sources', { 'x-big': MARKER.repeat(2500) })),
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    field: 'headers: larger than',
  },
  {
    name: 'bytes that are not HTTP (400)',
    send: (port) => rawRequest(port, `GET /v1/sources ${MARKER}\r\n\r\n`),
    status: 400,
    code: 'MALFORMED_REQUEST',
    field: 'request: not a readable HTTP request',
  },
  {
    name: `a body trickled in a byte at a time, cut off after ${REQUEST_TIMEOUT_MS} ms (408)`,
    send: (port, key) => {
      const body = scan([{ kind: 'handle', value: MARKER }]);
      return rawRequest(
        port,
        requestHead(
          'POST',
          '/v1/scans',
          { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body,
        ),
        body,
        { trickleMs: 200 },
      );
    },
    status: 408,
    code: 'REQUEST_TIMEOUT',
    field: 'request: not received in time',
  },
];

describe('bad input over sockets', () => {
  let harness: ApiHarness;
  let app: FastifyInstance;
  let port: number;
  let key: string;

  beforeAll(async () => {
    harness = await openApiHarness();
    key = await harness.newKey();
    app = await harness.build({ requestTimeoutMs: REQUEST_TIMEOUT_MS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await app?.close();
    await harness?.close();
  });

  it.each(rows)('$name: $status $code', async (row) => {
    const response = await row.send(port, key);
    expect(response.status, response.raw.slice(0, 300)).toBe(row.status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(response.body) as { error: { code: string; message: string } };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(row.code);
    expect(body.error.message.startsWith(row.field), body.error.message).toBe(true);
    expect(response.raw.toLowerCase()).not.toContain(MARKER.toLowerCase());
    if (row.status === 408) expect(response.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 1_500);
  });

  it('stores a decomposed value in NFC, and an accepted request nothing of the refused ones', async () => {
    const created = await json(port, key, scan([{ kind: 'name', value: 'Jose\u0301 Quistgarde' }]));
    expect(created.status, created.body).toBe(202);
    const { id } = JSON.parse(created.body) as { id: string };
    const report = await app.inject({
      method: 'GET',
      url: `/v1/scans/${id}/report`,
      headers: { authorization: `Bearer ${key}` },
    });
    const names = report.json<{ identifiers: Array<{ value: string }> }>().identifiers.map((i) => i.value);
    expect(names).toEqual(['Jos\u00e9 Quistgarde']);
    // Every refused row above stored nothing: this is the organisation's only scan.
    const list = await app.inject({
      method: 'GET',
      url: '/v1/scans',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(list.json<{ scans: unknown[] }>().scans).toHaveLength(1);
  });
});

describe('dependencies that hang or are gone', () => {
  let harness: ApiHarness;
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;
  let hungPostgres: Server;
  const held: Socket[] = [];
  let hungUrl: string;
  let closedUrl: string;
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const log = createLogger({ level: 'silent' });
  let producer: BullJobRunner;
  let limitsRedis: Redis;

  beforeAll(async () => {
    harness = await openApiHarness();
    redis = await startOwnRedis();
    // Stands in for a hung PostgreSQL: accepts connections and never says a word.
    hungPostgres = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => hungPostgres.listen(0, '127.0.0.1', resolve));
    hungUrl = `postgres://postgres@127.0.0.1:${(hungPostgres.address() as { port: number }).port}/hung`;
    closedUrl = `postgres://postgres@127.0.0.1:${await freePort()}/gone`;
    // Connected before Redis is frozen, as a running API's connections are.
    producer = new BullJobRunner({ redisUrl: redis.url, prefix: 'frozen-test', log, role: 'producer' });
    closers.push(() => producer.close());
    limitsRedis = new Redis(redis.url, {
      commandTimeout: 300,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    closers.push(() => limitsRedis.disconnect());
    for (let i = 0; i < 50 && !(await producer.ping()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await producer.ping()).toBe(true);
    if (limitsRedis.status !== 'ready') await new Promise((resolve) => limitsRedis.once('ready', resolve));
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    held.forEach((socket) => socket.destroy());
    await new Promise((resolve) => hungPostgres?.close(resolve));
    await redis?.stop();
    await harness?.close();
  });

  async function listen(app: FastifyInstance): Promise<number> {
    closers.push(() => app.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    return (app.server.address() as { port: number }).port;
  }

  async function database(url: string): Promise<Database> {
    const db = await openDatabase({ url, connectTimeoutMs: 500, statementTimeoutMs: 1_000 });
    closers.push(() => db.close());
    return db;
  }

  it('answers /readyz 503 within a second when Redis is frozen and PostgreSQL hangs', async () => {
    const hung = await database(hungUrl);
    const port = await listen(
      await harness.build({
        readiness: {
          database: async () => {
            await hung.db.selectFrom('organisations').select('id').limit(1).execute();
            return true;
          },
          queue: () => producer.ping(),
        },
      }),
    );
    redis.signal('SIGSTOP');
    for (let i = 0; i < 3; i++) {
      const ready = await timedGet(port, '/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toEqual({ status: 'not ready', database: false, queue: false });
      expect(ready.ms).toBeLessThan(1_000);
    }
    const health = await timedGet(port, '/healthz');
    expect([health.status, health.ms < 1_000]).toEqual([200, true]);
  });

  it('answers /v1 with 503 DEPENDENCY_UNAVAILABLE when PostgreSQL hangs or is gone, never 500', async () => {
    for (const url of [hungUrl, closedUrl]) {
      const db = await database(url);
      const port = await listen(await harness.build({ orgs: new OrgRepository(db.db) }));
      const started = Date.now();
      const answer = await timedGet(port, '/v1/sources', { authorization: 'Bearer esk_anything' });
      expect(answer.status, answer.body).toBe(503);
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'storage or queue unavailable; try again shortly' },
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it('refuses a scan with 503 within seconds when Redis is frozen, and limits still count in memory', async () => {
    redis.signal('SIGSTOP');
    const scans = createScanService(harness.runtime, {
      jobs: producer,
      log,
      mode: 'service',
      config: harness.config,
    });
    const limits = new RequestLimits({
      settings: { perKeyPerMinute: 3, perAddressPerMinute: 100, authFailures: 10, authBlockSeconds: 60 },
      redis: limitsRedis,
      prefix: 'frozen-test',
    });
    const port = await listen(await harness.build({ scans, limits }));
    const freshKey = await harness.newKey('Frozen');

    const started = Date.now();
    const refused = await json(port, freshKey, scan([{ kind: 'handle', value: 'mothlantern' }]));
    expect(refused.status, refused.body).toBe(503);
    expect(JSON.parse(refused.body).error.code).toBe('QUEUE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(4_000);

    // The limiter's Redis answers nothing: each request waits its command timeout at most, then the
    // count goes on in this instance's memory (3 a minute here: 1 spent above).
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await timedGet(port, '/v1/sources', { authorization: `Bearer ${freshKey}` });
      expect(answer.ms).toBeLessThan(1_500);
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
