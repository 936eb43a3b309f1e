import type { BrowserContext, Page } from 'playwright-core';
import type { Logger } from '../../shared/log.js';
import { withTimeout, type ReportBrowserLauncher } from './report-pdf.js';

/**
 * Pictures of stored pages for the evidence pack, drawn by Chromium from the copy the scanner kept,
 * never from the site: the browser is sealed (JavaScript off, every request refused, an off-the-record
 * context and a folder of its own deleted afterwards; see report-pdf.ts), so drawing a hostile page tells its site nothing and runs
 * none of its code. Missing images and styles from elsewhere simply do not appear.
 */

export interface SnapshotToDraw {
  pageId: string;
  /** The HTML to draw (snapshot-file.ts `screenshotSource`). */
  html: string;
}

export interface SnapshotPicture {
  png: Uint8Array;
  /** The page was taller than the bound: the picture shows its top this many CSS pixels. */
  cutAtPx: number | null;
}

export interface ScreenshotOptions {
  /** Pixels down the page a picture shows at most: a 70 000 px thread takes Chromium tens of seconds. */
  maxHeightPx?: number;
  maxWidthPx?: number;
  /** Bound on drawing one page (load and capture). */
  timeoutMs?: number;
  /** Bound on drawing them all: pages left when it runs out get no picture (a pack of 200 stays minutes). */
  totalBudgetMs?: number;
}

const DEFAULTS = {
  maxHeightPx: 12_000,
  maxWidthPx: 2_560,
  timeoutMs: 30_000,
  totalBudgetMs: 300_000,
} as const;

/**
 * Draws every page in one browser, launched here and disposed of before returning. A page that cannot
 * be drawn is absent from the result (the manifest says so); the others still are. One tab draws them
 * all in turn (a new tab per page costs a third more time): with scripts off and no network, a page
 * leaves nothing behind for the next but its document, which the next replaces.
 */
export async function drawSnapshots(
  launch: ReportBrowserLauncher,
  snapshots: readonly SnapshotToDraw[],
  log: Logger,
  options: ScreenshotOptions = {},
): Promise<Map<string, SnapshotPicture>> {
  const settings = { ...DEFAULTS, ...options };
  const pictures = new Map<string, SnapshotPicture>();
  if (snapshots.length === 0) return pictures;
  const deadline = Date.now() + settings.totalBudgetMs;
  const browser = await launch();
  let page: Page | undefined;
  try {
    for (const [index, snapshot] of snapshots.entries()) {
      if (Date.now() > deadline) {
        log.warn({ undrawn: snapshots.length - index }, 'evidence screenshots stopped at their time bound');
        break;
      }
      try {
        page ??= await openTab(browser.context, settings);
        pictures.set(snapshot.pageId, await drawOne(browser.context, page, snapshot.html, settings));
      } catch (error) {
        // A tab that failed may be stuck mid-load: the next page gets a new one.
        await page?.close().catch(() => undefined);
        page = undefined;
        // Ids and our words only: the error could quote the page.
        log.warn(
          { pageId: snapshot.pageId, err: error instanceof Error ? error.name : 'unknown' },
          'page could not be drawn for the evidence pack',
        );
      }
    }
  } finally {
    await browser.dispose();
  }
  return pictures;
}

async function openTab(context: BrowserContext, settings: Required<ScreenshotOptions>): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(settings.timeoutMs);
  await page.setViewportSize({ width: 1280, height: 800 });
  return page;
}

async function drawOne(
  context: BrowserContext,
  page: Page,
  html: string,
  settings: Required<ScreenshotOptions>,
): Promise<SnapshotPicture> {
  await page.setContent(html, { waitUntil: 'load', timeout: settings.timeoutMs });
  // Chromium's own protocol: Playwright's full-page capture has no height bound.
  const session = await context.newCDPSession(page);
  try {
    const metrics = (await session.send('Page.getLayoutMetrics')) as {
      cssContentSize: { width: number; height: number };
    };
    const height = Math.max(1, Math.ceil(metrics.cssContentSize.height));
    const width = Math.max(1, Math.min(Math.ceil(metrics.cssContentSize.width), settings.maxWidthPx));
    const shown = Math.min(height, settings.maxHeightPx);
    const capture = session.send('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width, height: shown, scale: 1 },
    });
    const { data } = await withTimeout(capture, settings.timeoutMs, 'drawing the page took too long');
    return { png: Buffer.from(data, 'base64'), cutAtPx: height > shown ? shown : null };
  } finally {
    await session.detach().catch(() => undefined);
  }
}
