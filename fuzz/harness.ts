// The fuzzing harness: a worker thread per target under a per-input time cap (a hang terminates and
// replaces the worker), fast-check driving the inputs (a crasher is shrunk, then the run goes on with the
// next seed), per-target statistics, and crasher files that test/fuzz/regressions.test.ts replays.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { buildInput, fuzzCases, seedTrees } from './arbitraries';
import { buildHostileInput, type HostileCase, hostileCases } from './hostile-cases';
import { answerSeeds, buildPsInput, psCases } from './powershell';
import type { Seed } from './seeds';
import { type FuzzInput, isCrasher, type Outcome, type Target } from './types';
import type { WorkerReady, WorkerReply, WorkerSetup } from './worker';

export const DEFAULT_CAP_MS = 2000;
/**
 * Workers run compiled JavaScript: dist/fuzz, whether this file runs from there (npm run fuzz) or from its
 * TypeScript source (the vitest tests, after `npm run build`).
 */
export const COMPILED_DIR = existsSync(join(__dirname, 'worker.js')) ? __dirname : join(__dirname, '..', 'dist', 'fuzz');
const WORKER = join(COMPILED_DIR, 'worker.js');
/** The real targets (fuzz/targets.ts). */
export const TARGETS_MODULE = join(COMPILED_DIR, 'targets.js');
/** Where crashers are kept; test/fuzz/regressions.test.ts replays every one. */
export const CRASHERS_DIR = join(COMPILED_DIR, '..', '..', 'test', 'fuzz', 'crashers');

export interface Timed {
  outcome: Outcome;
  ms: number;
}

/**
 * How long a new worker may take to load its targets module before it is reported as failed. Loading the
 * engine costs ~0.5 s on an idle machine and several seconds under load; it is not the input's time, so the
 * per-input cap starts only once the worker says it is ready.
 */
export const START_CAP_MS = 60_000;

/**
 * One target in its own worker thread; `run` answers within `capMs` of the input being handed to a ready
 * worker, or reports a hang and restarts the worker (its start is under START_CAP_MS, not `capMs`).
 */
export class TargetRunner {
  private worker: Worker | null = null;
  /** Resolves when the current worker has loaded its target: null, or why it never became ready. */
  private ready: Promise<string | null> = Promise.resolve(null);
  private nextId = 0;
  private pending: { id: number; worker: Worker; settle: (timed: Timed) => void } | null = null;

  constructor(
    private readonly setup: WorkerSetup,
    private readonly capMs = DEFAULT_CAP_MS,
  ) {}

  private start(): Worker {
    const worker = new Worker(WORKER, { workerData: this.setup, stdout: false, stderr: false });
    let markReady: (failure: string | null) => void = () => {};
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
        resolve(`worker did not start within ${START_CAP_MS} ms`);
      }, START_CAP_MS);
      markReady = (failure) => {
        clearTimeout(timer);
        resolve(failure);
      };
    });
    worker.on('message', (reply: WorkerReply | WorkerReady) => {
      if ('ready' in reply) return markReady(null);
      if (this.pending?.id === reply.id) this.pending.settle({ outcome: reply.outcome, ms: reply.ms });
    });
    // A worker that dies (an uncaught error or rejection inside the engine) fails the input it was running.
    const died = (why: string) => {
      if (this.worker === worker) this.worker = null;
      markReady(why);
      if (this.pending?.worker === worker) this.pending.settle({ outcome: { status: 'crash', message: why }, ms: 0 });
    };
    worker.on('error', (error) => died(`worker died: ${error.name}: ${error.message}`));
    worker.on('exit', (code) => died(`worker exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  async run(input: FuzzInput): Promise<Timed> {
    const worker = this.worker ?? this.start();
    const failure = await this.ready;
    if (failure) return { outcome: { status: 'crash', message: failure }, ms: 0 };
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // A hang: the worker is stuck in synchronous code; terminate() stops it, the next input gets a new one.
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
        settle({ outcome: { status: 'hang', message: `no answer within ${this.capMs} ms` }, ms: this.capMs });
      }, this.capMs);
      const settle = (timed: Timed) => {
        if (this.pending?.id !== id) return;
        clearTimeout(timer);
        this.pending = null;
        resolve(timed);
      };
      this.pending = { id, worker, settle };
      worker.postMessage({ id, input });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}

// ---------------------------------------------------------------- crashers on disk

export interface CrasherMeta {
  target: string;
  kind: 'crash' | 'hang';
  message: string;
  password?: string;
  dnsSuffixes: string[];
  trustRootHashes: string[];
  json: boolean;
  /** How to regenerate it: FUZZ_SEED and FUZZ_PATH (fast-check's counterexample path). */
  seed?: number;
  path?: string;
}

export interface Crasher {
  meta: CrasherMeta;
  input: FuzzInput;
  file?: string;
}

export function crasherName(target: string, bytes: Uint8Array): string {
  return `${target}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
}

/** Writes `<target>-<sha256 prefix>.bin` and its .json; returns the .bin path. */
export function writeCrasher(dir: string, crasher: Crasher): string {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, crasherName(crasher.meta.target, crasher.input.bytes));
  writeFileSync(`${base}.bin`, crasher.input.bytes);
  writeFileSync(`${base}.json`, JSON.stringify(crasher.meta, null, 2) + '\n');
  return `${base}.bin`;
}

/** Every crasher kept in `dir`, as inputs to replay. */
export function readCrashers(dir: string): Crasher[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.bin'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      const meta = JSON.parse(readFileSync(file.replace(/\.bin$/, '.json'), 'utf8')) as CrasherMeta;
      const input: FuzzInput = {
        bytes: readFileSync(file),
        ...(meta.password !== undefined ? { password: meta.password } : {}),
        dnsSuffixes: meta.dnsSuffixes,
        trustRootHashes: meta.trustRootHashes,
        json: meta.json,
      };
      return { meta, input, file };
    });
}

// ---------------------------------------------------------------- one target's campaign

export interface TargetStats {
  target: string;
  inputs: number;
  ok: number;
  codes: Record<string, number>;
  /** Distinct crashers (by message and place), each shrunk and kept. */
  crashers: Crasher[];
  /** Every input that crashed or hung, known bugs included. */
  crashInputs: number;
  slowest: { ms: number; input?: FuzzInput };
  seconds: number;
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  capMs?: number;
  targetsModule?: string;
  /** fast-check counterexample path, to replay one reported failure. */
  path?: string;
  /** Shrinking stops after this many steps (hangs make each step cost a whole time cap). */
  maxShrinkSteps?: number;
  /** Stop the campaign after this many distinct crashers (each costs a shrink). */
  maxCrashers?: number;
  log?: (line: string) => void;
}

/** Groups crashers by where they were thrown, not by the exact bytes or numbers in the message. */
function crasherKey(outcome: Extract<Outcome, { status: 'crash' | 'hang' }>): string {
  return `${outcome.status}:${outcome.message.replace(/\d+/g, 'N').slice(0, 200)}`;
}

/**
 * Runs `options.runs` inputs against `target`. Inputs that pass are counted; a crasher makes fast-check
 * shrink it (bounded), the smallest form is kept, and the campaign resumes with the next seed for the
 * runs that remain. The same seed always gives the same inputs.
 */
/** The target's inputs: certificate files from the openssl seeds, or recorded PowerShell runs of one operation. */
function inputSource(target: Pick<Target, 'focus' | 'powershell' | 'hostile'>, seeds: readonly Seed[]): { cases: fc.Arbitrary<unknown>; build: (fuzzCase: unknown) => FuzzInput } {
  if (target.hostile) return { cases: hostileCases(), build: (c) => buildHostileInput(c as HostileCase, seeds) };
  const operation = target.powershell;
  if (operation) {
    const pool = answerSeeds(seeds);
    return { cases: psCases(), build: (c) => buildPsInput(c as Parameters<typeof buildPsInput>[0], operation, pool) };
  }
  const trees = seedTrees(seeds);
  return { cases: fuzzCases(seeds, target.focus), build: (c) => buildInput(c as Parameters<typeof buildInput>[0], seeds, trees) };
}

export async function fuzzTarget(target: Pick<Target, 'name' | 'focus' | 'powershell' | 'hostile'>, seeds: readonly Seed[], options: FuzzOptions): Promise<TargetStats> {
  const started = performance.now();
  const runner = new TargetRunner({ targetsModule: options.targetsModule ?? TARGETS_MODULE, target: target.name }, options.capMs);
  const { cases, build } = inputSource(target, seeds);
  const stats: TargetStats = { target: target.name, inputs: 0, ok: 0, codes: {}, crashers: [], crashInputs: 0, slowest: { ms: 0 }, seconds: 0 };
  const seen = new Set<string>();
  const maxShrink = options.maxShrinkSteps ?? 300;
  const maxCrashers = options.maxCrashers ?? 20;

  try {
    let round = 0;
    while (stats.inputs < options.runs && stats.crashers.length < maxCrashers) {
      // Per round: counting stops once the first crasher is seen (what follows are shrink steps).
      let failing: { input: FuzzInput; outcome: Extract<Outcome, { status: 'crash' | 'hang' }> } | null = null;
      let shrinkSteps = 0;
      const property = fc.asyncProperty(cases, async (fuzzCase) => {
        if (failing && ++shrinkSteps > maxShrink) return true;
        const input = build(fuzzCase);
        const { outcome, ms } = await runner.run(input);
        if (!failing) {
          stats.inputs++;
          if (ms > stats.slowest.ms) stats.slowest = { ms, input };
          if (outcome.status === 'ok') stats.ok++;
          else if (outcome.status === 'error') stats.codes[outcome.code] = (stats.codes[outcome.code] ?? 0) + 1;
        }
        if (!isCrasher(outcome)) return true;
        if (!failing) stats.crashInputs++;
        const key = crasherKey(outcome);
        // A bug already kept is counted, not shrunk again: the campaign goes on looking for others.
        if (seen.has(key)) return true;
        if (failing && key !== crasherKey(failing.outcome)) return true; // shrink toward the same bug only
        failing = { input, outcome };
        return false;
      });
      const seed = options.seed + round;
      const details = await fc.check(property, {
        numRuns: options.runs - stats.inputs,
        seed,
        ...(options.path && round === 0 ? { path: options.path } : {}),
      });
      round++;
      const found = failing as { input: FuzzInput; outcome: Extract<Outcome, { status: 'crash' | 'hang' }> } | null;
      if (!details.failed) break;
      // A failure with no crasher recorded is the harness's own bug (an input that cannot be built): stop loudly.
      if (!found) throw new Error(`fuzz harness failed on ${target.name} (FUZZ_SEED=${seed} FUZZ_PATH=${details.counterexamplePath}): ${String(details.errorInstance)}`);
      const key = crasherKey(found.outcome);
      options.log?.(`  ${target.name}: ${found.outcome.status} after ${stats.inputs} inputs (FUZZ_SEED=${seed} FUZZ_PATH=${details.counterexamplePath}): ${found.outcome.message}`);
      seen.add(key);
      stats.crashers.push({
        input: found.input,
        meta: {
          target: target.name,
          kind: found.outcome.status,
          message: found.outcome.message,
          ...(found.input.password !== undefined ? { password: found.input.password } : {}),
          dnsSuffixes: found.input.dnsSuffixes,
          trustRootHashes: found.input.trustRootHashes,
          json: found.input.json,
          seed,
          ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
        },
      });
      if (options.path) break;
    }
  } finally {
    await runner.close();
  }
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}

/** Runs one kept crasher against its target under the same oracle and cap. */
export async function replay(crasher: Crasher, options: { capMs?: number; targetsModule?: string } = {}): Promise<Timed> {
  const runner = new TargetRunner({ targetsModule: options.targetsModule ?? TARGETS_MODULE, target: crasher.meta.target }, options.capMs);
  try {
    return await runner.run(crasher.input);
  } finally {
    await runner.close();
  }
}

// ---------------------------------------------------------------- the report

export function formatTable(all: TargetStats[]): string[] {
  const codes = [...new Set(all.flatMap((s) => Object.keys(s.codes)))].sort();
  const header = ['target', 'inputs', 'ok', ...codes, 'crash inputs', 'crashers', 'slowest ms', 's'];
  const rows = all.map((s) => [
    s.target,
    String(s.inputs),
    String(s.ok),
    ...codes.map((c) => String(s.codes[c] ?? 0)),
    String(s.crashInputs),
    String(s.crashers.length),
    s.slowest.ms.toFixed(1),
    s.seconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
