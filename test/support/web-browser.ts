import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { QUICK_EXIT_HREF } from '../../shared/report/report.html.js';
import { CHROMIUM_ARGS } from '../../workers/fetchers/browser-pool.js';

/**
 * What the web UI's browser tests share: Debian's Chromium through playwright-core, axe-core runs,
 * the quick-exit check, and the steps of the pages (filling the new-scan form, watching progress,
 * the report's actions) that service and local mode have in common.
 */

export const CHROMIUM_PATH = process.env.BROWSER_EXECUTABLE_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A context of the test: nothing leaves the machine. The quick exit's neutral page is answered here,
 * every other address off loopback is refused.
 */
export async function newTestContext(
  browser: Browser,
  options: { bypassCSP?: boolean; acceptDownloads?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) =>
      route.request().url().startsWith(QUICK_EXIT_HREF)
        ? route.fulfill({
            status: 200,
            contentType: 'text/html',
            body: '<title>Wikipedia</title><p>Wikipedia</p>',
          })
        : route.abort('blockedbyclient'),
  );
  return context;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: string[] }>;
}

/** Serious and critical axe-core violations of the page as it is now (WCAG 2.1 A and AA, best practice). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(options: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const results = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return results.violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

/** Opens each page in an axe context (bypassCSP: axe is injected as a script) and expects no serious violation. */
export async function expectAccessiblePages(
  page: Page,
  pages: ReadonlyArray<{ name: string; open: (page: Page) => Promise<unknown> }>,
): Promise<void> {
  for (const { name, open } of pages) {
    await open(page);
    expect(await seriousAxeViolations(page), name).toEqual([]);
  }
}

/**
 * The quick exit, by button and by Escape: each lands on the neutral page and replaces the current
 * history entry (the history does not grow, and Back skips the page that was left).
 */
export async function expectQuickExitReplacesHistory(page: Page, base: string, from: string, to: string) {
  for (const how of ['button', 'escape'] as const) {
    await page.goto(`${base}${from}`);
    await page.goto(`${base}${to}`);
    const before = await page.evaluate(() => history.length);
    if (how === 'button') await page.getByRole('link', { name: 'Leave this site quickly' }).click();
    else await page.keyboard.press('Escape');
    await page.waitForURL(QUICK_EXIT_HREF);
    expect(await page.evaluate(() => history.length), how).toBe(before);
    await page.goBack();
    expect(new URL(page.url()).pathname, how).toBe(from);
  }
}

export interface FormIdentifier {
  kind: string;
  value: string;
  public?: boolean;
}

/** Fills the identifier rows, adding rows with the page's own button as needed. */
export async function fillIdentifiers(page: Page, identifiers: readonly FormIdentifier[]): Promise<void> {
  for (const [index, identifier] of identifiers.entries()) {
    if ((await page.locator(`#identifiers-${index}-value`).count()) === 0) {
      await page.getByRole('button', { name: 'Add another detail' }).click();
    }
    await page.locator(`#identifiers-${index}-kind`).selectOption(identifier.kind);
    await page.locator(`#identifiers-${index}-value`).fill(identifier.value);
    if (identifier.public) await page.locator(`#identifiers-${index}-public`).check();
  }
}

/** Leaves exactly these places ticked. */
export async function chooseSources(page: Page, sourceIds: readonly string[]): Promise<void> {
  for (const box of await page.locator('input[name="sources"]').all()) {
    const id = await box.getAttribute('value');
    if (sourceIds.includes(id!)) await box.check();
    else await box.uncheck();
  }
}

/**
 * Watches the progress page until it offers the report, recording what the live updates changed
 * (without a reload: the page's own marker survives). Returns the status lines seen.
 */
export async function watchScanToTheEnd(page: Page, timeoutMs = 90_000): Promise<{ updates: string[] }> {
  await page.evaluate(() => {
    const w = window as unknown as { __updates: string[]; __sameDocument: boolean };
    w.__updates = [];
    w.__sameDocument = true;
    const root = document.querySelector('[data-scan-progress]')!;
    new MutationObserver((records) => {
      for (const record of records) {
        const element = (
          record.target.nodeType === 1 ? record.target : record.target.parentElement
        ) as Element;
        w.__updates.push(element.closest('[data-field], [data-progress-status]')?.textContent ?? '');
      }
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('link', { name: 'Open the report' }).waitFor({ state: 'visible', timeout: timeoutMs });
  return page.evaluate(() => {
    const w = window as unknown as { __updates: string[]; __sameDocument: boolean };
    if (!w.__sameDocument) throw new Error('the progress page reloaded');
    return { updates: w.__updates };
  });
}
