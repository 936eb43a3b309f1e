import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { REPORT_CSS } from '../../shared/report/report.html.js';

/**
 * The pages' style sheets and scripts, served from /assets. They are plain files in services/web/assets
 * (no front-end build), read once at start-up, plus the report's CSS from the report module. The
 * built server (dist/) reads the same folder of the source tree it was built from.
 */
const FILES: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'quick-exit.js': 'text/javascript; charset=utf-8',
  'scan-progress.js': 'text/javascript; charset=utf-8',
  'identifier-rows.js': 'text/javascript; charset=utf-8',
};

export function assetsFolder(): string {
  const candidates = [
    new URL('./assets/', import.meta.url),
    new URL('../../../services/web/assets/', import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(fileURLToPath(new URL('app.css', url))));
  if (!found) throw new Error('the web pages\u2019 assets (services/web/assets) are missing');
  return fileURLToPath(found);
}

export function loadAssets(): Map<string, { type: string; body: string }> {
  const folder = assetsFolder();
  const assets = new Map(
    Object.entries(FILES).map(([name, type]) => [
      name,
      { type, body: readFileSync(`${folder}${name}`, 'utf8') },
    ]),
  );
  assets.set('report.css', { type: 'text/css; charset=utf-8', body: REPORT_CSS });
  return assets;
}

export function registerAssetRoutes(app: FastifyInstance): void {
  const assets = loadAssets();
  // Every page loads a few of these, uncached (no-store): they must not eat the API's rate limit.
  app.get('/assets/:name', { config: { rateLimit: false } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const asset = assets.get(name);
    if (!asset) return reply.status(404).type('text/plain; charset=utf-8').send('not found');
    return reply.type(asset.type).send(asset.body);
  });
}
