import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGliteStatements } from './pglite.dialect.js';
import { errorToThread, type ThreadReply, type ThreadRequest } from './pglite.thread-messages.js';

/**
 * The worker thread that owns PGlite in local mode (pglite.thread.ts starts it): the only code that
 * opens the data folder, running the statements the main thread sends, one at a time, in order.
 */
const port = parentPort;
if (!port) throw new Error('pglite.worker.ts runs as a worker thread (pglite.thread.ts starts it)');
const { dataDir } = workerData as { dataDir?: string };

let pglite: PGlite;
try {
  pglite = dataDir === undefined ? await PGlite.create() : await PGlite.create({ dataDir });
} catch (error) {
  // A broken or locked data folder fails the open with its own error, as in-process PGlite does.
  port.postMessage({ id: 0, error: errorToThread(error) } satisfies ThreadReply);
  port.close();
  throw error;
}
const statements = new PGliteStatements(pglite);
// Statements run in arrival order even though each awaits PGlite: the session is one.
let queue: Promise<unknown> = Promise.resolve();

port.on('message', (request: ThreadRequest) => {
  if (request.close) {
    queue = queue.then(async () => {
      await pglite.close();
      port.close();
    });
    return;
  }
  queue = queue.then(async () => {
    let reply: ThreadReply;
    try {
      const result = await statements.execute(request);
      reply = { id: request.id, result };
    } catch (error) {
      reply = { id: request.id, error: errorToThread(error) };
    }
    port.postMessage(reply);
  });
});
port.postMessage({ id: 0 } satisfies ThreadReply);
