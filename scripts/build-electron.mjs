#!/usr/bin/env node
// Bundles the Electron main process and preload with esbuild into dist/desktop/ (package.json "main"
// is dist/desktop/main.js). The preload must be one file: a sandboxed preload can require nothing but
// 'electron'. Native modules stay external (electron-builder rebuilds them for Electron's ABI).
// dist/desktop/ sits inside tsc's dist/, which git and eslint already ignore.
//
//   node scripts/build-electron.mjs            production bundles
//   node scripts/build-electron.mjs --dev      with inline source maps
//   node scripts/build-electron.mjs --outdir D somewhere else (tests)
import { build } from 'esbuild';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > -1 ? resolve(process.argv[outdirAt + 1]) : join(root, 'dist', 'desktop');
const dev = process.argv.includes('--dev');

/** Modules the main bundle loads at run time from node_modules (native code, or Electron itself). */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'keytar'];
/** What a sandboxed preload may require. */
const PRELOAD_ALLOWED_REQUIRES = new Set(['electron']);

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  // Electron 45 runs a Node of 22 or later in main and a Chromium of the same age in the preload.
  target: 'node22',
  sourcemap: dev ? 'inline' : false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production') },
};

/** The operation names of shared/api.ts, read by running the contract once at build time. */
async function contractOperationNames() {
  const result = await build({ ...common, sourcemap: false, entryPoints: ['shared/api.ts'], write: false, outfile: 'api.cjs' });
  const dir = await mkdtemp(join(tmpdir(), 'certdesk-contract-'));
  try {
    const file = join(dir, 'api.cjs');
    await writeFile(file, result.outputFiles[0].text);
    const names = createRequire(file)(file).operationNames;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
      throw new Error('shared/api.ts did not export a list of operation names');
    }
    return names;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The preload only needs the operation names from shared/api.ts, not the zod schemas (main validates
 * every input). This swaps the contract module for its list of names: a small preload with no zod in the
 * isolated world.
 */
function contractNamesOnly(names) {
  return {
    name: 'contract-names-only',
    setup(b) {
      b.onResolve({ filter: /(^|[\\/])shared[\\/]api(\.ts)?$/ }, () => ({ path: 'operation-names', namespace: 'contract' }));
      b.onLoad({ filter: /.*/, namespace: 'contract' }, () => ({
        contents: `export const operationNames = Object.freeze(${JSON.stringify(names)});`,
        loader: 'js',
      }));
    },
  };
}

async function main() {
  const names = await contractOperationNames();
  await rm(outdir, { recursive: true, force: true });
  await Promise.all([
    // desktop-entry.ts: the CLI when started with --certdesk-cli (resources/certdesk.cmd), else main.ts.
    build({ ...common, entryPoints: { main: 'electron/desktop/desktop-entry.ts' }, outdir, external: MAIN_EXTERNALS }),
    build({ ...common, entryPoints: { preload: 'electron/desktop/preload.ts' }, outdir, external: ['electron'], plugins: [contractNamesOnly(names)] }),
  ]);
  const preload = await readFile(join(outdir, 'preload.js'), 'utf8');
  const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  const forbidden = [...new Set(required.filter((name) => !PRELOAD_ALLOWED_REQUIRES.has(name)))];
  if (forbidden.length) {
    throw new Error(`the preload bundle requires ${forbidden.join(', ')}; a sandboxed preload can only require 'electron'`);
  }
  if (/\bzod\b|safeParse/.test(preload)) throw new Error('the preload bundle contains the zod schemas; it should only carry operation names');
  const shown = relative(root, outdir) || '.';
  console.log(`Built ${shown}/main.js and ${shown}/preload.js (operations: ${names.join(', ')}).`);
}

main().catch((error) => {
  console.error(`build-electron: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
