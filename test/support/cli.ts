// Runs the real built CLI (bin/certdesk.js → dist/cli/certdesk.js) as a child process, as scripts and users do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'certdesk.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): CliRun {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'certdesk.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    ms,
    json: () => JSON.parse(result.stdout),
  };
}

/** A stack trace or Node's crash banner anywhere in the output. */
export function hasStackTrace(run: CliRun): boolean {
  return /^\s+at [^\s]|node:internal|^Node\.js v\d/m.test(run.stdout + run.stderr);
}
