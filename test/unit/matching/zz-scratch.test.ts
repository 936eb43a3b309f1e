import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { runMatchContract } from '../../../shared/matching/index.js';
test('x', () => {
  const base = '/work/shared/corpus/';
  const truth = JSON.parse(readFileSync(base + 'truth.json', 'utf8'));
  let tp = 0, fp = 0, fn = 0, traps = 0;
  const lines: string[] = [];
  for (const c of truth.cases) {
    const profile = JSON.parse(readFileSync(`${base}profiles/${c.persona}.json`, 'utf8'));
    const out = runMatchContract(profile, [{ file: c.page, content: readFileSync(base + c.page, 'utf8') }]);
    const r = out.results[0]!;
    const got = new Set(r.matches.map((m) => m.identifierId));
    for (const id of c.present) if (got.has(id)) tp++; else { fn++; lines.push(`MISS ${c.page} ${id} ${c.techniques[id]}`); }
    for (const m of r.matches) if (!c.present.includes(m.identifierId)) { fp++; if (c.absent_hard.includes(m.identifierId)) traps++; lines.push(`FP ${c.page} ${m.identifierId} ${m.method} ${m.snippet}`); }
    const json = JSON.stringify(r).toLowerCase();
    for (const d of c.decoys) { if (json.includes(d.toLowerCase())) lines.push(`LEAK ${c.page} ${d}`); const dd = d.replace(/\D/g,''); if (dd.length>=7 && json.replace(/\D/g,'').includes(dd)) lines.push(`LEAK? ${c.page} ${d}`); }
    if (process.env.SHOW) lines.push(JSON.stringify(r, null, 1));
  }
  console.log(lines.join('\n'));
  console.log({ tp, fp, fn, traps, recall: tp / (tp + fn), precision: tp / (tp + fp) });
});
