import { describe, expect, it } from 'vitest';
import { describeCoverage, type SourceProgressFacts } from '../../shared/domain/coverage.js';
import { isDependencyOutage, JobMustWaitError, pacedRetryDelay, SourceError } from '../../shared/errors.js';
import { createLogger } from '../../shared/log.js';
import { InlineJobRunner } from '../../shared/queue/inline.runner.js';
import {
  failsForGood,
  jobPayloadSchemas,
  type JobContext,
  type Processors,
} from '../../shared/queue/jobs.js';
import { storageWaitBound, storageWaitDelay } from '../../shared/queue/storage-wait.js';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDependencyOutage: the database or Redis is out, not a query or a source failing', () => {
  it.each([
    [
      'PostgreSQL shutting down (57P01)',
      coded('terminating connection due to administrator command', '57P01'),
    ],
    ['a connection refused', coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    ['pg timing out while connecting', new Error('timeout exceeded when trying to connect')],
    ['every address of localhost refused', new AggregateError([coded('refused', 'ECONNREFUSED')], '')],
    ['an outage wrapped as a cause', new Error('query failed', { cause: coded('reset', 'ECONNRESET') })],
    ['ioredis with its connection closed', new Error('Connection is closed.')],
  ])('%s is an outage', (_, error) => {
    expect(isDependencyOutage(error)).toBe(true);
  });

  it.each([
    ['a syntax error', coded('syntax error at or near "x"', '42601')],
    ['a unique violation', coded('duplicate key value', '23505')],
    [
      'a source that refused the connection',
      new SourceError('kiwifarms', 'Kiwi Farms could not be reached', undefined, { kind: 'unreachable' }),
    ],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'ECONNREFUSED'],
  ])('%s is not', (_, error) => {
    expect(isDependencyOutage(error)).toBe(false);
  });
});

describe('storage waits: bounded, growing, without spending attempts', () => {
  const outage = coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');

  it('grows from half a second to at most ten, and never past the bound', () => {
    const delays: number[] = [];
    const progress = { waits: 0, waitedMs: 0 };
    for (;;) {
      const delay = storageWaitDelay(outage, progress, 60_000);
      if (delay === undefined) break;
      delays.push(delay);
      progress.waits++;
      progress.waitedMs += delay;
    }
    expect(delays.slice(0, 6)).toEqual([500, 1000, 2000, 4000, 8000, 10_000]);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(storageWaitDelay(new Error('syntax'), { waits: 0, waitedMs: 0 }, 60_000)).toBeUndefined();
    expect(storageWaitDelay(outage, { waits: 0, waitedMs: 0 }, 0)).toBeUndefined();
  });

  it('plan and finalize, which open and close the scan, wait at least 15 minutes', () => {
    expect(storageWaitBound('fetch', 1000)).toBe(1000);
    expect(storageWaitBound('finalize', 0)).toBe(15 * 60_000);
    expect(storageWaitBound('plan', 20 * 60_000)).toBe(20 * 60_000);
  });

  it('an outage is never recorded as the failure of a source or page, even on the final attempt', () => {
    const final: JobContext = { attempt: 4, finalAttempt: true, paceAllowed: true };
    expect(failsForGood(outage, final)).toBe(false);
    expect(failsForGood(new Error('bug'), final)).toBe(true);
  });

  it('a job that must wait is paced by its own delay', () => {
    expect(pacedRetryDelay(new JobMustWaitError('not yet', 2000))).toBe(2000);
  });

  it('the local runner runs a job again after an outage without spending an attempt', async () => {
    const runner = new InlineJobRunner({ log: createLogger({ level: 'silent' }), storageWaitMs: 10_000 });
    const seen: number[] = [];
    let calls = 0;
    const noop = async () => undefined;
    const processors = Object.fromEntries(
      Object.keys(jobPayloadSchemas).map((name) => [name, noop]),
    ) as unknown as Processors;
    processors.plan = async (_payload, ctx) => {
      seen.push(ctx.attempt);
      if (++calls <= 2) throw coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    };
    runner.start(processors);
    await runner.enqueuePlan('0b6f3c2e-6d1c-4f5e-9b1a-2f1e0d9c8b7a');
    await runner.idle();
    runner.close();
    expect(seen).toEqual([1, 1, 1]);
  });
});

describe('a source the scan ended without finishing', () => {
  const facts = (over: Partial<SourceProgressFacts>): SourceProgressFacts => ({
    status: 'failed',
    coverage: null,
    reason: 'the scan ended before its work here was recorded as done',
    searchesTotal: 2,
    searchesDone: 1,
    pagesTotal: 10,
    pagesFetched: 4,
    pagesFailed: 0,
    ...over,
  });

  it('is checked in part, says what is missing and that a resume finishes it', () => {
    expect(describeCoverage(facts({}), true)).toEqual({
      coverage: 'partial',
      reason:
        'Checked in part: the scan ended before its work was done (1 of 2 searches did not finish; 6 of 10 pages found were never read); resume the scan to finish it.',
    });
  });

  it('keeps a "read in part" sentence recorded before', () => {
    const { coverage, reason } = describeCoverage(
      facts({ coverage: 'partial', reason: 'only the newest 50 pastes of its public archive were read' }),
      true,
    );
    expect(coverage).toBe('partial');
    expect(reason).toContain('only the newest 50 pastes');
    expect(reason).toContain('resume the scan');
  });

  it('is not searched when nothing of it was read', () => {
    expect(describeCoverage(facts({ searchesDone: 0, pagesTotal: 0, pagesFetched: 0 }), true).coverage).toBe(
      'not-searched',
    );
  });

  it('differs from a source that failed on its own', () => {
    expect(describeCoverage(facts({ coverage: 'blocked', reason: 'a login wall' }), true)).toEqual({
      coverage: 'blocked',
      reason: 'The site refused to let us read it (a login wall or an access block): a login wall.',
    });
  });
});
