import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderReportCsv } from '../../shared/report/report.csv.js';
import { renderReportHtml } from '../../shared/report/report.html.js';
import type { Report } from '../../shared/report/report.schema.js';

/** Where a local scan's report went; `pdf` is null when not asked for or not printed (`pdfProblem` says why). */
export interface ReportFiles {
  json: string;
  html: string;
  pdf: string | null;
  csv: string;
  pdfProblem?: string;
}

/**
 * Writes the report in its four renderings into `outDir`, readable by its owner only (it names where
 * the person is exposed). The PDF needs Chromium: when it cannot be printed the other three are still
 * written, and the reason is returned for the summary rather than failing the whole scan.
 */
export async function writeReportFiles(
  report: Report,
  outDir: string,
  renderPdf: ((html: string) => Promise<Uint8Array>) | null,
): Promise<ReportFiles> {
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);
  const write = (name: string, content: string | Uint8Array) =>
    writeFile(path(name), content, { mode: 0o600 });

  await write('report.json', `${JSON.stringify(report, null, 2)}\n`);
  await write('report.html', renderReportHtml(report));
  await write('report.csv', renderReportCsv(report));
  const files: ReportFiles = {
    json: path('report.json'),
    html: path('report.html'),
    csv: path('report.csv'),
    pdf: null,
  };
  if (!renderPdf) return files;
  try {
    // Paper cannot be clicked open: the PDF shows every post's content and every prefilled request.
    await write('report.pdf', await renderPdf(renderReportHtml(report, { revealAll: true })));
    return { ...files, pdf: path('report.pdf') };
  } catch (error) {
    // Chromium's own messages name paths and switches, never the report's contents.
    return { ...files, pdfProblem: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}
