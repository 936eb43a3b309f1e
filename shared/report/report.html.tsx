import { render } from 'preact-render-to-string';
import { REPORT_CSS, REPORT_PAGE_CSS } from './report.css.js';
import type { Report } from './report.schema.js';
import { ReportPage, type ReportPageOptions } from './report.view.js';

export { REPORT_CSS, REPORT_PAGE_CSS } from './report.css.js';

/** Where the quick-exit link goes: a neutral, busy page nobody would wonder about. */
export const QUICK_EXIT_HREF = 'https://www.wikipedia.org/';

/**
 * Carried by the document itself, so it holds when the file is opened from disk: no script, no
 * request of any kind, no form sent; only the inline stylesheet applies.
 */
export const REPORT_DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export type ReportHtmlOptions = Partial<ReportPageOptions>;

/**
 * The report as one self-contained HTML document: inline styles, no script, no external asset, so it
 * opens offline, can be handed to an advocate, and leaks nothing when opened (no-referrer, so a click
 * on a link does not tell a hostile site where its visitor came from; noindex, should it ever be put
 * online). By default each post's content is folded away in `<details>`; the PDF passes `revealAll`.
 */
export function renderReportHtml(report: Report, options: ReportHtmlOptions = {}): string {
  const pageOptions: ReportPageOptions = {
    reveal: { kind: 'details' },
    quickExitHref: QUICK_EXIT_HREF,
    ...options,
  };
  const body = render(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content={REPORT_DOCUMENT_CSP} />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow, noarchive" />
        <title>Your exposure report</title>
        <style dangerouslySetInnerHTML={{ __html: REPORT_PAGE_CSS + REPORT_CSS }} />
      </head>
      <body>
        <ReportPage report={report} options={pageOptions} />
      </body>
    </html>,
  );
  return `<!doctype html>\n${body}\n`;
}
