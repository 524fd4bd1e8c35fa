#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
let cli;
try {
  cli = require('../dist/electron/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/electron/cli/main.js')) {
    process.stderr.write('certdesk is not built yet: run `npm ci` (or `npm run build`) in the project folder.\n');
    process.exit(2);
  }
  throw error;
}
cli.main(process.argv.slice(2));
