import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultCatalogDir,
  loadCatalog,
  loadSourceOverridesFile,
} from '../../shared/catalog/catalog.loader.js';
import { ADAPTER_NAMES } from '../../shared/catalog/catalog.schema.js';
import { getAdapter } from '../../workers/sources/adapter.registry.js';

const temps: string[] = [];
function tempDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const shipped = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(defaultCatalogDir(), `${id}.json`), 'utf8')) as Record<string, unknown>;

describe('catalog loader', () => {
  it('loads the shipped catalog from the package root', () => {
    const catalog = loadCatalog();
    const ids = catalog.list().map((entry) => entry.id);
    expect(ids).toEqual(expect.arrayContaining(['kiwifarms', 'pastebin']));
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    const kf = catalog.get('kiwifarms');
    expect(kf).toMatchObject({
      adapter: 'xenforo',
      trust: 'hostile',
      fetch: 'auto',
      baseUrl: 'https://kiwifarms.st',
    });
    expect(kf.politeness).toEqual({
      requestsPerSecond: 0.2,
      concurrency: 1,
      maxResultPages: 3,
      maxPagesPerScan: 60,
    });
    expect(kf.allowPrivateNetwork).toBe(false);
    expect(catalog.get('pastebin')).toMatchObject({ adapter: 'pastebin', trust: 'hostile', fetch: 'http' });
  });

  it('has an adapter for every shipped source and every adapter name', () => {
    for (const entry of loadCatalog().list()) expect(getAdapter(entry.adapter).name).toBe(entry.adapter);
    for (const name of ADAPTER_NAMES) expect(getAdapter(name).name).toBe(name);
    expect(() => getAdapter('phpbb' as never)).toThrow(/unknown source adapter "phpbb"/);
  });

  it('refuses an unknown source id with a clear error', () => {
    expect(() => loadCatalog().get('nope')).toThrow(/unknown source "nope" \(known: .*\bkiwifarms\b.*\)/);
  });

  it('names the file and the field of a bad entry', () => {
    const broken = {
      ...shipped('kiwifarms'),
      politeness: { ...(shipped('kiwifarms').politeness as object), concurrency: 0 },
    };
    const dir = tempDir({ 'kiwifarms.json': broken, 'pastebin.json': shipped('pastebin') });
    expect(() => loadCatalog({ dir })).toThrow(/^catalog file kiwifarms\.json: politeness\.concurrency: /);
  });

  it('names the file of invalid JSON, an unknown field and an id that is not the file name', () => {
    expect(() => loadCatalog({ dir: tempDir({ 'a.json': '{ nope' }) })).toThrow(
      /^catalog file a\.json: not valid JSON/,
    );
    expect(() =>
      loadCatalog({ dir: tempDir({ 'pastebin.json': { ...shipped('pastebin'), colour: 'red' } }) }),
    ).toThrow(/^catalog file pastebin\.json: .*colour/);
    expect(() => loadCatalog({ dir: tempDir({ 'other.json': shipped('pastebin') }) })).toThrow(
      /^catalog file other\.json: id: must equal the file name/,
    );
  });

  it('applies overrides without touching what they leave out', () => {
    const catalog = loadCatalog({
      overrides: {
        kiwifarms: {
          baseUrl: 'http://127.0.0.1:8081',
          allowPrivateNetwork: true,
          politeness: { requestsPerSecond: 20 },
        },
        pastebin: { enabled: false },
      },
    });
    expect(catalog.get('kiwifarms')).toMatchObject({
      baseUrl: 'http://127.0.0.1:8081',
      allowPrivateNetwork: true,
      politeness: { requestsPerSecond: 20, concurrency: 1, maxResultPages: 3, maxPagesPerScan: 60 },
      trust: 'hostile',
    });
    expect(catalog.get('pastebin')).toMatchObject({ enabled: false, baseUrl: 'https://pastebin.com' });
    expect(() => loadCatalog({ overrides: { kiwifarm: { enabled: false } } })).toThrow(
      /unknown source "kiwifarm"/,
    );
  });

  it('validates the overrides file with the same error style', () => {
    const good = tempDir({
      'overrides.json': { pastebin: { baseUrl: 'http://127.0.0.1:9000', allowPrivateNetwork: true } },
    });
    expect(loadSourceOverridesFile(join(good, 'overrides.json'))).toEqual({
      pastebin: { baseUrl: 'http://127.0.0.1:9000', allowPrivateNetwork: true },
    });
    const bad = tempDir({ 'overrides.json': { pastebin: { baseUrl: 'not a url' } } });
    expect(() => loadSourceOverridesFile(join(bad, 'overrides.json'))).toThrow(
      /^source overrides file overrides\.json: pastebin\.baseUrl: /,
    );
    expect(() => loadSourceOverridesFile(join(bad, 'missing.json'))).toThrow(/missing\.json: cannot read/);
  });
});
