import { unzipSync, type Unzipped } from 'fflate';
import { MANIFEST_PATH, manifestSchema, sha256Hex, type EvidenceManifest } from './manifest.js';

/**
 * Checks an evidence pack against its own manifest: every listed file present with its SHA-256 and size,
 * nothing unlisted, every page's snapshot hashing to the SHA-256 recorded when it was fetched. Pure: the
 * bytes in, a verdict out (the CLI reads the file; the tests call this directly).
 */

export type PackProblem =
  /** Not a ZIP that can be read (or too large to check): bad input rather than a broken pack. */
  | { kind: 'unreadable'; message: string }
  | { kind: 'manifest'; path: typeof MANIFEST_PATH; message: string }
  | {
      kind: 'changed' | 'missing' | 'extra' | 'duplicate' | 'page-hash' | 'unlisted';
      path: string;
      message: string;
    };

export type PackVerdict =
  | { ok: true; manifest: EvidenceManifest; manifestSha256: string }
  | { ok: false; problems: PackProblem[]; manifestSha256?: string };

/** Declared sizes above this are refused before anything is inflated (a ZIP bomb stops here). */
const MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024;

export function verifyEvidencePack(zip: Uint8Array): PackVerdict {
  const opened = openZip(zip);
  if ('problem' in opened) return { ok: false, problems: [opened.problem] };
  const { files, duplicates, damaged } = opened;

  const problems: PackProblem[] = [
    ...duplicates.map((path) => ({
      kind: 'duplicate' as const,
      path,
      message: `${path}: stored more than once (readers may show different copies)`,
    })),
    ...damaged.map((path) => ({
      kind: 'changed' as const,
      path,
      message: `${path}: damaged (cannot be unpacked)`,
    })),
  ];
  const manifestBytes = files[MANIFEST_PATH];
  if (!manifestBytes) {
    const missing = damaged.includes(MANIFEST_PATH)
      ? []
      : [
          {
            kind: 'manifest' as const,
            path: MANIFEST_PATH as typeof MANIFEST_PATH,
            message: `${MANIFEST_PATH}: missing`,
          },
        ];
    return { ok: false, problems: [...problems, ...missing] };
  }
  const manifestSha256 = sha256Hex(manifestBytes);
  const manifest = parseManifest(manifestBytes);
  if ('message' in manifest) {
    return {
      ok: false,
      manifestSha256,
      problems: [
        ...problems,
        { kind: 'manifest', path: MANIFEST_PATH, message: `${MANIFEST_PATH}: ${manifest.message}` },
      ],
    };
  }

  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  for (const file of manifest.files) {
    const content = files[file.path];
    if (damaged.includes(file.path)) continue;
    if (!content) {
      problems.push({ kind: 'missing', path: file.path, message: `${file.path}: missing` });
    } else if (content.byteLength !== file.bytes || sha256Hex(content) !== file.sha256) {
      problems.push({
        kind: 'changed',
        path: file.path,
        message: `${file.path}: its SHA-256 differs from the manifest (changed after the pack was made)`,
      });
    }
  }
  for (const path of Object.keys(files)) {
    if (path === MANIFEST_PATH || listed.has(path) || damaged.includes(path)) continue;
    problems.push({
      kind: 'extra',
      path,
      message: `${path}: not in the manifest (added after the pack was made)`,
    });
  }
  for (const page of manifest.pages) {
    for (const path of [page.snapshot, page.screenshot]) {
      if (path !== null && !listed.has(path)) {
        problems.push({
          kind: 'unlisted',
          path,
          message: `${path}: named by page ${page.pageId} but not listed with a hash`,
        });
      }
    }
    const snapshot = files[page.snapshot];
    if (snapshot && sha256Hex(snapshot) !== page.contentSha256) {
      problems.push({
        kind: 'page-hash',
        path: page.snapshot,
        message: `${page.snapshot}: differs from the page's SHA-256 recorded when it was fetched`,
      });
    }
  }
  return problems.length === 0
    ? { ok: true, manifest, manifestSha256 }
    : { ok: false, problems, manifestSha256 };
}

function openZip(
  zip: Uint8Array,
): { files: Unzipped; duplicates: string[]; damaged: string[] } | { problem: PackProblem } {
  const names: string[] = [];
  let declared = 0;
  try {
    // First the directory alone (nothing inflated): names, and the sizes they claim.
    unzipSync(zip, {
      filter(file) {
        // Folder entries some tools add carry nothing to check.
        if (!file.name.endsWith('/')) names.push(file.name);
        declared += file.originalSize;
        return false;
      },
    });
  } catch {
    return { problem: { kind: 'unreadable', message: 'not a readable ZIP file' } };
  }
  if (declared > MAX_UNPACKED_BYTES) {
    return {
      problem: {
        kind: 'unreadable',
        message: `unpacks to more than ${MAX_UNPACKED_BYTES} bytes; not an evidence pack`,
      },
    };
  }
  // Then each file on its own, so a damaged one is named instead of failing the whole pack.
  const files: Unzipped = {};
  const damaged: string[] = [];
  for (const name of new Set(names)) {
    try {
      const one = unzipSync(zip, { filter: (file) => file.name === name });
      if (one[name]) files[name] = one[name];
    } catch {
      damaged.push(name);
    }
  }
  const duplicates = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  return { files, duplicates, damaged };
}

function parseManifest(bytes: Uint8Array): EvidenceManifest | { message: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { message: 'not valid JSON' };
  }
  const parsed = manifestSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return { message: `${issue.path.join('.') || '(root)'}: ${issue.message}` };
}
