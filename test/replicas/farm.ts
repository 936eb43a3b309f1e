/**
 * The offline replica farm: one local HTTP server per catalog source, seeded with synthetic personas
 * (the demo persona, `personas/demo.persona.ts`, and a second one, `personas/second.persona.ts`).
 * Used by integration tests and by `exposure-scanner demo`, so it depends on node:http only.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SourceOverrides } from '../../shared/catalog/catalog.schema.js';
import { withKiwiflareGate, type KiwiflareGate, type KiwiflareGateOptions } from './kiwiflare-gate.js';
import { createFoolfuukaReplica } from './foolfuuka.replica.js';
import { createFourchanReplica } from './fourchan.replica.js';
import { createPastebinReplica } from './pastebin.replica.js';
import { demoForum, demoPastes } from './personas/demo.persona.js';
import {
  archivedMoeSeed,
  desuarchiveSeed,
  fourchanSeed,
  fourplebsSeed,
  lolcowSeed,
} from './personas/imageboards.seed.js';
import {
  aliceArchiveSeed,
  archiveofsinsSeed,
  b4kSeed,
  palanqSeed,
  thebarchiveSeed,
} from './personas/more-archives.seed.js';
import { createVichanReplica } from './vichan.replica.js';
import { createArchiveTodayReplica } from './archive-today.replica.js';
import { createDoxbinReplica } from './doxbin.replica.js';
import { createJustpasteReplica } from './justpaste.replica.js';
import { createPasteeeReplica } from './pasteee.replica.js';
import {
  archiveTodayMementos,
  doxbinPastes,
  justpasteArticles,
  pasteeePastes,
  psbdmpDumps,
  rentryPages,
  searxngIndex,
  waybackCaptures,
} from './personas/pastes.seed.js';
import { createPsbdmpReplica } from './psbdmp.replica.js';
import { createRentryReplica } from './rentry.replica.js';
import { createSearxngReplica } from './searxng.replica.js';
import { createWaybackReplica } from './wayback.replica.js';
import { createXenforoReplica } from './xenforo.replica.js';

export interface ReplicaRequest {
  sourceId: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Epoch milliseconds. */
  at: number;
  /** As received: lets tests tell Chromium from plain HTTP and see which requests carried a cookie. */
  headers: IncomingHttpHeaders;
  /** The peer's address: lets proxy tests tell a proxied request from a direct one. */
  remoteAddress: string;
}

export interface ReplicaFarm {
  /** Base URL of each replica, keyed by catalog source id. */
  baseUrls: Record<string, string>;
  /** What `EXPOSURE_SOURCE_OVERRIDES` must say to point the catalog at this farm. */
  overrides: SourceOverrides;
  /**
   * Every request any replica received, in order. Safety tests read it to prove what a hostile source
   * was (and was not) told.
   */
  queryLog: ReplicaRequest[];
  requestCount(sourceId: string): number;
  /** The proof-of-work gate in front of the forum, when the farm was started with `kiwiflare`. */
  kiwiflare?: KiwiflareGate;
  close(): Promise<void>;
}

export interface ReplicaFarmOptions {
  /** Interface to listen on; loopback unless a test needs the farm reachable from a container. */
  host?: string;
  /**
   * Puts the KiwiFlare proof-of-work gate in front of the forum (only a real browser passes it). Off by
   * default, so suites that read the forum over plain HTTP keep working.
   */
  kiwiflare?: boolean | KiwiflareGateOptions;
  /**
   * Wraps a replica's handler to make it misbehave (misbehaviour.ts: 429 bursts, flood control,
   * flakiness), keyed by source id.
   */
  wrap?: Partial<Record<string, (handler: Handler) => Handler>>;
  /** Sources whose server is not started: their base URL points at a port nobody listens on. */
  dead?: readonly string[];
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The raw-access code the rentry replica accepts in `rentry-auth` (tests of the raw views use it). */
export const RENTRY_FARM_ACCESS_CODE = 'farm-raw-code';
/** The key the paste.ee replica's API accepts (`X-Auth-Token`). */
export const PASTEEE_FARM_API_KEY = 'farm-api-key';

function listen(server: Server, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** A port that was free a moment ago and that nothing listens on: connections to it are refused. */
async function closedPort(host: string): Promise<number> {
  const probe = createServer();
  const { port } = await listen(probe, host);
  await closeServer(probe);
  return port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets of an HTTP client would otherwise hold the server open.
    server.closeAllConnections();
  });
}

export async function startReplicaFarm(options: ReplicaFarmOptions = {}): Promise<ReplicaFarm> {
  const host = options.host ?? '127.0.0.1';
  // Two rows per result page so a handle search spans several pages, as a busy real forum does.
  // A misbehaviour of the forum itself (flood control) sits behind the anti-bot gate, as on the real site.
  const plainForum = createXenforoReplica(demoForum, { resultsPerPage: 2 });
  const forum = options.wrap?.kiwifarms?.(plainForum) ?? plainForum;
  const kiwiflare = options.kiwiflare
    ? withKiwiflareGate(forum, options.kiwiflare === true ? {} : options.kiwiflare)
    : undefined;
  const handlers: Record<string, Handler> = {
    kiwifarms: kiwiflare?.handler ?? forum,
    pastebin: createPastebinReplica(demoPastes),
    // Imageboards: FoolFuuka archives (two answer in the newer object shape), 4chan's JSON API,
    // and lolcow.farm, which serves HTML only.
    'archived-moe': createFoolfuukaReplica(archivedMoeSeed),
    '4plebs': createFoolfuukaReplica(fourplebsSeed),
    desuarchive: createFoolfuukaReplica(desuarchiveSeed, { searchShape: 'object' }),
    // Five smaller archives, each with a tiny seed of its own that holds neither persona
    // (personas/more-archives.seed.ts): every handle search there answers "No results found.".
    thebarchive: createFoolfuukaReplica(thebarchiveSeed),
    palanq: createFoolfuukaReplica(palanqSeed, { searchShape: 'object' }),
    b4k: createFoolfuukaReplica(b4kSeed),
    'alice-archive': createFoolfuukaReplica(aliceArchiveSeed),
    archiveofsins: createFoolfuukaReplica(archiveofsinsSeed),
    '4chan': createFourchanReplica(fourchanSeed),
    lolcow: createVichanReplica(lolcowSeed, { json: false, siteName: 'replica cow board' }),
    // Paste and dox sites, the archives and web search (personas/pastes.seed.ts). One row per Doxbin
    // page so its search spans pages; SearXNG's hits point at the other replicas, whose base URLs exist
    // only once every server listens, so it reads them at request time.
    psbdmp: createPsbdmpReplica(psbdmpDumps),
    doxbin: createDoxbinReplica(doxbinPastes, { rowsPerPage: 1 }),
    rentry: createRentryReplica(rentryPages, { rawAccessCode: RENTRY_FARM_ACCESS_CODE }),
    pasteee: createPasteeeReplica(pasteeePastes, { apiKey: PASTEEE_FARM_API_KEY }),
    wayback: createWaybackReplica(waybackCaptures()),
    searxng: createSearxngReplica(searxngIndex, () => baseUrls, { resultsPerPage: 1 }),
    justpaste: createJustpasteReplica(justpasteArticles),
    'archive-today': createArchiveTodayReplica(archiveTodayMementos),
  };
  const queryLog: ReplicaRequest[] = [];
  const servers: Server[] = [];
  const baseUrls: Record<string, string> = {};
  const overrides: SourceOverrides = {};

  try {
    for (const [sourceId, plain] of Object.entries(handlers)) {
      if (options.dead?.includes(sourceId)) continue;
      const handle = sourceId === 'kiwifarms' ? plain : (options.wrap?.[sourceId]?.(plain) ?? plain);
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://replica.invalid');
        queryLog.push({
          sourceId,
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          at: Date.now(),
          headers: { ...req.headers },
          remoteAddress: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
        });
        try {
          handle(req, res);
        } catch (error) {
          // A replica bug should fail the test that hit it, visibly, not hang the client.
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`replica error: ${(error as Error).message}`);
        }
      });
      servers.push(server);
      const address = await listen(server, host);
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      baseUrls[sourceId] = `http://${urlHost}:${address.port}`;
      overrides[sourceId] = { baseUrl: baseUrls[sourceId], allowPrivateNetwork: true };
    }
    // Dead sources get their closed port only once every live replica listens: a port freed earlier
    // could be handed to a later replica, and the "dead" source would then answer as another one.
    for (const sourceId of Object.keys(handlers).filter((id) => options.dead?.includes(id))) {
      baseUrls[sourceId] = `http://127.0.0.1:${await closedPort(host)}`;
      overrides[sourceId] = { baseUrl: baseUrls[sourceId], allowPrivateNetwork: true };
    }
  } catch (error) {
    await Promise.allSettled(servers.map(closeServer));
    throw error;
  }

  let closed = false;
  return {
    baseUrls,
    overrides,
    queryLog,
    requestCount: (sourceId) => queryLog.filter((entry) => entry.sourceId === sourceId).length,
    ...(kiwiflare ? { kiwiflare } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(servers.map(closeServer));
    },
  };
}
