import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, type Config } from '../../../shared/config.js';
import { createLogger } from '../../../shared/log.js';
import { cliEnvironment, describeZodError, runCommand, UsageError } from '../cli-support.js';
import { demoProfile } from '../../../test/replicas/personas/demo.persona.js';
import { startDemoFarm } from '../demo-farm.js';
import { loadOrCreateLocalKey } from '../local-key.js';
import { startLocalUi } from '../local-ui.js';

const uiFlagsSchema = z.object({
  port: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535'),
  sourceOverrides: z.string().min(1).optional(),
  proxy: z.string().min(1).optional(),
  open: z.boolean(),
  demo: z.boolean().default(false),
});

interface UiFlags {
  port: string;
  sourceOverrides?: string;
  proxy?: string;
  open: boolean;
  demo?: boolean;
}

/**
 * `exposure-scanner ui`: local mode in a browser. Serves the pages on 127.0.0.1, prints a link that
 * opens them once (and opens it when there is a desktop), and runs scans in this process until stopped.
 */
export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('open the scanner in your browser (local mode: pages on 127.0.0.1, scans on this computer)')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', '0')
    .option('--source-overrides <file>', 'JSON file of source overrides (as EXPOSURE_SOURCE_OVERRIDES)')
    .option('--proxy <url>', 'HTTP or SOCKS5 proxy for every fetch (overrides EXPOSURE_PROXY)')
    .option('--no-open', 'print the link only; do not open a browser')
    .option(
      '--demo',
      'try it offline: every place is a local imitation seeded with invented people (a throwaway database)',
    )
    .action((raw: UiFlags) =>
      runCommand(async () => {
        const parsed = uiFlagsSchema.safeParse(raw);
        if (!parsed.success) throw new UsageError(`--${flagName(parsed.error)}`);
        const flags = parsed.data;
        if (flags.sourceOverrides && !existsSync(flags.sourceOverrides)) {
          throw new UsageError(`--source-overrides ${flags.sourceOverrides}: cannot be read`);
        }
        const demo = flags.demo ? await startDemoFarm() : undefined;
        const { config, masterKey } = demo
          ? { config: demo.config, masterKey: demo.config.masterKey! }
          : localSetup(flags);
        const log = createLogger({ level: config.logLevel, name: 'ui' });
        const ui = await startLocalUi({
          config,
          masterKey,
          log,
          port: flags.port,
          ...(demo ? { overrides: demo.overrides } : {}),
        });
        if (demo) {
          const details = demoProfile.identifiers.map(
            (identifier) => `${identifier.kind} "${identifier.value}"`,
          );
          process.stdout.write(
            'Demo: every place is a local imitation seeded with invented people; nothing leaves this computer.\n' +
              `Try a scan of the invented person ${details.join(', ')}.\n`,
          );
        }

        const link = ui.newLink();
        process.stdout.write(
          `exposure-scanner is open at ${link}\n` +
            'The link works once. Press Enter here for a new link; press Ctrl+C to stop.\n',
        );
        if (flags.open && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) openInBrowser(link);

        // Each Enter prints a fresh link (the last one may have been used, or the session timed out).
        const lines = createInterface({ input: process.stdin, terminal: false });
        lines.on('line', () => process.stdout.write(`New link: ${ui.newLink()}\n`));

        await new Promise<void>((done) => {
          const stop = () => {
            lines.close();
            void ui
              .close()
              .then(() => demo?.close())
              .finally(done);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );
}

/** The person's own setup: the embedded database in their data folder and their master key. */
function localSetup(flags: z.infer<typeof uiFlagsSchema>): { config: Config; masterKey: string } {
  // Always the embedded database: local mode needs no server of any kind.
  const config = loadConfig(
    cliEnvironment({
      DATABASE_URL: '',
      ...(flags.sourceOverrides ? { EXPOSURE_SOURCE_OVERRIDES: resolve(flags.sourceOverrides) } : {}),
      ...(flags.proxy ? { EXPOSURE_PROXY: flags.proxy } : {}),
    }),
  );
  let masterKey = config.masterKey;
  if (!masterKey) {
    const local = loadOrCreateLocalKey(config.dataDir);
    if (local.created) {
      process.stderr.write(`Created a master key for local scans at ${local.path} (keep it private).\n`);
    }
    masterKey = local.key;
  }
  return { config, masterKey };
}

/** "port: must be …" from a flags parse: the flag as typed on the command line. */
function flagName(error: z.ZodError): string {
  return describeZodError(error).replace(/^sourceOverrides/, 'source-overrides');
}

/** The desktop's own way to open a link; if it fails, the printed link is still there. */
function openInBrowser(url: string): void {
  try {
    const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No xdg-open: the person opens the printed link themself.
  }
}
