import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { MAX_SOURCE_WAIT_MS } from './blocked-detector.js';

/** Gives the turn back; safe to call twice. Async because a shared gate tells Redis. */
export type GateRelease = () => Promise<void>;

/**
 * Politeness towards one source: at most `concurrency` requests in flight and `requestsPerSecond`
 * spacing between their starts. InProcessSourceGate holds within one process (local mode);
 * RedisSourceGate (redis-source-gate.ts) holds across every worker process of a deployment.
 */
export interface SourceGate {
  /** Waits for a turn; call the returned function when the request is over. */
  acquire(source: SourceEntry): Promise<GateRelease>;
  /**
   * Holds every request to this source back for `ms` (a 429, a flood-control page). Never shortens a
   * pause already in force. Async because a shared gate pauses the source for every worker.
   */
  pause(sourceId: string, ms: number): Promise<void>;
  close?(): Promise<void>;
}

interface SourceState {
  inFlight: number;
  nextStartAt: number;
  pausedUntil: number;
  waiters: Array<() => void>;
}

/**
 * A pause as a gate may hold it: between 0 and MAX_SOURCE_WAIT_MS. Callers already cap what a source
 * asks for; this is the last line, because one unbounded pause would stall every worker on the source
 * (and a setTimeout above 2^31-1 ms fires after 1 ms, so the waits would spin). NaN holds nothing.
 */
export function clampPauseMs(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(Math.max(0, ms), MAX_SOURCE_WAIT_MS);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class InProcessSourceGate implements SourceGate {
  private readonly states = new Map<string, SourceState>();

  private state(sourceId: string): SourceState {
    let state = this.states.get(sourceId);
    if (!state) {
      state = { inFlight: 0, nextStartAt: 0, pausedUntil: 0, waiters: [] };
      this.states.set(sourceId, state);
    }
    return state;
  }

  async acquire(source: SourceEntry): Promise<GateRelease> {
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
    // A pause that arrived while this request waited for its slot holds it too.
    while (state.pausedUntil > Date.now()) await sleep(state.pausedUntil - Date.now());
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      state.inFlight--;
      state.waiters.shift()?.();
    };
  }

  async pause(sourceId: string, ms: number): Promise<void> {
    const state = this.state(sourceId);
    state.pausedUntil = Math.max(state.pausedUntil, Date.now() + clampPauseMs(ms));
    state.nextStartAt = Math.max(state.nextStartAt, state.pausedUntil);
  }
}
