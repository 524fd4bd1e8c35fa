// The CLI bundle and its V8 code cache (scripts/build-cli.mjs, bin/load-bundle.js): the cache made by
// `npm run build` is accepted by this Node, a cache that does not fit is rejected without harm, a changed bundle
// of the same length finds no cache at all (V8 itself compares only the length), and the heavy or native modules
// stay outside the bundle.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cacheFileFor } = require('../../../bin/load-bundle.js') as { cacheFileFor(file: string, source: string): string };

const BUNDLE = join(ROOT, 'dist', 'cli', 'certdesk.js');
const LOADER = join(ROOT, 'bin', 'load-bundle.js');
// Inside dist/, so the copies find node_modules and package.json as the real bundle does.
const work = mkdtempSync(join(ROOT, 'dist', 'cli-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Loads a bundle in a fresh Node, runs `certdesk --version`, and reports what V8 said of the cache. */
function loadIn(bundle: string): { rejected: string; stdout: string; status: number | null } {
  const probe = `
    const { loadBundle } = require(${JSON.stringify(LOADER)});
    const { exports, script } = loadBundle(${JSON.stringify(bundle)});
    process.on('exit', () => process.stderr.write('rejected=' + script.cachedDataRejected));
    exports.main(['--version']);`;
  const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  // cachedDataRejected is undefined when no cache was found.
  return { rejected: /rejected=(\w+)/.exec(run.stderr)?.[1] ?? 'no report', stdout: run.stdout, status: run.status };
}

/** A copy of the bundle with the build's cache under the name the loader looks for. */
function copyWithCache(name: string): string {
  const copy = join(work, name);
  const source = readFileSync(BUNDLE, 'utf8');
  writeFileSync(copy, source);
  copyFileSync(cacheFileFor(BUNDLE, source), cacheFileFor(copy, source));
  return copy;
}

describe('CLI bundle', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

  it('the code cache written by the build is accepted by this Node', () => {
    const run = loadIn(BUNDLE);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
    expect(run.rejected).toBe('false');
  });

  it('a cache that does not fit the bundle is rejected and the CLI still runs', () => {
    const copy = copyWithCache('garbage.js');
    writeFileSync(cacheFileFor(copy, readFileSync(copy, 'utf8')), Buffer.alloc(4096, 0x5a));
    const run = loadIn(copy);
    expect(run.rejected).toBe('true');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('a rebuilt bundle of the same length does not pick up the old cache', () => {
    // The same bundle under another name takes the cache (V8 accepts it)…
    expect(loadIn(copyWithCache('same.js')).rejected).toBe('false');
    // …but one changed character, same length, has another cache name: the cache of the text it replaced (here
    // beside it, as a rebuild would leave it) is not found, and the source compiles.
    const original = readFileSync(BUNDLE, 'utf8');
    const edited = join(work, 'edited.js');
    writeFileSync(edited, original.replace('"use strict"', "'use strict'"));
    expect(readFileSync(edited).length).toBe(readFileSync(BUNDLE).length);
    copyFileSync(cacheFileFor(BUNDLE, original), cacheFileFor(edited, original));
    const run = loadIn(edited);
    expect(run.rejected).toBe('undefined');
    expect(run.stdout.trim()).toBe(version);
  });

  it('native modules, Electron and node-forge load from node_modules, not from the bundle', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    for (const name of ['better-sqlite3', 'keytar', 'node-forge']) expect(text).toContain(`require("${name}")`);
    expect(text).not.toMatch(/forge\.pki\s*=|forge\.rc2\s*=/);
  });
});
