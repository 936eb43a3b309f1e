import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema, reportSchema } from '../../shared/report/report.schema.js';
import { exposedReport, incompleteReport } from '../support/report-fixture.js';

describe('the published report schema', () => {
  it('docs/report.schema.json is the schema the code generates (run `npm run report-schema` after changing it)', () => {
    const published: unknown = JSON.parse(
      readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'),
    );
    expect(published).toEqual(reportJsonSchema());
  });

  it('the test fixtures are valid reports', () => {
    expect(reportSchema.safeParse(exposedReport()).success).toBe(true);
    expect(reportSchema.safeParse(incompleteReport()).success).toBe(true);
  });
});
