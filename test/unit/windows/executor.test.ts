// The real spawn executor, exercised with node as a stand-in for powershell.exe (same pipes, same rules).
import { describe, expect, it } from 'vitest';
import { spawnExecutor } from '../../../electron/engine/windows/executor';
import { interpretOutput } from '../../../electron/engine/windows/runner';

const node = process.execPath;
const ctx = { script: 'test.ps1', powershell: '/nowhere/powershell.exe', timeoutMs: 500, secrets: [] };

describe('spawnExecutor', () => {
  it('writes stdin and collects one line of stdout', async () => {
    const script = 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify({got:JSON.parse(s)})+"\\n"))';
    const input = { name: 'a"b`$(c);|d\nÄ😀' };
    const result = await spawnExecutor(node, ['-e', script], JSON.stringify(input), { timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 0, stderr: '', timedOut: false });
    expect(interpretOutput(result, ctx)).toEqual({ got: input });
  });

  it('reports a missing executable as ENOENT (→ powershell-missing)', async () => {
    const result = await spawnExecutor('/nowhere/powershell.exe', ['-File', 'x.ps1'], '{}', { timeoutMs: 5_000 });
    expect(result.spawnError?.code).toBe('ENOENT');
    expect(() => interpretOutput(result, ctx)).toThrow(expect.objectContaining({ code: 'powershell-missing' }));
  });

  it('stops a process that runs too long (→ powershell-timeout)', async () => {
    const started = Date.now();
    const result = await spawnExecutor(node, ['-e', 'setInterval(()=>{},1000)'], '{}', { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    // A time bound on purpose: the feature is a time limit, and the child never exits by itself. What is
    // checked is that it was killed by the 300 ms limit and not left to the test timeout (60 s); the bound
    // is generous (node's start and the kill on a loaded 2-core machine take seconds), not a speed check.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(() => interpretOutput(result, ctx)).toThrow(expect.objectContaining({ code: 'powershell-timeout' }));
  });

  it('survives a process that exits without reading stdin', async () => {
    const big = JSON.stringify({ x: 'y'.repeat(4 * 1024 * 1024) });
    const result = await spawnExecutor(node, ['-e', 'process.stderr.write("boom");process.exit(3)'], big, { timeoutMs: 10_000 });
    expect(result.exitCode).toBe(3);
    expect(() => interpretOutput(result, ctx)).toThrow(expect.objectContaining({ code: 'powershell-failed', message: expect.stringContaining('exited with code 3: boom') }));
  });
});
