// The fuzzing harness in `npm test`: a short deterministic campaign on every target (the long one is
// `npm run fuzz`), and proof that the harness fails when it should (a TypeError and a hang are crashers).
// Workers run the compiled targets: `npm run build` first (npm test does).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPILED_DIR, fuzzTarget, readCrashers, replay, TargetRunner, writeCrasher } from '../../fuzz/harness';
import { makeSeeds, type Seed } from '../../fuzz/seeds';
import { targets } from '../../fuzz/targets';

const RUNS = 250;
const SEED = 20_260_101;
// Generous: the machine is shared; the long run uses 2 s.
const CAP_MS = 10_000;
const SELFTEST = join(COMPILED_DIR, 'selftest-targets.js');

let seeds: Seed[];
let cleanup: () => void;

beforeAll(() => {
  if (!existsSync(SELFTEST)) throw new Error('dist/fuzz is missing: run `npm run build` first');
  ({ seeds, cleanup } = makeSeeds());
});
afterAll(() => cleanup?.());

describe('short fuzz campaign (every target, fixed seed)', () => {
  it('has openssl seeds of every kind', () => {
    expect(new Set(seeds.map((s) => s.kind))).toEqual(new Set(['pfx', 'pem', 'der', 'p7b', 'csr']));
  });

  for (const target of targets) {
    it(`${target.name}: ${RUNS} inputs, no crasher, both success and error paths reached`, async () => {
      const stats = await fuzzTarget(target, seeds, { runs: RUNS, seed: SEED, capMs: CAP_MS });
      expect(stats.crashers.map((c) => c.meta.message)).toEqual([]);
      expect(stats.inputs).toBe(RUNS);
      expect(stats.ok).toBeGreaterThan(0);
      expect(Object.values(stats.codes).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(stats.ok + Object.values(stats.codes).reduce((a, b) => a + b, 0)).toBe(RUNS);
      // Each input is capped (CAP_MS); the campaign's own bound is generous because a shared CI machine may be slow.
    }, 300_000);
  }
});

describe('the harness can fail', () => {
  it('reports a TypeError as a crasher, shrunk, and its file replays as the same crash', async () => {
    const stats = await fuzzTarget({ name: 'throws-type-error', focus: ['der'] }, seeds, { runs: 100, seed: SEED, capMs: CAP_MS, targetsModule: SELFTEST });
    expect(stats.crashers).toHaveLength(1);
    const [crasher] = stats.crashers;
    expect(crasher.meta.kind).toBe('crash');
    expect(crasher.meta.message).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'tag'\)/);
    expect(crasher.input.bytes[0]).not.toBe(0x30);
    expect(stats.crashInputs).toBeGreaterThan(1);

    const dir = mkdtempSync(join(tmpdir(), 'certdesk-fuzz-crashers-'));
    try {
      const file = writeCrasher(dir, crasher);
      expect(file).toMatch(/throws-type-error-[0-9a-f]{16}\.bin$/);
      const [kept] = readCrashers(dir);
      expect(Buffer.from(kept.input.bytes).equals(Buffer.from(crasher.input.bytes))).toBe(true);
      const { outcome } = await replay(kept, { targetsModule: SELFTEST, capMs: CAP_MS });
      expect(outcome).toEqual({ status: 'crash', message: crasher.meta.message });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an input that runs past the time cap as a hang, and the next input gets a fresh worker', async () => {
    const stats = await fuzzTarget({ name: 'hangs-on-pem', focus: ['pem'] }, seeds, {
      runs: 12,
      seed: SEED,
      capMs: 300,
      targetsModule: SELFTEST,
      maxShrinkSteps: 3,
    });
    expect(stats.crashers).toHaveLength(1);
    expect(stats.crashers[0].meta.kind).toBe('hang');
    expect(Buffer.from(stats.crashers[0].input.bytes).includes('-----BEGIN ')).toBe(true);
    expect(stats.inputs).toBe(12);
    expect(stats.ok).toBeGreaterThan(0); // inputs after a hang still ran
    expect(stats.slowest.ms).toBe(300);
  });

  it('TargetRunner: a hang is reported once, then the same runner answers again', async () => {
    const runner = new TargetRunner({ targetsModule: SELFTEST, target: 'hangs-on-pem' }, 300);
    const input = (text: string) => ({ bytes: Buffer.from(text), dnsSuffixes: [], trustRootHashes: [], json: false });
    try {
      expect((await runner.run(input('-----BEGIN X-----'))).outcome.status).toBe('hang');
      expect((await runner.run(input('0 plain'))).outcome).toEqual({ status: 'ok' });
    } finally {
      await runner.close();
    }
  });
});
