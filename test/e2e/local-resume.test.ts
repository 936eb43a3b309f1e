/**
 * Local mode's resume: a scan that ended with a place it could not read is finished later by
 * `scan resume` (runLocalScan with the scan's id), which reads only that place again: the places
 * already read receive no request, and their findings are not stored twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalScan } from '../../services/cli/local-scan.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { scanRequestSchema } from '../../shared/domain/scan.js';
import { createLogger } from '../../shared/log.js';
import { startReplicaFarm, type Handler, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { compareWithDemoTruth, expectedPostCount } from '../support/expectations.js';

describe('local mode: scan resume finishes what a scan left undone', () => {
  let farm: ReplicaFarm;
  let work: string;
  /** Doxbin refuses every request (403, an access block) until the test lets it answer. */
  let doxbinDown = true;
  const sources = ['kiwifarms', 'pastebin', 'doxbin'];
  const blockable =
    (inner: Handler): Handler =>
    (req, res) => {
      if (!doxbinDown) return inner(req, res);
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html><body><h1>403 Forbidden</h1></body></html>');
    };

  beforeAll(async () => {
    farm = await startReplicaFarm({ wrap: { doxbin: blockable } });
    work = mkdtempSync(join(tmpdir(), 'exposure-resume-'));
  }, 120_000);
  afterAll(async () => {
    await farm?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('a place that failed is searched on resume; the places read are not asked again', async () => {
    const config = loadConfig({
      EXPOSURE_DATA_DIR: join(work, 'data'),
      EXPOSURE_MASTER_KEY: generateMasterKey(),
    });
    const common = {
      config,
      masterKey: config.masterKey!,
      log: createLogger({ level: 'silent' }),
      backoffMs: 50,
      pdf: false,
      overrides: Object.fromEntries(
        sources.map((id) => [
          id,
          { ...farm.overrides[id], politeness: { requestsPerSecond: 50, concurrency: 4 } },
        ]),
      ),
    };
    const first = await runLocalScan({
      ...common,
      request: scanRequestSchema.parse({ identifiers: demoProfile.identifiers, sources, allowDirect: true }),
      outDir: join(work, 'first'),
    });
    const doxbin = first.report.sources.find((source) => source.id === 'doxbin');
    expect(doxbin?.coverage).toBe('blocked');
    expect(first.report.scan.status).toBe('partial');
    expect(first.report.findings.some((finding) => finding.sourceId === 'doxbin')).toBe(false);
    expect(compareWithDemoTruth(first.report, { except: ['doxbin'] })).toEqual([]);

    doxbinDown = false;
    const asked = { kiwifarms: farm.requestCount('kiwifarms'), pastebin: farm.requestCount('pastebin') };
    const resumed = await runLocalScan({
      ...common,
      resumeScanId: first.scanId,
      outDir: join(work, 'resumed'),
    });
    expect(resumed.scanId).toBe(first.scanId);
    expect(resumed.report.sources.find((source) => source.id === 'doxbin')?.coverage).toBe('complete');
    expect(compareWithDemoTruth(resumed.report)).toEqual([]);
    expect(resumed.report.findings.length).toBe(expectedPostCount(sources));
    // What was read before is not read again.
    expect({ kiwifarms: farm.requestCount('kiwifarms'), pastebin: farm.requestCount('pastebin') }).toEqual(
      asked,
    );
    const kept = first.report.findings.map((finding) => finding.id).sort();
    expect(
      resumed.report.findings
        .map((finding) => finding.id)
        .filter((id) => kept.includes(id))
        .sort(),
    ).toEqual(kept);
  }, 120_000);
});
