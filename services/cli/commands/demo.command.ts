import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadCatalog } from '../../../shared/catalog/catalog.loader.js';
import type { SourceOverrides } from '../../../shared/catalog/catalog.schema.js';
import { loadConfig } from '../../../shared/config.js';
import { generateMasterKey } from '../../../shared/crypto/envelope.js';
import { scanRequestSchema } from '../../../shared/domain/scan.js';
import { createLogger } from '../../../shared/log.js';
import { startReplicaFarm } from '../../../test/replicas/farm.js';
import { demoProfile } from '../../../test/replicas/personas/demo.persona.js';
import { cliEnvironment, createProgressPrinter, runCommand } from '../cli-support.js';
import { runLocalScan } from '../local-scan.js';
import { formatSummary } from '../scan-summary.js';

/**
 * The demo: starts the offline replica farm, scans the synthetic demo persona against it in local
 * mode (a throwaway database and master key), and leaves the report to open. Nothing leaves this
 * machine: every source points at the farm on loopback.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('scan a synthetic persona against the offline replica farm and write the report')
    .option(
      '--out <dir>',
      'folder for the report (report.html, report.pdf, report.csv, report.json)',
      'demo-report',
    )
    .option('--evidence', 'also write the evidence pack (the pages as fetched, with hashes) into --out')
    .option('--no-progress', 'no progress output')
    .action((flags: { out: string; evidence?: boolean; progress: boolean }) =>
      runCommand(async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'exposure-demo-'));
        const farm = await startReplicaFarm();
        try {
          const config = loadConfig(
            cliEnvironment({
              DATABASE_URL: '',
              EXPOSURE_DATA_DIR: dataDir,
              EXPOSURE_MASTER_KEY: generateMasterKey(),
              EXPOSURE_PROXY: '',
            }),
          );
          process.stderr.write(
            `Demo: replica farm on ${Object.values(farm.baseUrls).join(', ')}; throwaway database and master key in ${dataDir} (deleted afterwards).\n`,
          );
          // The farm runs on this machine: no proxy is needed and it can take requests quickly.
          const overrides: SourceOverrides = Object.fromEntries(
            Object.entries(farm.overrides).map(([id, o]) => [
              id,
              { ...o, politeness: { requestsPerSecond: 50, concurrency: 4 } },
            ]),
          );
          // Only the sources the farm imitates: a catalog source without a replica must never be
          // fetched live from here.
          const catalog = loadCatalog({ overrides });
          const sources = Object.keys(farm.overrides).filter((id) => catalog.get(id).enabled);
          const request = scanRequestSchema.parse({
            identifiers: demoProfile.identifiers,
            allowDirect: true,
            sources,
          });
          const progress = createProgressPrinter(flags.progress);
          const result = await runLocalScan({
            config,
            masterKey: config.masterKey!,
            request,
            outDir: flags.out,
            log: createLogger({ level: config.logLevel, name: 'demo' }),
            overrides,
            pdf: true,
            evidence: flags.evidence === true,
            onProgress: (status) => progress.update(status),
          });
          progress.stop();
          process.stdout.write(formatSummary(result.report, result.files, result.elapsedMs, result.evidence));
          process.stdout.write(`Pages served by the replica farm: ${farm.queryLog.length}\n`);
        } finally {
          await farm.close();
          rmSync(dataDir, { recursive: true, force: true });
        }
      }),
    );
}
