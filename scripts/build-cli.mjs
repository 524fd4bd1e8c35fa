#!/usr/bin/env node
// Part of `npm run build`, after tsc: bundles the CLI (electron/cli/main.ts) into dist/cli/certdesk.js and
// writes V8's code cache for it (dist/cli/certdesk.js.<hash>.cache), which bin/certdesk.js loads through
// bin/load-bundle.js. One file instead of some 200 modules, and compiled code instead of source, is most of
// what `certdesk` spent before its first line of work (docs/benchmarks.md, "Chains, whole process").
//
// The cache is made by running a real `certdesk inspect --json` in this Node, so the functions that path
// compiles are in it. Native and rarely used heavy modules stay outside the bundle and load on demand.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'cli', 'certdesk.js');

/** Loaded from node_modules at run time: native code, or (node-forge) only by the provisioning commands. */
const CLI_EXTERNALS = ['electron', 'better-sqlite3', 'keytar', 'node-forge'];

// The caches of earlier bundles are removed: they would never be used again.
mkdirSync(dirname(outfile), { recursive: true });
for (const name of readdirSync(dirname(outfile)).filter((n) => n.endsWith('.cache'))) rmSync(join(dirname(outfile), name));

await build({
  absWorkingDir: root,
  entryPoints: ['electron/cli/main.ts'],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'external',
  legalComments: 'none',
  logLevel: 'warning',
  external: CLI_EXTERNALS,
});

// The workload that fills the cache: inspect a PEM of every catalogue root (tsc has just built the engine).
const require = (await import('node:module')).createRequire(import.meta.url);
const { catalogueCertificates } = require(join(root, 'dist', 'electron', 'engine', 'amt', 'roots.js'));
const pem = catalogueCertificates()
  .map((cert) => `-----BEGIN CERTIFICATE-----\n${cert.der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`)
  .join('');
const work = mkdtempSync(join(tmpdir(), 'certdesk-build-'));
try {
  const sample = join(work, 'roots.pem');
  writeFileSync(sample, pem);
  const maker = `
    const { writeFileSync } = require('node:fs');
    const { cacheFileFor, loadBundle } = require(${JSON.stringify(join(root, 'bin', 'load-bundle.js'))});
    const { exports: cli, script, source } = loadBundle(${JSON.stringify(outfile)}, { useCache: false });
    process.stdout.write = () => true;
    cli.main(['inspect', ${JSON.stringify(sample)}, '--json']).then(() => {
      writeFileSync(cacheFileFor(${JSON.stringify(outfile)}, source), script.createCachedData());
    });`;
  const made = spawnSync(process.execPath, ['-e', maker], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (made.status !== 0 && made.status !== 1) throw new Error(`making the CLI's code cache failed (exit ${made.status})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
