// Runs one target of a targets module in a worker thread: the main thread posts inputs and applies the
// time cap (a hang is a terminate(), not something this thread can notice about itself).
import { parentPort, workerData } from 'node:worker_threads';
import type { FuzzInput, Outcome, TargetsModule } from './types';

export interface WorkerSetup {
  targetsModule: string;
  target: string;
}

export interface WorkerRequest {
  id: number;
  input: FuzzInput;
}

/** Posted once, after the targets module is loaded: the harness's per-input time cap starts from here. */
export interface WorkerReady {
  ready: true;
}

export interface WorkerReply {
  id: number;
  outcome: Outcome;
  ms: number;
}

const setup = workerData as WorkerSetup;
// The module path comes from the harness (the real targets, or the broken ones of the self-test).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { targets } = require(setup.targetsModule) as TargetsModule;
const target = targets.find((t) => t.name === setup.target);
if (!target) throw new Error(`No fuzz target ${setup.target} in ${setup.targetsModule}`);

parentPort!.on('message', async ({ id, input }: WorkerRequest) => {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = await target.run(input);
  } catch (error) {
    // Targets classify their own throws; one escaping here is still reported, never lost.
    outcome = { status: 'crash', message: `target threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
  const reply: WorkerReply = { id, outcome, ms: performance.now() - started };
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies WorkerReady);
