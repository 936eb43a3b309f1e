import { describe, expect, it } from 'vitest';
import { REPORT_CSV_COLUMNS, renderReportCsv } from '../../shared/report/report.csv.js';
import { DECOY_CLEAR_VALUES, exposedReport, FINDINGS, incompleteReport } from '../support/report-fixture.js';

/** RFC 4180, strictly: CRLF records, fields quoted or not, "" for a quote inside a quoted field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let at = 0;
  for (;;) {
    let field = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at++;
      }
    } else {
      const end = text.slice(at).search(/,|\r\n/);
      field = end < 0 ? text.slice(at) : text.slice(at, at + end);
      if (/["\r\n]/.test(field)) throw new Error(`bare field with a quote or line break: ${field}`);
      at += field.length;
    }
    row.push(field);
    if (text[at] === ',') {
      at++;
      continue;
    }
    if (text.startsWith('\r\n', at)) {
      rows.push(row);
      row = [];
      at += 2;
      if (at === text.length) return rows;
      continue;
    }
    if (at === text.length) {
      rows.push(row);
      return rows;
    }
    throw new Error(`unexpected character at ${at}: ${JSON.stringify(text[at])}`);
  }
}

describe('report CSV', () => {
  const csv = renderReportCsv(exposedReport());
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  const byId = new Map(
    rows.map((row) => [row[0]!, Object.fromEntries(header!.map((name, i) => [name, row[i]!]))]),
  );

  it('parses back as RFC 4180 with one row per finding, every row as wide as the header', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/(?<!")\n/);
    expect(header).toEqual([...REPORT_CSV_COLUMNS]);
    expect(rows).toHaveLength(FINDINGS.length);
    for (const row of rows) expect(row).toHaveLength(header!.length);
    expect([...byId.keys()]).toEqual(FINDINGS.map((finding) => finding.id));
  });

  it('carries the evidence of each finding, identifiers by label and other people’s data masked', () => {
    const forum = byId.get('f-forum-7310001')!;
    expect(forum).toMatchObject({
      severity: 'critical',
      place: 'Kiwi Farms',
      source_id: 'kiwifarms',
      page_url: FINDINGS[0]!.pageUrl,
      permalink: FINDINGS[0]!.permalink,
      post_id: '7310001',
      author: 'GravelGhoul',
      fetched_at: '2026-11-25T08:33:14.541Z',
      content_sha256: FINDINGS[0]!.contentSha256,
      identifiers: 'Handle; Legal name; Phone number',
      match_methods: 'exact',
      other_people_data_masked: 'phone: ***-***-**48; name: B*** T***',
      dox_layout: 'yes',
      remediation_status: 'action-needed',
      remediation_updated_at: '',
    });
    expect(forum.archived_copies).toBe(`Wayback Machine: ${FINDINGS[0]!.archivedCopies[0]!.url}`);
    expect(byId.get('f-paste-Qm7xT2')!.remediation_status).toBe('requested');
  });

  it('turns cells a spreadsheet would run as formulas into text', () => {
    const paste = byId.get('f-paste-Qm7xT2')!;
    expect(paste.post_id).toBe(`'=HYPERLINK("http://evil.example","open")`);
    expect(paste.author).toBe(`'@SUM(1+1)`);
    for (const row of rows) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('never holds other people’s details in clear, nor the snippets', () => {
    for (const decoy of DECOY_CLEAR_VALUES) expect(csv).not.toContain(decoy);
    expect(csv).not.toContain('Real name is');
  });

  it('is a header alone when nothing was found', () => {
    expect(parseCsv(renderReportCsv(incompleteReport()).slice(1))).toEqual([[...REPORT_CSV_COLUMNS]]);
  });
});
