import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyEvidencePack, type PackVerdict } from '../../../shared/evidence/verify.js';
import { runCommand, UsageError } from '../cli-support.js';

/**
 * `exposure-scanner verify PACK`: checks an evidence pack against its manifest. Exit 0 when intact,
 * 1 when a file was changed, is missing or was added (each named), 2 when PACK cannot be read or is
 * not a ZIP at all. Needs no database, key or network: anyone handed a pack can run it.
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check that an evidence pack is intact: every file as listed in its manifest, nothing added')
    .argument('<pack>', 'the evidence pack (.zip)')
    .option('--json', 'print the verdict as JSON')
    .action((packPath: string, flags: { json?: boolean }) =>
      runCommand(async () => {
        const verdict = verifyEvidencePack(await readPack(packPath));
        const unreadable = !verdict.ok && verdict.problems.some((problem) => problem.kind === 'unreadable');
        if (unreadable && !flags.json) {
          throw new UsageError(`pack ${packPath}: ${verdict.problems[0]!.message}`);
        }
        process.stdout.write(
          flags.json ? `${JSON.stringify(jsonVerdict(verdict), null, 2)}\n` : describe(packPath, verdict),
        );
        if (!verdict.ok) process.exitCode = unreadable ? 2 : 1;
      }),
    );
}

async function readPack(path: string): Promise<Uint8Array> {
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    return await readFile(path);
  } catch {
    throw new UsageError(`pack ${path}: cannot be read`);
  }
}

function describe(path: string, verdict: PackVerdict): string {
  if (verdict.ok) {
    const { manifest } = verdict;
    return [
      `intact: ${path}`,
      `  ${manifest.files.length} files match the manifest; ${manifest.pages.length} page(s) match the SHA-256 recorded when they were fetched`,
      `  scan ${manifest.scanId}, pack made ${manifest.createdAt} by exposure-scanner ${manifest.scannerVersion}`,
      `  manifest.json SHA-256 ${verdict.manifestSha256}`,
      '',
    ].join('\n');
  }
  return [
    `BROKEN: ${path}`,
    ...verdict.problems.map((problem) => `  ${problem.message}`),
    ...(verdict.manifestSha256 ? [`  manifest.json SHA-256 ${verdict.manifestSha256}`] : []),
    '',
  ].join('\n');
}

function jsonVerdict(verdict: PackVerdict) {
  return verdict.ok
    ? {
        ok: true,
        scanId: verdict.manifest.scanId,
        createdAt: verdict.manifest.createdAt,
        files: verdict.manifest.files.length,
        pages: verdict.manifest.pages.length,
        manifestSha256: verdict.manifestSha256,
      }
    : { ok: false, problems: verdict.problems, manifestSha256: verdict.manifestSha256 ?? null };
}
