import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../shared/report/report.html.js';
import {
  chromiumReportLauncher,
  renderReportPdf,
  ReportPdfRenderer,
  type ReportBrowserLauncher,
} from '../../services/core/report-pdf.js';
import { resolveBrowserExecutable } from '../../workers/fetchers/browser-pool.js';
import { DECOY_CLEAR_VALUES, exposedReport, FINDINGS } from '../support/report-fixture.js';

const executable = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH);
// Both come with scripts/install-system.sh; without them these tests fail rather than pass unread.
if (!executable) throw new Error('no Chromium: run scripts/install-system.sh or set BROWSER_EXECUTABLE_PATH');

const work = mkdtempSync(join(tmpdir(), 'report-pdf-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pdfText(pdf: Buffer): string {
  const file = join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  // -raw: the text in content order, so a link broken over two lines by the layout reads as one string
  // once the line breaks are taken out.
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('report PDF through Chromium', () => {
  const launch = chromiumReportLauncher({ executablePath: executable! });

  it("prints every finding's links and evidence, other people's details only masked, and leaves no profile behind", async () => {
    const profiles: string[] = [];
    const watching: ReportBrowserLauncher = async () => {
      const browser = await launch();
      expect(existsSync(browser.profileDir)).toBe(true);
      profiles.push(browser.profileDir);
      return browser;
    };
    const html = renderReportHtml(exposedReport(), { revealAll: true });
    const pdf = await renderReportPdf(html, watching);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    const joined = text.replace(/\s+/g, '');
    for (const finding of FINDINGS) {
      expect(joined, finding.permalink).toContain(finding.permalink);
      expect(joined, finding.pageUrl).toContain(finding.pageUrl);
      expect(joined).toContain(finding.contentSha256);
    }
    expect(joined).toContain(FINDINGS[0]!.archivedCopies[0]!.url);
    // Revealed in the PDF: the snippets, and the prefilled request unfolded.
    expect(text).toContain('Sorrel Quistgarde');
    expect(text).toContain('Please remove it.');
    for (const decoy of DECOY_CLEAR_VALUES) expect(text).not.toContain(decoy);
    expect(text).toContain('***-***-**48');
    expect(profiles).toHaveLength(1);
    expect(existsSync(profiles[0]!)).toBe(false);
  });

  it('makes no network request and runs no script while printing', async () => {
    const seen: string[] = [];
    const spying: ReportBrowserLauncher = async () => {
      const browser = await launch();
      browser.context.on('request', (request) => seen.push(request.url()));
      return browser;
    };
    const html = renderReportHtml(exposedReport(), { revealAll: true }).replace(
      '</body>',
      // What a rendering bug could let through: an image, a stylesheet and a script.
      '<img src="http://127.0.0.1:9/pixel.png"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">' +
        '<script>document.body.insertAdjacentText("beforeend","SCRIPT-RAN")</script></body>',
    );
    const text = pdfText(await renderReportPdf(html, spying));
    expect(text).not.toContain('SCRIPT-RAN');
    // Requests are attempted by the page and refused by the route; none reaches the network.
    for (const url of seen) expect(url.startsWith('http://127.0.0.1:9/')).toBe(true);
  });

  it('renders PDFs at most two at a time, launching nothing until asked', async () => {
    let running = 0;
    let peak = 0;
    let launches = 0;
    const counting: ReportBrowserLauncher = async () => {
      launches++;
      running++;
      peak = Math.max(peak, running);
      const browser = await launch();
      return {
        context: browser.context,
        profileDir: browser.profileDir,
        dispose: async () => {
          running--;
          await browser.dispose();
        },
      };
    };
    const renderer = new ReportPdfRenderer(counting, 2);
    expect(launches).toBe(0);
    const html = renderReportHtml(exposedReport(), { revealAll: true });
    const pdfs = await Promise.all([1, 2, 3].map(() => renderer.render(html)));
    expect(pdfs.every((pdf) => pdf.subarray(0, 5).toString('latin1') === '%PDF-')).toBe(true);
    expect(launches).toBe(3);
    expect(peak).toBeLessThanOrEqual(2);
  });
});

describe('report HTML in a browser', () => {
  it('passes axe-core (WCAG 2.1 AA) in the standalone file, folded and revealed', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const browser = await chromium.launch({
      executablePath: executable!,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      // The report forbids every script by its own policy; axe is ours, let in for the audit only.
      const context = await browser.newContext({ bypassCSP: true });
      await context.route('**', (route) => route.abort('blockedbyclient'));
      const page = await context.newPage();
      for (const revealAll of [false, true]) {
        await page.setContent(renderReportHtml(exposedReport(), { revealAll }));
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(options: unknown): Promise<AxeResults> } }).axe;
          const results = await axe.run({
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
          });
          return results.violations.map(
            (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
        });
        expect(violations, `revealAll=${revealAll}`).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  });
});

interface AxeResults {
  violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>;
}

describe('report PDF without a browser', () => {
  it('refuses with a stable 503 code naming the setting, not an internal error', async () => {
    const launch = chromiumReportLauncher({ executablePath: '/nonexistent/chromium' });
    await expect(launch()).rejects.toMatchObject({
      code: 'BROWSER_UNAVAILABLE',
      statusCode: 503,
      message: expect.stringContaining('BROWSER_EXECUTABLE_PATH'),
    });
  });
});
