/**
 * A scan in which no place could be checked must say so, in every rendering, and never read as
 * "nothing found": the most dangerous thing this tool could tell a person being hunted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalScan } from '../../services/cli/local-scan.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { scanRequestSchema } from '../../shared/domain/scan.js';
import { createLogger } from '../../shared/log.js';
import { reportSchema } from '../../shared/report/report.schema.js';
import { startReplicaFarm, type Handler, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';

/** A site that answers every request with 403, as a login wall or an IP block does. */
const forbidden = (): Handler => (_req, res) => {
  res.writeHead(403, { 'content-type': 'text/html' });
  res.end('<html><body><h1>403 Forbidden</h1></body></html>');
};

describe('a scan whose every source fails', () => {
  let farm: ReplicaFarm;
  let work: string;
  const sources = ['pastebin', 'rentry', 'doxbin'];

  beforeAll(async () => {
    farm = await startReplicaFarm({ dead: ['pastebin', 'rentry'], wrap: { doxbin: forbidden } });
    work = mkdtempSync(join(tmpdir(), 'exposure-allfail-'));
  }, 120_000);
  afterAll(async () => {
    await farm?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('says how many places could not be checked and which, never that nothing was found', async () => {
    const config = loadConfig({
      EXPOSURE_DATA_DIR: join(work, 'data'),
      EXPOSURE_MASTER_KEY: generateMasterKey(),
    });
    const out = join(work, 'report');
    const result = await runLocalScan({
      config,
      masterKey: config.masterKey!,
      request: scanRequestSchema.parse({ identifiers: demoProfile.identifiers, sources, allowDirect: true }),
      outDir: out,
      log: createLogger({ level: 'silent' }),
      backoffMs: 50,
      pdf: false,
      overrides: Object.fromEntries(
        sources.map((id) => [
          id,
          { ...farm.overrides[id], politeness: { requestsPerSecond: 50, concurrency: 4 } },
        ]),
      ),
    });
    const report = reportSchema.parse(result.report);
    expect(report.scan.status).toBe('failed');
    expect(report.findings).toEqual([]);
    expect(report.verdict.state).toBe('incomplete');
    expect(report.verdict.headline).toContain('3 of 3 places could not be checked');
    expect(report.verdict.notChecked.map((source) => source.name).sort()).toEqual([
      'Doxbin',
      'Pastebin',
      'rentry',
    ]);
    const coverage = Object.fromEntries(report.sources.map((source) => [source.id, source.coverage]));
    expect(coverage).toEqual({ doxbin: 'blocked', pastebin: 'unreachable', rentry: 'unreachable' });

    const allClear =
      /nothing (was )?found|no exposures? (was )?found|you are not exposed|none of your details were found/i;
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const csv = readFileSync(join(out, 'report.csv'), 'utf8');
    for (const text of [JSON.stringify(report), html, csv]) expect(text).not.toMatch(allClear);
    expect(html).toContain('3 of 3 places could not be checked');
  }, 180_000);
});
