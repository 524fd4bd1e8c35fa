// What the fuzzer hands a target, what a target answers, and the shape of a targets module (the real one,
// fuzz/targets.ts, and the deliberately broken one the harness's own test uses).
import type { WindowsOperationName } from './powershell-input';
import type { SeedKind } from './seeds';

export interface FuzzInput {
  bytes: Uint8Array;
  /** undefined = no password given. */
  password?: string;
  /** --dns-suffix values (inspect, check, the AMT checks). */
  dnsSuffixes: string[];
  /** --trust-root-hash values. */
  trustRootHashes: string[];
  /** CLI targets: --json or human output. */
  json: boolean;
}

/** A target's verdict on one input; the main thread adds 'hang' when the time cap passes first. */
export type Outcome =
  | { status: 'ok' }
  | { status: 'error'; code: string }
  | { status: 'crash'; message: string }
  | { status: 'hang'; message: string };

export interface Target {
  name: string;
  /** Seed kinds this target is fed most (it still sees every seed and the generated inputs). */
  focus: readonly SeedKind[];
  /**
   * Set for the Windows bridge targets: the inputs are recorded PowerShell runs (fuzz/powershell.ts) of this
   * operation instead of certificate files.
   */
  powershell?: WindowsOperationName;
  /** Set for targets fed the hostile families (fuzz/hostile-families.ts) instead of mutated seeds. */
  hostile?: boolean;
  run: (input: FuzzInput) => Outcome | Promise<Outcome>;
}

export interface TargetsModule {
  targets: readonly Target[];
}

export function isCrasher(outcome: Outcome): outcome is Extract<Outcome, { status: 'crash' | 'hang' }> {
  return outcome.status === 'crash' || outcome.status === 'hang';
}
