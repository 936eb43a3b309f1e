import { isDependencyOutage } from '../errors.js';
import type { JobName } from './jobs.js';

/**
 * How a job waits out a database or Redis outage (pure: the runners sleep). A job that cannot reach
 * storage has learnt nothing about its source, so the failure must not spend one of its attempts:
 * the runner runs it again, in the same slot, after a growing delay, until storage answers or the
 * wait bound is spent. Past the bound the failure counts like any other (and finalize, which checks
 * what is stored, says what is missing).
 */
export const DEFAULT_STORAGE_WAIT_MS = 5 * 60_000;

/**
 * The plan and finalize jobs must be able to write the scan's start and end, or the scan would stay
 * queued or running for ever: they wait at least this long, whatever the configured bound.
 */
export const MUST_END_STORAGE_WAIT_MS = 15 * 60_000;

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/** The wait bound of one job. */
export function storageWaitBound(name: JobName, configuredMs: number): number {
  return name === 'plan' || name === 'finalize'
    ? Math.max(configuredMs, MUST_END_STORAGE_WAIT_MS)
    : configuredMs;
}

/**
 * The delay before the next run of a job whose run failed with `error`, after `waitedMs` spent
 * waiting for storage over `waits` earlier waits; undefined when the error is not an outage or the
 * bound would be passed.
 */
export function storageWaitDelay(
  error: unknown,
  progress: { waits: number; waitedMs: number },
  boundMs: number,
): number | undefined {
  if (!isDependencyOutage(error)) return undefined;
  const remaining = boundMs - progress.waitedMs;
  if (remaining <= 0) return undefined;
  return Math.min(FIRST_DELAY_MS * 2 ** progress.waits, MAX_DELAY_MS, remaining);
}
