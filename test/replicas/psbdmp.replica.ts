/**
 * A psbdmp look-alike: the v3 keyword search over dump text,
 * the older `{count,data}` search and the dump endpoint, with its key check. Content comes from a
 * synthetic seed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PsbdmpDumpSeed {
  /** The Pastebin key the dump was taken from. */
  id: string;
  /** `YYYY-MM-DD hh:mm:ss`, as psbdmp writes it. */
  time: string;
  tags: string;
  content: string;
}

export interface PsbdmpReplicaOptions {
  /** When set, `/api/v3/dump/<id>` wants `?key=<apiKey>` and answers 403 without it, as the real API does. */
  apiKey?: string;
}

export function createPsbdmpReplica(
  dumps: readonly PsbdmpDumpSeed[],
  options: PsbdmpReplicaOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const byId = new Map(dumps.map((dump) => [dump.id, dump]));
  const search = (query: string): PsbdmpDumpSeed[] => {
    const needle = query.toLowerCase();
    return needle === '' ? [] : dumps.filter((dump) => dump.content.toLowerCase().includes(needle));
  };
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(405, { error: 'Method not allowed' });
      return;
    }
    const v3 = /^\/api\/v3\/search\/(.+)$/.exec(url.pathname);
    if (v3) {
      const rows = search(decodeURIComponent(v3[1] ?? ''));
      json(
        200,
        rows.map((dump) => ({
          id: dump.id,
          tags: dump.tags,
          length: dump.content.length,
          time: dump.time,
          text: dump.content.replace(/\s+/g, ' ').trim().slice(0, 80),
        })),
      );
      return;
    }
    // Older deployments: `/api/search/<q>` (and per-kind paths) with a count and bare ids.
    const legacy = /^\/api\/search\/(?:(?:email|domain)\/)?(.+)$/.exec(url.pathname);
    if (legacy) {
      const rows = search(decodeURIComponent(legacy[1] ?? ''));
      json(200, {
        count: rows.length,
        data: rows.map((dump) => ({ id: dump.id, tags: dump.tags, time: dump.time })),
      });
      return;
    }
    const dumpPath = /^\/api\/v3\/dump\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (dumpPath) {
      if (options.apiKey !== undefined && url.searchParams.get('key') !== options.apiKey) {
        json(403, { error: 'Invalid API key' });
        return;
      }
      const dump = byId.get(dumpPath[1] ?? '');
      if (!dump) json(404, { error: 'Not found' });
      else json(200, { id: dump.id, length: dump.content.length, date: dump.time, content: dump.content });
      return;
    }
    json(404, { error: 'Not found' });
  };
}
