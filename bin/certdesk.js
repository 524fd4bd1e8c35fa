#!/usr/bin/env node
'use strict';
// Thin launcher: `npm run build` (run by `npm ci` through `prepare`) compiles the CLI to dist/ and bundles it
// into dist/cli/certdesk.js with a V8 code cache (bin/load-bundle.js says why).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli', 'certdesk.js');
if (!existsSync(bundle)) {
  process.stderr.write('certdesk is not built yet: run `npm ci` (or `npm run build`) in the project folder.\n');
  process.exit(2);
}
require('./load-bundle').loadBundle(bundle).exports.main(process.argv.slice(2));
