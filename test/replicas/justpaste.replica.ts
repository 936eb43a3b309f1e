/**
 * A JustPaste.it look-alike:
 * articles at `/<name>` with the body in `#articleContent`, a 404 page otherwise. Content comes from a
 * synthetic seed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from './xenforo.replica.js';

export interface JustpasteArticleSeed {
  name: string;
  title: string;
  paragraphs: string[];
}

export function createJustpasteReplica(
  articles: readonly JustpasteArticleSeed[],
): (req: IncomingMessage, res: ServerResponse) => void {
  const byName = new Map(articles.map((article) => [article.name, article]));
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://replica.invalid').pathname;
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const article = byName.get(decodeURIComponent(path.slice(1)));
    if (!article) {
      send(
        404,
        '<!DOCTYPE html><html><head><title>404 Not Found - JustPaste.it (replica)</title></head><body><h1>Not found</h1></body></html>',
      );
      return;
    }
    send(
      200,
      `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(article.title)} - JustPaste.it (replica)</title></head>
<body>
<div id="mainContainer">
  <div class="articleHeader"><h1 class="articleFirstTitle">${escapeHtml(article.title)}</h1></div>
  <div id="articleContent">
${article.paragraphs.map((p) => `    <p>${escapeHtml(p)}</p>`).join('\n')}
  </div>
</div>
</body>
</html>
`,
    );
  };
}
