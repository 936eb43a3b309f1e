import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { manifestSchema, sha256Hex } from '../../shared/evidence/manifest.js';
import {
  assembleEvidencePack,
  EvidenceIntegrityError,
  selectPackPages,
  type PackInput,
} from '../../shared/evidence/pack.js';
import { screenshotSource, snapshotKind } from '../../shared/evidence/snapshot-file.js';
import { verifyEvidencePack } from '../../shared/evidence/verify.js';

const html = '<!doctype html><html><body><p>a post</p><img src="http://hostile.example/a.png"></body></html>';
const json = '{"posts":[{"no":1,"com":"text"}]}';
const text = 'plain paste text\nsecond line';
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function page(pageId: string, body: string, screenshot: Uint8Array | null = png) {
  return {
    pageId,
    url: `http://127.0.0.1:1/${pageId}`,
    sourceId: 'kiwifarms',
    sourceName: 'Kiwi Farms',
    fetchedAt: '2026-11-25T08:33:14.541Z',
    httpStatus: 200,
    contentSha256: sha256Hex(body),
    body,
    screenshot,
    screenshotCutAtPx: null,
    findingIds: [`f-${pageId}`],
  };
}

function input(overrides: Partial<PackInput> = {}): PackInput {
  return {
    scannerVersion: '0.1.0',
    scanId: '6f1c2d3e-0000-4000-8000-000000000001',
    createdAt: new Date('2026-11-25T09:00:00.000Z'),
    requestedVia: 'service',
    report: {
      json: '{"reportVersion":2}',
      html: '<!doctype html><title>r</title>',
      pdf: strToU8('%PDF-1.7'),
      csv: 'a,b\n',
    },
    pages: [page('p1', html), page('p2', json), page('p3', text, null)],
    pagesWithFindings: 4,
    limit: 3,
    ...overrides,
  };
}

/** Rewrites a pack with `change` applied to its entries (stored uncompressed: the bytes are plain). */
function rezip(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  const zippable: Zippable = {};
  for (const [name, content] of Object.entries(files)) zippable[name] = content;
  return zipSync(zippable);
}

describe('evidence pack', () => {
  it('holds the reports, each page as fetched, screenshots, a cover and a manifest of every file', () => {
    const pack = assembleEvidencePack(input());
    const files = unzipSync(pack.bytes);
    expect(Object.keys(files)).toEqual([
      'README.txt',
      'report.json',
      'report.html',
      'report.pdf',
      'report.csv',
      'pages/p1.html.txt',
      'pages/p2.json',
      'pages/p3.txt',
      'screenshots/p1.png',
      'screenshots/p2.png',
      'manifest.json',
    ]);
    expect(new TextDecoder().decode(files['pages/p1.html.txt'])).toBe(html);
    const manifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode(files['manifest.json'])));
    expect(manifest.files.map((f) => f.path)).toEqual(Object.keys(files).slice(0, -1));
    for (const file of manifest.files) {
      expect(sha256Hex(files[file.path]!)).toBe(file.sha256);
      expect(files[file.path]!.byteLength).toBe(file.bytes);
    }
    expect(manifest.pages.map((p) => [p.snapshot, p.screenshot, p.mediaType])).toEqual([
      ['pages/p1.html.txt', 'screenshots/p1.png', 'text/html'],
      ['pages/p2.json', 'screenshots/p2.png', 'application/json'],
      ['pages/p3.txt', null, 'text/plain'],
    ]);
    expect(manifest.pageSelection).toMatchObject({
      rule: 'pages-with-findings',
      included: 3,
      omitted: 1,
      limit: 3,
    });
    expect(manifest.createdAt).toBe('2026-11-25T09:00:00.000Z');
    expect(sha256Hex(files['manifest.json']!)).toBe(pack.manifestSha256);
    const cover = new TextDecoder().decode(files['README.txt']);
    expect(cover).toContain('original pages of hostile websites');
    expect(cover).toContain('made on explicit request');
    expect(cover).toContain('scan.export');
    expect(cover).toContain('exposure-scanner verify');
    expect(cover).toContain('1 more page(s) with findings were not included');
    expect(pack.fileName).toBe('exposure-evidence-6f1c2d3e-0000-4000-8000-000000000001-20261125T090000Z.zip');
  });

  it('is the same bytes for the same input', () => {
    expect(sha256Hex(assembleEvidencePack(input()).bytes)).toBe(
      sha256Hex(assembleEvidencePack(input()).bytes),
    );
  });

  it('refuses a page that no longer matches the SHA-256 stored when it was fetched', () => {
    const bad = { ...page('p1', html), body: `${html} ` };
    expect(() => assembleEvidencePack(input({ pages: [bad] }))).toThrow(EvidenceIntegrityError);
  });

  it('verifies an intact pack', () => {
    const pack = assembleEvidencePack(input());
    const verdict = verifyEvidencePack(pack.bytes);
    expect(verdict).toMatchObject({ ok: true, manifestSha256: pack.manifestSha256 });
  });

  it('names a changed, a missing and an added file', () => {
    const { bytes } = assembleEvidencePack(input());
    const tampered = rezip(bytes, (files) => {
      files['report.csv'] = strToU8('a,b\nforged\n');
      delete files['screenshots/p2.png'];
      files['pages/extra.txt'] = strToU8('slipped in');
    });
    const verdict = verifyEvidencePack(tampered);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.problems.map((p) => [p.kind, 'path' in p ? p.path : ''])).toEqual([
      ['changed', 'report.csv'],
      ['missing', 'screenshots/p2.png'],
      ['extra', 'pages/extra.txt'],
    ]);
  });

  it("names a snapshot changed together with its manifest line (it no longer matches the page's fetched hash)", () => {
    const { bytes } = assembleEvidencePack(input());
    const tampered = rezip(bytes, (files) => {
      const forged = strToU8('<html><body>forged</body></html>');
      const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
      const entry = manifest.files.find((f: { path: string }) => f.path === 'pages/p1.html.txt');
      entry.sha256 = sha256Hex(forged);
      entry.bytes = forged.byteLength;
      files['pages/p1.html.txt'] = forged;
      files['manifest.json'] = strToU8(JSON.stringify(manifest));
    });
    const verdict = verifyEvidencePack(tampered);
    expect(verdict.ok ? [] : verdict.problems.map((p) => [p.kind, 'path' in p ? p.path : ''])).toEqual([
      ['page-hash', 'pages/p1.html.txt'],
    ]);
  });

  it('names the manifest when it is missing or malformed, and calls anything but a ZIP unreadable', () => {
    const { bytes } = assembleEvidencePack(input());
    const noManifest = verifyEvidencePack(rezip(bytes, (files) => delete files['manifest.json']));
    expect(noManifest.ok ? [] : noManifest.problems).toEqual([
      { kind: 'manifest', path: 'manifest.json', message: 'manifest.json: missing' },
    ]);
    const badManifest = verifyEvidencePack(
      rezip(
        bytes,
        (files) => (files['manifest.json'] = strToU8('{"manifestVersion":1,"files":[{"path":"../x"}]}')),
      ),
    );
    expect(badManifest.ok ? [] : badManifest.problems.map((p) => p.kind)).toEqual(['manifest']);
    const notZip = verifyEvidencePack(strToU8('not a zip at all'));
    expect(notZip.ok ? [] : notZip.problems).toEqual([
      { kind: 'unreadable', message: 'not a readable ZIP file' },
    ]);
  });

  it('names a damaged entry instead of failing the whole pack', () => {
    const { bytes } = assembleEvidencePack(input());
    const files = unzipSync(bytes);
    // report.json is deflated: find its data in the archive and break the compressed stream.
    const damaged = bytes.slice();
    const name = strToU8('report.json');
    let at = -1;
    for (let i = 0; i < damaged.length - 4; i++) {
      if (damaged[i] === 0x50 && damaged[i + 1] === 0x4b && damaged[i + 2] === 3 && damaged[i + 3] === 4) {
        const nameLength = damaged[i + 26]! | (damaged[i + 27]! << 8);
        const extra = damaged[i + 28]! | (damaged[i + 29]! << 8);
        const entryName = damaged.subarray(i + 30, i + 30 + nameLength);
        if (entryName.length === name.length && entryName.every((b, k) => b === name[k])) {
          at = i + 30 + nameLength + extra;
          break;
        }
      }
    }
    expect(at).toBeGreaterThan(0);
    damaged[at] = 0xff;
    damaged[at + 1] = 0xff;
    expect(files['report.json']).toBeDefined();
    const verdict = verifyEvidencePack(damaged);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? [] : verdict.problems.map((p) => ('path' in p ? p.path : p.kind))).toEqual([
      'report.json',
    ]);
  });

  it('selects every page with a finding, archived copies too, most severe first, within the bound', () => {
    const findings = [
      { id: 'a', pageId: 'p1', archivedCopies: [{ pageId: 'w1' }] },
      { id: 'b', pageId: 'p2', archivedCopies: [] },
      { id: 'c', pageId: 'p1', archivedCopies: [] },
      { id: 'd', pageId: 'p3', archivedCopies: [{ pageId: 'w1' }] },
    ];
    expect(selectPackPages(findings, 10)).toEqual({
      pages: [
        { pageId: 'p1', findingIds: ['a', 'c'] },
        { pageId: 'w1', findingIds: ['a', 'd'] },
        { pageId: 'p2', findingIds: ['b'] },
        { pageId: 'p3', findingIds: ['d'] },
      ],
      withFindings: 4,
    });
    expect(selectPackPages(findings, 2).pages.map((p) => p.pageId)).toEqual(['p1', 'w1']);
  });

  it('reads the kind of a page from its content and draws text pages as text', () => {
    expect(snapshotKind(html).extension).toBe('.html.txt');
    expect(snapshotKind('  <div class="post">x</div>').mediaType).toBe('text/html');
    expect(snapshotKind(json).extension).toBe('.json');
    expect(snapshotKind('{not json').extension).toBe('.txt');
    expect(snapshotKind(text).extension).toBe('.txt');
    expect(screenshotSource('<b>x</b> & y', snapshotKind(text))).toContain(
      '<pre>&#60;b&#62;x&#60;/b&#62; &#38; y</pre>',
    );
    expect(screenshotSource(html, snapshotKind(html))).toBe(html);
  });
});
