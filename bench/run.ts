// `npm run bench`: ratios measured side by side in one run (never absolute timings in tests).
// Each section prints what it compared, the medians and the ratio against its target.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectBytes } from '../electron/services/inspect';
import { readContainer } from '../electron/services/pki/read';
import { amtHierarchy, Pki } from '../test/support/openssl';
import { buildSignedDataBundle } from './p7b';
import { benchFlow, benchKeygen } from '../electron/services/requests/bench';
import { measureOpen } from '../test/e2e/measure-open';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'certdesk.js');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `a` and `b` alternately `rounds` times so both see the same machine load. */
export function sideBySide(rounds: number, a: () => void, b: () => void): { a: number; b: number; ratio: number } {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ta.push(timeMs(a));
    tb.push(timeMs(b));
  }
  const ma = median(ta);
  const mb = median(tb);
  return { a: ma, b: mb, ratio: ma / mb };
}

export function row(name: string, detail: string, ratio: number | null, target: string, ok: boolean): void {
  const ratioText = ratio === null ? '' : `${ratio.toFixed(2)}×`;
  console.log(`${ok ? 'ok  ' : 'MISS'}  ${name.padEnd(44)} ${ratioText.padStart(8)}  target ${target.padEnd(10)} ${detail}`);
}

function benchCli(pki: Pki, pfx: string): void {
  const env = { ...process.env, BENCH_PW: 'bench' };
  const r = sideBySide(
    15,
    () => {
      const out = spawnSync(process.execPath, [BIN, 'check', pfx, '--password-env', 'BENCH_PW', '--json'], { env });
      if (out.status !== 0 && out.status !== 1) throw new Error(`certdesk failed: ${out.stdout}${out.stderr}`);
    },
    () => spawnSync(process.execPath, ['-e', '0']),
  );
  row('cold `certdesk check x.pfx --json` / `node -e 0`', `${r.a.toFixed(0)} ms vs ${r.b.toFixed(0)} ms`, r.ratio, '≤ 3×', r.ratio <= 3);
  void pki;
}

function benchParse(pki: Pki, pfx: string): void {
  const bytes = pki.read(pfx);
  const r = sideBySide(
    20,
    () => inspectBytes({ fileName: pfx, bytes, password: 'bench' }),
    () => execFileSync('openssl', ['pkcs12', '-info', '-noout', '-in', pki.path(pfx), '-passin', 'env:BENCH_PW'], { env: { ...process.env, BENCH_PW: 'bench' }, stdio: 'pipe' }),
  );
  row('in-process parse+check AES PFX / openssl pkcs12 -info', `${r.a.toFixed(1)} ms vs ${r.b.toFixed(1)} ms`, r.ratio, '≤ 1×', r.ratio <= 1);
}

/**
 * `count` distinct certificates: copies of one real certificate with the serial number rewritten (the
 * reader parses each distinct certificate once, so repeating the same three would measure a cache).
 */
function distinctCertificates(pki: Pki, certFile: string, count: number): Buffer[] {
  const base = pki.der(certFile);
  const serial = Buffer.from(pki.facts(certFile).serial.padStart(4, '0'), 'hex');
  if (serial.length !== 2) throw new Error('bench fixture: expected a 2-byte serial number');
  const at = base.indexOf(Buffer.concat([Buffer.from([0x02, 0x02]), serial])) + 2;
  return Array.from({ length: count }, (_, i) => {
    const der = Buffer.from(base);
    der.writeUInt16BE(i + 1, at);
    return der;
  });
}

function benchP7b(pki: Pki, certFile: string): void {
  const times: Record<number, number> = {};
  for (const count of [10, 100, 1000, 10000]) {
    const bundle = buildSignedDataBundle(distinctCertificates(pki, certFile, count));
    writeFileSync(pki.path(`bundle-${count}.p7b`), bundle);
    times[count] = median(Array.from({ length: count >= 10000 ? 3 : 7 }, () => timeMs(() => readContainer(bundle))));
  }
  for (const count of [10, 100, 1000, 10000]) {
    const perCert = (times[count] / count) * 1000;
    row(`PKCS#7 bundle, ${count} distinct certificates`, `${times[count].toFixed(1)} ms (${perCert.toFixed(0)} µs/cert)`, null, count === 1000 ? '≤ 1000 ms' : 'linear', count !== 1000 || times[count] <= 1000);
  }
  const growth = times[10000] / times[1000];
  row('PKCS#7 growth 1000 → 10000 certificates', `time ×${growth.toFixed(1)} for ×10 certificates`, growth / 10, '≈ 1× (linear)', growth / 10 < 2);
}

export async function main(): Promise<void> {
  const pki = new Pki();
  try {
    const h = amtHierarchy(pki);
    const pfx = pki.pfx('bench', h.leaf, [h.intermediate, h.root], { password: 'bench' });
    console.log('CertDesk benchmarks (medians, measured side by side in this run)\n');
    benchCli(pki, pki.path(pfx));
    benchParse(pki, pfx);
    benchP7b(pki, h.leaf.cert);
    for (const extra of extraSections) await extra();
  } finally {
    pki.cleanup();
  }
}

async function benchOpenInUi(): Promise<void> {
  const timing = await measureOpen({ runs: 7 });
  row('UI: file chosen → dialog visible, 3-cert PFX', `median ${timing.medianMs.toFixed(0)} ms (password prompt answered at once)`, null, '≤ 300 ms', timing.medianMs <= 300);
}

async function benchRequests(): Promise<void> {
  // RSA key generation time is random (prime search): 41 samples each keep the median ratio steady.
  const keygen = await benchKeygen(41);
  row('RSA-2048 keygen node:crypto / openssl genrsa', `${keygen.node.medianMs.toFixed(0)} ms vs ${keygen.openssl.medianMs.toFixed(0)} ms (median of 41)`, keygen.ratio, '≤ 1.2×', keygen.ratio <= 1.2);
  const flow = await benchFlow(5);
  row('request new → complete → export PFX', `new ${flow.newMs.medianMs.toFixed(0)} + complete ${flow.completeMs.medianMs.toFixed(0)} + export ${flow.exportMs.medianMs.toFixed(0)} ms`, null, 'report', true);
}

const extraSections: (() => Promise<void>)[] = [benchOpenInUi, benchRequests];

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
