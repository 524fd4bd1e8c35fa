// The CLI bundle and its V8 code cache (scripts/build-cli.mjs, bin/load-bundle.js): the cache made by
// `npm run build` is accepted by this Node, a cache that does not fit is rejected without harm, and the
// heavy or native modules stay outside the bundle.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli';

const BUNDLE = join(ROOT, 'dist', 'cli', 'certdesk.js');
const LOADER = join(ROOT, 'bin', 'load-bundle.js');
// Inside dist/, so the copy finds node_modules and package.json as the real bundle does.
const work = mkdtempSync(join(ROOT, 'dist', 'cli-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Loads a bundle in a fresh Node, runs `certdesk --version`, and reports whether V8 took the cache. */
function loadIn(bundle: string): { rejected: string; stdout: string; status: number | null } {
  const probe = `
    const { loadBundle } = require(${JSON.stringify(LOADER)});
    const { exports, script } = loadBundle(${JSON.stringify(bundle)});
    process.on('exit', () => process.stderr.write('rejected=' + script.cachedDataRejected));
    exports.main(['--version']);`;
  const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  // cachedDataRejected is undefined when no cache was found: 'undefined' is a failure of the first test.
  return { rejected: /rejected=(\w+)/.exec(run.stderr)?.[1] ?? 'no report', stdout: run.stdout, status: run.status };
}

describe('CLI bundle', () => {
  it('the code cache written by the build is accepted by this Node', () => {
    const run = loadIn(BUNDLE);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(run.rejected).toBe('false');
  });

  it('a cache that does not fit the bundle is rejected and the CLI still runs', () => {
    const copy = join(work, 'certdesk.js');
    copyFileSync(BUNDLE, copy);
    writeFileSync(`${copy}.cache`, Buffer.alloc(4096, 0x5a));
    const run = loadIn(copy);
    expect(run.rejected).toBe('true');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('native modules, Electron and node-forge load from node_modules, not from the bundle', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    for (const name of ['better-sqlite3', 'keytar', 'node-forge']) expect(text).toContain(`require("${name}")`);
    expect(text).not.toMatch(/forge\.pki\s*=|forge\.rc2\s*=/);
  });
});
