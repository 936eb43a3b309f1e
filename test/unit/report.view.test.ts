import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { h, type VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { highlightRuns } from '../../shared/report/highlight.js';
import { REPORT_COLOURS, REPORT_CSS } from '../../shared/report/report.css.js';
import { QUICK_EXIT_HREF, renderReportHtml } from '../../shared/report/report.html.js';
import { findingAnchor, ReportView, type ReportViewOptions } from '../../shared/report/report.view.js';
import type { Report } from '../../shared/report/report.schema.js';
import {
  DECOY_CLEAR_VALUES,
  exposedReport,
  FINDINGS,
  incompleteReport,
  OWN_VALUES,
} from '../support/report-fixture.js';

const parse = (html: string) => parseDocument(html);
const one = (query: string, root: AnyNode) => selectOne<AnyNode, Element>(query, root);
const all = (query: string, root: AnyNode) => selectAll<AnyNode, Element>(query, root);
const text = (html: string) => textContent(parse(html)).replace(/\s+/g, ' ');

function renderView(report: Report, options: ReportViewOptions): string {
  return render(h(ReportView, { report, options }));
}

describe('report view: the verdict', () => {
  it('an incomplete scan never reads as an all-clear, and names the places not checked and how many', () => {
    const html = renderReportHtml(incompleteReport());
    const words = text(html).toLowerCase();
    for (const reassurance of ['nothing found', 'no exposure', 'you are safe', 'nothing was found']) {
      expect(words).not.toContain(reassurance);
    }
    const verdict = textContent(one('section.verdict', parse(html))!).replace(/\s+/g, ' ');
    expect(verdict.match(/not an all-clear/gi)).toHaveLength(1);
    expect(verdict).toContain('2 places could not be checked');
    expect(verdict).toContain('Doxbin (blocked the check)');
    expect(verdict).toContain('Rentry (asked us to slow down before we finished)');
  });

  it('says "not an all-clear" once, whether or not the verdict already does', () => {
    const report = incompleteReport();
    const verdictText = () => textContent(one('section.verdict', parse(renderReportHtml(report)))!);
    report.verdict.headline = 'This is not an all-clear: 2 of 5 places could not be checked.';
    report.verdict.explanation = 'Try again later.';
    expect(verdictText().match(/not an all-clear/gi)).toHaveLength(1);
    report.verdict.headline = 'No posts about you turned up in the places we could check.';
    expect(verdictText().match(/not an all-clear/gi)).toHaveLength(1);
    expect(verdictText()).toContain('Doxbin (blocked the check)');
  });

  it('names the places not checked from the sources when the verdict lists none', () => {
    const report = incompleteReport();
    report.verdict.notChecked = [];
    const verdict = textContent(one('section.verdict', parse(renderReportHtml(report)))!);
    expect(verdict).toContain('2 places could not be checked');
    expect(verdict).toContain('Doxbin');
  });

  it('the first screen shows the headline, at most three first steps with their time and skip note, and the exposure table', () => {
    const report = exposedReport();
    const document = parse(renderReportHtml(report));
    expect(textContent(one('#verdict-heading', document)!)).toBe(report.verdict.headline);
    const steps = all('.do-first-list > li', document);
    expect(steps).toHaveLength(3);
    expect(textContent(steps[0]!)).toContain('About 5 minutes');
    expect(textContent(steps[0]!)).toContain(report.doFirst[0]!.skipNote);
    const rows = all('table.exposed-where tbody tr', document);
    expect(rows).toHaveLength(report.identifiers.length);
    const handleRow = textContent(rows[0]!);
    expect(handleRow).toContain('Handle');
    expect(handleRow).toContain(OWN_VALUES.handle);
    const bySeverity = all('.found-on li', rows[0]!).map((item) => textContent(item));
    expect(bySeverity).toEqual(['Critical Kiwi Farms (2 posts), Pastebin (1 post)', 'Low 4chan (1 post)']);
    expect(textContent(rows[4]!)).toContain('Not found in the places checked');
  });
});

describe('report view: findings', () => {
  it('groups findings by severity, most severe first, then by place', () => {
    const document = parse(renderReportHtml(exposedReport()));
    const groups = all('.severity-group', document).map((group) => ({
      severity: textContent(one('h3 .badge', group)!),
      places: all('h4', group).map((heading) => textContent(heading)),
    }));
    expect(groups).toEqual([
      { severity: 'Critical', places: ['Kiwi Farms', 'Pastebin'] },
      { severity: 'Medium', places: ['Kiwi Farms'] },
      { severity: 'Low', places: ['4chan'] },
    ]);
  });

  it('hides every post behind a closed <details> in the standalone file, after the content note', () => {
    const html = renderReportHtml(exposedReport());
    expect(html.indexOf('class="content-note"')).toBeGreaterThan(0);
    expect(html.indexOf('class="content-note"')).toBeLessThan(html.indexOf('<article'));
    const document = parse(html);
    const findings = all('article.finding', document);
    expect(findings).toHaveLength(FINDINGS.length);
    for (const finding of findings) {
      const reveal = one('details.reveal', finding);
      expect(reveal).not.toBeNull();
      expect(getAttributeValue(reveal!, 'open')).toBeUndefined();
      expect(textContent(one('summary', reveal!)!)).toBe('Show what this post says');
      // No quote of the post and no masked data of others outside the fold.
      for (const quote of all('blockquote, .others', finding)) {
        expect(isInside(quote, reveal!)).toBe(true);
      }
    }
  });

  it('in the web UI, shows revealed findings and offers a labelled form (with its CSRF field) for the others', () => {
    const report = exposedReport();
    const html = renderView(report, {
      reveal: {
        kind: 'app',
        revealed: new Set(['f-forum-7310001']),
        revealAction: (id) => `/app/findings/${encodeURIComponent(id)}/reveal`,
        formFields: { _csrf: 'token-123' },
      },
      findingControls: (finding) => h('p', { class: 'status-form' }, `controls for ${finding.id}`) as VNode,
    });
    const document = parse(html);
    const revealed = one(`#${findingAnchor('f-forum-7310001')}`, document)!;
    expect(all('blockquote', revealed)).toHaveLength(2);
    expect(one('form', revealed)).toBeNull();
    const hidden = one(`#${cssEscape(findingAnchor('f-paste-Qm7xT2'))}`, document)!;
    expect(all('blockquote', hidden)).toHaveLength(0);
    const form = one('form.reveal-form', hidden)!;
    expect(getAttributeValue(form, 'method')).toBe('post');
    expect(getAttributeValue(form, 'action')).toBe('/app/findings/f-paste-Qm7xT2/reveal');
    expect(getAttributeValue(one('input[type=hidden][name=_csrf]', form)!, 'value')).toBe('token-123');
    const button = one('button[type=submit]', form)!;
    expect(textContent(button)).toBe('Show what this post says');
    const describedBy = getAttributeValue(button, 'aria-describedby')!;
    expect(one(`#${cssEscape(describedBy)}`, document)).not.toBeNull();
    expect(textContent(one('.status-form', hidden)!)).toBe('controls for f-paste-Qm7xT2');
    // The view alone has no page landmarks or h1: the web UI's layout brings its own.
    expect(all('main, h1', document)).toHaveLength(0);
  });

  it('revealAll (the PDF) shows every post and unfolds the prefilled requests', () => {
    const document = parse(renderReportHtml(exposedReport(), { revealAll: true }));
    expect(all('details.reveal, form', document)).toHaveLength(0);
    expect(all('article.finding blockquote', document).length).toBeGreaterThanOrEqual(FINDINGS.length);
    for (const request of all('details.request', document)) {
      expect(getAttributeValue(request, 'open')).toBeDefined();
    }
  });

  it('marks exactly the matched words, merging overlapping offsets and ignoring out-of-range ones', () => {
    const html = renderReportHtml(exposedReport(), { revealAll: true });
    const marks = all('mark', parse(html)).map((mark) => textContent(mark));
    expect(marks).toEqual([
      'mothlantern',
      'Sorrel Quistgarde',
      OWN_VALUES.phone,
      'sorrelq [at] example [dot] org',
      'm0thl4ntern',
      'mothlantern',
      'mothlantern',
    ]);
    expect(html).toContain('? 🦋 <mark>mothlantern</mark> drama again');
  });

  it('escapes what strangers wrote: a script in a post is text, never markup', () => {
    const html = renderReportHtml(exposedReport(), { revealAll: true });
    const document = parse(html);
    expect(all('script', document)).toHaveLength(0);
    expect(text(html)).toContain('<script>alert(1)</script> sells moth prints');
  });

  it('links every post, page and archived copy with rel="noreferrer noopener", with a note on visiting hostile sites', () => {
    const document = parse(renderReportHtml(exposedReport()));
    const links = new Map(all('a[href]', document).map((a) => [getAttributeValue(a, 'href')!, a]));
    const expected = FINDINGS.flatMap((finding) => [
      finding.permalink,
      finding.pageUrl,
      ...finding.archivedCopies.map((copy) => copy.url),
    ]);
    for (const href of expected) {
      const link = links.get(href);
      expect(link, href).toBeDefined();
      expect(getAttributeValue(link!, 'rel')!.split(' ').sort()).toEqual(['noopener', 'noreferrer']);
    }
    const hostile = one(`#${findingAnchor('f-forum-7310001')} .link-note`, document)!;
    expect(textContent(hostile)).toContain('visits Kiwi Farms itself');
  });

  it('shows each finding’s evidence, status, steps and warnings', () => {
    const document = parse(renderReportHtml(exposedReport()));
    const forum = one(`#${findingAnchor('f-forum-7310001')}`, document)!;
    const words = textContent(forum).replace(/\s+/g, ' ');
    expect(words).toContain('Post 7310001 by GravelGhoul');
    expect(words).toContain('Handle, Legal name and Phone number');
    expect(words).toContain(FINDINGS[0]!.contentSha256);
    expect(words).toContain('25 Nov 2026, 08:33 UTC');
    expect(words).toContain('Wayback Machine');
    expect(words).toContain('Nothing done yet');
    expect(textContent(one('.callout.warning', forum)!)).toContain('will probably be posted in the thread');
    expect(textContent(one('details.request pre', forum)!)).toContain('Please remove it.');
    const paste = one(`#${cssEscape(findingAnchor('f-paste-Qm7xT2'))}`, document)!;
    expect(textContent(paste)).toContain('Removal requested (since 26 Nov 2026, 10:00 UTC)');
  });

  it('links only http(s) addresses: a javascript: address from a page is shown as text', () => {
    const report = exposedReport();
    report.findings[0]!.archivedCopies[0]!.url = 'javascript:alert(document.cookie)';
    const document = parse(renderReportHtml(report));
    expect(all('a[href^="javascript"]', document)).toHaveLength(0);
    expect(text(renderReportHtml(report))).toContain('javascript:alert(document.cookie)');
  });

  it('never prints other people’s details in clear; shows them masked', () => {
    const html = renderReportHtml(exposedReport(), { revealAll: true });
    for (const decoy of DECOY_CLEAR_VALUES) expect(html).not.toContain(decoy);
    expect(html).toContain('***-***-**48');
    expect(html).toContain('B*** T***');
  });
});

describe('report document', () => {
  const html = renderReportHtml(exposedReport());
  const document = parse(html);

  it('is self-contained: no script, no external asset, referrer and robots meta set', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(all('script, link, img, iframe, object, embed', document)).toHaveLength(0);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/url\(/);
    const meta = (name: string) => getAttributeValue(one(`meta[name=${name}]`, document)!, 'content') ?? '';
    expect(meta('referrer')).toBe('no-referrer');
    expect(meta('robots')).toContain('noindex');
    const csp = getAttributeValue(one('meta[http-equiv=Content-Security-Policy]', document)!, 'content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(one('style', document)).not.toBeNull();
    expect(html).toContain('@media print');
  });

  it('has a language, landmarks, a skip link to main, a quick exit, and headings that never skip a level', () => {
    expect(getAttributeValue(one('html', document)!, 'lang')).toBe('en');
    expect(all('header', document)).toHaveLength(1);
    expect(all('main', document)).toHaveLength(1);
    expect(all('footer', document)).toHaveLength(1);
    const skip = one('a.skip-link', document)!;
    expect(getAttributeValue(skip, 'href')).toBe('#report');
    expect(getAttributeValue(one('main', document)!, 'id')).toBe('report');
    expect(getAttributeValue(one('.quick-exit a', document)!, 'href')).toBe(QUICK_EXIT_HREF);
    const levels = all('h1, h2, h3, h4, h5, h6', document).map((heading) => Number(heading.name[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    levels.forEach((level, index) => {
      if (index > 0) expect(level - levels[index - 1]!).toBeLessThanOrEqual(1);
    });
  });

  it('gives every table header a scope and every table a caption', () => {
    for (const table of all('table', document)) {
      expect(one('caption', table)).not.toBeNull();
      for (const th of all('thead th', table)) expect(getAttributeValue(th, 'scope')).toBe('col');
      for (const th of all('tbody th', table)) expect(getAttributeValue(th, 'scope')).toBe('row');
    }
    const coverage = all('table.coverage tbody tr', document).map((row) => textContent(row));
    expect(coverage).toHaveLength(5);
    expect(coverage[3]).toContain('Blocked the check');
    expect(coverage[3]).toContain('The site answered every request with a block page');
  });

  it('says each severity in words, not only in colour', () => {
    for (const badge of all('.badge', document)) {
      expect(textContent(badge).trim()).toMatch(/^(Critical|High|Medium|Low|For information)$/);
    }
  });

  it("scopes the view's stylesheet under .report, so the web UI can load it beside its own", () => {
    const selectors = [...REPORT_CSS.matchAll(/([^{}]+)\{/g)]
      .map((match) => match[1]!.trim())
      .filter((selector) => !selector.startsWith('@'));
    expect(selectors.length).toBeGreaterThan(50);
    for (const list of selectors) {
      for (const selector of list.split(',')) expect(selector.trim(), list).toMatch(/^\.report\b/);
    }
  });

  it('keeps a contrast of at least 4.5:1 for every text colour on its background', () => {
    const c = REPORT_COLOURS;
    const pairs: Array<[string, string]> = [
      [c.text, c.page],
      [c.muted, c.page],
      [c.link, c.page],
      [c.text, c.panel],
      [c.muted, c.panel],
      [c.link, c.panel],
      [c.text, c.mark],
      [c.text, c.warningPanel],
      [c.text, c.notCheckedPanel],
      [c.page, c.text],
      [c.page, c.link],
      ...(['critical', 'high', 'medium', 'low', 'info'] as const).map((severity): [string, string] => [
        c.badgeText,
        c[severity],
      ]),
    ];
    for (const [foreground, background] of pairs) {
      expect(contrast(foreground, background), `${foreground} on ${background}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('ends with advice review date, the scan, and a note to keep the file private', () => {
    const words = text(html);
    expect(words).toContain("last checked against the places' policies on 1 Oct 2026");
    expect(words).toContain(exposedReport().scan.id);
    expect(textContent(one('footer', document)!)).toContain('Keep this file private.');
  });
});

describe('highlightRuns', () => {
  it('tolerates inverted, empty, overlapping and out-of-range offsets', () => {
    expect(
      highlightRuns('abcdef', [
        [4, 2],
        [1, 1],
        [0, 2],
        [1, 3],
        [5, 99],
      ]),
    ).toEqual([
      { text: 'abc', highlighted: true },
      { text: 'de', highlighted: false },
      { text: 'f', highlighted: true },
    ]);
    expect(highlightRuns('', [[0, 4]])).toEqual([{ text: '', highlighted: false }]);
  });

  it('never cuts a character made of two UTF-16 units in half', () => {
    const runs = highlightRuns('a🦋b', [[2, 3]]);
    expect(runs.map((run) => run.text).join('|')).toBe('a|🦋|b');
  });
});

function isInside(node: Element, ancestor: Element): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current === ancestor) return true;
  }
  return false;
}

/** The id characters findingAnchor may produce that CSS selectors need escaped ("."). */
function cssEscape(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, (c) => `\\${c}`);
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
