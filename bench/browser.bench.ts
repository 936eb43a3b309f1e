import { performance } from 'node:perf_hooks';
import { chromium as playwright } from 'playwright-core';
import { resolveBrowserExecutable } from '../workers/fetchers/browser-pool.js';
import { demoPastes } from '../test/replicas/personas/demo.persona.js';
import { localScan, pastebinOverride, rate, startReplicaThread, syntheticPastes } from './pipeline.bench.js';

/**
 * The browser path's pages/s (a local-mode scan of the Pastebin replica with `fetch: 'browser'`),
 * beside a bare playwright-core loop over the same pages with as many pages open at once: launch
 * Chromium, then open a page, load it, read its content, close it, until none is left. The loop is
 * what Chromium itself costs on this machine; the ratio is what the pipeline keeps of it.
 */

/** Pages the fetch pool has open at once by default: two browsers of two pages (BrowserPool). */
const PAGES_AT_ONCE = 4;
/** The switches of the reference loop: the pool's own, less those that only close leaks. */
const BARE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The "Engine speed" target: the browser path's pages/s as a share of the bare loop's. */
const OF_BARE_LOOP = 0.5;

/** Milliseconds for the bare loop over `urls`, Chromium's launch included (the pipeline pays it too). */
async function bareLoop(executablePath: string, urls: string[]): Promise<{ ms: number; launchMs: number }> {
  const started = performance.now();
  const browser = await playwright.launch({ executablePath, args: BARE_ARGS, headless: true });
  const launchMs = performance.now() - started;
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: PAGES_AT_ONCE }, async () => {
        while (next < urls.length) {
          const url = urls[next++] as string;
          const page = await browser.newPage();
          try {
            await page.goto(url, { waitUntil: 'domcontentloaded' });
            await page.content();
          } finally {
            await page.close();
          }
        }
      }),
    );
    return { ms: performance.now() - started, launchMs };
  } finally {
    await browser.close();
  }
}

export async function browserBench(pages = 100): Promise<string[]> {
  const chromium = resolveBrowserExecutable(process.env.BROWSER_EXECUTABLE_PATH ?? '/usr/bin/chromium');
  if (!chromium) return ['browser path: skipped (no Chromium; set BROWSER_EXECUTABLE_PATH)'];
  const pastes = [...demoPastes, ...syntheticPastes(pages - demoPastes.length)];
  const replica = await startReplicaThread(pastes);
  try {
    const scan = await localScan(pastebinOverride(replica.baseUrl, pages, 'browser'), ['pastebin'], chromium);
    const counters = scan.fetchCounters!;
    const pathRate = (counters.browser.pages * 1000) / scan.scanMs;
    const bare = await bareLoop(
      chromium,
      pastes.map((paste) => `${replica.baseUrl}/raw/${paste.key}`),
    );
    const bareRate = (pastes.length * 1000) / bare.ms;
    const share = pathRate / bareRate;
    return [
      `${pages} pastes of ~4 KB from the Pastebin replica (on a thread of its own), ${PAGES_AT_ONCE} pages open at once, ${chromium}:`,
      `  bare playwright-core loop (reference) ${rate(pastes.length, bare.ms)}  (launch ${(bare.launchMs / 1000).toFixed(2)} s included; new page, load to DOMContentLoaded, read content, close)`,
      `  browser path (local-mode scan)        ${rate(counters.browser.pages, scan.scanMs)}  (${counters.browser.pages} pages by browser, ${counters.http.pages} by HTTP; ${(scan.scanMs / 1000).toFixed(2)} s from scan created to finished)`,
      `  browser path / bare loop              ${share.toFixed(2).padStart(7)}  target >= ${OF_BARE_LOOP}: ${share >= OF_BARE_LOOP ? 'met' : 'NOT MET'}`,
    ];
  } finally {
    await replica.close();
  }
}
