/**
 * The pack's README.txt: the first thing a person, a lawyer or an officer reads. Plain text, so it opens
 * anywhere; it warns before anything hostile is opened, says why the pack exists and how to check it.
 * It holds no identifier of the person and no page address.
 */
export interface CoverInput {
  scannerVersion: string;
  scanId: string;
  /** UTC, ISO 8601. */
  createdAt: string;
  /** How the pack was asked for: through the API (an organisation's key) or on this computer. */
  requestedVia: 'service' | 'local';
  pages: number;
  screenshots: number;
  omitted: number;
  limit: number;
}

export const COVER_PATH = 'README.txt';

export function coverText(input: CoverInput): string {
  const requested =
    input.requestedVia === 'service'
      ? "through the exposure-scanner API, with an organisation's API key"
      : 'on this computer, with the exposure-scanner command';
  const omitted =
    input.omitted > 0
      ? [
          '',
          `PAGES LEFT OUT: ${input.omitted} more page(s) with findings were not included: a pack holds at most`,
          `${input.limit} pages, the most severe first. The report lists every finding.`,
        ]
      : [];
  return [
    `EVIDENCE PACK - exposure-scanner ${input.scannerVersion}`,
    `Scan ${input.scanId}, pack made ${input.createdAt} (UTC)`,
    '',
    'CONTENT WARNING',
    'This pack holds original pages of hostile websites (stalking forums, imageboard archives, paste',
    'sites) exactly as the scanner fetched them. They may contain abuse and personal details. Read them',
    'when you are ready, or ask someone you trust to go through them with you.',
    '',
    'WHY IT EXISTS',
    `It was made on explicit request, ${requested}, and the request was`,
    'recorded in the scanner\'s audit log (action "scan.export", with the time and the scan id). It keeps',
    'the evidence of each exposure before asking for its removal: for the police, a lawyer, or a',
    "platform's abuse desk.",
    '',
    'WHAT IS IN IT',
    '  README.txt      this page',
    '  report.pdf      the report, to print or attach',
    '  report.html     the same report, to read on screen',
    '  report.csv      one line per finding, for a spreadsheet',
    '  report.json     the report as data',
    `  pages/          ${input.pages} page(s) exactly as fetched: .html.txt (a web page), .json, .txt`,
    `  screenshots/    ${input.screenshots} picture(s) of those pages, drawn by Chromium from the stored copy,`,
    '                  offline: no request went to the sites to make them (a very long page is',
    '                  pictured from its top; "screenshotCutAtPx" in manifest.json says where it stops)',
    '  manifest.json   where each page came from (address, site, time fetched in UTC, HTTP status,',
    '                  SHA-256 of the page) and the SHA-256 and size of every other file',
    ...omitted,
    '',
    'DO NOT OPEN THE PAGES IN A WEB BROWSER',
    "The files in pages/ are the sites' own pages. A browser would fetch their images and scripts from",
    'those sites, telling them from your address that someone is looking. That is why web pages are',
    'named .html.txt: a text editor shows them safely. Look at screenshots/ to see how a page looked.',
    '',
    'KEEP IT PRIVATE',
    'The report and the pages contain your own details. Store the pack where only you (and the people',
    'you choose) can read it, and delete copies you no longer need.',
    '',
    'HOW TO CHECK THAT NOTHING WAS CHANGED',
    '  exposure-scanner verify <this file>.zip',
    '    says the pack is intact, or names each file that was changed, is missing or was added.',
    '  By hand: unpack it and compare each file\'s SHA-256 with its entry in manifest.json "files"',
    '    (Linux: sha256sum FILE; macOS: shasum -a 256 FILE; Windows: certutil -hashfile FILE SHA256).',
    '    Each file in pages/ also has the SHA-256 recorded when the page was fetched ("contentSha256" in',
    '    manifest.json and in the report).',
    'The manifest vouches for every other file; note the SHA-256 of manifest.json itself (verify prints',
    'it) and keep it apart from the pack, or give it with the pack, so the manifest can be checked too.',
    '',
  ].join('\n');
}
