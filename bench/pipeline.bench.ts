import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { runLocalScan } from '../services/cli/local-scan.js';
import { loadConfig } from '../shared/config.js';
import { generateMasterKey } from '../shared/crypto/envelope.js';
import { assignIdentifierIds } from '../shared/domain/identifier.js';
import { scanRequestSchema } from '../shared/domain/scan.js';
import { createLogger } from '../shared/log.js';
import { compileProfile, matchText } from '../shared/matching/index.js';
import { createPastebinReplica, type PasteSeed } from '../test/replicas/pastebin.replica.js';
import { demoPastes, demoProfile } from '../test/replicas/personas/demo.persona.js';

/**
 * Pipeline throughput in local mode against a Pastebin replica with many pastes, beside two
 * references measured in the same run: the bare HTTP fetch of the same pages (what waiting alone
 * costs) and the matcher alone over the same texts in memory (the ceiling for parsing and matching).
 */
const WORDS =
  'the a thread stream art commission drama post said about her his they were going lol anyway link archive old new'.split(
    ' ',
  );

function syntheticPastes(count: number): PasteSeed[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, i) => {
    const lines = Array.from({ length: 60 + Math.floor(next() * 60) }, () =>
      Array.from({ length: 12 }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' '),
    );
    return {
      key: `B${String(i).padStart(7, '0')}`,
      title: `untitled ${i}`,
      syntax: { slug: 'text', label: 'None' },
      postedAgo: `${i} min ago`,
      body: lines.join('\n'),
    };
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function pipelineBench(pages = 400): Promise<string[]> {
  const pastes = [...demoPastes, ...syntheticPastes(pages - demoPastes.length)];
  const server = createServer(createPastebinReplica(pastes));
  const baseUrl = await listen(server);
  const concurrency = 8;
  const lines: string[] = [];
  try {
    // Reference 1: fetch only.
    const agent = new Agent({ connections: concurrency });
    const urls = pastes.map((paste) => `${baseUrl}/raw/${paste.key}`);
    const bodies: string[] = [];
    let t = performance.now();
    for (let i = 0; i < urls.length; i += concurrency) {
      const batch = await Promise.all(
        urls
          .slice(i, i + concurrency)
          .map(async (url) => (await request(url, { dispatcher: agent })).body.text()),
      );
      bodies.push(...batch);
    }
    const fetchOnly = pastes.length / ((performance.now() - t) / 1000);
    await agent.close();

    // Reference 2: the matcher alone over the same texts.
    const profile = compileProfile(assignIdentifierIds([...demoProfile.identifiers]));
    t = performance.now();
    for (const body of bodies) matchText(profile, body);
    const matchOnly = bodies.length / ((performance.now() - t) / 1000);

    // The pipeline: plan, listing search, one fetch job per paste, match, sealed findings in PGlite.
    const dataDir = mkdtempSync(join(tmpdir(), 'exposure-bench-'));
    try {
      const config = loadConfig({ EXPOSURE_DATA_DIR: dataDir, EXPOSURE_MASTER_KEY: generateMasterKey() });
      const result = await runLocalScan({
        config,
        masterKey: config.masterKey!,
        request: scanRequestSchema.parse({
          identifiers: demoProfile.identifiers,
          sources: ['pastebin'],
          allowDirect: true,
        }),
        outDir: join(dataDir, 'report'),
        log: createLogger({ level: 'silent' }),
        overrides: {
          pastebin: {
            baseUrl,
            allowPrivateNetwork: true,
            politeness: { requestsPerSecond: 1000, concurrency, maxPagesPerScan: pages },
          },
        },
      });
      const { createdAt, finishedAt } = result.report.scan;
      const scanSeconds = (Date.parse(finishedAt!) - Date.parse(createdAt)) / 1000;
      const fetched = result.report.summary.pagesFetched;
      const pipeline = fetched / scanSeconds;
      lines.push(
        `pipeline, local mode, HTTP, ${fetched} pages (pastes of ~4 KB), concurrency ${concurrency}:`,
        `  fetch only (reference)     ${fetchOnly.toFixed(0).padStart(7)} pages/s`,
        `  matcher only (ceiling)     ${matchOnly.toFixed(0).padStart(7)} pages/s`,
        `  whole pipeline             ${pipeline.toFixed(0).padStart(7)} pages/s  (${scanSeconds.toFixed(2)} s scan, ${(result.elapsedMs / 1000).toFixed(2)} s with database start)`,
        `  pipeline / matcher ceiling ${(pipeline / matchOnly).toFixed(2).padStart(7)}`,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    server.close();
  }
  return lines;
}
