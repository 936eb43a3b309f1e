import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ProfileError, runMatchContract } from '../../../shared/matching/index.js';
import { readJsonFile, runCommand, UsageError } from '../cli-support.js';

/** the matcher contract, exactly: one JSON document on stdout; a bad profile exits 2. */
export function registerMatchCommand(program: Command): void {
  program
    .command('match')
    .description('match a profile against saved pages (HTML, text or JSON) and print the contract JSON')
    .requiredOption(
      '--profile <file>',
      'JSON file: {"identifiers":[{"id":"h1","kind":"handle","value":"..."}]}',
    )
    .argument('<files...>', 'pages to match')
    .action((files: string[], flags: { profile: string }) =>
      runCommand(async () => {
        const profile = readJsonFile(flags.profile, 'profile');
        const inputs = files.map((file) => {
          try {
            return { file, content: readFileSync(file, 'utf8') };
          } catch {
            throw new UsageError(`file ${file}: cannot be read`);
          }
        });
        try {
          process.stdout.write(`${JSON.stringify(runMatchContract(profile, inputs))}\n`);
        } catch (error) {
          if (error instanceof ProfileError)
            throw new UsageError(`profile ${flags.profile}: ${error.message}`);
          throw error;
        }
      }),
    );
}
