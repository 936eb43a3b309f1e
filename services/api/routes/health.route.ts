import type { FastifyPluginAsync } from 'fastify';

export interface Readiness {
  database(): Promise<boolean>;
  queue(): Promise<boolean>;
}

/** `/healthz`: the process is up. `/readyz`: it can take scans (database and queue answer). */
export const healthRoutes: FastifyPluginAsync<{ readiness: Readiness }> = async (app, { readiness }) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const [database, queue] = await Promise.all([
      readiness.database().catch(() => false),
      readiness.queue().catch(() => false),
    ]);
    const ready = database && queue;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database, queue });
  });
};
