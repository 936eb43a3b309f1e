import { test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { extractText } from '../../../shared/matching/index.js';
test('views', () => {
  const base = '/work/shared/corpus/';
  let text = '';
  for (const f of readdirSync(base + 'pages')) text += extractText(f, readFileSync(base + 'pages/' + f, 'utf8')) + '\n';
  while (text.length < 1_000_000) text += text;
  const B = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{12,}={0,2}(?![A-Za-z0-9+/=_-])/g;
  let t0 = performance.now(); let n = 0; for (const m of text.matchAll(B)) { n++; void m; } console.log('b64 regex', n, (performance.now() - t0).toFixed(0), 'ms');
  const E = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;
  t0 = performance.now(); n = 0; for (const m of text.matchAll(E)) { n++; void m; } console.log('ent', n, (performance.now() - t0).toFixed(0), 'ms');
  const R = (t: string) => t.replace(/[a-z]/gi, (c) => { const b = c <= 'Z' ? 65 : 97; return String.fromCharCode(((c.charCodeAt(0) - b + 13) % 26) + b); });
  t0 = performance.now(); R(text); console.log('rot13', (performance.now() - t0).toFixed(0), 'ms');
});
