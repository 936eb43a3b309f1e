import type { BrowserContext } from 'playwright-core';
import { AppError } from '../../shared/errors.js';
import { launchChromium, resolveBrowserExecutable } from '../../workers/fetchers/browser-launch.js';

/**
 * The report as a PDF, printed by headless Chromium from the report's own HTML. The page is the
 * person's report, so the browser that prints it is sealed: JavaScript off, every network request
 * refused (the HTML is self-contained; a request could only be a link leaking out), and the page in an
 * off-the-record context, so nothing of the report reaches disk; the browser's own folder is deleted
 * afterwards (browser-launch.ts). The PDF itself comes back over the DevTools pipe, in memory.
 */

/** A Chromium context for one rendering, and how to throw it away (browser closed, its folder deleted). */
export interface SealedBrowser {
  context: BrowserContext;
  /** The browser's own folder (its temporary files), deleted by `dispose`. */
  profileDir: string;
  dispose(): Promise<void>;
}

/** Starts a sealed browser for one rendering: the PDF renderer asks for one per document. */
export type ReportBrowserLauncher = () => Promise<SealedBrowser>;

export interface ReportBrowserOptions {
  /** `BROWSER_EXECUTABLE_PATH`; otherwise Playwright's own Chromium, then Debian's. */
  executablePath?: string;
  launchTimeoutMs?: number;
}

/** The launcher for this machine's Chromium; fails at launch, not here, when there is none. */
export function chromiumReportLauncher(options: ReportBrowserOptions = {}): ReportBrowserLauncher {
  return async () => {
    const executablePath = resolveBrowserExecutable(options.executablePath);
    if (!executablePath) {
      throw new AppError(
        'BROWSER_UNAVAILABLE',
        options.executablePath
          ? 'BROWSER_EXECUTABLE_PATH does not point to an existing Chromium'
          : 'no Chromium found for the PDF: install it (scripts/install-system.sh) or set BROWSER_EXECUTABLE_PATH',
      );
    }
    const launched = await launchChromium({
      executablePath,
      args: [
        // Interception does not see Chromium's network hints (preconnect, dns-prefetch): no name
        // resolves, and every connection goes to a proxy that is not there.
        '--dns-prefetch-disable',
        '--host-resolver-rules=MAP * ~NOTFOUND',
      ],
      proxy: { server: 'http://127.0.0.1:9', bypass: '<-loopback>' },
      timeoutMs: options.launchTimeoutMs ?? 30_000,
    });
    let context: BrowserContext;
    try {
      context = await launched.browser.newContext({
        javaScriptEnabled: false,
        offline: true,
        serviceWorkers: 'block',
        acceptDownloads: false,
      });
      // Refused at the routing layer too: `offline` alone still lets a data: or file: request through.
      await context.route('**', (route) => route.abort('blockedbyclient'));
    } catch (error) {
      await launched.close();
      throw error;
    }
    return {
      context,
      profileDir: launched.folder,
      dispose: async () => {
        await context.close().catch(() => undefined);
        await launched.close();
      },
    };
  };
}

export interface PdfOptions {
  /** Bound on the whole rendering (load and print). Default 60 s. */
  timeoutMs?: number;
}

/** Prints a self-contained HTML document to an A4 PDF with its backgrounds (severity badges). */
export async function renderReportPdf(
  html: string,
  launch: ReportBrowserLauncher,
  options: PdfOptions = {},
): Promise<Buffer> {
  const timeout = options.timeoutMs ?? 60_000;
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(timeout);
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html, { waitUntil: 'load', timeout });
    // Chromium's protocol rather than Playwright's `page.pdf()`: that one asks for the PDF as a stream,
    // which Chromium spools through a file in its temp folder, the person's report in clear on disk.
    // Asked for inline, the PDF only ever exists in memory.
    const session = await browser.context.newCDPSession(page);
    try {
      const printed = session.send('Page.printToPDF', {
        transferMode: 'ReturnAsBase64',
        paperWidth: mmToInches(210),
        paperHeight: mmToInches(297),
        marginTop: mmToInches(16),
        marginBottom: mmToInches(16),
        marginLeft: mmToInches(14),
        marginRight: mmToInches(14),
        printBackground: true,
        displayHeaderFooter: true,
        // Page numbers only: a header naming the report would be read over a shoulder on every page.
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="font-size:8px;width:100%;text-align:center;color:#4a5059"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      });
      const { data } = await withTimeout(printed, timeout, 'printing the report took too long');
      return Buffer.from(data, 'base64');
    } finally {
      await session.detach().catch(() => undefined);
    }
  } finally {
    await browser.dispose();
  }
}

function mmToInches(mm: number): number {
  return mm / 25.4;
}

/** `promise`, or a rejection with `message` after `ms`: DevTools commands have no time bound of their own. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Renders PDFs one or two at a time whatever the number of callers (each is a Chromium process), and
 * launches nothing until the first PDF is asked for: the API holds one of these for its whole life.
 * Past a few callers waiting, a new one is refused at once (429) rather than queued into a timeout.
 */
export class ReportPdfRenderer {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly launch: ReportBrowserLauncher,
    private readonly maxConcurrent = 2,
    private readonly maxWaiting = 8,
  ) {}

  async render(html: string, options: PdfOptions = {}): Promise<Buffer> {
    if (this.running >= this.maxConcurrent && this.waiting.length >= this.maxWaiting) {
      throw new AppError('RATE_LIMITED', 'too many PDFs are being printed at once; try again in a minute');
    }
    while (this.running >= this.maxConcurrent) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await renderReportPdf(html, this.launch, options);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
