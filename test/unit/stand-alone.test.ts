/**
 * The project stands alone: nothing the tests, benchmarks, scripts or CI read may live outside the
 * repository (a clone has no folder beside it). Every file under test/, bench/, scripts/ and .ci/ and
 * every package.json script is scanned, and each path it names is resolved the way it is used:
 *
 * - a string literal starting with `./` or `../` (an import, `new URL('…', import.meta.url)`, the static
 *   start of a template literal) is resolved from the file's own folder; in a shell script, from the
 *   repository root, where the scripts `cd` first;
 * - `resolve(base, '…', …)` / `join(base, '…', …)` and `new URL('…', base)` are resolved when `base`
 *   is a folder the file itself computed (`fileURLToPath(new URL('…', import.meta.url))`,
 *   `import.meta.dirname`, `__dirname`, `process.cwd()`, or another such call);
 * - `$(dirname "$0")/…` in a shell script is resolved from the script's folder;
 * - a package.json script's words starting with `./` or `../` are resolved from the repository root.
 *
 * Anything that lands outside the repository root fails, naming the file and line. test/fixtures/ holds
 * imitated pages (their links are the imitated site's, not ours): only the code files there are scanned.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const SCANNED = ['test', 'bench', 'scripts', '.ci'];
/** Imitated pages: their links are the imitated site's. Only code in there (a generator) is scanned. */
const DATA_ONLY = 'test/fixtures';
const CODE_FILE = /(?:\.(?:[cm]?[jt]sx?|sh|bash)|^[^.]+)$/;
const TEXT_FILE = /(?:\.(?:[cm]?[jt]sx?|json|sh|bash|ya?ml|txt)|^[^.]+)$/;

interface Escape {
  /** Repository-relative file and 1-based line. */
  where: string;
  /** The text that names the path. */
  found: string;
  /** Where it resolves to. */
  target: string;
}

const insideRepo = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
};

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** The literal arguments of a `resolve(base, …)` / `join(base, …)` call: `'a', "b"` -> ['a', 'b']. */
const literalArgs = (args: string): string[] =>
  [...args.matchAll(/,\s*(['"`])([^'"`$]*)\1/g)].map((m) => m[2] ?? '');

/** A word that is a relative path, in a shell line or a package.json script. */
const SHELL_WORD = /(?:^|[\s=:'"])(\.\.?\/[^\s'";&|)]*)/gm;
const LITERAL = /(['"`])(\.\.?\/[^'"`\n$]*)/g;
const IMPORT_META_URL = String.raw`new\s+URL\(\s*(['"\x60])([^'"\x60$]*)\1\s*,\s*import\.meta\.url\s*\)`;
const URL_ON_BASE = /new\s+URL\(\s*(['"`])([^'"`$]*)\1\s*,\s*([A-Za-z_$][\w$]*)\s*\)/g;
const PATH_CALL =
  /(?<![\w$.])(?:path\.)?(?:resolve|join)\s*\(\s*(import\.meta\.dirname|process\.cwd\(\)|[A-Za-z_$][\w$]*)((?:\s*,\s*(['"`])[^'"`$]*\3)+)/g;
const ASSIGNMENT = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*([^;]+)/g;

/** Folders a script computes from its own location, by variable name, as absolute paths. */
function knownFolders(text: string, file: string): Map<string, string> {
  const folder = dirname(file);
  const known = new Map<string, string>([
    ['__dirname', folder],
    ['import.meta.dirname', folder],
    ['process.cwd()', repoRoot],
  ]);
  for (const [, name, expression] of text.matchAll(ASSIGNMENT)) {
    if (!name || !expression) continue;
    const own = new RegExp(String.raw`^(?:[\w.]+\(\s*)*` + IMPORT_META_URL).exec(expression.trim());
    if (own) {
      known.set(name, fileURLToPath(new URL(own[2] ?? '', new URL(`file://${file}`))));
      continue;
    }
    if (/^dirname\(\s*fileURLToPath\(\s*import\.meta\.url\s*\)\s*\)/.test(expression.trim())) {
      known.set(name, folder);
      continue;
    }
    const call = new RegExp(`^${PATH_CALL.source}`).exec(expression.trim());
    const base = call?.[1] ? known.get(call[1]) : undefined;
    if (call && base !== undefined) known.set(name, resolve(base, ...literalArgs(call[2] ?? '')));
  }
  return known;
}

/** Paths named in one source or shell file that resolve outside the repository. */
function escapesIn(file: string, text: string, root = repoRoot): Escape[] {
  const found: Escape[] = [];
  const rel = relative(root, file);
  const report = (index: number, snippet: string, target: string): void => {
    if (!insideRepo(root, target))
      found.push({ where: `${rel}:${lineOf(text, index)}`, found: snippet, target });
  };
  const shell = /\.(?:sh|bash)$/.test(file) || /^#!.*\b(?:ba)?sh\b/.test(text);
  const folder = dirname(file);

  if (shell) {
    for (const match of text.matchAll(SHELL_WORD)) {
      report(match.index, match[1] ?? '', resolve(root, match[1] ?? ''));
    }
    const dirnameOf =
      /\$\(\s*dirname\s+"?\$(?:0|\{BASH_SOURCE\[0\]\}|BASH_SOURCE)"?\s*\)"?((?:\/[^\s"';)]*)?)/g;
    for (const match of text.matchAll(dirnameOf)) {
      report(match.index, match[0], resolve(folder, `.${match[1] ?? ''}`));
    }
    return found;
  }
  for (const match of text.matchAll(LITERAL)) report(match.index, match[0], resolve(folder, match[2] ?? ''));
  const known = knownFolders(text, file);
  for (const match of text.matchAll(PATH_CALL)) {
    const base = known.get(match[1] ?? '');
    if (base !== undefined) report(match.index, match[0], resolve(base, ...literalArgs(match[2] ?? '')));
  }
  for (const match of text.matchAll(URL_ON_BASE)) {
    const base = known.get(match[3] ?? '');
    if (base !== undefined) report(match.index, match[0], resolve(base, match[2] ?? ''));
  }
  return found;
}

/** Words of package.json scripts that are relative paths leaving the repository. */
function escapesInScripts(scripts: Record<string, string>, root = repoRoot): Escape[] {
  return Object.entries(scripts).flatMap(([name, command]) =>
    [...command.matchAll(SHELL_WORD)]
      .map((match) => ({
        where: `package.json: scripts.${name}`,
        found: match[1] ?? '',
        target: resolve(root, match[1] ?? ''),
      }))
      .filter((escape) => !insideRepo(root, escape.target)),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return filesUnder(path);
    const data = `${relative(repoRoot, path).split(sep).join('/')}`.startsWith(`${DATA_ONLY}/`);
    return (data ? CODE_FILE : TEXT_FILE).test(name) ? [path] : [];
  });
}

const UP = '..';

describe('the project stands alone', () => {
  it('reads nothing outside the repository from test/, bench/, scripts/, .ci/ or package.json scripts', () => {
    const files = SCANNED.flatMap((dir) => filesUnder(join(repoRoot, dir)));
    expect(files.length).toBeGreaterThan(50);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    const escapes = [
      ...files.flatMap((file) => escapesIn(file, readFileSync(file, 'utf8'))),
      ...escapesInScripts(pkg.scripts ?? {}),
    ].map(({ where, found, target }) => `${where}: ${found} -> ${target}`);
    expect(escapes).toEqual([]);
  });

  describe('the scan itself', () => {
    const file = join(repoRoot, 'test', 'unit', 'some.test.ts');
    const at = (text: string): string[] => escapesIn(file, text).map((e) => e.where);

    it('flags a relative URL or template literal climbing above the repository', () => {
      expect(at(`x\nconst s = new URL('${UP}/${UP}/${UP}/shared/samples/', import.meta.url);`)).toEqual([
        'test/unit/some.test.ts:2',
      ]);
      expect(
        at(`readFileSync(new URL(\`${UP}/${UP}/${UP}/shared/\${path}\`, import.meta.url))`),
      ).toHaveLength(1);
      expect(at(`import x from '${UP}/${UP}/${UP}/elsewhere/x.js';`)).toHaveLength(1);
    });

    it('flags resolve/join with ".." segments from a folder the file computed', () => {
      const corpus = [
        `const repoRoot = fileURLToPath(new URL('${UP}/${UP}/', import.meta.url));`,
        `const corpusDir = resolve(repoRoot, '${UP}', 'shared', 'corpus');`,
      ].join('\n');
      expect(at(corpus)).toEqual(['test/unit/some.test.ts:2']);
      const walked = [
        `const shared = fileURLToPath(new URL('${UP}/${UP}/', import.meta.url));`,
        `filesUnder(join(shared, '${UP}', 'shared', 'samples'));`,
        `const here = dirname(fileURLToPath(import.meta.url));`,
        `const up = join(here, '${UP}', '${UP}');`,
        `new URL('${UP}/x', up);`,
      ].join('\n');
      expect(at(walked)).toEqual(['test/unit/some.test.ts:2', 'test/unit/some.test.ts:5']);
    });

    it("passes the project's own shared/ folder, fixtures and paths that stay inside", () => {
      expect(
        at(
          [
            `import { x } from '${UP}/${UP}/shared/config.js';`,
            `const root = fileURLToPath(new URL('${UP}/${UP}/', import.meta.url));`,
            `const fixtures = new URL('${UP}/fixtures/samples/', import.meta.url);`,
            `join(root, 'shared', 'catalog'); resolve(root, 'test', '${UP}', 'bench');`,
            `const line = parts.join(sep) + words.join('/');`,
            `body = '[{"id":"${UP}/${UP}/admin"}]';`,
          ].join('\n'),
        ),
      ).toEqual([]);
    });

    it('reads shell scripts from the repository root, and $(dirname "$0") from the script', () => {
      const script = join(repoRoot, 'scripts', 'x.sh');
      expect(escapesIn(script, `cd "$(dirname "$0")/${UP}"\nls ./docs`)).toEqual([]);
      expect(escapesIn(script, `cd "$(dirname "$0")/${UP}/${UP}"`)).toHaveLength(1);
      expect(escapesIn(script, `cat "${UP}/shared/SOURCES.md"`)).toHaveLength(1);
    });

    it('flags package.json scripts that name a path outside', () => {
      expect(
        escapesInScripts({ ok: 'vitest run test/unit ./dist', bad: `vitest run ${UP}/shared/corpus` }),
      ).toEqual([
        {
          where: 'package.json: scripts.bad',
          found: `${UP}/shared/corpus`,
          target: resolve(repoRoot, UP, 'shared/corpus'),
        },
      ]);
    });
  });
});
