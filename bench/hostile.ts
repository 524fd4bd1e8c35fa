// The hostile-input section of `npm run bench` (issue [6]): every variant of every hostile family
// (fuzz/hostile-families.ts), at full scale (just under the 10 MiB limit), read by a whole
// `certdesk inspect <file> --json` process, as a user would run it. Wall time, CPU time and peak memory
// (maximum resident set size) come from GNU time (/usr/bin/time); each variant runs RUNS times and its
// median time and largest memory count. The target: every input ≤ 1 s and ≤ 300 MB, worst case.
// Also runs on its own (`node dist/bench/hostile.js`): then only the hostile section of docs/benchmarks.md
// is rewritten, between its markers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostileFamilies, selfSigned } from '../fuzz/hostile-families';
import { BASELINE, describeMachine, type HostileResult, renderHostileSection, replaceHostileSection } from './report';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'certdesk.js');
const TIME = '/usr/bin/time';
const RUNS = Number(process.env.BENCH_HOSTILE_RUNS ?? 3);
export const HOSTILE_TARGET = { wallMs: 1000, rssMb: 300 };

interface Run {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
  code: string;
}

/** One whole-process `certdesk inspect --json` of `file`, measured by GNU time; the password through the environment. */
function inspectOnce(file: string, password: string | undefined): Run {
  const args = ['-f', '%e %U %S %M', process.execPath, BIN, 'inspect', file, '--json', ...(password !== undefined ? ['--password-env', 'BENCH_HOSTILE_PW'] : [])];
  const out = spawnSync(TIME, args, { env: { ...process.env, BENCH_HOSTILE_PW: password ?? '' }, maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const figures = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(out.stderr.toString());
  if (!figures) throw new Error(`no figures from ${TIME}: ${out.stderr.toString().slice(-500)}`);
  let code = 'ok';
  try {
    const doc = JSON.parse(out.stdout.toString()) as { error?: { code: string } };
    if (doc.error) code = doc.error.code;
  } catch {
    code = `no JSON (exit ${out.status})`;
  }
  return { wallMs: Number(figures[1]) * 1000, cpuMs: (Number(figures[2]) + Number(figures[3])) * 1000, rssMb: Number(figures[4]) / 1024, code };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Every variant, measured; `log` gets one line per variant. The first result is the baseline (family 'baseline'). */
export function benchHostile(log: (line: string) => void = console.log): HostileResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-hostile-'));
  const results: HostileResult[] = [];
  try {
    // What every run costs anyway: Node's start, the CLI, one small certificate read, checked and printed.
    const small = join(dir, 'small.pem');
    writeFileSync(small, `-----BEGIN CERTIFICATE-----\n${selfSigned('baseline.example.com', 1).toString('base64')}\n-----END CERTIFICATE-----\n`);
    const base = Array.from({ length: RUNS }, () => inspectOnce(small, undefined));
    results.push({
      family: BASELINE, variant: 'one small certificate (PEM)', bytes: readFileSync(small).length, wallMs: median(base.map((r) => r.wallMs)),
      cpuMs: median(base.map((r) => r.cpuMs)), rssMb: Math.max(...base.map((r) => r.rssMb)), code: base[0].code, expected: base.every((r) => r.code === 'ok'), load: loadavg()[0],
    });
    log(`    baseline: ${results[0].wallMs.toFixed(0)} ms wall, ${results[0].cpuMs.toFixed(0)} ms CPU, ${results[0].rssMb.toFixed(0)} MB`);
    // BENCH_HOSTILE_FAMILIES=a,b measures only those families (while tuning); the report wants them all.
    const only = process.env.BENCH_HOSTILE_FAMILIES?.split(',').filter(Boolean);
    for (const family of hostileFamilies.filter((f) => !only || only.includes(f.name))) {
      for (const variant of family.variants) {
        const input = variant.make(1);
        const file = join(dir, 'hostile.bin');
        writeFileSync(file, input.bytes);
        const runs = Array.from({ length: RUNS }, () => inspectOnce(file, input.password));
        const codes = [...new Set(runs.map((r) => r.code))];
        const result: HostileResult = {
          family: family.name,
          variant: variant.name,
          bytes: input.bytes.length,
          wallMs: median(runs.map((r) => r.wallMs)),
          cpuMs: median(runs.map((r) => r.cpuMs)),
          rssMb: Math.max(...runs.map((r) => r.rssMb)),
          code: codes.join(', '),
          expected: codes.every((c) => (variant.allowed as readonly string[]).includes(c)),
          load: loadavg()[0],
        };
        results.push(result);
        log(`${result.expected ? '    ' : 'BAD '}${family.name} / ${variant.name}: ${result.wallMs.toFixed(0)} ms wall, ${result.cpuMs.toFixed(0)} ms CPU, ${result.rssMb.toFixed(0)} MB → ${result.code}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** The worst case of the run against the target (for the main table). */
export function hostileWorst(all: HostileResult[]): { wallMs: number; rssMb: number; ok: boolean } {
  const results = all.filter((r) => r.family !== BASELINE);
  const wallMs = Math.max(...results.map((r) => r.wallMs));
  const rssMb = Math.max(...results.map((r) => r.rssMb));
  return { wallMs, rssMb, ok: wallMs <= HOSTILE_TARGET.wallMs && rssMb <= HOSTILE_TARGET.rssMb && results.every((r) => r.expected) };
}

if (require.main === module) {
  const results = benchHostile();
  const docs = join(ROOT, 'docs', 'benchmarks.md');
  writeFileSync(docs, replaceHostileSection(readFileSync(docs, 'utf8'), renderHostileSection(results, describeMachine(ROOT))));
  const worst = hostileWorst(results);
  console.log(`\nHostile inputs: worst ${worst.wallMs.toFixed(0)} ms, ${worst.rssMb.toFixed(0)} MB (target ≤ ${HOSTILE_TARGET.wallMs} ms, ≤ ${HOSTILE_TARGET.rssMb} MB): ${worst.ok ? 'met' : 'missed'}. docs/benchmarks.md updated.`);
  if (!worst.ok) process.exitCode = 1;
}
