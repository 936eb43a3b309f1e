import type { FastifyPluginAsync } from 'fastify';

export interface Readiness {
  database(): Promise<boolean>;
  queue(): Promise<boolean>;
}

/**
 * Each dependency's check gets this long: an orchestrator must hear "not ready" within a second even
 * when PostgreSQL or Redis accepts connections and never answers.
 */
export const READINESS_CHECK_TIMEOUT_MS = 800;

/** A check's answer, false if it fails or does not answer in time (the check itself is left to end). */
function answered(check: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_CHECK_TIMEOUT_MS);
  });
  return Promise.race([check().catch(() => false), late]).finally(() => clearTimeout(timer));
}

/**
 * `/healthz`: the process is up. `/readyz`: it can take scans (database and queue answer). Neither is
 * ever rate-limited: a burst of other requests must not make an instance look dead.
 */
export const healthRoutes: FastifyPluginAsync<{ readiness: Readiness }> = async (app, { readiness }) => {
  const config = { rateLimit: false } as const;
  app.get('/healthz', { schema: { hide: true }, config }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config }, async (_request, reply) => {
    const [database, queue] = await Promise.all([answered(readiness.database), answered(readiness.queue)]);
    const ready = database && queue;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database, queue });
  });
};
