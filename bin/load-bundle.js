'use strict';
// Loads the CLI bundle (dist/cli/certdesk.js) as CommonJS through vm.Script, with V8's code cache that
// `npm run build` wrote beside it (scripts/build-cli.mjs). Why: `certdesk inspect` is measured whole-process
// against openssl, and compiling the CLI's modules (zod's above all) was most of its start. The cache is
// only an optimisation: V8 rejects one made by another Node or with other flags, and the bundle then
// compiles as usual. It sits beside the bundle, as trusted as the code itself, and is never written at run time.
// Its name carries a hash of the bundle's text: V8 checks a cache against the source's length only, so a
// rebuilt bundle of the same length must not find the old cache.
const { createHash } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

/** Where the code cache of this bundle text lives. */
function cacheFileFor(file, source) {
  return `${file}.${createHash('sha256').update(source).digest('hex').slice(0, 16)}.cache`;
}

/** @returns {{ exports: any, script: import('node:vm').Script, source: string }} */
function loadBundle(file, { useCache = true } = {}) {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheFileFor(file, source);
  const cachedData = useCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(dirname(file));
  const wrapper = script.runInThisContext();
  const localRequire = (id) => bundle.require(id);
  localRequire.resolve = (request) => Module._resolveFilename(request, bundle);
  localRequire.cache = Module._cache;
  wrapper.call(bundle.exports, bundle.exports, localRequire, bundle, file, dirname(file));
  bundle.loaded = true;
  return { exports: bundle.exports, script, source };
}

module.exports = { cacheFileFor, loadBundle };
