// A recording executor: remembers every call (file, argv, stdin) and answers with a canned result.
import type { ExecResult, Executor } from '../../../electron/engine/windows/executor';
import type { BridgeContext, BridgeLogEntry } from '../../../electron/engine/windows/runner';
import { join } from 'node:path';

export interface Call {
  file: string;
  args: string[];
  stdin: string;
  timeoutMs: number;
}

export const SCRIPTS_DIR = join(__dirname, '..', '..', '..', 'electron', 'engine', 'windows', 'scripts');
export const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

export function ok(value: unknown): ExecResult {
  return { exitCode: 0, stdout: JSON.stringify(value) + '\r\n', stderr: '', timedOut: false };
}

export function recording(answer: (call: Call) => ExecResult = () => ok({})): {
  calls: Call[];
  logs: BridgeLogEntry[];
  context: BridgeContext;
} {
  const calls: Call[] = [];
  const logs: BridgeLogEntry[] = [];
  const executor: Executor = async (file, args, stdin, { timeoutMs }) => {
    const call = { file, args: [...args], stdin, timeoutMs };
    calls.push(call);
    return answer(call);
  };
  return {
    calls,
    logs,
    context: {
      executor,
      platform: 'win32',
      scriptsDir: () => SCRIPTS_DIR,
      powershellPath: () => POWERSHELL,
      log: (entry) => logs.push(entry),
    },
  };
}
