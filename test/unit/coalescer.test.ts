import { describe, expect, it } from 'vitest';
import { createCoalescer } from '../../workers/processors/coalescer.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('coalescer', () => {
  it('runs the calls that arrive together as one batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const double = createCoalescer(
      async (items: number[]) => {
        batches.push(items);
        return items.map((n) => n * 2);
      },
      { maxItems: 10, lingerMs: 5 },
    );
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('runs one batch at a time; what arrives meanwhile goes in the next, at most maxItems each', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const run = createCoalescer(
      async (items: number[]) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items;
      },
      { maxItems: 2, lingerMs: 0 },
    );
    const first = run(1);
    const rest = [2, 3, 4].map(run);
    await tick();
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });

  it('settles a caller only once its batch has run', async () => {
    let ran = false;
    const run = createCoalescer(
      async (items: number[]) => {
        await tick();
        ran = true;
        return items;
      },
      { maxItems: 4, lingerMs: 1 },
    );
    await run(1);
    expect(ran).toBe(true);
  });

  it('runs a failed batch again item by item, so only the bad item fails', async () => {
    const batches: number[][] = [];
    const run = createCoalescer(
      async (items: number[]) => {
        batches.push(items);
        if (items.includes(2)) throw new Error('bad item');
        return items;
      },
      { maxItems: 4, lingerMs: 5 },
    );
    const results = await Promise.allSettled([1, 2, 3].map(run));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('bad item'));
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });
});
