/**
 * A KiwiFlare look-alike put in front of a replica's request handler: the proof-of-work gate of Kiwi
 * Farms as its public clients describe it. Without a valid `sssg_clearance` cookie, every request gets HTTP
 * 203 and a challenge page (`<html id="sssg" data-sssg-challenge data-sssg-difficulty
 * data-sssg-patience>`, shaped like test/fixtures/samples/kiwifarms/kiwiflare_challenge.html) whose script
 * finds a nonce such that SHA-256(salt + decimal nonce) starts with `difficulty` zero bits, posts it to
 * `/.sssg/api/answer` (form `a`, `b`), gets `{"auth": token}`, stores the token as the cookie and
 * reloads. The server checks every answer. Only a client that runs JavaScript gets through, which is
 * the point: it proves the browser path works and that plain HTTP cannot pass on its own.
 *
 * node:http and node:crypto only, like the rest of the farm.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface KiwiflareGateOptions {
  /** Leading zero bits the nonce's hash needs. 13 is ~8k hashes: well under a second in Chromium. */
  difficulty?: number;
  /** Minutes a challenge stays answerable (`data-sssg-patience`). */
  patienceMinutes?: number;
  /** How long a clearance token is honoured. */
  clearanceTtlMs?: number;
}

export interface KiwiflareGateStats {
  challengesServed: number;
  answersAccepted: number;
  answersRejected: number;
  /** Requests passed through to the forum because they carried a valid clearance. */
  cleared: number;
}

export interface KiwiflareGate {
  handler: Handler;
  stats: KiwiflareGateStats;
  /** Forgets every clearance issued so far, as if they had all expired. */
  revokeClearances(): void;
  /** Whether a `Cookie` header carries a clearance this gate currently honours. */
  hasValidClearance(cookieHeader: string | undefined): boolean;
}

export const CLEARANCE_COOKIE = 'sssg_clearance';
const ANSWER_PATH = '/.sssg/api/answer';
const SCRIPT_PATH = '/.sssg/static/challenge.js';
/** Bounds so a long demo run or a misbehaving client cannot grow the gate's memory without end. */
const MAX_OPEN_CHALLENGES = 10_000;
const MAX_ANSWER_BYTES = 2048;

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** The work a client must do, on the server side: used to check answers (and by tests to solve without a browser). */
export function proofOfWorkBits(salt: string, nonce: number | string): number {
  return leadingZeroBits(createHash('sha256').update(`${salt}${nonce}`, 'utf8').digest());
}

export function withKiwiflareGate(inner: Handler, options: KiwiflareGateOptions = {}): KiwiflareGate {
  const difficulty = options.difficulty ?? 13;
  const patienceMinutes = options.patienceMinutes ?? 5;
  const clearanceTtlMs = options.clearanceTtlMs ?? 30 * 60_000;
  /** salt → time it was issued. A salt is answered once. */
  const challenges = new Map<string, number>();
  /** token → expiry (epoch ms). */
  const clearances = new Map<string, number>();
  const stats: KiwiflareGateStats = {
    challengesServed: 0,
    answersAccepted: 0,
    answersRejected: 0,
    cleared: 0,
  };

  function hasValidClearance(cookieHeader: string | undefined): boolean {
    const token = readCookie(cookieHeader, CLEARANCE_COOKIE);
    if (!token) return false;
    const expires = clearances.get(token);
    if (expires === undefined) return false;
    if (expires <= Date.now()) {
      clearances.delete(token);
      return false;
    }
    return true;
  }

  function issueChallenge(): string {
    const salt = randomBytes(18).toString('base64url');
    if (challenges.size >= MAX_OPEN_CHALLENGES) {
      const oldest = challenges.keys().next().value;
      if (oldest !== undefined) challenges.delete(oldest);
    }
    challenges.set(salt, Date.now());
    return salt;
  }

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  function answer(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      json(res, 405, { error: 'method not allowed' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const reject = (status: number, error: string): void => {
        stats.answersRejected++;
        json(res, status, { error });
      };
      if (size > MAX_ANSWER_BYTES) return reject(413, 'answer too large');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const salt = form.get('a') ?? '';
      const nonceText = form.get('b') ?? '';
      // The real gate answers a negative nonce with a server error.
      if (/^-\d+$/.test(nonceText)) return reject(500, 'internal error');
      if (!/^\d{1,16}$/.test(nonceText)) return reject(400, 'invalid nonce');
      const issuedAt = challenges.get(salt);
      if (issuedAt === undefined) return reject(400, 'unknown or spent challenge');
      if (Date.now() - issuedAt > patienceMinutes * 60_000) {
        challenges.delete(salt);
        return reject(400, 'challenge expired');
      }
      if (proofOfWorkBits(salt, nonceText) < difficulty) return reject(400, 'invalid solution');
      challenges.delete(salt);
      const token = randomBytes(24).toString('base64url');
      clearances.set(token, Date.now() + clearanceTtlMs);
      stats.answersAccepted++;
      json(res, 200, { auth: token });
    });
  }

  const handler: Handler = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://replica.invalid').pathname;
    if (path === ANSWER_PATH) {
      answer(req, res);
      return;
    }
    if (path === SCRIPT_PATH) {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=3600',
      });
      res.end(req.method === 'HEAD' ? undefined : CHALLENGE_SCRIPT);
      return;
    }
    if (hasValidClearance(req.headers.cookie)) {
      stats.cleared++;
      inner(req, res);
      return;
    }
    stats.challengesServed++;
    res.writeHead(203, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : challengePage(issueChallenge(), difficulty, patienceMinutes));
  };

  return {
    handler,
    stats,
    revokeClearances: () => clearances.clear(),
    hasValidClearance,
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

function challengePage(salt: string, difficulty: number, patienceMinutes: number): string {
  return `<!DOCTYPE html>
<html id="sssg" lang="en" data-sssg-challenge="${salt}" data-sssg-difficulty="${difficulty}" data-sssg-patience="${patienceMinutes}">
<head>
<meta charset="utf-8">
<title>Checking your browser…</title>
<meta name="robots" content="noindex,nofollow">
<script src="${SCRIPT_PATH}" defer></script>
</head>
<body>
<noscript>Please enable JavaScript to continue.</noscript>
<main class="sssg-box">
  <h1>One moment</h1>
  <p>Your browser is solving a small puzzle before the page loads.</p>
  <progress id="sssg-progress" max="100" value="0"></progress>
</main>
</body>
</html>
`;
}

/**
 * The browser side. WebCrypto where the page is a secure context (https, or loopback as in the tests);
 * a plain-JS SHA-256 otherwise, so the gate also works when the farm listens on a container address
 * over plain http, where `crypto.subtle` does not exist.
 */
const CHALLENGE_SCRIPT = String.raw`(function () {
  'use strict';
  var root = document.documentElement;
  var salt = root.getAttribute('data-sssg-challenge');
  var bits = Number(root.getAttribute('data-sssg-difficulty'));
  var progress = document.getElementById('sssg-progress');
  var encoder = new TextEncoder();
  var BATCH = 256;

  function zeroBits(bytes) {
    var n = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { n += 8; continue; }
      return n + Math.clz32(bytes[i]) - 24;
    }
    return n;
  }

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  // FIPS 180-4, for pages that are not a secure context.
  function sha256(message) {
    var length = message.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(message);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 4, length * 8);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    var h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    var w = new Uint32Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var t = 0; t < 16; t++) w[t] = view.getUint32(offset + t * 4);
      for (t = 16; t < 64; t++) {
        var s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        var s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (t = 0; t < 64; t++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    var out = new Uint8Array(32);
    var outView = new DataView(out.buffer);
    for (var i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]);
    return out;
  }

  function digest(text) {
    var bytes = encoder.encode(text);
    if (window.crypto && window.crypto.subtle) {
      return window.crypto.subtle.digest('SHA-256', bytes).then(function (buffer) { return new Uint8Array(buffer); });
    }
    return Promise.resolve(sha256(bytes));
  }

  function search(start) {
    var batch = [];
    for (var nonce = start; nonce < start + BATCH; nonce++) batch.push(digest(salt + nonce));
    return Promise.all(batch).then(function (hashes) {
      for (var i = 0; i < hashes.length; i++) if (zeroBits(hashes[i]) >= bits) return start + i;
      if (progress) progress.value = Math.min(99, Math.round((100 * (start + BATCH)) / Math.pow(2, bits + 1)));
      return search(start + BATCH);
    });
  }

  function fail(message) {
    var box = document.querySelector('.sssg-box p');
    if (box) box.textContent = message;
  }

  search(0)
    .then(function (nonce) {
      return fetch('/.sssg/api/answer', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ a: salt, b: String(nonce) }).toString(),
        credentials: 'same-origin'
      });
    })
    .then(function (response) { return response.json(); })
    .then(function (result) {
      if (!result || !result.auth) { fail('The check failed. Reload the page to try again.'); return; }
      document.cookie = 'sssg_clearance=' + result.auth + '; path=/; SameSite=Lax';
      if (progress) progress.value = 100;
      location.reload();
    })
    .catch(function () { fail('The check failed. Reload the page to try again.'); });
})();
`;
