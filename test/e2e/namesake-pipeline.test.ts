/**
 * A namesake through the whole local pipeline: a page that names the person's full name but says, in
 * words, that this is someone else is reported as a possible namesake, and counts for nothing in the
 * verdict, the level and the table of what is exposed.
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
import { reportSchema } from '../../shared/report/report.schema.js';
import { startReplicaFarm, type Handler, type ReplicaFarm } from '../replicas/farm.js';
import { demoProfile } from '../replicas/personas/demo.persona.js';
import { renderRentryPage } from '../replicas/rentry.replica.js';

const SLUG = 'sorrel_draws';

/** rentry, with the page at the handle's slug about a baker who shares the person's name. */
const withNamesakePage =
  (handler: Handler): Handler =>
  (req, res) => {
    if (new URL(req.url ?? '/', 'http://replica.invalid').pathname !== `/${SLUG}`) return handler(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      renderRentryPage({
        slug: SLUG,
        markdown:
          '# Bakery news\n\nSorrel Quistgarde, 71, the baker from Duluth, retires this spring after forty years.\n\n' +
          '- not the artist, no relation',
      }),
    );
  };

describe('a namesake, through the whole pipeline', () => {
  let farm: ReplicaFarm;
  let work: string;

  beforeAll(async () => {
    farm = await startReplicaFarm({ wrap: { rentry: withNamesakePage } });
    work = mkdtempSync(join(tmpdir(), 'exposure-namesake-'));
  }, 120_000);
  afterAll(async () => {
    await farm?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('is reported as a possible namesake and never counted as the person exposed', async () => {
    const config = loadConfig({
      EXPOSURE_DATA_DIR: join(work, 'data'),
      EXPOSURE_MASTER_KEY: generateMasterKey(),
    });
    const wanted = new Set(['h2', 'n1', 'a1', 'd1']);
    const result = await runLocalScan({
      config,
      masterKey: config.masterKey!,
      request: scanRequestSchema.parse({
        identifiers: demoProfile.identifiers.filter((identifier) => wanted.has(identifier.id)),
        sources: ['rentry'],
        allowDirect: true,
      }),
      outDir: join(work, 'report'),
      log: createLogger({ level: 'silent' }),
      backoffMs: 50,
      pdf: false,
      overrides: { rentry: { ...farm.overrides.rentry, politeness: { requestsPerSecond: 50 } } },
    });
    const report = reportSchema.parse(result.report);
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding!.matches.map((match) => match.method)).toEqual(['possible-namesake']);
    expect(JSON.stringify(finding)).toContain('someone else with your name');
    expect(finding!.severity).toBe('info');
    // Nothing confirmed: no level, no detail counted as exposed; but the post is not left unsaid.
    expect(report.verdict).toMatchObject({ state: 'not-found', severity: 'none' });
    expect(report.verdict.headline).toContain('One post names someone with your name');
    expect(report.identifiers.find((identifier) => identifier.id === 'n1')?.foundOn).toEqual([]);
    expect(report.doFirst.map((step) => step.id)).toEqual(['scan-again']);
    expect(report.scan.status).toBe('completed');
  }, 180_000);
});
