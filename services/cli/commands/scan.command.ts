import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../../shared/config.js';
import { scanRequestSchema } from '../../../shared/domain/scan.js';
import { createLogger } from '../../../shared/log.js';
import {
  cliEnvironment,
  createProgressPrinter,
  describeZodError,
  readJsonFile,
  runCommand,
  UsageError,
} from '../cli-support.js';
import { loadOrCreateLocalKey } from '../local-key.js';
import { runLocalScan, type LocalScanOptions } from '../local-scan.js';
import { formatSummary } from '../scan-summary.js';

const collect = (value: string, previous: string[]) => [...previous, value];

interface ScanFlags {
  profile?: string;
  handle: string[];
  name: string[];
  email: string[];
  phone: string[];
  address: string[];
  dob: string[];
  relative: string[];
  sources?: string;
  out: string;
  proxy?: string;
  allowDirect?: boolean;
  optIn?: string;
  json?: boolean;
  evidence?: boolean;
  progress: boolean;
}

/** Builds the scan request from a profile file and/or repeatable identifier flags, validated as the API does. */
export function requestFromFlags(flags: ScanFlags) {
  const fromFile = flags.profile ? readJsonFile(flags.profile, 'profile') : {};
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new UsageError(`profile ${flags.profile}: must be a JSON object with "identifiers"`);
  }
  const { persona: _persona, ...profile } = fromFile as Record<string, unknown>;
  const flagged = (['handle', 'name', 'email', 'phone', 'address', 'dob', 'relative'] as const).flatMap(
    (kind) => flags[kind].map((value) => ({ kind, value })),
  );
  const identifiers = [...((profile.identifiers as unknown[] | undefined) ?? []), ...flagged];
  const raw = {
    ...profile,
    identifiers,
    ...(flags.sources
      ? {
          sources: flags.sources
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(flags.allowDirect ? { allowDirect: true } : {}),
    ...(flags.optIn ? { remoteSearchOptIn: flags.optIn.split(',').map((s) => s.trim()) } : {}),
  };
  const parsed = scanRequestSchema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(
      `${flags.profile ? `profile ${flags.profile}: ` : ''}${describeZodError(parsed.error)}`,
    );
  return parsed.data;
}

export function registerScanCommand(program: Command): void {
  const scan = program
    .command('scan')
    .description(
      'scan for your own identifiers in local mode (embedded database, no servers) and write a report',
    )
    .option('--profile <file>', 'JSON file: {"identifiers":[{"kind":"handle","value":"..."}]}')
    .option('--handle <value>', 'a handle you use (repeatable)', collect, [])
    .option('--name <value>', 'a name: legal or display (repeatable)', collect, [])
    .option('--email <value>', 'an email address (repeatable)', collect, [])
    .option('--phone <value>', 'a phone number, international form best (repeatable)', collect, [])
    .option('--address <value>', 'a postal address (repeatable)', collect, [])
    .option('--dob <value>', 'date of birth, YYYY-MM-DD (repeatable)', collect, [])
    .option('--relative <value>', "a relative's name (repeatable)", collect, [])
    .option('--sources <ids>', 'comma-separated source ids (default: every enabled source)')
    .option(
      '--out <dir>',
      'folder for the report (report.html, report.pdf, report.csv, report.json)',
      'exposure-report',
    )
    .option('--proxy <url>', 'HTTP or SOCKS5 proxy for every fetch (overrides EXPOSURE_PROXY)')
    .option('--allow-direct', 'accept visiting hostile sources without a proxy (they see your IP address)')
    .option(
      '--opt-in <kinds>',
      'sensitive kinds you allow to be searched remotely on hostile sources (e.g. name)',
    )
    .option('--json', 'print the report JSON instead of a summary')
    .option('--evidence', 'also write the evidence pack (the pages as fetched, with hashes) into --out')
    .option('--no-progress', 'no progress output')
    .action((flags: ScanFlags) =>
      runCommand(async () => {
        const config = loadConfig(cliEnvironment(flags.proxy ? { EXPOSURE_PROXY: flags.proxy } : {}));
        const request = requestFromFlags(flags);
        const log = createLogger({ level: config.logLevel, name: 'scan' });
        let masterKey = config.masterKey;
        if (!masterKey) {
          const local = loadOrCreateLocalKey(config.dataDir);
          if (local.created)
            process.stderr.write(
              `Created a master key for local scans at ${local.path} (keep it private).\n`,
            );
          masterKey = local.key;
        }
        await scanAndPrint(flags, { config, masterKey, request, log });
      }),
    );

  scan
    .command('resume')
    .description(
      'finish a local scan that ended with work undone (places that failed, searches or pages left unread), without repeating what it stored, and write its report again',
    )
    .argument('<id>', 'the scan id (in report.json: scan.id)')
    .option(
      '--out <dir>',
      'folder for the report (report.html, report.pdf, report.csv, report.json)',
      'exposure-report',
    )
    .option('--proxy <url>', 'HTTP or SOCKS5 proxy for every fetch (overrides EXPOSURE_PROXY)')
    .option('--json', 'print the report JSON instead of a summary')
    .option('--evidence', 'also write the evidence pack (the pages as fetched, with hashes) into --out')
    .option('--no-progress', 'no progress output')
    .action((id: string, flags: ResumeFlags) =>
      runCommand(async () => {
        const parsedId = scanIdSchema.safeParse(id);
        if (!parsedId.success) throw new UsageError(`id: ${describeZodError(parsedId.error)}`);
        const config = loadConfig(cliEnvironment(flags.proxy ? { EXPOSURE_PROXY: flags.proxy } : {}));
        const log = createLogger({ level: config.logLevel, name: 'scan' });
        // The key that sealed the scan: a scan of this data folder has one already.
        const masterKey = config.masterKey ?? loadOrCreateLocalKey(config.dataDir).key;
        await scanAndPrint(flags, { config, masterKey, resumeScanId: parsedId.data, log });
      }),
    );
}

/**
 * Runs a local scan (new or resumed) with its progress line, writes its files, and prints the report
 * JSON or the summary.
 */
async function scanAndPrint(
  flags: { out: string; json?: boolean; evidence?: boolean; progress: boolean },
  options: Pick<LocalScanOptions, 'config' | 'masterKey' | 'log' | 'request' | 'resumeScanId'>,
): Promise<void> {
  const progress = createProgressPrinter(flags.progress && !flags.json);
  const result = await runLocalScan({
    ...options,
    outDir: flags.out,
    pdf: true,
    evidence: flags.evidence === true,
    onProgress: (status) => progress.update(status),
  });
  progress.stop();
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(result.report, null, 2)}\n`
      : formatSummary(result.report, result.files, result.elapsedMs, result.evidence),
  );
  // No place could be searched: the report says so, and the exit code must not read as done.
  if (result.report.scan.status === 'failed') process.exitCode = 1;
}

interface ResumeFlags {
  out: string;
  proxy?: string;
  json?: boolean;
  evidence?: boolean;
  progress: boolean;
}

const scanIdSchema = z.uuid();
