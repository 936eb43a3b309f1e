import { describe, expect, it } from 'vitest';
import type { Identifier } from '../../shared/domain/identifier.js';
import { jobIds, parseJobPayload } from '../../shared/queue/jobs.js';
import { planSearches } from '../../workers/planning.js';

const scanId = '6f1c2a8e-4b7d-4c1e-9a3b-2d5e8f0a1b2c';
const identifiers: Identifier[] = [
  { id: 'h1', kind: 'handle', value: 'velvetfox' },
  { id: 'n1', kind: 'name', value: 'Kate Example' },
  { id: 'n2', kind: 'name', value: 'Velvet Fox', public: true },
  { id: 'e1', kind: 'email', value: 'kate@example.com' },
];

describe('search planning (docs/safety.md §2)', () => {
  it('sends only public identifiers to a source with a search', () => {
    const [plan] = planSearches({
      scanId,
      sources: [{ id: 'forum', searchMode: 'query' }],
      identifiers,
      remoteSearchOptIn: [],
    });
    expect(plan!.searches.map((s) => s.identifierId)).toEqual(['h1', 'n2']);
  });

  it('widens to a sensitive kind only with the opt-in for that kind', () => {
    const [plan] = planSearches({
      scanId,
      sources: [{ id: 'forum', searchMode: 'query' }],
      identifiers,
      remoteSearchOptIn: ['name'],
    });
    expect(plan!.searches.map((s) => s.identifierId)).toEqual(['h1', 'n1', 'n2']);
  });

  it('walks a listing source once, with no query at all', () => {
    const [plan] = planSearches({
      scanId,
      sources: [{ id: 'paste', searchMode: 'listing' }],
      identifiers,
      remoteSearchOptIn: [],
    });
    expect(plan!.searches).toEqual([{ scanId, sourceId: 'paste', identifierId: null }]);
  });

  it('skips a search source, saying why, when nothing may be sent to it', () => {
    const [plan] = planSearches({
      scanId,
      sources: [{ id: 'forum', searchMode: 'query' }],
      identifiers: [{ id: 'e1', kind: 'email', value: 'kate@example.com' }],
      remoteSearchOptIn: [],
    });
    expect(plan!.searches).toEqual([]);
    expect(plan!.skippedBecause).toMatch(/no public identifier/);
  });
});

describe('job payloads', () => {
  it('carry ids only and refuse anything else', () => {
    expect(() =>
      parseJobPayload('search', { scanId, sourceId: 'forum', identifierId: 'h1', query: 'velvetfox' }),
    ).toThrow();
    expect(() => parseJobPayload('fetch', { scanId, sourceId: 'forum', pageIds: ['not-a-uuid'] })).toThrow();
    expect(parseJobPayload('plan', { scanId })).toEqual({ scanId });
  });

  it('have deterministic ids without ":" so a retried producer adds nothing twice', () => {
    const id = jobIds.search({ scanId, sourceId: 'forum', identifierId: 'h1' });
    expect(id).toBe(jobIds.search({ scanId, sourceId: 'forum', identifierId: 'h1' }));
    expect(id).not.toContain(':');
  });
});
