import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Three files at a time: each has its own database and queue prefix, and the slow ones spend most
    // of their time waiting (outages, pauses, browsers), so a third lane keeps both cores busy.
    fileParallelism: true,
    maxWorkers: 3,
    minWorkers: 1,
    reporters: ['default', './test/support/plain-summary.reporter.ts'],
    // Local mode's database thread (shared/db/pglite.thread.ts) runs the TypeScript sources too.
    poolOptions: {
      forks: {
        execArgv: [
          '--import',
          fileURLToPath(new URL('./test/support/typescript-register.mjs', import.meta.url)),
        ],
      },
    },
  },
});
