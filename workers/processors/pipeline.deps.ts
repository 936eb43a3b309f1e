import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import type { ScanVault } from '../../shared/crypto/scan-vault.js';
import type { FindingRepository } from '../../shared/db/repositories/finding.repository.js';
import type { PageRepository } from '../../shared/db/repositories/page.repository.js';
import type { ScanRepository } from '../../shared/db/repositories/scan.repository.js';
import type { Logger } from '../../shared/log.js';
import type { JobSink } from '../../shared/queue/jobs.js';
import type { PageFetcher } from '../fetchers/http.fetcher.js';

/** What the processors need, passed in whole by the composition root (workers/main.ts or the CLI). */
export interface PipelineDeps {
  scans: ScanRepository;
  pages: PageRepository;
  findings: FindingRepository;
  catalog: Catalog;
  fetcher: PageFetcher;
  jobs: JobSink;
  vault: ScanVault;
  log: Logger;
}
