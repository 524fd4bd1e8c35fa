// scripts/build-electron.mjs: the main bundle keeps native modules external; the sandboxed preload is one
// small file that requires only 'electron' and carries the contract's operation names (not its schemas).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationNames } from '../../../shared/api';

const root = join(__dirname, '..', '..', '..');
const out = mkdtempSync(join(tmpdir(), 'certdesk-bundle-'));
let main = '';
let preload = '';

beforeAll(() => {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--outdir', out], { cwd: root, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  main = readFileSync(join(out, 'main.js'), 'utf8');
  preload = readFileSync(join(out, 'preload.js'), 'utf8');
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const requires = (code: string) => [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))].sort();

describe('build:electron', () => {
  it('preload: requires only electron, has every operation name, no zod', () => {
    expect(requires(preload)).toEqual(['electron']);
    const names = /var operationNames = Object\.freeze\((\[[^\]]*\])\)/.exec(preload)?.[1];
    expect(JSON.parse(names ?? 'null')).toEqual(operationNames);
    expect(preload).not.toMatch(/safeParse|zod/);
    expect(preload.length).toBeLessThan(50_000);
  });

  it('main: electron and native modules external, everything else bundled', () => {
    const external = requires(main).filter((name) => !name.startsWith('node:'));
    for (const name of external) expect(['electron', 'better-sqlite3', 'keytar', ...builtinNames()]).toContain(name);
    expect(main).toContain('certdesk:op');
  });
});

function builtinNames(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:module').builtinModules as string[];
}
