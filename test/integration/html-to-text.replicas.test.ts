/**
 * The fast HTML -> text extraction against its reference (test/support/html-to-text.reference.ts)
 * on every page a crawl of the replica farm reaches, and on the strings of its JSON answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToText } from '../../shared/text/html-to-text.js';
import { startReplicaFarm } from '../replicas/farm.js';
import type { ReplicaFarm } from '../replicas/farm.js';
import { jsonStrings } from '../support/html-soup.js';
import { referenceHtmlToText } from '../support/html-to-text.reference.js';
import { crawlReplicaFarm } from '../support/replica-pages.js';

let farm: ReplicaFarm;

beforeAll(async () => {
  farm = await startReplicaFarm();
});
afterAll(async () => {
  await farm?.close();
});

describe('htmlToText on the replica farm', () => {
  it('agrees with the reference on every crawled page', async () => {
    const pages = await crawlReplicaFarm(farm);
    expect(pages.length).toBeGreaterThan(50);
    const inputs = pages.flatMap((page) => {
      if (!page.contentType.includes('json')) return [page.body];
      try {
        return [page.body, ...jsonStrings(JSON.parse(page.body))];
      } catch {
        return [page.body];
      }
    });
    const differing = inputs.filter((input) => htmlToText(input) !== referenceHtmlToText(input));
    expect(differing.map((input) => input.slice(0, 500))).toEqual([]);
  });
});
