/**
 * A SearXNG look-alike: `/search?q=...&format=json&pageno=N` with SearXNG's JSON fields (`query`,
 * `number_of_results`, `results[]` with `url`/`title`/`content`/`engine`, `unresponsive_engines`). It
 * understands `site:<host> "<phrase>"`, the only query shape the adapter sends. Without
 * `format=json` it answers 403, as an instance whose settings do not enable JSON does.
 *
 * Hits point at the OTHER replicas: an entry names a farm source and a path, and its URL is built at
 * request time from the farm's base URLs, which exist only once every server listens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type SearxngEntrySeed = {
  title: string;
  content: string;
  /** Returned whatever `site:` says, as engines sometimes do; adapters must drop what they do not own. */
  ignoresSite?: boolean;
} & ({ sourceId: string; path: string } | { url: string });

export interface SearxngReplicaOptions {
  resultsPerPage?: number;
}

export function createSearxngReplica(
  entries: readonly SearxngEntrySeed[],
  baseUrls: () => Readonly<Record<string, string>>,
  options: SearxngReplicaOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const perPage = options.resultsPerPage ?? 10;
  const urlOf = (entry: SearxngEntrySeed): string | undefined => {
    if ('url' in entry) return entry.url;
    const base = baseUrls()[entry.sourceId];
    return base ? `${base}${entry.path}` : undefined;
  };
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain', 'Method not allowed');
      return;
    }
    if (url.pathname !== '/search') {
      send(404, 'text/html', '<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>');
      return;
    }
    if (url.searchParams.get('format') !== 'json') {
      send(403, 'text/html', '<!DOCTYPE html><html><body><h1>403 Forbidden</h1></body></html>');
      return;
    }
    const q = url.searchParams.get('q') ?? '';
    const site = /(?:^|\s)site:(\S+)/.exec(q)?.[1]?.toLowerCase();
    const phrase = (/"([^"]*)"/.exec(q)?.[1] ?? q.replace(/(?:^|\s)site:\S+/, '')).trim().toLowerCase();
    const hits = entries.flatMap((entry) => {
      const hitUrl = urlOf(entry);
      if (!hitUrl) return [];
      const host = new URL(hitUrl).host.toLowerCase();
      if (site && !entry.ignoresSite && host !== site && !host.endsWith(`.${site}`)) return [];
      const haystack = `${hitUrl} ${entry.title} ${entry.content}`.toLowerCase();
      return phrase !== '' && haystack.includes(phrase) ? [{ entry, hitUrl }] : [];
    });
    const page = Math.max(1, Number(url.searchParams.get('pageno') ?? '1') || 1);
    const shown = hits.slice((page - 1) * perPage, page * perPage);
    send(
      200,
      'application/json',
      JSON.stringify({
        query: q,
        number_of_results: hits.length,
        results: shown.map(({ entry, hitUrl }, i) => ({
          url: hitUrl,
          title: entry.title,
          content: entry.content,
          engine: 'duckduckgo',
          engines: ['duckduckgo'],
          positions: [(page - 1) * perPage + i + 1],
          score: 1,
          category: 'general',
        })),
        answers: [],
        corrections: [],
        infoboxes: [],
        suggestions: [],
        unresponsive_engines: [],
      }),
    );
  };
}
