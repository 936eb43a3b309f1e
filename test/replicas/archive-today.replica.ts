/**
 * An archive.today look-alike: TimeMaps in Memento
 * link format at `/timemap/<url>` ("TimeMap does not exists" with 404 when there is none) and snapshot
 * pages that answer with the CAPTCHA interstitial, as the real site often does to scripted visitors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ArchiveTodayMementoSeed {
  original: string;
  /** 14 digits. */
  timestamp: string;
}

export const ARCHIVE_TODAY_CAPTCHA =
  '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>archive.today (replica)</title></head>\n' +
  '<body><div id="CONTENT"><p>Please complete the CAPTCHA to continue.</p><form method="post" action="/">' +
  '<div class="captcha-widget" data-sitekey="00000000-0000-0000-0000-000000000000"></div>' +
  '<input type="submit" value="Continue"></form></div></body></html>\n';

function httpDate(timestamp: string): string {
  const iso = `${timestamp.slice(0, 4)}-${timestamp.slice(4, 6)}-${timestamp.slice(6, 8)}T${timestamp.slice(8, 10)}:${timestamp.slice(10, 12)}:${timestamp.slice(12, 14)}Z`;
  return new Date(iso).toUTCString();
}

export function createArchiveTodayReplica(
  mementos: readonly ArchiveTodayMementoSeed[],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replica.invalid');
    const path = `${url.pathname}${url.search}`;
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const timemap = /^\/timemap\/(.+)$/s.exec(path);
    if (timemap) {
      const original = (timemap[1] ?? '').replace(/^(https?):\/+/, '$1://');
      const found = mementos
        .filter((m) => m.original === original)
        .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
      if (found.length === 0) {
        send(404, 'text/plain', 'TimeMap does not exists');
        return;
      }
      const lines = [
        `<${original}>; rel="original"`,
        `<${origin}/timegate/${original}>; rel="timegate"`,
        `<${origin}/timemap/${original}>; rel="self"; type="application/link-format"`,
        ...found.map((m, i) => {
          const rel =
            found.length === 1
              ? 'first last memento'
              : i === 0
                ? 'first memento'
                : i === found.length - 1
                  ? 'last memento'
                  : 'memento';
          return `<${origin}/${m.timestamp}/${m.original}>; rel="${rel}"; datetime="${httpDate(m.timestamp)}"`;
        }),
      ];
      send(200, 'application/link-format', `${lines.join(',\n')}\n`);
      return;
    }
    if (/^\/\d{14}\/https?:/.test(path)) {
      send(200, 'text/html', ARCHIVE_TODAY_CAPTCHA);
      return;
    }
    send(404, 'text/html', '<!DOCTYPE html><html><body><p>Not found</p></body></html>');
  };
}
