// `npm start` (scripts/start.js): without the Electron binary it must say so in one sentence and exit 1;
// with a binary it starts it on the project folder and passes the exit code through.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const script = join(root, 'scripts', 'start.js');
// npm installs the binary (and writes path.txt) only where its install script ran.
const binaryInstalled = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));

function start(env: Record<string, string | undefined>, args: string[] = []) {
  const merged: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', env: merged as NodeJS.ProcessEnv, timeout: 60_000 });
}

const fake = mkdtempSync(join(tmpdir(), 'certdesk-fake-electron-'));
afterAll(() => rmSync(fake, { recursive: true, force: true }));

describe('npm start', () => {
  it.skipIf(binaryInstalled)('without the Electron binary: one clear sentence, exit 1, no stack', () => {
    const result = start({ ELECTRON_OVERRIDE_DIST_PATH: undefined });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const text = result.stderr.trim();
    expect(text).toMatch(/^The Electron binary is not installed on this machine/);
    expect(text).toContain('node node_modules/electron/install.js');
    expect(text).toContain('npm run preview');
    expect(text.split('\n')).toHaveLength(1);
    expect(text).not.toMatch(/\n\s+at |Error:|node:internal/);
  });

  it.skipIf(process.platform === 'win32')('with a binary: runs it on the project folder, forwards arguments and exit code', () => {
    const binary = join(fake, 'electron');
    writeFileSync(binary, '#!/bin/sh\necho "args: $*"\necho "cwd: $(pwd)"\necho "run-as-node: ${ELECTRON_RUN_AS_NODE:-unset}"\nexit 7\n');
    chmodSync(binary, 0o755);
    const result = start({ ELECTRON_OVERRIDE_DIST_PATH: fake, CERTDESK_START_SKIP_BUILD: '1', ELECTRON_RUN_AS_NODE: '1' }, ['server.pfx']);
    expect(result.stdout).toContain('args: . server.pfx');
    expect(result.stdout).toContain(`cwd: ${root}`);
    expect(result.stdout).toContain('run-as-node: unset');
    expect(result.status).toBe(7);
  });
});
