import { test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { runMatchContract, compileProfile, matchText, extractText } from '../../../shared/matching/index.js';
import { assignIdentifierIds } from '../../../shared/domain/identifier.js';
test('perf', () => {
  const base = '/work/shared/corpus/';
  let text = '';
  for (const f of readdirSync(base + 'pages')) text += extractText(f, readFileSync(base + 'pages/' + f, 'utf8')) + '\n';
  while (text.length < 1_000_000) text += text;
  const profile = compileProfile(assignIdentifierIds(JSON.parse(readFileSync(base + 'profiles/p01.json', 'utf8')).identifiers));
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const r = matchText(profile, text);
    const ms = performance.now() - t0;
    console.log(`${(text.length / 1e6).toFixed(2)} MB in ${ms.toFixed(0)} ms = ${(text.length / 1e6 / (ms / 1000)).toFixed(2)} MB/s; matches ${r.matches.length} pii ${r.otherPii.length}`);
  }
});
