import type { Command } from 'commander';
import { loadCatalog, loadSourceOverridesFile } from '../../../shared/catalog/catalog.loader.js';
import { loadConfig } from '../../../shared/config.js';
import { runCommand } from '../cli-support.js';

export function registerSourcesCommand(program: Command): void {
  program
    .command('sources')
    .description('list the sources of the catalog, with trust level and fetch mode')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) =>
      runCommand(async () => {
        const config = loadConfig();
        const catalog = loadCatalog(
          config.sourceOverridesFile
            ? { overrides: loadSourceOverridesFile(config.sourceOverridesFile) }
            : {},
        );
        const rows = catalog.list().map((s) => ({
          id: s.id,
          name: s.name,
          adapter: s.adapter,
          trust: s.trust,
          fetch: s.fetch,
          enabled: s.enabled,
          baseUrl: s.baseUrl,
        }));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        const header = ['id', 'name', 'adapter', 'trust', 'fetch', 'enabled'];
        const table = [
          header,
          ...rows.map((r) => [r.id, r.name, r.adapter, r.trust, r.fetch, String(r.enabled)]),
        ];
        const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
        for (const row of table)
          process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}\n`);
      }),
    );
}
