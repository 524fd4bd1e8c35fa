// scripts/electronegativity.mjs, the Electron security gate: zero findings on electron/ and on the built app
// (fresh builds of dist/desktop and renderer/dist), read from its JSON report (the tool itself exits 0 with
// findings); and it does fail — exit 1, the finding in the report — on an insecure main process, on an
// insecure built app (weak CSP meta in the page, sandbox off in the bundle), on a missing build and on a weak
// shared/csp.ts. Slow-ish: each run waits on the tool's network look-ups (translations, Electron releases).
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'scripts', 'electronegativity.mjs');
const work = mkdtempSync(join(tmpdir(), 'certdesk-eng-'));

interface ReportIssue {
  scope: 'sources' | 'app';
  id: string;
  file: string;
  sample?: string;
  ignoredBecause?: string;
}
interface Report {
  scans: Array<{ scope: string; globalChecks: number; atomicChecks: number }>;
  issues: ReportIssue[];
  failing: number;
  errors: unknown[];
  cspProblems: string[];
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the script; async so the runs (each waits on the tool's network timeouts) overlap. */
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

const report = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;
const failingIds = (r: Report) => r.issues.filter((i) => !i.ignoredBecause).map((i) => `${i.scope} ${i.id} ${i.file}`);

/** A built app folder as the script expects it: dist/desktop/{main,preload}.js and renderer/dist/index.html. */
function fakeApp(name: string, files: { main: string; preload?: string; html: string }): string {
  const app = join(work, name);
  mkdirSync(join(app, 'dist', 'desktop'), { recursive: true });
  mkdirSync(join(app, 'renderer', 'dist'), { recursive: true });
  writeFileSync(join(app, 'dist', 'desktop', 'main.js'), files.main);
  writeFileSync(join(app, 'dist', 'desktop', 'preload.js'), files.preload ?? "require('electron');\n");
  writeFileSync(join(app, 'renderer', 'dist', 'index.html'), files.html);
  return app;
}

describe('npm run electronegativity', () => {
  let builtApp: string;

  beforeAll(async () => {
    // Fresh builds of this checkout (never the possibly stale dist/ of the working tree).
    builtApp = join(work, 'built');
    await promisify(execFile)(process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--outdir', join(builtApp, 'dist', 'desktop')], { cwd: root });
    const { build } = await import('vite');
    await build({ configFile: join(root, 'renderer', 'vite.config.mts'), logLevel: 'silent', build: { outDir: join(builtApp, 'renderer', 'dist'), emptyOutDir: true } });
  });

  // Each run waits on the tool's network timeouts; several overlap on a shared 2-core machine.
  describe.concurrent('runs', { timeout: 300_000 }, () => {
    it('passes on electron/ and on the built app: zero findings in the report, every reviewed item has its reason', async () => {
      const file = join(work, 'ours.json');
      const result = await run(['--app', builtApp, '--report', file]);
      expect(result.stderr + result.stdout).toContain('No findings.');
      expect(result.status).toBe(0);
      const r = report(file);
      expect(r.scans.map((s) => s.scope)).toEqual(['sources', 'app']);
      for (const s of r.scans) expect(s.globalChecks + s.atomicChecks).toBeGreaterThan(30);
      expect(r.failing).toBe(0);
      expect(failingIds(r)).toEqual([]);
      expect(r.cspProblems).toEqual([]);
      for (const issue of r.issues) expect(issue.ignoredBecause?.length ?? 0, `${issue.id} ${issue.file}`).toBeGreaterThan(40);
      // The built page and the main bundle were read: the CSP the tool found in index.html is shared/csp.ts.
      const page = r.issues.find((i) => i.scope === 'app' && i.file === 'renderer/dist/index.html');
      expect(page?.sample).toBe(CONTENT_SECURITY_POLICY);
      expect(r.issues.some((i) => i.scope === 'app' && i.file === 'desktop/main.js')).toBe(true);
    });

    it('fails on an insecure main process (nodeIntegration: true) and reports the findings', async () => {
      const app = join(work, 'bad');
      rmSync(app, { recursive: true, force: true });
      mkdirSync(app);
      writeFileSync(
        join(app, 'main.js'),
        "const { app, BrowserWindow } = require('electron');\n" +
          "app.whenReady().then(() => new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } }).loadURL('http://example.com'));\n",
      );
      const file = join(work, 'bad.json');
      const result = await run(['--input', app, '--report', file]);
      expect(result.status).toBe(1);
      const ids = failingIds(report(file));
      for (const id of ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'HTTP_RESOURCES_JS_CHECK']) {
        expect(ids.join('\n')).toContain(id);
        expect(result.stderr).toContain(id);
      }
    });

    it('fails on an insecure built app: a weak CSP meta in the page, sandbox off in the bundle', async () => {
      const app = fakeApp('bad-app', {
        main:
          "const { app, BrowserWindow } = require('electron');\n" +
          "app.whenReady().then(() => new BrowserWindow({ webPreferences: { sandbox: false, contextIsolation: true, nodeIntegration: false } }).loadFile('renderer/dist/index.html'));\n",
        html: `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'"><title>x</title>`,
      });
      const file = join(work, 'bad-app.json');
      const result = await run(['--app', app, '--report', file]);
      expect(result.status).toBe(1);
      const ids = failingIds(report(file));
      expect(ids).toContain('app CSP_GLOBAL_CHECK renderer/dist/index.html');
      expect(ids).toContain('app SANDBOX_JS_CHECK desktop/main.js');
      // Our own sources are still clean in the same run.
      expect(ids.filter((id) => id.startsWith('sources '))).toEqual([]);
    });

    it('fails when the built app is missing instead of passing on nothing', async () => {
      const result = await run(['--app', join(work, 'nothing-built'), '--report', join(work, 'missing.json')]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/built app is missing/);
    });

    it('fails on a weak Content-Security-Policy', async () => {
      const result = await run(['--input', join(root, 'electron'), '--report', join(work, 'csp.json')], { CERTDESK_CSP_OVERRIDE: "default-src 'none'; script-src 'self' 'unsafe-eval'" });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/CONTENT_SECURITY_POLICY is weak[\s\S]*unsafe-eval/);
    });
  });
});
