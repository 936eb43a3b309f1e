import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { Config } from '../../shared/config.js';
import { WebSessionRepository } from '../../shared/db/repositories/web-session.repository.js';
import type { Logger } from '../../shared/log.js';
import { InlineJobRunner } from '../../shared/queue/inline.runner.js';
import { createProcessors } from '../../workers/processors/index.js';
import { BODY_LIMIT_BYTES } from '../api/app.js';
import { createEvidenceService, createScanService, openRuntime } from '../core/runtime.js';
import { createPipelineDeps } from '../../workers/pipeline-wiring.js';
import type { ScanService } from '../core/scan.service.js';
import { OneTimeTokens } from '../web/session/one-time-tokens.js';
import { LOCAL_UI_ACTOR, WebSessions } from '../web/session/web-sessions.js';
import { webPlugin } from '../web/web.plugin.js';
import type { SourceOverrides } from '../../shared/catalog/catalog.schema.js';
import { isScanFinished } from '../../shared/domain/scan.js';

/**
 * Local mode with pages: the embedded database, the in-process runner (scans run in the background of
 * this process), and the web pages on 127.0.0.1 only. The way in is a one-time link (`newLink`); no
 * key, no Redis, no PostgreSQL.
 */
export interface LocalUiOptions {
  config: Config;
  masterKey: string;
  log: Logger;
  /** 0: any free port. */
  port: number;
  /** Source overrides on top of the configured ones (`ui --demo` points every source at the replica farm). */
  overrides?: SourceOverrides;
}

export interface LocalUi {
  port: number;
  /** A fresh link that opens one session, once. */
  newLink(): string;
  close(): Promise<void>;
}

/** Expired scans go hourly while the pages stay open, as the workers do in service mode. */
const PURGE_EVERY_MS = 3600_000;

export async function startLocalUi(options: LocalUiOptions): Promise<LocalUi> {
  const { config, log } = options;
  const runtime = await openRuntime({
    config,
    masterKey: options.masterKey,
    log,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const runner = new InlineJobRunner({ log });
  const deps = createPipelineDeps(runtime, { jobs: runner, log, config, mode: 'local', browser: true });
  const scans = createScanService(runtime, { jobs: runner, log, mode: 'local', config });
  runner.start(createProcessors(deps));
  const purge = () =>
    scans.purgeExpired().catch((error: Error) => log.warn({ err: error.name }, 'retention purge failed'));
  await purge();
  const purgeTimer = setInterval(purge, PURGE_EVERY_MS);
  purgeTimer.unref();
  await resumeUnfinishedScans(scans, runner, log);

  const tokens = new OneTimeTokens();
  // Request logs would carry the one-time link's token: the pages log only their own failures.
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
  });
  await app.register(webPlugin, {
    mode: 'local',
    scans,
    // Chromium starts for a pack only when one is asked for (screenshots, the PDF).
    evidence: createEvidenceService(runtime, { scans, log, config }),
    sessions: new WebSessions(new WebSessionRepository(runtime.database.db)),
    oneTimeTokens: tokens,
    proxyConfigured: Boolean(config.proxy),
  });
  try {
    await app.listen({ host: '127.0.0.1', port: options.port });
  } catch (error) {
    runner.close();
    await deps.fetcher.close();
    await runtime.close();
    throw error;
  }
  const port = (app.server.address() as { port: number }).port;
  return {
    port,
    newLink: () => `http://127.0.0.1:${port}/?token=${tokens.issue()}`,
    async close() {
      clearInterval(purgeTimer);
      await app.close();
      runner.close();
      await deps.fetcher.close();
      await runtime.close();
    },
  };
}

/**
 * Scans this process's runner never finished (the pages were closed mid-scan) would stay "searching"
 * for ever: their jobs lived in the last process's memory. Their plan is queued again; every job is
 * idempotent (searches count once by key, pages and findings are upserted), so they pick up and end.
 */
async function resumeUnfinishedScans(
  scans: ScanService,
  runner: InlineJobRunner,
  log: Logger,
): Promise<void> {
  const caller = { orgId: null, actor: LOCAL_UI_ACTOR };
  const unfinished = (await scans.list(caller, { limit: 100 })).filter(
    (scan) => !isScanFinished(scan.status),
  );
  for (const scan of unfinished) await runner.enqueuePlan(scan.id);
  if (unfinished.length > 0) log.info({ scans: unfinished.length }, 'resumed unfinished scans');
}
