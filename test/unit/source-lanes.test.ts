import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';
import { createSourceLanes } from '../../workers/processors/source-lanes.js';

const source = (id: string, concurrency: number) =>
  ({
    id,
    politeness: { concurrency, requestsPerSecond: 100, maxPagesPerScan: 100 },
  }) as unknown as SourceEntry;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('source lanes: fetches of one process ask a source for at most its concurrency at once', () => {
  it('holds the rest back in memory, runs each once, and keeps sources apart', async () => {
    const lanes = createSourceLanes();
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    const done: string[] = [];
    const fetch = (s: SourceEntry, name: string) =>
      lanes(s, async () => {
        inFlight.set(s.id, (inFlight.get(s.id) ?? 0) + 1);
        most.set(s.id, Math.max(most.get(s.id) ?? 0, inFlight.get(s.id)!));
        await tick();
        await tick();
        inFlight.set(s.id, inFlight.get(s.id)! - 1);
        done.push(name);
        return name;
      });
    const a = source('a', 3);
    const b = source('b', 1);
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => fetch(a, `a${i}`)),
      ...Array.from({ length: 5 }, (_, i) => fetch(b, `b${i}`)),
    ]);
    expect(results).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `a${i}`),
      ...Array.from({ length: 5 }, (_, i) => `b${i}`),
    ]);
    expect(done).toHaveLength(25);
    expect(most.get('a')).toBe(3);
    expect(most.get('b')).toBe(1);
  });

  it('gives the slot back when a fetch fails', async () => {
    const lanes = createSourceLanes();
    const s = source('a', 1);
    await expect(lanes(s, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(lanes(s, async () => 'next')).resolves.toBe('next');
  });
});
