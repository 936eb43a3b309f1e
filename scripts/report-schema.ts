/**
 * Writes docs/report.schema.json from the report's zod schema: `npm run report-schema`. The file is
 * what integrators read and what GET /v1/schemas/report.json serves; test/unit/report-schema.test.ts
 * fails when the two differ, so the published schema never drifts from the code.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { reportJsonSchema } from '../shared/report/report.schema.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'report.schema.json');
// Formatted as the repository's Prettier settings want it, so `npm run lint` accepts the file as written.
const config = (await resolveConfig(target)) ?? {};
writeFileSync(target, await format(JSON.stringify(reportJsonSchema()), { ...config, parser: 'json' }));
process.stdout.write(`wrote ${target}\n`);
