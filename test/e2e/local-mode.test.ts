import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report/report.schema.js';
import { startReplicaFarm, type ReplicaFarm } from '../replicas/farm.js';
import { decoyValues, demoProfile, demoSearchQueries } from '../replicas/personas/demo.persona.js';
import {
  secondDecoyValues,
  secondExpectations,
  secondProfile,
  secondSearchQueries,
} from '../replicas/personas/second.persona.js';
import { compareWithDemoTruth, compareWithTruth, foundPosts } from '../support/expectations.js';
import { findLeaks, leakNeedles } from '../support/leaks.js';
import { writeFarmOverrides } from '../support/overrides-file.js';

/**
 * Local mode end to end through the built command (`npm test` builds first): the CLI on PGlite with
 * the in-process runner, against the replica farm. Same persona, same findings as service mode.
 */
const bin = new URL('../../bin/exposure-scanner', import.meta.url).pathname;

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('local mode: the CLI on PGlite', () => {
  let farm: ReplicaFarm;
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    farm = await startReplicaFarm();
    work = mkdtempSync(join(tmpdir(), 'exposure-cli-'));
    env = {
      EXPOSURE_DATA_DIR: join(work, 'data'),
      EXPOSURE_SOURCE_OVERRIDES: writeFarmOverrides(farm),
      LOG_LEVEL: 'debug',
    };
  });
  afterAll(async () => {
    await farm?.close();
  });

  // A process of its own that starts its database, scans, and prints the PDF through Chromium: longer
  // than the default when the suite runs three files at once.
  it(
    'scan --profile writes report.json and report.html with exactly the seeded exposures, and logs no identifier',
    {
      timeout: 150_000,
    },
    async () => {
      const profile = join(work, 'profile.json');
      writeFileSync(profile, JSON.stringify(demoProfile));
      const out = join(work, 'report');
      const result = await run(
        ['scan', '--profile', profile, '--sources', 'kiwifarms,pastebin', '--allow-direct', '--out', out],
        env,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('report.html');
      expect(result.stderr).toContain('Created a master key');
      const report: Report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      // Pastebin can only be read through its archive of the newest pastes: checked in part, said so.
      expect(report.scan.status).toBe('partial');
      expect(report.sources.find((s) => s.id === 'pastebin')).toMatchObject({
        coverage: 'partial',
        reason: expect.stringMatching(/only the newest \d+ pastes of its public archive/),
      });
      expect(report.scan.mode).toBe('local');
      expect(compareWithDemoTruth(report)).toEqual([]);
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('What is exposed where');
      // Debug-level logs of the whole scan: scan ids and counts, never the person.
      expect(result.stderr).toContain('page matched');
      expect(findLeaks(result.stderr, leakNeedles(demoProfile.identifiers.map((i) => i.value)))).toEqual([]);
      expect(findLeaks(readFileSync(join(out, 'report.json'), 'utf8'), leakNeedles(decoyValues))).toEqual([]);
      // The terminal summary names details by label only; the four renderings are written.
      expect(findLeaks(result.stdout, leakNeedles(demoProfile.identifiers.map((i) => i.value)))).toEqual([]);
      for (const file of ['report.pdf', 'report.csv']) expect(existsSync(join(out, file)), file).toBe(true);
      // Other people's details on the seeded pages never appear in clear in any rendering.
      const renderings = {
        'report.html': readFileSync(join(out, 'report.html'), 'utf8'),
        'report.csv': readFileSync(join(out, 'report.csv'), 'utf8'),
        'report.pdf': execFileSync('pdftotext', ['-layout', join(out, 'report.pdf'), '-']).toString('utf8'),
      };
      // pdftotext breaks a long address where the page wrapped it: compare without white space.
      const pdfText = renderings['report.pdf'].replace(/\s+/g, '');
      for (const finding of report.findings) expect(pdfText).toContain(finding.permalink);
      for (const [file, text] of Object.entries(renderings)) {
        expect(findLeaks(text, leakNeedles(decoyValues)), file).toEqual([]);
      }
      const searches = farm.queryLog.filter((r) => r.sourceId === 'kiwifarms' && r.path === '/search/search');
      expect(new Set(searches.map((r) => r.query.keywords))).toEqual(new Set(demoSearchQueries));
    },
  );

  it('scan --profile of the second persona finds exactly her seeded exposures, and hostile sources heard only her handles', async () => {
    const profile = join(work, 'second-profile.json');
    writeFileSync(profile, JSON.stringify(secondProfile));
    const out = join(work, 'second');
    const sources = ['kiwifarms', 'pastebin', 'archived-moe', '4chan'];
    const before = farm.queryLog.length;
    const result = await run(
      ['scan', '--profile', profile, '--sources', sources.join(','), '--allow-direct', '--out', out],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const report: Report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    // Pastebin can only be read through its archive of the newest pastes: checked in part, said so.
    expect(report.scan.status).toBe('partial');
    expect(report.sources.find((s) => s.id === 'pastebin')).toMatchObject({
      coverage: 'partial',
      reason: expect.stringMatching(/only the newest \d+ pastes of its public archive/),
    });
    expect(report.sources.map((s) => s.id).sort()).toEqual([...sources].sort());
    expect(compareWithTruth(report, 'second')).toEqual([]);
    expect(foundPosts(report).size).toBe(secondExpectations.length);
    expect(findLeaks(result.stderr, leakNeedles(secondProfile.identifiers.map((i) => i.value)))).toEqual([]);
    expect(findLeaks(readFileSync(join(out, 'report.json'), 'utf8'), leakNeedles(secondDecoyValues))).toEqual(
      [],
    );

    // What this scan told the farm: her handles in the hostile search boxes, nothing else of her anywhere.
    const log = farm.queryLog.slice(before);
    const forum = log.filter((r) => r.sourceId === 'kiwifarms' && r.path === '/search/search');
    expect(new Set(forum.map((r) => r.query.keywords))).toEqual(new Set(secondSearchQueries));
    const archive = log.filter(
      (r) => r.sourceId === 'archived-moe' && r.path.startsWith('/_/api/chan/search'),
    );
    expect(archive.length).toBeGreaterThan(0);
    expect(new Set(archive.map((r) => r.query.text ?? r.query.username))).toEqual(
      new Set(secondSearchQueries),
    );
    expect(
      log
        .filter((r) => ['pastebin', '4chan'].includes(r.sourceId))
        .every((r) => Object.keys(r.query).length === 0),
    ).toBe(true);
    const sensitive = secondProfile.identifiers
      .filter((i) => i.kind !== 'handle')
      .map((i) => i.value.toLowerCase());
    // Nor anything of the other persona: a scan asks only about the person in its request.
    const demoHandles = demoSearchQueries.map((h) => h.toLowerCase());
    for (const entry of log) {
      const sent = decodeURIComponent(`${entry.path} ${Object.values(entry.query).join(' ')}`).toLowerCase();
      for (const value of leakNeedles(sensitive)) expect(sent, entry.path).not.toContain(value);
      for (const handle of demoHandles) expect(sent, entry.path).not.toContain(handle);
    }
  });

  it('scan takes identifiers as repeatable flags too', async () => {
    const out = join(work, 'flags');
    const result = await run(
      [
        'scan',
        '--handle',
        'Sorrel_Draws',
        '--email',
        'sorrelq.commissions@example.org',
        '--sources',
        'pastebin',
        '--allow-direct',
        '--out',
        out,
        '--json',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const report: Report = JSON.parse(result.stdout);
    expect(report.sources.map((s) => s.id)).toEqual(['pastebin']);
    const posts = report.findings.map((finding) => finding.postId).sort();
    expect(posts).toEqual(['Kp3Md7Wq', 'Qm7Lp2Xa']);
  });

  it('refuses a bad profile with exit 2 naming the field', async () => {
    const profile = join(work, 'bad.json');
    writeFileSync(
      profile,
      JSON.stringify({
        identifiers: [
          { kind: 'handle', value: 'ok' },
          { kind: 'email', value: '' },
        ],
      }),
    );
    const result = await run(
      ['scan', '--profile', profile, '--allow-direct', '--out', join(work, 'never')],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('identifiers[1].value');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('refuses hostile sources without a proxy unless --allow-direct is given', async () => {
    const result = await run(['scan', '--handle', 'someone', '--out', join(work, 'never2')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('allowDirect');
  });

  it('refuses a worker flag out of range with exit 2 naming the flag', async () => {
    for (const value of ['0', 'many', '1.5']) {
      const result = await run(['worker', '--fetch-jobs', value], env);
      expect(result.code, value).toBe(2);
      expect(result.stderr, value).toMatch(/^error: --fetch-jobs: /);
    }
  });

  it('stops on a bad setting with one line naming the variable', async () => {
    const result = await run(['scan', '--handle', 'x', '--allow-direct'], {
      ...env,
      PORT: 'eighty',
      EXPOSURE_MASTER_KEY: 'short',
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/invalid setting (PORT|EXPOSURE_MASTER_KEY)/);
  });

  it('match prints the contract JSON and exits 2 on a bad profile', async () => {
    const profile = join(work, 'match-profile.json');
    writeFileSync(
      profile,
      JSON.stringify({ identifiers: [{ id: 'h1', kind: 'handle', value: 'mothlantern' }] }),
    );
    const page = join(work, 'page.html');
    writeFileSync(page, '<div class="bbWrapper">ask <b>MothLantern</b> or call (503) 555-0148</div>');
    const ok = await run(['match', '--profile', profile, page], env);
    expect(ok.code, ok.stderr).toBe(0);
    const parsed = JSON.parse(ok.stdout);
    expect(parsed.results).toHaveLength(1);
    expect(parsed.results[0].file).toBe(page);
    expect(parsed.results[0].matches).toEqual([
      expect.objectContaining({ identifierId: 'h1', kind: 'handle' }),
    ]);
    expect(ok.stdout).not.toContain('555-0148');

    writeFileSync(
      profile,
      JSON.stringify({ identifiers: [{ id: 'e1', kind: 'email', value: 'not-an-email' }] }),
    );
    const bad = await run(['match', '--profile', profile, page], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('identifiers[0]');
  });

  it('demo scans the synthetic persona against its own replica farm and leaves a report', async () => {
    const out = join(work, 'demo');
    const result = await run(['demo', '--out', out, '--no-progress'], {
      ...env,
      EXPOSURE_SOURCE_OVERRIDES: '',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('throwaway database and master key');
    const report: Report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(compareWithDemoTruth(report)).toEqual([]);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    // A whole scan of the farm in a process of its own: about 20 s alone, three times that beside two
    // other test files on a slow machine.
  }, 180_000);
});
