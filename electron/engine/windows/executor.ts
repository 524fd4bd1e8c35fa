// How a script is actually started: a spawn-like function, injectable so tests record what would run.
import { spawn, type ChildProcess } from 'node:child_process';
import { powershellUnder, systemRoot, taskkillUnder } from './system-root';

export interface ExecResult {
  /** Null when the process did not exit normally (killed, or never started). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not be started (e.g. ENOENT: no powershell.exe). */
  spawnError?: { code?: string; message: string };
}

export type Executor = (file: string, args: readonly string[], stdinText: string, options: { timeoutMs: number }) => Promise<ExecResult>;

/** Output beyond this is cut: a script prints one line of JSON, never megabytes. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * Windows PowerShell 5.1 by absolute path: never a powershell.exe found in the working directory or on PATH,
 * and never under a Windows folder named by the environment (system-root.ts says where the folder comes from).
 */
export function defaultPowerShellPath(): string {
  return powershellUnder(systemRoot());
}

/** Stops the process and everything it started (a script may have started children). */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') {
    let taskkill: string;
    try {
      taskkill = taskkillUnder(systemRoot());
    } catch {
      child.kill();
      return;
    }
    const killer = spawn(taskkill, ['/PID', String(child.pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
    killer.on('error', () => child.kill());
  } else {
    child.kill('SIGKILL');
  }
}

export const spawnExecutor: Executor = (file, args, stdinText, { timeoutMs }) =>
  new Promise<ExecResult>((resolve) => {
    let settled = false;
    const finish = (result: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    const text = () => ({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });

    let child: ChildProcess;
    try {
      child = spawn(file, [...args], { windowsHide: true, shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      resolve({ exitCode: null, stdout: '', stderr: '', timedOut: false, spawnError: { code: e.code, message: e.message } });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => {
      if (outBytes < MAX_OUTPUT_BYTES) stdout.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errBytes < MAX_OUTPUT_BYTES) stderr.push(chunk);
      errBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Spawn failures (ENOENT, EACCES) come here without a pid; other errors are followed by 'close'.
      if (child.pid === undefined) finish({ exitCode: null, ...text(), timedOut, spawnError: { code: error.code, message: error.message } });
    });
    child.on('close', (code) => finish({ exitCode: code, ...text(), timedOut }));
    // The script may exit before reading everything (e.g. it failed early): a broken pipe is not our error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(stdinText, 'utf8');
  });
