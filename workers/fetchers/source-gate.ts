import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';

/**
 * Politeness towards one source: at most `concurrency` requests in flight and `requestsPerSecond`
 * spacing between their starts. This gate holds within one process; a Redis-backed gate shared by
 * every worker implements the same interface.
 */
export interface SourceGate {
  /** Waits for a turn; call the returned function when the request is over. */
  acquire(source: SourceEntry): Promise<() => void>;
  /** Holds every request to this source back for a while (a 429, a flood-control page). */
  pause(sourceId: string, ms: number): void;
}

interface SourceState {
  inFlight: number;
  nextStartAt: number;
  waiters: Array<() => void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class InProcessSourceGate implements SourceGate {
  private readonly states = new Map<string, SourceState>();

  private state(sourceId: string): SourceState {
    let state = this.states.get(sourceId);
    if (!state) {
      state = { inFlight: 0, nextStartAt: 0, waiters: [] };
      this.states.set(sourceId, state);
    }
    return state;
  }

  async acquire(source: SourceEntry): Promise<() => void> {
    const state = this.state(source.id);
    while (state.inFlight >= source.politeness.concurrency) {
      await new Promise<void>((resolve) => state.waiters.push(resolve));
    }
    state.inFlight++;
    const interval = 1000 / source.politeness.requestsPerSecond;
    const now = Date.now();
    const startAt = Math.max(now, state.nextStartAt);
    state.nextStartAt = startAt + interval;
    if (startAt > now) await sleep(startAt - now);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.inFlight--;
      state.waiters.shift()?.();
    };
  }

  pause(sourceId: string, ms: number): void {
    const state = this.state(sourceId);
    state.nextStartAt = Math.max(state.nextStartAt, Date.now() + ms);
  }
}
