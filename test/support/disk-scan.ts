import { readdir, readFile, lstat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Searches every byte of every file under some folders for a person's identifiers, the way someone
 * holding the disk would: binary files too (caches, databases, LevelDB logs), each value as UTF-8 and
 * UTF-16LE (Chromium's own encoding for much of what it stores), ignoring ASCII case, and in the forms a
 * URL would carry it.
 */

/** The byte sequences of one identifier value to look for, lower-cased. */
export function diskNeedles(values: readonly string[]): Array<{ label: string; bytes: Buffer }> {
  const forms = new Map<string, string>();
  for (const value of values) {
    const lower = value.toLowerCase();
    forms.set(lower, value);
    forms.set(encodeURIComponent(lower).toLowerCase(), value);
    forms.set(lower.replace(/ /g, '+'), value);
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 7 && /^[+\d\s().-]+$/.test(value)) {
      forms.set(digits, value);
      // The national number alone, without the country code.
      forms.set(digits.slice(-10), value);
    }
  }
  const needles: Array<{ label: string; bytes: Buffer }> = [];
  for (const [form, value] of forms) {
    needles.push({ label: `${value} (utf-8: ${form})`, bytes: Buffer.from(form, 'utf8') });
    needles.push({ label: `${value} (utf-16le: ${form})`, bytes: Buffer.from(form, 'utf16le') });
  }
  return needles;
}

/** ASCII letters lower-cased in place of a copy; other bytes untouched (so UTF-16LE stays aligned). */
function asciiLower(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  for (let i = 0; i < copy.length; i++) {
    const byte = copy[i]!;
    if (byte >= 0x41 && byte <= 0x5a) copy[i] = byte + 0x20;
  }
  return copy;
}

/** Which needles `bytes` holds. */
export function needlesIn(bytes: Buffer, needles: ReturnType<typeof diskNeedles>): string[] {
  const lower = asciiLower(bytes);
  return needles.filter((needle) => lower.includes(needle.bytes)).map((needle) => needle.label);
}

/** Every regular file under the folders (symlinks not followed), as paths. */
export async function filesUnder(folders: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder).catch(() => [] as string[]);
    for (const name of entries) {
      const path = join(folder, name);
      const info = await lstat(path).catch(() => undefined);
      if (info?.isDirectory()) await walk(path);
      else if (info?.isFile()) files.push(path);
    }
  };
  for (const folder of folders) await walk(folder);
  return files;
}

/** The files under `root` holding any needle, as "relative/path: what was found". */
export async function identifiersOnDisk(
  root: string,
  needles: ReturnType<typeof diskNeedles>,
): Promise<{ files: number; leaks: string[] }> {
  const files = await filesUnder([root]);
  const leaks: string[] = [];
  for (const file of files) {
    // A file may vanish between listing and reading (Chromium rotates its own); that is not a leak.
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) continue;
    const found = needlesIn(bytes, needles);
    if (found.length > 0) leaks.push(`${relative(root, file)}: ${found.join(', ')}`);
  }
  return { files: files.length, leaks };
}
