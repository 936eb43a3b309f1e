/**
 * A site whose main address is down is read on its mirrors (catalog `mirrors`), with the same
 * findings as when the main address answers, and a deployment pointing a source elsewhere never falls
 * back onto the real site's shipped mirrors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalScan } from '../../services/cli/local-scan.js';
import type { SourceOverrides } from '../../shared/catalog/catalog.schema.js';
import { loadConfig } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';
import { scanRequestSchema } from '../../shared/domain/scan.js';
import { createLogger } from '../../shared/log.js';
import { reportSchema, type Report } from '../../shared/report/report.schema.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { demoExpectations, demoProfile } from '../replicas/personas/demo.persona.js';
import { freePort } from '../support/processes.js';

const SOURCES = ['kiwifarms', 'pastebin'];

/** An address nobody listens on: a dead main address, or a dead mirror. */
const closedAddress = async (): Promise<string> => `http://127.0.0.1:${await freePort()}`;

describe('a source whose main address is down', () => {
  let farm: ReplicaFarm;
  let work: string;

  beforeAll(async () => {
    farm = await startReplicaFarm({ kiwiflare: true });
    work = mkdtempSync(join(tmpdir(), 'exposure-mirrors-'));
  }, 120_000);
  afterAll(async () => {
    await farm?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function scan(name: string, overrides: SourceOverrides): Promise<Report> {
    const config = loadConfig({
      EXPOSURE_DATA_DIR: join(work, name),
      EXPOSURE_MASTER_KEY: generateMasterKey(),
    });
    const result = await runLocalScan({
      config,
      masterKey: config.masterKey!,
      request: scanRequestSchema.parse({
        identifiers: demoProfile.identifiers,
        sources: SOURCES,
        allowDirect: true,
      }),
      outDir: join(work, `${name}-report`),
      log: createLogger({ level: 'silent' }),
      backoffMs: 50,
      pdf: false,
      // The replicas answer at once: no need for the real sites' pace.
      overrides: Object.fromEntries(
        Object.entries(overrides).map(([id, override]) => [
          id,
          { ...override, politeness: { requestsPerSecond: 50, concurrency: 4 } },
        ]),
      ),
    });
    return reportSchema.parse(result.report);
  }

  const found = (report: Report) =>
    report.findings.map((finding) => `${finding.sourceId}:${finding.postId}`).sort();

  it('is read on its mirror (plain HTTP and the browser alike), with the findings of its main address', async () => {
    const direct = await scan('direct', farm.overrides);
    const onMirrors: SourceOverrides = {};
    for (const id of SOURCES) {
      onMirrors[id] = {
        ...farm.overrides[id],
        baseUrl: await closedAddress(),
        mirrors: [farm.baseUrls[id]!],
      };
    }
    const mirrored = await scan('mirrored', onMirrors);

    const expected = demoExpectations.map((finding) => `${finding.sourceId}:${finding.postId}`).sort();
    expect(found(direct)).toEqual(expected);
    expect(found(mirrored)).toEqual(found(direct));
    const coverage = (report: Report) =>
      Object.fromEntries(report.sources.map((source) => [source.id, source.coverage]));
    expect(coverage(mirrored)).toEqual(coverage(direct));
    expect(coverage(mirrored).kiwifarms).toBe('complete');
    // Handed on under the main address: the page is the site's, wherever it was read.
    for (const finding of mirrored.findings.filter((f) => f.sourceId === 'kiwifarms')) {
      expect(finding.pageUrl.startsWith(onMirrors.kiwifarms!.baseUrl!)).toBe(true);
    }
  }, 240_000);

  it('is unreachable when its mirrors are down too, never "nothing found"', async () => {
    const report = await scan('all-down', {
      kiwifarms: farm.overrides.kiwifarms!,
      pastebin: {
        ...farm.overrides.pastebin,
        baseUrl: await closedAddress(),
        mirrors: [await closedAddress()],
      },
    });
    expect(report.sources.find((source) => source.id === 'pastebin')?.coverage).toBe('unreachable');
    expect(report.findings.filter((finding) => finding.sourceId === 'pastebin')).toEqual([]);
  }, 240_000);
});
