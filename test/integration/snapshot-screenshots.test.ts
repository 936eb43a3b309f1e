import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumReportLauncher } from '../../services/core/report-pdf.js';
import { drawSnapshots } from '../../services/core/snapshot-screenshots.js';
import { screenshotSource, snapshotKind } from '../../shared/evidence/snapshot-file.js';
import { createLogger } from '../../shared/log.js';
import { resolveBrowserExecutable } from '../../workers/fetchers/browser-pool.js';

/**
 * Pictures of stored pages by the real Chromium: drawn with scripts off and the network closed, long
 * pages cut at the bound and said so.
 */
const executablePath = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('drawing stored pages for the evidence pack', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  const log = createLogger({ level: 'silent' });
  const launch = chromiumReportLauncher(executablePath ? { executablePath } : {});

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('body { min-height: 30000px }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('draws each page from its copy alone: no script runs, no request leaves', async () => {
    const hostile =
      `<!doctype html><html><head><link rel="stylesheet" href="${base}/style.css">` +
      `<meta http-equiv="refresh" content="0; url=${base}/away"></head><body>` +
      `<p>A post about someone.</p><img src="${base}/tracker.png">` +
      '<script>document.body.style.minHeight = "40000px"</script></body></html>';
    const text = 'a paste\n'.repeat(40);
    const pictures = await drawSnapshots(
      launch,
      [
        { pageId: 'html', html: screenshotSource(hostile, snapshotKind(hostile)) },
        { pageId: 'text', html: screenshotSource(text, snapshotKind(text)) },
      ],
      log,
    );
    expect(requests).toEqual([]);
    const html = pictures.get('html')!;
    // Neither the script nor the site's stylesheet stretched the page: one screen of it.
    expect(pngSize(html.png)).toEqual({ width: 1280, height: 800 });
    expect(html.cutAtPx).toBeNull();
    const paste = pictures.get('text')!;
    expect(pngSize(paste.png).height).toBeGreaterThanOrEqual(800);
    expect(paste.png.byteLength).toBeGreaterThan(5_000);
  });

  it('opens no connection for the network hints of a stored page (preconnect, prefetch, preload)', async () => {
    let connections = 0;
    const listener = createNetServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    const hinted =
      `<html><head><link rel="preconnect" href="${target}"><link rel="dns-prefetch" href="${target}">` +
      `<link rel="prefetch" href="${target}/next"><link rel="preload" as="image" href="${target}/img">` +
      `</head><body><p>A post.</p><iframe src="${target}/frame"></iframe></body></html>`;
    try {
      const pictures = await drawSnapshots(launch, [{ pageId: 'hinted', html: hinted }], log);
      expect(pictures.get('hinted')?.png.byteLength).toBeGreaterThan(1_000);
      // Hints are acted on in the background: give them time to reach the listener if they could.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('cuts a long page at the bound and says where', async () => {
    const long = `<html><body>${'<p>line</p>'.repeat(400)}</body></html>`;
    const pictures = await drawSnapshots(launch, [{ pageId: 'long', html: long }], log, {
      maxHeightPx: 1500,
    });
    const picture = pictures.get('long')!;
    expect(picture.cutAtPx).toBe(1500);
    expect(pngSize(picture.png)).toEqual({ width: 1280, height: 1500 });
  });
});
