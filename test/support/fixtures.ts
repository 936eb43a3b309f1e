import { readFileSync } from 'node:fs';

/** The project's own sample pages: test/fixtures/samples/<site>/<file> (invented content, see its README). */
export const samplesDir = new URL('../fixtures/samples/', import.meta.url);

/** One sample page as text, by its path under test/fixtures/samples/ (e.g. `4chan/thread.json`). */
export function readFixture(path: string): string {
  return readFileSync(new URL(path, samplesDir), 'utf8');
}
