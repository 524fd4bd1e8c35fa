// `npm run fuzz`: every target, FUZZ_RUNS inputs each (default 10,000), from openssl-made seeds. Prints the
// seed, a table (inputs, ok, each error code, crashers, slowest input), writes each crasher to
// test/fuzz/crashers/ and exits 1 when there is any.
//   FUZZ_RUNS=n  FUZZ_SEED=n  FUZZ_TARGETS=a,b  FUZZ_CAP_MS=2000  FUZZ_PATH=<fast-check path, with FUZZ_SEED>
import { CRASHERS_DIR, DEFAULT_CAP_MS, formatTable, fuzzTarget, type TargetStats, writeCrasher } from './harness';
import { makeSeeds } from './seeds';
import { targets } from './targets';

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not ${value}`);
  return n;
}

async function main(): Promise<number> {
  const runs = envNumber('FUZZ_RUNS', 10_000);
  const seed = envNumber('FUZZ_SEED', Math.floor(Math.random() * 2 ** 31));
  const capMs = envNumber('FUZZ_CAP_MS', DEFAULT_CAP_MS);
  const only = process.env.FUZZ_TARGETS?.split(',').filter(Boolean);
  const path = process.env.FUZZ_PATH || undefined;
  const chosen = only ? targets.filter((t) => only.includes(t.name)) : targets;
  if (only && chosen.length !== only.length) throw new Error(`Unknown target in FUZZ_TARGETS; targets: ${targets.map((t) => t.name).join(', ')}`);

  console.log(`fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} cap ${capMs} ms, ${chosen.length} targets`);
  const started = performance.now();
  const { seeds, cleanup } = makeSeeds();
  console.log(`fuzz: ${seeds.length} openssl seeds (${seeds.map((s) => s.name).join(', ')}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const all: TargetStats[] = [];
  try {
    for (const target of chosen) {
      const stats = await fuzzTarget(target, seeds, { runs, seed, capMs, path, log: console.log });
      all.push(stats);
      console.log(`fuzz: ${target.name}: ${stats.inputs} inputs, ${stats.crashers.length} crashers, ${stats.seconds.toFixed(1)} s`);
      for (const crasher of stats.crashers) console.log(`  kept ${writeCrasher(CRASHERS_DIR, crasher)}: ${crasher.meta.message}`);
    }
  } finally {
    cleanup();
  }
  console.log('');
  for (const line of formatTable(all)) console.log(line);
  console.log('');
  for (const s of all) {
    if (s.slowest.input) console.log(`slowest ${s.target}: ${s.slowest.ms.toFixed(1)} ms, ${s.slowest.input.bytes.length} bytes`);
  }
  const crashers = all.reduce((n, s) => n + s.crashers.length, 0);
  console.log(`\nfuzz: ${all.reduce((n, s) => n + s.inputs, 0)} inputs in ${((performance.now() - started) / 1000).toFixed(0)} s, ${crashers} crashers (FUZZ_SEED=${seed})`);
  return crashers > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
