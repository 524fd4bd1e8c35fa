// Fix 14 of issue [7]: the installed app ships a command line, resources\certdesk.cmd, which runs CertDesk.exe
// in its CLI mode (the RunAsNode fuse is off, so ELECTRON_RUN_AS_NODE cannot be the way). Checked statically
// against the builder config and the bundle, and the entry's CLI mode run for real (with the CLI's own main).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const config = JSON.parse(readFileSync(join(root, 'build', 'electron-builder.json'), 'utf8'));
const cmd = readFileSync(join(root, 'build', 'certdesk.cmd'), 'utf8');

describe('resources\\certdesk.cmd', () => {
  it('is shipped by the Windows build as resources\\certdesk.cmd (where docs/windows-test.md looks)', () => {
    expect(config.win.extraResources).toContainEqual({ from: 'build/certdesk.cmd', to: 'certdesk.cmd' });
    expect(readFileSync(join(root, 'docs', 'windows-test.md'), 'utf8')).toContain('resources\\certdesk.cmd');
  });

  it('starts the app\'s own executable next to resources\\ in CLI mode with every argument, and passes its exit code on', () => {
    const lines = cmd.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(cmd.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(lines[0]).toBe('@echo off');
    expect(lines).toContain(`"%~dp0..\\${config.productName}.exe" --certdesk-cli %*`);
    expect(lines).toContain('exit /b %ERRORLEVEL%');
    // Nothing from the caller's environment decides what runs: RunAsNode is off in the fuses, and cleared here.
    expect(config.electronFuses.runAsNode).toBe(false);
    expect(lines).toContain('set "ELECTRON_RUN_AS_NODE="');
    expect(cmd).not.toMatch(/%PATH%|%SystemRoot%|%windir%|node\.exe/i);
  });

  it('is ASCII with CRLF line endings (cmd.exe reads it in the console code page)', () => {
    expect(/^[\x20-\x7e\r\n]*$/.test(cmd)).toBe(true);
  });
});

describe('the desktop bundle\'s CLI mode', () => {
  it('the bundle entry is desktop-entry.ts, which hands --certdesk-cli to the CLI and everything else to main.ts', () => {
    const build = readFileSync(join(root, 'scripts', 'build-electron.mjs'), 'utf8');
    expect(build).toContain("entryPoints: { main: 'electron/desktop/desktop-entry.ts' }");
    const entry = readFileSync(join(root, 'electron', 'desktop', 'desktop-entry.ts'), 'utf8');
    expect(entry).toContain("export const CLI_FLAG = '--certdesk-cli'");
    expect(entry).toContain("join(__dirname, '..', 'electron', 'cli', 'main.js')");
    expect(config.files).toContain('dist/**/*.js');
    expect(entry).toContain("require('./main')");
  });

  it('bundled with esbuild and run with a stand-in for electron: the built CLI answers, with its exit code', async () => {
    expect(existsSync(join(root, 'dist', 'electron', 'cli', 'main.js')), 'dist/ is missing: run `npm run build` first').toBe(true);
    const { build } = await import('esbuild');
    const dir = mkdtempSync(join(tmpdir(), 'certdesk-entry-'));
    // Beside dist/desktop/ as in the app, so the entry finds dist/electron/cli/main.js (npm run build) the same way.
    const bundleDir = mkdtempSync(join(root, 'dist', 'desktop-test-'));
    try {
      const out = join(bundleDir, 'main.js');
      // `electron` (imported by main.ts, which CLI mode never loads) is a stand-in; the CLI is the real one, bundled.
      await build({
        absWorkingDir: root,
        entryPoints: ['electron/desktop/desktop-entry.ts'],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: out,
        logLevel: 'silent',
        external: ['better-sqlite3', 'keytar'],
        plugins: [
          {
            name: 'fake-electron',
            setup(b) {
              b.onResolve({ filter: /^electron$/ }, () => ({ path: 'electron', namespace: 'fake' }));
              b.onLoad({ filter: /.*/, namespace: 'fake' }, () => ({ contents: 'module.exports = { app: { exit: (code) => process.exit(code) } };', loader: 'js' }));
            },
          },
        ],
      });
      const run = (args: string[]) => {
        try {
          return { code: 0, stdout: execFileSync(process.execPath, [out, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }) };
        } catch (error) {
          const e = error as { status: number; stdout: string };
          return { code: e.status, stdout: e.stdout };
        }
      };
      const roots = run(['--certdesk-cli', 'roots', '--json']);
      expect(roots.code).toBe(0);
      expect(Array.isArray(JSON.parse(roots.stdout)) || typeof JSON.parse(roots.stdout) === 'object').toBe(true);
      const bad = run(['--certdesk-cli', 'inspect', join(dir, 'missing.pfx'), '--json']);
      expect(bad.code).toBe(2);
      expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'not-found' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(bundleDir, { recursive: true, force: true });
    }
  }, 120_000);
});
