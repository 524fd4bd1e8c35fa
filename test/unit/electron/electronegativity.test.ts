// scripts/electronegativity.mjs: passes on our electron/ sources, fails (exit 1, findings printed) on an
// insecure app and on a weak CSP. Slow-ish: the tool tries the network (translations, Electron releases).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'scripts', 'electronegativity.mjs');
const work = mkdtempSync(join(tmpdir(), 'certdesk-eng-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the script; async so the three runs (each waits on the tool's network timeouts) overlap. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe.concurrent('npm run electronegativity', () => {
  it('passes on electron/ with no findings', async () => {
    const result = await run(['--report', join(work, 'ours.json')]);
    expect(result.stderr + result.stdout).toContain('No findings.');
    expect(result.status).toBe(0);
  });

  it('fails on an insecure main process and prints the findings', async () => {
    const app = join(work, 'bad');
    rmSync(app, { recursive: true, force: true });
    mkdirSync(app);
    writeFileSync(
      join(app, 'main.js'),
      "const { app, BrowserWindow } = require('electron');\n" +
        "app.whenReady().then(() => new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } }).loadURL('http://example.com'));\n",
    );
    const result = await run(['--input', app, '--report', join(work, 'bad.json')]);
    expect(result.status).toBe(1);
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'HTTP_RESOURCES_JS_CHECK']) {
      expect(result.stderr).toContain(id);
    }
  });

  it('fails on a weak Content-Security-Policy', async () => {
    const result = await run(['--report', join(work, 'csp.json')], { CERTDESK_CSP_OVERRIDE: "default-src 'none'; script-src 'self' 'unsafe-eval'" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/CONTENT_SECURITY_POLICY is weak[\s\S]*unsafe-eval/);
  });
});
