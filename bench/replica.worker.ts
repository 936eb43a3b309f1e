import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createPastebinReplica, type PasteSeed } from '../test/replicas/pastebin.replica.js';

/**
 * The Pastebin replica of the pipeline bench, on a thread of its own: a real source is another
 * machine, so serving its pages must not be counted against the pipeline's thread. Posts its base URL
 * once listening, and closes when told to.
 */
const { pastes } = workerData as { pastes: PasteSeed[] };
const server = createServer(createPastebinReplica(pastes));
server.listen(0, '127.0.0.1', () => {
  parentPort!.postMessage(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
parentPort!.on('message', () => {
  server.closeAllConnections();
  server.close(() => parentPort!.close());
});
