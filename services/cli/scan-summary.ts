import type { Report } from '../../shared/report/report.schema.js';
import {
  COVERAGE_LABELS,
  countWords,
  listInWords,
  minutesInWords,
  SEVERITY_LABELS,
} from '../../shared/report/report.words.js';
import type { ReportFiles } from './report-files.js';

/**
 * What a person reads in the terminal after a scan: the verdict, which of their details was found
 * where, how completely each place was checked, and where the files are. Details are named by their
 * label ("Legal name"), never by value: a terminal can be read over a shoulder, recorded by a screen
 * share or kept in a scrollback log, and the files hold the values for when the person is ready.
 */
export function formatSummary(
  report: Report,
  files: ReportFiles,
  elapsedMs: number,
  evidence?: { path: string },
  /** The terminal's width: long cells wrap inside their column. */
  width = process.stdout.columns || 100,
): string {
  const { verdict } = report;
  const lines = [
    '',
    `Scan ${report.scan.id} ${report.scan.status} in ${(elapsedMs / 1000).toFixed(1)} s`,
    '',
    verdict.severity === 'none'
      ? verdict.headline
      : `${SEVERITY_LABELS[verdict.severity].toUpperCase()}: ${verdict.headline}`,
    verdict.explanation,
  ];
  if (verdict.notChecked.length > 0) {
    lines.push(
      `Not checked completely: ${listInWords(verdict.notChecked.map((place) => `${place.name} (${COVERAGE_LABELS[place.coverage].toLowerCase()})`))}.`,
    );
  }
  if (report.scan.ranDirect) {
    lines.push('Note: sites used for harassment were visited without a proxy and saw this address.');
  }

  lines.push('', 'What is exposed where', '');
  lines.push(
    ...table(
      ['Your detail', 'Most serious', 'Found on'],
      report.identifiers.map((identifier) => [
        identifier.label,
        identifier.worstSeverity ? SEVERITY_LABELS[identifier.worstSeverity].toLowerCase() : '-',
        identifier.foundOn.length === 0
          ? 'not found in the places checked'
          : identifier.foundOn
              .map((place) => `${place.sourceName} (${countWords(place.findings, 'post')})`)
              .join(', '),
      ]),
      width,
    ),
  );

  lines.push('', 'Where we looked', '');
  lines.push(
    ...table(
      ['Place', 'Result', 'Why'],
      report.sources.map((source) => [source.name, COVERAGE_LABELS[source.coverage], source.reason]),
      width,
    ),
  );

  if (report.doFirst.length > 0) {
    lines.push('', 'Do these first (each is optional; the report says what skipping means)', '');
    report.doFirst.forEach((step, index) =>
      lines.push(`  ${index + 1}. ${step.title} (${minutesInWords(step.minutes).toLowerCase()})`),
    );
  }

  lines.push('', 'Files written (keep them private: they say where you are exposed)', '');
  const written: Array<[string, string]> = [
    ['report', files.html],
    ['PDF', files.pdf ?? `not written: ${files.pdfProblem ?? 'not asked for'}`],
    ['spreadsheet', files.csv],
    ['data', files.json],
  ];
  if (evidence) written.push(['evidence pack', evidence.path]);
  lines.push(...table(['', ''], written, Infinity).slice(2));
  lines.push('');
  return lines.join('\n');
}

/**
 * Columns padded to their widest cell and a rule under the header. The last column is not padded; it
 * wraps at word boundaries to fit `width`, its continuation lines starting under it (never narrower
 * than 30 characters: a very narrow terminal gets long lines rather than a column of single words).
 */
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, width: number): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const indent = 2 + widths.slice(0, -1).reduce((sum, columnWidth) => sum + columnWidth + 2, 0);
  const lastWidth = Math.max(30, width - indent - 1);
  const line = (cells: readonly string[]) => {
    const padded = cells.slice(0, -1).map((cell, column) => cell.padEnd(widths[column]!));
    const [first = '', ...rest] = wrap(cells[cells.length - 1] ?? '', lastWidth);
    return [`  ${[...padded, first].join('  ')}`.trimEnd(), ...rest.map((part) => ' '.repeat(indent) + part)];
  };
  const rule = widths.map((columnWidth, column) =>
    '-'.repeat(column === widths.length - 1 ? Math.min(columnWidth, lastWidth) : columnWidth),
  );
  return [...line(header), ...line(rule), ...rows.flatMap(line)];
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  return [...lines, current];
}
