import type { Report, ReportFinding } from './report.schema.js';

/**
 * The report's findings as CSV, one row per finding, for an advocate's case spreadsheet. RFC 4180:
 * CRLF line ends, every field quoted (a field with a comma, a quote or a line break must be; quoting
 * all of them is simpler and just as valid). A UTF-8 byte order mark comes first: without it Excel
 * reads the file as the machine's legacy code page and mangles names written in other scripts.
 *
 * The cells are text written by hostile strangers (authors, post ids, URLs), so a cell a spreadsheet
 * would run as a formula (one starting with = + - @, a tab or a carriage return) gets a leading
 * apostrophe, which spreadsheets read as "this is text" (OWASP's advice on CSV injection).
 *
 * Snippets are left out: the CSV travels further than the report, and the evidence pack has them.
 * Other people's details are the masked values only, as everywhere.
 */

export const REPORT_CSV_COLUMNS = [
  'finding_id',
  'severity',
  'place',
  'source_id',
  'source_trust',
  'page_url',
  'permalink',
  'post_id',
  'author',
  'fetched_at',
  'content_sha256',
  'identifiers',
  'match_methods',
  'other_people_data_masked',
  'dox_layout',
  'remediation_status',
  'remediation_updated_at',
  'archived_copies',
] as const;

type Column = (typeof REPORT_CSV_COLUMNS)[number];

const BYTE_ORDER_MARK = '\uFEFF';
/** Several values in one cell; a semicolon is what spreadsheets' "split text" suggests first. */
const LIST_SEPARATOR = '; ';

export function renderReportCsv(report: Report): string {
  const labelOf = new Map(report.identifiers.map((identifier) => [identifier.id, identifier.label]));
  const rows = report.findings.map((finding) => {
    const row = findingRow(finding, labelOf);
    return REPORT_CSV_COLUMNS.map((column) => row[column]);
  });
  return BYTE_ORDER_MARK + [[...REPORT_CSV_COLUMNS], ...rows].map(csvLine).join('');
}

function findingRow(finding: ReportFinding, labelOf: ReadonlyMap<string, string>): Record<Column, string> {
  return {
    finding_id: finding.id,
    severity: finding.severity,
    place: finding.place,
    source_id: finding.sourceId,
    source_trust: finding.trust,
    page_url: finding.pageUrl,
    permalink: finding.permalink,
    post_id: finding.postId,
    author: finding.author ?? '',
    fetched_at: finding.fetchedAt,
    content_sha256: finding.contentSha256,
    identifiers: unique(finding.identifierIds.map((id) => labelOf.get(id) ?? id)).join(LIST_SEPARATOR),
    match_methods: unique(finding.matches.map((match) => match.method)).join(LIST_SEPARATOR),
    other_people_data_masked: finding.otherPii
      .map((pii) => `${pii.category}: ${pii.masked}`)
      .join(LIST_SEPARATOR),
    dox_layout: finding.doxShaped ? 'yes' : 'no',
    remediation_status: finding.remediation.status,
    remediation_updated_at: finding.remediation.updatedAt ?? '',
    archived_copies: finding.archivedCopies
      .map((copy) => `${copy.sourceName}: ${copy.url}`)
      .join(LIST_SEPARATOR),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => `"${neutraliseFormula(cell).replace(/"/g, '""')}"`).join(',')}\r\n`;
}

/** A cell a spreadsheet would evaluate becomes text: a leading apostrophe. */
function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
