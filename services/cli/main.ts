import { SCANNER_VERSION } from '../../shared/version.js';
import { Command } from 'commander';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerKeysCommands } from './commands/keys.command.js';
import { registerMatchCommand } from './commands/match.command.js';
import { registerMigrateCommand } from './commands/migrate.command.js';
import { registerAuditCommands } from './commands/audit.command.js';
import { registerOrgCommands } from './commands/org.command.js';
import { registerScanCommand } from './commands/scan.command.js';
import { registerServiceCommands } from './commands/service.command.js';
import { registerSourcesCommand } from './commands/sources.command.js';
import { registerVerifyCommand } from './commands/verify.command.js';
import { registerUiCommand } from './commands/ui.command.js';

export function buildCli(): Command {
  const program = new Command('exposure-scanner')
    .description(
      'Find what is already exposed about you on stalking forums, imageboard archives and paste sites, without visiting them yourself.',
    )
    .version(SCANNER_VERSION)
    .showHelpAfterError()
    // Unknown flags and missing arguments are bad input: exit 2, like a bad profile.
    .exitOverride((error) => {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        process.exit(0);
      }
      process.exit(2);
    });
  registerScanCommand(program);
  registerUiCommand(program);
  registerDemoCommand(program);
  registerMatchCommand(program);
  registerSourcesCommand(program);
  registerVerifyCommand(program);
  registerServiceCommands(program);
  registerMigrateCommand(program);
  registerOrgCommands(program);
  registerKeysCommands(program);
  registerAuditCommands(program);
  return program;
}

await buildCli().parseAsync(process.argv);
