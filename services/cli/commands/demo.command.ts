import type { Command } from 'commander';
import { scanRequestSchema } from '../../../shared/domain/scan.js';
import { createLogger } from '../../../shared/log.js';
import { demoProfile } from '../../../test/replicas/personas/demo.persona.js';
import { createProgressPrinter, runCommand } from '../cli-support.js';
import { startDemoFarm } from '../demo-farm.js';
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
        const demo = await startDemoFarm();
        try {
          const { config, overrides, farm } = demo;
          process.stderr.write(
            `Demo: replica farm on ${Object.values(farm.baseUrls).join(', ')}; throwaway database and master key in ${demo.dataDir} (deleted afterwards).\n`,
          );
          const request = scanRequestSchema.parse({
            identifiers: demoProfile.identifiers,
            allowDirect: true,
            sources: demo.sources,
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
          await demo.close();
        }
      }),
    );
}
