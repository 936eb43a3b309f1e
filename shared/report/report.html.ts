import type { Report, ReportExposure } from './report.builder.js';

/**
 * The report as one self-contained HTML page (no scripts, no external assets, so it opens offline and
 * can be handed to an advocate). Every value is escaped; snippets are already masked by the matcher.
 */
export function renderReportHtml(report: Report): string {
  const { summary, scan } = report;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>Exposure report ${esc(scan.id.slice(0, 8))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>Exposure report</h1>
  <p class="meta">Scan ${esc(scan.id)} · ${esc(scan.mode)} mode · status <strong>${esc(scan.status)}</strong> · started ${esc(scan.createdAt)}${scan.finishedAt ? ` · finished ${esc(scan.finishedAt)}` : ''}</p>
  ${scan.ranDirect ? '<p class="warn">This scan visited hostile sites without a proxy.</p>' : ''}
</header>
<section class="summary sev-${esc(summary.severity)}">
  <h2>${esc(summary.headline)}</h2>
  <p>${esc(summary.explanation)}</p>
  <p>Exposed: ${summary.identifiersExposed.map((i) => `<code>${esc(i.id)}</code> (${esc(i.kind)})`).join(', ') || 'none'}.
  Not found: ${summary.identifiersNotFound.map((i) => `<code>${esc(i.id)}</code> (${esc(i.kind)})`).join(', ') || 'none'}.
  Pages read: ${summary.pagesFetched}.</p>
</section>
<section>
  <h2>What to do next</h2>
  <ol>${report.nextSteps.map((step) => `<li>${esc(step)}</li>`).join('')}</ol>
</section>
<section>
  <h2>Where you are exposed</h2>
  ${report.exposures.length === 0 ? '<p>Nothing found.</p>' : report.exposures.map(renderExposure).join('\n')}
</section>
<section>
  <h2>Sources searched</h2>
  <table>
    <thead><tr><th>Source</th><th>Trust</th><th>Status</th><th>Searches</th><th>Pages read</th><th>Note</th></tr></thead>
    <tbody>${report.sources
      .map(
        (s) =>
          `<tr><td>${esc(s.name)}</td><td>${esc(s.trust)}</td><td>${esc(s.status)}</td><td>${s.searches.done}/${s.searches.total}</td><td>${s.pages.fetched}/${s.pages.total}${s.pages.failed ? ` (${s.pages.failed} failed)` : ''}</td><td>${esc(s.error ?? '')}</td></tr>`,
      )
      .join('')}</tbody>
  </table>
</section>
<footer><p>Other people's details found on these pages are shown only as masked categories. Keep this file private: it shows where your details are posted.</p></footer>
</body>
</html>
`;
}

function renderExposure(exposure: ReportExposure): string {
  return `<article class="exposure sev-${esc(exposure.severity)}">
  <h3><span class="badge">${esc(exposure.severity)}</span> ${esc(exposure.sourceName)}${exposure.doxShaped ? ' · dox layout' : ''}</h3>
  <p class="why">${esc(exposure.why)}</p>
  <p class="meta">Page: <code>${esc(exposure.pageUrl)}</code><br>Fetched ${esc(exposure.fetchedAt)} · SHA-256 <code>${esc(exposure.contentSha256)}</code></p>
  ${exposure.posts
    .map(
      (post) => `<div class="post">
    <p class="meta">Post ${esc(post.postId)}${post.author ? ` by ${esc(post.author)}` : ''} · <code>${esc(post.permalink)}</code></p>
    <ul>${post.matches
      .map(
        (m) =>
          `<li><code>${esc(m.identifierId)}</code> ${esc(m.kind)} · ${esc(m.method)} · confidence ${m.confidence.toFixed(2)}<blockquote>${esc(m.snippet)}</blockquote></li>`,
      )
      .join('')}</ul>
    ${post.otherPii.length ? `<p class="other">Other personal data in this post: ${post.otherPii.map((p) => `${esc(p.category)} <code>${esc(p.masked)}</code>`).join(', ')}</p>` : ''}
  </div>`,
    )
    .join('\n')}
  <details><summary>Removal request (prefilled)</summary><pre>${esc(exposure.removalRequest)}</pre></details>
</article>`;
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{margin-bottom:.2rem} .meta{color:#555;font-size:.9rem} code{font-size:.85em;word-break:break-all}
.warn{background:#fff3cd;padding:.5rem 1rem;border-radius:6px}
.summary{border-left:6px solid #888;padding:.5rem 1rem;background:#f6f6f6;border-radius:6px}
.exposure{border:1px solid #ddd;border-left:6px solid #888;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.sev-critical{border-left-color:#b00020}.sev-high{border-left-color:#e65100}.sev-medium{border-left-color:#f9a825}
.sev-low{border-left-color:#1565c0}.sev-info{border-left-color:#607d8b}.sev-none{border-left-color:#2e7d32}
.badge{text-transform:uppercase;font-size:.75rem;background:#333;color:#fff;padding:.1rem .4rem;border-radius:4px}
blockquote{margin:.3rem 0 .6rem;padding:.3rem .6rem;background:#fafafa;border-left:3px solid #ccc;white-space:pre-wrap}
table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;font-size:.9rem}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
`;
