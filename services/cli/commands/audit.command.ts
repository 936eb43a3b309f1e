import { join } from 'node:path';
import type { Command } from 'commander';
import {
  ChainVerifier,
  formatHead,
  parseHead,
  type ChainHead,
  type ChainVerdict,
} from '../../../shared/audit/chain.js';
import { loadConfig, type Config } from '../../../shared/config.js';
import { openDatabase } from '../../../shared/db/database.js';
import { migrateToLatest } from '../../../shared/db/migrator.js';
import { AuditRepository } from '../../../shared/db/repositories/audit.repository.js';
import { runCommand, UsageError } from '../cli-support.js';

/** Entries read per query: the log is walked, never held whole. */
const PAGE = 1000;

/** Walks the whole chain in pages and judges it against the database's head and the operator's anchors. */
export async function verifyAuditLog(
  audit: AuditRepository,
  anchors: readonly ChainHead[] = [],
): Promise<ChainVerdict> {
  const verifier = new ChainVerifier(anchors);
  let after = 0;
  for (;;) {
    const page = await audit.chainPage(after, PAGE);
    for (const entry of page) if (!verifier.push(entry)) return verifier.finish(null);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  return verifier.finish(await audit.chainHead());
}

/** The owner's connection where there is one (it can read everything), else the application's, else local. */
function auditDatabaseOptions(config: Config) {
  const url = config.databaseOwnerUrl ?? config.databaseUrl;
  return url ? { url, maxConnections: 1 } : { dataDir: join(config.dataDir, 'db') };
}

/**
 * `exposure-scanner audit verify`: exit 0 when every entry is as written, 1 naming the first entry
 * edited, removed or inserted out of order, 2 on bad input. It prints the head (`<seq>:<hash>`): kept
 * somewhere the database's owner cannot reach and given back with `--anchor`, it proves later that
 * nothing up to it was rewritten, even by someone who could recompute every hash.
 */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit log (service mode and local mode)');
  audit
    .command('verify')
    .description(
      "walk the audit log's hash chain: exit 1 naming the first entry edited, removed or inserted out of order",
    )
    .option(
      '--anchor <seq:hash>',
      'a head printed by an earlier verify, which must still be in the chain (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the verdict as JSON')
    .action((flags: { anchor: string[]; json?: boolean }) =>
      runCommand(async () => {
        const anchors = flags.anchor.map((text, index) => {
          const head = parseHead(text);
          if (!head)
            throw new UsageError(`--anchor[${index}]: must be <seq>:<64 hex digits> as verify prints it`);
          return head;
        });
        const options = auditDatabaseOptions(loadConfig());
        const database = await openDatabase(options);
        try {
          // The embedded database is brought up to date on every open, as local mode always does; a
          // server's schema is `migrate`'s alone.
          if (!('url' in options)) await migrateToLatest(database.db);
          const verdict = await verifyAuditLog(new AuditRepository(database.db), anchors);
          process.stdout.write(flags.json ? `${JSON.stringify(verdict)}\n` : describe(verdict));
          if (!verdict.ok) process.exitCode = 1;
        } finally {
          await database.close();
        }
      }),
    );
}

function describe(verdict: ChainVerdict): string {
  if (verdict.ok) {
    return [
      `audit log intact: ${verdict.entries} entries`,
      `  head ${formatHead(verdict.head)}`,
      '  (keep this line where the database cannot reach it; pass it back with --anchor to prove nothing before it was rewritten)',
      '',
    ].join('\n');
  }
  return `AUDIT LOG BROKEN: ${verdict.problem.message}\n`;
}
