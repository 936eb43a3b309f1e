import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites share one PostgreSQL and one Redis; files run one at a time so
    // their databases and queues never interleave on a 2-core machine.
    fileParallelism: false,
    reporters: ['default', './test/support/plain-summary.reporter.ts'],
  },
});
