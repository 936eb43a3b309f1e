/**
 * The report's styles, in two parts. `REPORT_CSS` styles the report view and nothing else: every rule
 * is scoped under `.report`, so the web UI can serve it as a file (its content security policy forbids
 * inline styles) beside its own stylesheet without either overriding the other. `REPORT_PAGE_CSS`
 * styles the standalone document around the view (body, header, footer, skip link, quick exit); the
 * standalone file inlines both.
 *
 * Colours are never the only carrier of meaning (each severity is also a word), and every text colour
 * keeps a contrast of at least 4.5:1 on its background (test/unit/report.view.test.ts measures the
 * pairs below).
 */

/** Text and background pairs the stylesheet uses, for the contrast test. */
export const REPORT_COLOURS = {
  text: '#1f2328',
  muted: '#4a5059',
  link: '#0a4fb8',
  page: '#ffffff',
  panel: '#f4f6f8',
  badgeText: '#ffffff',
  critical: '#9b1c1c',
  high: '#9a3412',
  medium: '#7a4b00',
  low: '#1e4fa3',
  info: '#4b5563',
  mark: '#ffe58a',
  warningPanel: '#fff4d6',
  warningEdge: '#9a6700',
  notCheckedPanel: '#fdecea',
} as const;

const c = REPORT_COLOURS;

export const REPORT_CSS = `
.report{color:${c.text};line-height:1.55}
.report *{box-sizing:border-box}
.report h2{font-size:1.45rem;margin:2.2rem 0 .6rem;line-height:1.3}
.report h3{font-size:1.2rem;margin:1.6rem 0 .5rem}
.report h4{font-size:1.1rem;margin:1.2rem 0 .4rem}
.report h5{font-size:1rem;margin:0 0 .4rem}
.report a{color:${c.link};text-decoration:underline;text-underline-offset:.15em}
.report a:focus,.report button:focus,.report summary:focus{outline:3px solid ${c.link};outline-offset:2px}
.report a.external{overflow-wrap:anywhere}
.report code{font:0.85em/1.4 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;overflow-wrap:anywhere}
.report .verdict{background:${c.panel};border-left:8px solid ${c.info};border-radius:8px;padding:.3rem 1.3rem .8rem;margin-top:1.2rem}
.report .verdict h2{margin-top:.8rem}
.report .verdict-exposed{border-left-color:${c.critical}}
.report .verdict-incomplete{border-left-color:${c.warningEdge}}
.report .verdict-not-found{border-left-color:${c.low}}
.report .verdict-severity{margin:.2rem 0}
.report .callout{background:${c.warningPanel};border-left:5px solid ${c.warningEdge};border-radius:6px;padding:.55rem .9rem;margin:.8rem 0}
.report .callout p{margin:0}
.report .callout.not-checked{background:${c.notCheckedPanel};border-left-color:${c.critical}}
.report .badge{display:inline-block;color:${c.badgeText};background:${c.info};font-size:.8rem;font-weight:700;letter-spacing:.02em;padding:.1rem .5rem;border-radius:4px;vertical-align:.1em}
.report .badge.sev-critical{background:${c.critical}}.report .badge.sev-high{background:${c.high}}
.report .badge.sev-medium{background:${c.medium}}.report .badge.sev-low{background:${c.low}}.report .badge.sev-info{background:${c.info}}
.report .do-first-list{padding-left:1.4rem}
.report .do-first-list>li{margin:0 0 1rem;padding-left:.3rem}
.report .do-first-list h3{margin:.2rem 0}
.report .minutes{color:${c.muted};margin:0}
.report .skip-note{color:${c.muted}}
.report table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
.report caption{text-align:left;color:${c.muted};padding-bottom:.4rem}
.report th,.report td{text-align:left;vertical-align:top;padding:.5rem .6rem;border-bottom:1px solid #d0d7de}
.report thead th{border-bottom:2px solid ${c.text};font-size:.9rem}
.report tbody th{font-weight:600}
.report .own-value{display:block;font-weight:400;color:${c.muted};overflow-wrap:anywhere}
.report .not-found{color:${c.muted}}
.report ul.plain{list-style:none;margin:0;padding:0}
.report .found-on li{margin-bottom:.3rem}
.report .exposed-where tbody th{width:16rem}
.report .content-note{background:${c.panel};border-radius:6px;padding:.7rem 1rem}
.report .severity-group>h3{border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.report .finding{border:1px solid #d0d7de;border-left:6px solid ${c.info};border-radius:8px;padding:.9rem 1.1rem;margin:.8rem 0 1.2rem}
.report .finding.sev-critical{border-left-color:${c.critical}}.report .finding.sev-high{border-left-color:${c.high}}
.report .finding.sev-medium{border-left-color:${c.medium}}.report .finding.sev-low{border-left-color:${c.low}}
.report .severity-reason{margin:.2rem 0 .6rem}
.report dl.facts{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem;margin:.4rem 0}
.report dl.facts dt{color:${c.muted}}
.report dl.facts dd{margin:0;min-width:0}
.report .hash{font-size:.78em}
.report .link-note{color:${c.muted};font-size:.9rem;margin:.5rem 0}
.report details.reveal{margin:.6rem 0}
.report details>summary{cursor:pointer;font-weight:600;color:${c.link}}
.report .reveal-form button{font:inherit;font-weight:600;color:${c.page};background:${c.link};border:0;border-radius:6px;padding:.45rem .9rem;cursor:pointer}
.report .post-content{margin:.5rem 0}
.report .snippet{margin:.5rem 0 .8rem}
.report .snippet blockquote{margin:0;padding:.5rem .8rem;background:${c.panel};border-left:4px solid #8c959f;white-space:pre-wrap;overflow-wrap:anywhere}
.report .snippet figcaption{color:${c.muted};font-size:.9rem;margin-top:.2rem}
.report mark{background:${c.mark};color:${c.text};padding:0 .1em;border-radius:2px;font-weight:600}
.report .others{font-size:.95rem}
.report .finding-steps{margin-top:.8rem}
.report .steps-heading{margin:.4rem 0}
.report ol.steps{padding-left:1.4rem}
.report .step{margin-bottom:.8rem}
.report .step p{margin:.2rem 0}
.report .step-title{margin-bottom:.1rem}
.report details.request{margin:.4rem 0}
.report pre{white-space:pre-wrap;overflow-wrap:anywhere;background:${c.panel};padding:.7rem;border-radius:6px;font:0.9rem/1.45 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
@media (max-width:40rem){.report dl.facts{grid-template-columns:1fr}.report dl.facts dd{margin-bottom:.4rem}}
@media print{
  .report .reveal-form,.report .finding-controls{display:none}
  .report .snippet,.report tr,.report .step,.report dl.facts{break-inside:avoid-page}
  .report h2,.report h3,.report h4,.report h5{break-after:avoid-page}
  .report a{color:${c.text}}
}
`;

/** The standalone document around the view: page, header with the quick exit, footer. */
export const REPORT_PAGE_CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:${c.page};color:${c.text};font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
.page-header,main,.page-footer{max-width:62rem;margin:0 auto;padding:0 1.25rem}
.page-header{padding-top:1rem}
.page-header h1{font-size:1.9rem;margin:.3rem 0 .2rem}
.page-header .meta{color:${c.muted};margin:0}
a{color:${c.link}}
a:focus{outline:3px solid ${c.link};outline-offset:2px}
.skip-link{position:absolute;left:.5rem;top:-3rem;background:${c.page};padding:.4rem .8rem;border:2px solid ${c.link};z-index:1}
.skip-link:focus{top:.5rem}
.quick-exit{float:right;margin:0}
.quick-exit a{display:inline-block;background:${c.text};color:${c.page};padding:.45rem .9rem;border-radius:6px;text-decoration:none;font-weight:600}
.page-footer{border-top:1px solid #d0d7de;margin-top:2rem;padding-top:.8rem;padding-bottom:2rem}
@media (max-width:40rem){.quick-exit{float:none}}
@media print{
  body{font-size:10.5pt}
  .skip-link,.quick-exit{display:none}
  .page-header,main,.page-footer{max-width:none;padding:0}
}
`;
