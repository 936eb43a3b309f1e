/**
 * Coalesces calls made by concurrently running jobs into one batched call: each caller gets its own
 * result, settled only once the batch holding its item has run. One batch runs at a time; the items
 * that arrive meanwhile wait for it and go together in the next (group commit), so batches grow with
 * the load and a lone job waits at most `lingerMs` longer than it would alone.
 *
 * A batch that fails is run again item by item, so one bad item fails its own job only.
 */
export interface CoalescerOptions {
  /** Items per batch, at most. */
  maxItems: number;
  /** How long the first item of an idle coalescer waits for company before its batch runs. */
  lingerMs: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/** `run` returns one result per item, in the order of the items it was given. */
export function createCoalescer<I, O>(
  run: (items: I[]) => Promise<O[]>,
  options: CoalescerOptions,
): (item: I) => Promise<O> {
  let waiting: Array<Waiting<I, O>> = [];
  let running = false;
  let timer: NodeJS.Timeout | undefined;

  async function runBatch(batch: Array<Waiting<I, O>>): Promise<void> {
    try {
      const results = await run(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => entry.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const entry of batch) {
        await run([entry.item]).then(([result]) => entry.resolve(result!), entry.reject);
      }
    }
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running || waiting.length === 0) return;
    running = true;
    const batch = waiting.slice(0, options.maxItems);
    waiting = waiting.slice(batch.length);
    void runBatch(batch).finally(() => {
      running = false;
      // Whatever queued up while this batch ran has waited long enough already.
      flush();
    });
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (running) return;
      if (waiting.length >= options.maxItems || options.lingerMs <= 0) flush();
      else timer ??= setTimeout(flush, options.lingerMs);
    });
}
