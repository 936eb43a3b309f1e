import { join } from 'node:path';
import { loadCatalog, loadSourceOverridesFile, type Catalog } from '../../shared/catalog/catalog.loader.js';
import type { SourceOverrides } from '../../shared/catalog/catalog.schema.js';
import type { Config } from '../../shared/config.js';
import { ScanVault } from '../../shared/crypto/scan-vault.js';
import { openDatabase, type Database } from '../../shared/db/database.js';
import { migrateToLatest } from '../../shared/db/migrator.js';
import { AuditRepository } from '../../shared/db/repositories/audit.repository.js';
import { FindingRepository } from '../../shared/db/repositories/finding.repository.js';
import { OrgRepository } from '../../shared/db/repositories/org.repository.js';
import { PageRepository } from '../../shared/db/repositories/page.repository.js';
import { RemediationRepository } from '../../shared/db/repositories/remediation.repository.js';
import { ScanRepository } from '../../shared/db/repositories/scan.repository.js';
import type { Logger } from '../../shared/log.js';
import type { JobSink } from '../../shared/queue/jobs.js';
import { BrowserFetcher } from '../../workers/fetchers/browser.fetcher.js';
import { BrowserPool } from '../../workers/fetchers/browser-pool.js';
import { SourceCookieJar } from '../../workers/fetchers/cookie-jar.js';
import {
  ClearanceSharingFetcher,
  publishingJar,
  RedisClearanceStore,
} from '../../workers/fetchers/shared-clearance.js';
import { EscalatingFetcher } from '../../workers/fetchers/escalating.fetcher.js';
import { HttpFetcher, type PageFetcher } from '../../workers/fetchers/http.fetcher.js';
import { RetryingFetcher } from '../../workers/fetchers/retrying.fetcher.js';
import { RedisSourceGate } from '../../workers/fetchers/redis-source-gate.js';
import { InProcessSourceGate, type SourceGate } from '../../workers/fetchers/source-gate.js';
import type { PipelineDeps } from '../../workers/processors/pipeline.deps.js';
import { EvidenceService } from './evidence-pack.js';
import { chromiumReportLauncher, ReportPdfRenderer, type ReportBrowserLauncher } from './report-pdf.js';
import { ScanService } from './scan.service.js';

/**
 * The composition root: builds every repository and service from the configuration, once. The API,
 * the workers and the CLI each take what they use from it; nothing else constructs IO objects.
 */
export interface Runtime {
  database: Database;
  catalog: Catalog;
  vault: ScanVault;
  repositories: {
    scans: ScanRepository;
    pages: PageRepository;
    findings: FindingRepository;
    audit: AuditRepository;
    orgs: OrgRepository;
    remediation: RemediationRepository;
  };
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  masterKey: string;
  log: Logger;
  /** Extra overrides on top of EXPOSURE_SOURCE_OVERRIDES (the demo points sources at its replica farm). */
  overrides?: SourceOverrides;
}

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config } = options;
  const overrides = {
    ...(config.sourceOverridesFile ? loadSourceOverridesFile(config.sourceOverridesFile) : {}),
    ...options.overrides,
  };
  const catalog = loadCatalog({ overrides });
  const vault = new ScanVault(options.masterKey);
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'db') },
  );
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const { db } = database;
  return {
    database,
    catalog,
    vault,
    repositories: {
      scans: new ScanRepository(db),
      pages: new PageRepository(db),
      findings: new FindingRepository(db),
      audit: new AuditRepository(db),
      orgs: new OrgRepository(db),
      remediation: new RemediationRepository(db),
    },
    close: () => database.close(),
  };
}

export function createScanService(
  runtime: Runtime,
  options: { jobs: JobSink; log: Logger; mode: 'local' | 'service'; config: Config },
): ScanService {
  return new ScanService({
    ...runtime.repositories,
    catalog: runtime.catalog,
    vault: runtime.vault,
    jobs: options.jobs,
    log: options.log,
    mode: options.mode,
    retentionDays: options.config.retentionDays,
    proxyConfigured: Boolean(options.config.proxy),
  });
}

/** The sealed Chromium for PDFs and evidence pictures, as configured; it starts only when asked for. */
export function reportBrowserLauncher(config: Pick<Config, 'browserExecutablePath'>): ReportBrowserLauncher {
  return chromiumReportLauncher(
    config.browserExecutablePath ? { executablePath: config.browserExecutablePath } : {},
  );
}

/**
 * Evidence packs for the API, the web pages and the CLI. Chromium (screenshots, the PDF) starts only
 * when a pack is made; `pdf` shares a PDF renderer's concurrency bound with the caller's other PDFs.
 */
export function createEvidenceService(
  runtime: Runtime,
  options: { scans: ScanService; log: Logger; config: Config; pdf?: ReportPdfRenderer },
): EvidenceService {
  const { config } = options;
  const launchBrowser = reportBrowserLauncher(config);
  const pdf = options.pdf ?? new ReportPdfRenderer(launchBrowser);
  return new EvidenceService({
    scans: options.scans,
    scanRows: runtime.repositories.scans,
    pages: runtime.repositories.pages,
    vault: runtime.vault,
    catalog: runtime.catalog,
    renderPdf: (html) => pdf.render(html),
    launchBrowser,
    log: options.log,
  });
}

export function createPipelineDeps(
  runtime: Runtime,
  options: { jobs: JobSink; log: Logger; config: Config; mode: 'local' | 'service'; browser: boolean },
): PipelineDeps & { fetcher: PageFetcher & { close(): Promise<void> }; gate: SourceGate } {
  const { config } = options;
  // Service mode: politeness must hold across every worker process, so it lives in Redis.
  const gate: SourceGate =
    options.mode === 'service'
      ? new RedisSourceGate({ redis: config.redisUrl, prefix: config.queuePrefix })
      : new InProcessSourceGate();
  const proxy = config.proxy ? { proxy: config.proxy } : {};
  const cookies = new SourceCookieJar();
  const http = new RetryingFetcher(new HttpFetcher({ gate, cookies, ...proxy }));
  // Service mode: a clearance one worker's browser earns serves the plain-HTTP workers of every process.
  const clearances =
    options.mode === 'service'
      ? new RedisClearanceStore({ redis: config.redisUrl, prefix: config.queuePrefix, log: options.log })
      : undefined;
  const base = {
    ...runtime.repositories,
    catalog: runtime.catalog,
    vault: runtime.vault,
    gate,
    jobs: options.jobs,
    log: options.log,
  };
  if (!options.browser) {
    return { ...base, fetcher: clearances ? new ClearanceSharingFetcher(http, clearances, cookies) : http };
  }
  // Chromium starts only when a page first needs it.
  const pool = new BrowserPool({
    ...proxy,
    ...(config.browserExecutablePath ? { executablePath: config.browserExecutablePath } : {}),
  });
  const escalating = new EscalatingFetcher({
    http,
    browser: new BrowserFetcher({ pool, gate, cookies }),
    cookies: clearances ? publishingJar(cookies, clearances, options.log) : cookies,
    ...(clearances ? { onClose: () => clearances.close() } : {}),
  });
  return { ...base, fetcher: escalating, browser: escalating };
}
