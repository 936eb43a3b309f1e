import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../services/cli/scan-summary.js';
import { exposedReport, incompleteReport, OWN_VALUES } from '../support/report-fixture.js';

const files = {
  json: '/home/x/report/report.json',
  html: '/home/x/report/report.html',
  csv: '/home/x/report/report.csv',
  pdf: '/home/x/report/report.pdf',
};

describe('the terminal summary after a scan', () => {
  const summary = formatSummary(exposedReport(), files, 12_345, { path: '/home/x/report/evidence.zip' }, 200);
  const lines = summary.split('\n');

  it('names each detail by its label with where it was found and its worst severity, never by value', () => {
    for (const value of Object.values(OWN_VALUES)) expect(summary).not.toContain(value);
    expect(summary).not.toContain('1994-03-17');
    const row = (label: string) => lines.find((line) => line.trimStart().startsWith(label))!;
    expect(row('Handle')).toMatch(
      /critical\s+Kiwi Farms \(2 posts\), Pastebin \(1 post\), 4chan \(1 post\)$/,
    );
    expect(row('Legal name')).toMatch(/critical\s+Kiwi Farms \(2 posts\)$/);
    expect(row('Date of birth')).toMatch(/-\s+not found in the places checked$/);
  });

  it("lists each place's coverage with its reason, and the places not checked", () => {
    const doxbin = lines.find((line) => line.trimStart().startsWith('Doxbin'))!;
    expect(doxbin).toMatch(/Blocked the check\s+The site answered every request with a block page/);
    expect(summary).toContain(
      'Not checked completely: Doxbin (blocked the check) and Rentry (asked us to slow down before we finished).',
    );
  });

  it('starts with the verdict and ends with the files written', () => {
    expect(summary).toContain(`CRITICAL: ${exposedReport().verdict.headline}`);
    expect(summary).toContain('in 12.3 s');
    for (const path of [...Object.values(files), '/home/x/report/evidence.zip'])
      expect(summary).toContain(path);
    expect(lines.findIndex((line) => line.includes('report.html'))).toBeGreaterThan(
      lines.findIndex((line) => line.startsWith('Where we looked')),
    );
  });

  it('wraps long cells inside their column to fit the terminal', () => {
    const narrow = formatSummary(exposedReport(), files, 1000, undefined, 90).split('\n');
    const table = narrow.slice(
      narrow.findIndex((line) => line.startsWith('Where we looked')),
      narrow.findIndex((line) => line.startsWith('Do these first')),
    );
    for (const line of table) expect(line.length).toBeLessThanOrEqual(90);
    const doxbin = table.findIndex((line) => line.trimStart().startsWith('Doxbin'));
    const whyColumn = table[doxbin]!.indexOf('The site answered');
    expect(table[doxbin + 1]!.slice(0, whyColumn).trim()).toBe('');
    expect(table[doxbin + 1]!.slice(whyColumn)).toMatch(/^\S/);
  });

  it('says why the PDF is missing when it could not be printed', () => {
    const text = formatSummary(
      incompleteReport(),
      { ...files, pdf: null, pdfProblem: 'no Chromium found for the PDF' },
      1000,
    );
    expect(text).toContain('not written: no Chromium found for the PDF');
    expect(text.toLowerCase()).not.toContain('nothing found');
  });
});
