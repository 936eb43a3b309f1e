import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import type { ScanVault } from '../../shared/crypto/scan-vault.js';
import type { AuditRepository } from '../../shared/db/repositories/audit.repository.js';
import type { FindingRepository } from '../../shared/db/repositories/finding.repository.js';
import type { PageRepository } from '../../shared/db/repositories/page.repository.js';
import type { ScanRepository } from '../../shared/db/repositories/scan.repository.js';
import type { Logger } from '../../shared/log.js';
import type { JobSink } from '../../shared/queue/jobs.js';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import type { FetchResult, PageFetcher } from '../fetchers/http.fetcher.js';

/** What the processors need, passed in whole by the composition root (workers/main.ts or the CLI). */
export interface PipelineDeps {
  scans: ScanRepository;
  pages: PageRepository;
  findings: FindingRepository;
  /** For the maintenance queue: the retention purge audits each scan it erases. */
  audit: AuditRepository;
  catalog: Catalog;
  /** Plain HTTP, escalating to the browser on a challenge when this process may run one. */
  fetcher: PageFetcher;
  /** The browser path, when this process serves the `fetch-browser` queue. */
  browser?: { fetchWithBrowser(source: SourceEntry, url: string): Promise<FetchResult> };
  jobs: JobSink;
  vault: ScanVault;
  log: Logger;
}
