// Figures for `npm run bench` (issue [3]): RSA-2048 generation with node:crypto against `openssl genrsa 2048`
// (median of N each, interleaved so both see the same machine load), and the full request flow
// new → CA signs → complete → export PFX, timed in-process on a temp data folder.
// Usage: `node dist/bench/requests.js [runs]` or `runRequestsBench({ runs })`.
// The flow needs a data key: it uses passphrase mode (no keychain needed); the keychain adds one lookup.
import { execFileSync } from 'node:child_process';
import { generateKeyPair } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export interface Stats {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface RequestsBench {
  keygen: { node: Stats; openssl: Stats; ratio: number; target: number; withinTarget: boolean };
  flow: { runs: number; newMs: Stats; completeMs: Stats; exportMs: Stats; totalMs: Stats };
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { runs: samples.length, medianMs: round(median), minMs: round(sorted[0]), maxMs: round(sorted[sorted.length - 1]) };
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * node:crypto generateKeyPair('rsa', 2048) vs the openssl CLI. The openssl figure includes starting the
 * process (~5-10 ms), as an admin running `openssl genrsa` would see it; `opensslProcessMs` is reported
 * separately (`openssl version`) so the two can be compared on the same footing.
 */
export async function benchKeygen(runs = 15): Promise<RequestsBench['keygen'] & { opensslProcessMs: number }> {
  const nodeSamples: number[] = [];
  const opensslSamples: number[] = [];
  const processSamples: number[] = [];
  await generate('rsa', { modulusLength: 2048 }); // warm-up (loads OpenSSL providers)
  for (let i = 0; i < runs; i++) {
    nodeSamples.push(await time(() => generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 })));
    opensslSamples.push(await time(() => execFileSync('openssl', ['genrsa', '2048'], { stdio: ['ignore', 'pipe', 'ignore'] })));
    processSamples.push(await time(() => execFileSync('openssl', ['version'], { stdio: ['ignore', 'pipe', 'ignore'] })));
  }
  const node = stats(nodeSamples);
  const openssl = stats(opensslSamples);
  const ratio = Math.round((node.medianMs / openssl.medianMs) * 100) / 100;
  return { node, openssl, ratio, target: 1.2, withinTarget: ratio <= 1.2, opensslProcessMs: stats(processSamples).medianMs };
}

/** The whole flow in-process against a temp data folder and an openssl CA. */
export async function benchFlow(runs = 5): Promise<RequestsBench['flow']> {
  const work = mkdtempSync(join(tmpdir(), 'certdesk-bench-'));
  const saved = { home: process.env.CERTDESK_HOME, vault: process.env.CERTDESK_VAULT, pass: process.env.CERTDESK_PASSPHRASE };
  process.env.CERTDESK_HOME = join(work, 'home');
  process.env.CERTDESK_VAULT = 'passphrase';
  process.env.CERTDESK_PASSPHRASE = 'bench passphrase, not a secret';
  // Loaded here so the environment above is in place before the service opens anything.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const service = require('../electron/engine/requests/service') as typeof import('../electron/engine/requests/service');
  const ca = (args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    ca(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=Bench Root', '-days', '30', '-out', 'ca.pem',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
    writeFileSync(join(work, 'leaf.cnf'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,2.16.840.1.113741.1.2.3\n');
    const newMs: number[] = [];
    const completeMs: number[] = [];
    const exportMs: number[] = [];
    const totalMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const start = t;
      const request = await service.newRequest({ cn: `bench${i}.example.com`, org: 'example.com' });
      newMs.push(performance.now() - t);
      writeFileSync(join(work, 'r.csr'), request.csrPem);
      ca(['x509', '-req', '-in', 'r.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(100 + i), '-days', '30', '-extfile', 'leaf.cnf', '-out', 'r.pem']);
      const reply = readFileSync(join(work, 'r.pem')).toString('base64');
      const chain = readFileSync(join(work, 'ca.pem')).toString('base64');
      t = performance.now();
      await service.completeRequest({ fileName: 'r.pem', contentBase64: reply, chain: { fileName: 'ca.pem', contentBase64: chain } });
      completeMs.push(performance.now() - t);
      t = performance.now();
      await service.exportPfx({ idOrThumbprint: request.id, password: 'bench export password' });
      exportMs.push(performance.now() - t);
      totalMs.push(performance.now() - start);
    }
    return { runs, newMs: stats(newMs), completeMs: stats(completeMs), exportMs: stats(exportMs), totalMs: stats(totalMs) };
  } finally {
    service.closeDatabase();
    for (const [key, value] of [['CERTDESK_HOME', saved.home], ['CERTDESK_VAULT', saved.vault], ['CERTDESK_PASSPHRASE', saved.pass]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(work, { recursive: true, force: true });
  }
}

export async function runRequestsBench(options: { runs?: number; flowRuns?: number } = {}): Promise<RequestsBench & { keygen: { opensslProcessMs: number } }> {
  const keygen = await benchKeygen(options.runs ?? 15);
  const flow = await benchFlow(options.flowRuns ?? 5);
  return { keygen, flow };
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 15) || 15;
  runRequestsBench({ runs }).then(
    (result) => process.stdout.write(JSON.stringify(result, null, 2) + '\n'),
    (error) => {
      process.stderr.write(`bench failed: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
