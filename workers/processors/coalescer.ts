/**
 * Coalesces calls made by concurrently running jobs into one batched call: each caller gets its own
 * result, settled only once the batch holding its item has run. One batch runs at a time; the items
 * that arrive meanwhile wait for it and go together in the next (group commit). A batch runs once it
 * is full or its first item has waited `lingerMs`, also after a batch: items that only piled up for a
 * quick round trip would otherwise go a few at a time, each batch a statement, when their callers
 * (a fetch job, waiting for its writes only at its end) lose nothing by waiting a few milliseconds.
 *
 * A batch that fails is run again item by item, so one bad item fails its own job only.
 */
export interface CoalescerOptions {
  /** Items per batch, at most. */
  maxItems: number;
  /** How long the first item of a batch waits for company before the batch runs (unless full). */
  lingerMs: number;
}

interface Waiting<I, O> {
  item: I;
  /** When it came (Date.now()): its batch runs `lingerMs` after its first item came, at the latest. */
  at: number;
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
      schedule();
    });
  }

  /** The next batch: now when full (or lingering is off), else once its first item has waited enough. */
  function schedule(): void {
    if (running || waiting.length === 0) return;
    if (waiting.length >= options.maxItems || options.lingerMs <= 0) {
      flush();
      return;
    }
    timer ??= setTimeout(flush, Math.max(0, options.lingerMs - (Date.now() - waiting[0]!.at)));
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, at: Date.now(), resolve, reject });
      schedule();
    });
}
