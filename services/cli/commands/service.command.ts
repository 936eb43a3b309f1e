import type { Command } from 'commander';
import { loadConfig, requireMasterKey } from '../../../shared/config.js';
import { DEFAULT_CONCURRENCY } from '../../../shared/queue/bullmq.runner.js';
import { QUEUE_NAMES, type QueueName } from '../../../shared/queue/jobs.js';
import { startWorkers } from '../../../workers/main.js';
import { startServer } from '../../api/server.js';
import { describeZodError, runCommand, UsageError } from '../cli-support.js';
import { z } from 'zod';

const FETCH_JOBS = z.coerce.number().int('must be a whole number').min(1).max(256);

/** The service-mode processes: the API and the workers (the schema's migration: migrate.command.ts). */
export function registerServiceCommands(program: Command): void {
  program
    .command('serve')
    .description('run the API (service mode: needs EXPOSURE_MASTER_KEY, REDIS_URL, and DATABASE_URL)')
    .action(() =>
      runCommand(async () => {
        const config = loadConfig();
        await startServer(config);
      }),
    );

  program
    .command('worker')
    .description('run the BullMQ workers of the given queues until SIGTERM')
    .option('--queues <names>', `comma-separated queues (${QUEUE_NAMES.join(', ')})`, QUEUE_NAMES.join(','))
    .option(
      '--fetch-jobs <n>',
      `plain-HTTP fetch jobs run at once (each source's politeness still bounds its requests)`,
      String(DEFAULT_CONCURRENCY.fetch),
    )
    .action((flags: { queues: string; fetchJobs: string }) =>
      runCommand(async () => {
        const queues = flags.queues.split(',').map((q) => q.trim());
        const unknown = queues.find((q) => !(QUEUE_NAMES as readonly string[]).includes(q));
        if (unknown)
          throw new UsageError(`--queues: unknown queue "${unknown}" (known: ${QUEUE_NAMES.join(', ')})`);
        const fetchJobs = FETCH_JOBS.safeParse(flags.fetchJobs);
        if (!fetchJobs.success) throw new UsageError(`--fetch-jobs: ${describeZodError(fetchJobs.error)}`);
        const config = loadConfig();
        requireMasterKey(config);
        const workers = await startWorkers({
          config,
          queues: queues as QueueName[],
          concurrency: { fetch: fetchJobs.data },
        });
        const stop = () => void workers.close().then(() => process.exit(0));
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      }),
    );
}
