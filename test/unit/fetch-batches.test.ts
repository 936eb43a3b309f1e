import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/log.js';
import { InlineJobRunner } from '../../shared/queue/inline.runner.js';
import {
  fetchBatches,
  jobIds,
  jobPayloadSchemas,
  MAX_PAGES_PER_FETCH_JOB,
  parseJobPayload,
  scanJobRefs,
  type FetchJob,
  type Processors,
} from '../../shared/queue/jobs.js';

const scanId = randomUUID();
const pages = (n: number) => Array.from({ length: n }, () => randomUUID());

describe('fetch jobs carry a batch of pages', () => {
  it('split a list into consecutive batches, every page once, at most the cap per job', () => {
    for (const [count, lanes] of [
      [1, 8],
      [7, 8],
      [20, 8],
      [2000, 8],
      [100, 1],
      [33, 0],
    ] as const) {
      const ids = pages(count);
      const batches = fetchBatches(scanId, 'pastebin', ids, lanes);
      expect(batches.flatMap((batch) => batch.pageIds)).toEqual(ids);
      for (const batch of batches) {
        expect(batch.pageIds.length).toBeGreaterThan(0);
        expect(batch.pageIds.length).toBeLessThanOrEqual(MAX_PAGES_PER_FETCH_JOB);
        expect(parseJobPayload('fetch', batch)).toEqual(batch);
      }
      // As many jobs as the source takes requests at once, where there are pages enough.
      expect(batches.length).toBeGreaterThanOrEqual(Math.min(count, Math.max(1, lanes)));
    }
  });

  it('make the same job ids from the same pages, and other ids from other pages', () => {
    const ids = pages(40);
    const first = fetchBatches(scanId, 'pastebin', ids, 4).map(jobIds.fetch);
    expect(fetchBatches(scanId, 'pastebin', ids, 4).map(jobIds.fetch)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    const other = fetchBatches(scanId, 'pastebin', [...ids.slice(0, 39), randomUUID()], 4).map(jobIds.fetch);
    expect(other.slice(0, -1)).toEqual(first.slice(0, -1));
    expect(other.at(-1)).not.toBe(first.at(-1));
    for (const id of first) expect(id).not.toContain(':');
    // A page alone keeps the id it always had, which scanJobRefs names.
    const [alone] = ids;
    expect(jobIds.fetch({ scanId, sourceId: 'pastebin', pageIds: [alone!] })).toBe(
      `fetch-${scanId}-${alone}`,
    );
    expect(scanJobRefs(scanId, [], [{ scanId, sourceId: 'pastebin', pageId: alone! }])).toContainEqual({
      queue: 'fetch',
      id: `fetch-${scanId}-${alone}`,
    });
    // The batches a resume is about to queue are named on both queues, so that a batch left failed
    // past its scan's finalize does not turn the same batch away.
    const batch = fetchBatches(scanId, 'pastebin', ids, 4)[0]!;
    const refs = scanJobRefs(scanId, [], [], [batch]);
    expect(refs).toContainEqual({ queue: 'fetch', id: jobIds.fetch(batch) });
    expect(refs).toContainEqual({ queue: 'fetch-browser', id: jobIds.browse(batch) });
  });

  it('refuse a batch past the cap, an empty one, or a page named by anything but its id', () => {
    const ok = { scanId, sourceId: 'pastebin', pageIds: pages(MAX_PAGES_PER_FETCH_JOB) };
    expect(parseJobPayload('browse', ok)).toEqual(ok);
    expect(() => parseJobPayload('fetch', { ...ok, pageIds: pages(MAX_PAGES_PER_FETCH_JOB + 1) })).toThrow();
    expect(() => parseJobPayload('fetch', { ...ok, pageIds: [] })).toThrow();
    expect(() => parseJobPayload('fetch', { ...ok, pageIds: ['https://example.com/raw/x'] })).toThrow();
    expect(() => parseJobPayload('fetch', { ...ok, url: 'https://example.com/raw/x' })).toThrow();
  });

  it('run again after their scan is removed (a resumed scan queues the same batch anew)', async () => {
    const runner = new InlineJobRunner({ log: createLogger({ level: 'silent' }) });
    const ran: FetchJob[] = [];
    const finalized: string[] = [];
    const noop = async () => undefined;
    const processors = Object.fromEntries(
      Object.keys(jobPayloadSchemas).map((name) => [name, noop]),
    ) as unknown as Processors;
    processors.fetch = async (payload) => {
      ran.push(payload);
    };
    processors.finalize = async ({ scanId: id }) => {
      finalized.push(id);
    };
    runner.start(processors);
    const [batch] = fetchBatches(scanId, 'pastebin', pages(3), 1);
    await runner.startScanFlow(scanId, [], [{ fetch: batch!, via: 'http' }]);
    await runner.idle();
    // Queued again while its flow is known: the same job, dropped.
    await runner.addFetches([batch!]);
    await runner.idle();
    expect(ran).toEqual([batch]);
    // Removing the scan's jobs (as a resume does) removes the finalize with its children.
    await runner.removeJobs(scanJobRefs(scanId, [], []));
    await runner.startScanFlow(scanId, [], [{ fetch: batch!, via: 'http' }]);
    await runner.idle();
    expect(ran).toEqual([batch, batch]);
    expect(finalized).toEqual([scanId, scanId]);
    runner.close();
  });
});
