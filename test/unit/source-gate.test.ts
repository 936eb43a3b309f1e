import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_WAIT_MS } from '../../workers/fetchers/blocked-detector.js';
import { clampPauseMs } from '../../workers/fetchers/source-gate.js';

describe('clampPauseMs', () => {
  it('holds a pause between 0 and MAX_SOURCE_WAIT_MS, whatever a caller passes', () => {
    expect(clampPauseMs(3000)).toBe(3000);
    expect(clampPauseMs(-5)).toBe(0);
    expect(clampPauseMs(Number.NaN)).toBe(0);
    // Above 2^31-1 ms, setTimeout would fire after 1 ms and the gate's waits would spin.
    expect(clampPauseMs(2 ** 40)).toBe(MAX_SOURCE_WAIT_MS);
    expect(clampPauseMs(Number.POSITIVE_INFINITY)).toBe(MAX_SOURCE_WAIT_MS);
  });
});
