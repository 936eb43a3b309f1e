import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';

/**
 * How many of this process's page fetches of a source ask its gate at once: at most the requests the
 * source takes at once. The gate (source-gate.ts) still decides every request, across processes; this
 * only keeps the fetch jobs of one process from asking it for slots they cannot all have. With the
 * Redis gate, each refused ask is a round trip and a look again shortly after; here a fetch beyond
 * the source's concurrency waits in memory for one of this process's own to end.
 */
export type SourceLanes = <T>(source: SourceEntry, fetch: () => Promise<T>) => Promise<T>;

export function createSourceLanes(): SourceLanes {
  const lanes = new Map<string, { busy: number; waiting: Array<() => void> }>();
  return async (source, fetch) => {
    let lane = lanes.get(source.id);
    if (!lane) {
      lane = { busy: 0, waiting: [] };
      lanes.set(source.id, lane);
    }
    const held = lane;
    if (held.busy >= Math.max(1, source.politeness.concurrency)) {
      await new Promise<void>((resolve) => held.waiting.push(resolve));
    } else {
      held.busy++;
    }
    try {
      return await fetch();
    } finally {
      // The slot passes straight to the next waiter, if any (busy stays the same).
      const next = held.waiting.shift();
      if (next) next();
      else if (--held.busy === 0) lanes.delete(source.id);
    }
  };
}
