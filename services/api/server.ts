import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { loadConfig, requireMasterKey, type Config } from '../../shared/config.js';
import { createLogger } from '../../shared/log.js';
import { BullJobRunner } from '../../shared/queue/bullmq.runner.js';
import { WebSessionRepository } from '../../shared/db/repositories/web-session.repository.js';
import { ReportPdfRenderer } from '../core/report-pdf.js';
import {
  createEvidenceService,
  createScanService,
  openRuntime,
  reportBrowserLauncher,
} from '../core/runtime.js';
import { WebSessions } from '../web/session/web-sessions.js';
import { buildApp } from './app.js';
import { RequestLimits } from './plugins/rate-limit.plugin.js';

/** Starts the API: opens the database, connects the queue producer, listens, and closes it all on SIGTERM. */
export async function startServer(config: Config = loadConfig()): Promise<FastifyInstance> {
  const masterKey = requireMasterKey(config);
  const log = createLogger({ level: config.logLevel, name: 'api' });
  const runtime = await openRuntime({ config, masterKey, log });
  const jobs = new BullJobRunner({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    log,
    role: 'producer',
  });
  const scans = createScanService(runtime, { jobs, log, mode: 'service', config });
  // Chromium starts only when a PDF (report or evidence pack) is asked for.
  const reportPdf = new ReportPdfRenderer(reportBrowserLauncher(config));
  // The limits' own connection: a Redis that hangs costs a request half a second per count (a keyed
  // call makes two: the address's block, the key's budget), then the limits count in memory (see
  // RequestLimits); it never queues commands while Redis is away.
  const limitsRedis = new Redis(config.redisUrl, {
    commandTimeout: 500,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  limitsRedis.on('error', (error) => log.warn({ err: error.message }, 'rate limit redis error'));
  const app = await buildApp({
    scans,
    orgs: runtime.repositories.orgs,
    log,
    reportPdf,
    limits: new RequestLimits({
      settings: config.rateLimits,
      redis: limitsRedis,
      prefix: config.queuePrefix,
      hash: runtime.vault.hash,
    }),
    trustProxy: config.trustProxy,
    requestTimeoutMs: config.requestTimeoutMs,
    evidence: createEvidenceService(runtime, { scans, log, config, pdf: reportPdf }),
    web: {
      sessions: new WebSessions(new WebSessionRepository(runtime.database.db)),
      proxyConfigured: Boolean(config.proxy),
    },
    readiness: {
      database: async () => {
        await runtime.database.db.selectFrom('organisations').select('id').limit(1).execute();
        return true;
      },
      queue: () => jobs.ping(),
    },
  });
  app.addHook('onClose', async () => {
    await jobs.close();
    limitsRedis.disconnect();
    await runtime.close();
  });
  await app.listen({ port: config.port, host: config.host });
  const shutdown = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return app;
}
