import { expect } from 'vitest';
import type { SourceEntry } from '../../shared/catalog/catalog.schema.js';

export interface SourceAnswer {
  status: number;
  body: string;
  url: string;
}

/** GET on a replica source, following redirects by hand and checking every hop stays on its host. */
export async function fetchOnSource(
  source: SourceEntry,
  url: string,
  headers: Record<string, string> = {},
): Promise<SourceAnswer> {
  let current = url;
  for (let hop = 0; hop < 5; hop++) {
    expect(new URL(current).host, `${source.id} stays on its host: ${current}`).toBe(
      new URL(source.baseUrl).host,
    );
    const response = await fetch(current, { redirect: 'manual', headers });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      current = new URL(location, current).href;
      continue;
    }
    return { status: response.status, body: await response.text(), url: current };
  }
  throw new Error(`too many redirects from ${url}`);
}
