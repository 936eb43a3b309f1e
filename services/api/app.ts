import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { loadConfig, type TrustProxy } from '../../shared/config.js';
import type { OrgRepository } from '../../shared/db/repositories/org.repository.js';
import type { Logger } from '../../shared/log.js';
import { SCANNER_VERSION } from '../../shared/version.js';
import type { EvidenceService } from '../core/evidence-pack.js';
import { chromiumReportLauncher, ReportPdfRenderer } from '../core/report-pdf.js';
import type { ScanService } from '../core/scan.service.js';
import type { WebSessions } from '../web/session/web-sessions.js';
import { webPlugin } from '../web/web.plugin.js';
import { authPlugin } from './plugins/auth.plugin.js';
import { clientErrorHandler, errorsPlugin, frameworkErrors } from './plugins/errors.plugin.js';
import { rateLimitPlugin, RequestLimits } from './plugins/rate-limit.plugin.js';
import { auditRoutes } from './routes/audit.route.js';
import { evidenceRoutes } from './routes/evidence.route.js';
import { findingsRoutes } from './routes/findings.route.js';
import { healthRoutes, type Readiness } from './routes/health.route.js';
import { scansRoutes } from './routes/scans.route.js';

export interface AppDeps {
  scans: ScanService;
  orgs: OrgRepository;
  readiness: Readiness;
  log: Logger;
  /**
   * Prints reports for `?format=pdf`, shared with whatever else prints them (evidence packs) so their
   * Chromium processes are bounded together. Default: this machine's Chromium, started per PDF.
   */
  reportPdf?: ReportPdfRenderer;
  /** Evidence packs (`GET /v1/scans/:id/export`); the route exists only with it. */
  evidence?: EvidenceService;
  /**
   * The web pages at `/` (services/web), signed in with the organisations' API keys; none without.
   * They offer evidence packs when `evidence` is given.
   */
  web?: { sessions: WebSessions; proxyConfigured: boolean; secureCookies?: boolean };
  /** Request limits; default: the settings' defaults, counted in this process's memory alone. */
  limits?: RequestLimits;
  /** Which proxies to believe about the client's address (`EXPOSURE_TRUST_PROXY`); default none. */
  trustProxy?: TrustProxy;
  /** How long a client may take to send its whole request; default 30 s. */
  requestTimeoutMs?: number;
}

/** A scan request is a few identifiers: anything larger is refused before it is parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Builds the API without listening (tests drive it with `inject`, server.ts listens). Layers: external
 * plugins (helmet, OpenAPI), then ours (errors, auth, limits), then routes, then the web pages
 * (their own encapsulated plugin: its headers, sessions and error pages never touch /v1).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Request logs (on by default) carry method, route and status; scan ids in paths are fine, bodies
    // are never logged.
    // A number of hops is given as a function: Fastify's types take no number.
    trustProxy: typeof deps.trustProxy === 'number' ? hopsOf(deps.trustProxy) : (deps.trustProxy ?? false),
    // A slow client (headers or body trickled in) is cut off with a 408 once this has passed; Node
    // checks every second instead of every 30. Given to Node's server at creation too: Node 20 keeps
    // the value it was created with for its checks, whatever is assigned later.
    requestTimeout: deps.requestTimeoutMs ?? 30_000,
    http: { connectionsCheckingInterval: 1_000, requestTimeout: deps.requestTimeoutMs ?? 30_000 },
    // Our path parameters are UUIDs (36 characters): a longer one is a 414, not a route lookup.
    routerOptions: { maxParamLength: 100 },
    frameworkErrors,
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'exposure-scanner API',
        description:
          "Scans stalking forums, imageboard archives and paste sites for a person's own identifiers.",
        version: SCANNER_VERSION,
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(errorsPlugin);
  const limits = deps.limits ?? new RequestLimits({ settings: loadConfig({}).rateLimits });
  await app.register(authPlugin, { orgs: deps.orgs, limits });
  await app.register(rateLimitPlugin, { limits });
  await app.register(healthRoutes, { readiness: deps.readiness });
  await app.register(scansRoutes, {
    scans: deps.scans,
    reportPdf: deps.reportPdf ?? new ReportPdfRenderer(chromiumReportLauncher()),
  });
  await app.register(findingsRoutes, { scans: deps.scans });
  await app.register(auditRoutes, { scans: deps.scans });
  if (deps.evidence) await app.register(evidenceRoutes, { evidence: deps.evidence });
  if (deps.web) {
    await app.register(webPlugin, {
      mode: 'service',
      scans: deps.scans,
      orgs: deps.orgs,
      evidence: deps.evidence,
      ...deps.web,
    });
  }
  return app;
}

/** Trusts the `hops` proxies nearest to the server, as proxy-addr counts them. */
function hopsOf(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
