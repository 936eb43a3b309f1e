/**
 * Node module hooks that run the project's TypeScript sources as they are, for worker threads started
 * from the sources under test (shared/db/pglite.thread.ts): vitest runs the test files itself, but a
 * worker thread is plain Node. Types are stripped, nothing is checked (tsc does that); imports written
 * `./x.js`, as the sources spell them, find `./x.ts`.
 */
import { readFile } from 'node:fs/promises';
import { URL } from 'node:url';

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromSource =
      context.parentURL?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js');
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !fromSource) throw error;
    return nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(new URL(url), 'utf8');
  // Loaded on first use: most test processes never start a thread, and TypeScript takes a second to load.
  const { default: ts } = await import('typescript');
  const { outputText } = ts.transpileModule(source, {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
