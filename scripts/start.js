#!/usr/bin/env node
'use strict';
// `npm start`: build the renderer and the Electron bundles, then run the desktop app. Electron's binary
// is not downloaded by `npm ci` here (package.json "allowScripts" denies its install script), so when it
// is missing this says so in one sentence and exits 1 instead of failing with a stack.
//
//   CERTDESK_START_SKIP_BUILD=1   skip the builds (tests; or when you just built)
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

const MISSING_BINARY =
  'The Electron binary is not installed on this machine (npm does not download it here, and it cannot be downloaded from this network): ' +
  'where downloads work, install it with `node node_modules/electron/install.js`, otherwise run `npm run preview` to use CertDesk in a browser instead.';

/**
 * The Electron executable, or null when only the npm package (types, install script) is present. Read from the
 * package's path.txt rather than require('electron'): since Electron 42 that require starts a download when the
 * binary is missing, which prints to stdout and fails on machines without network.
 */
function electronBinary() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return null;
  }
  const pathFile = path.join(dir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  // As electron/index.js does: an override folder holds the binary even without path.txt.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, relative || 'electron') : relative ? path.join(dir, 'dist', relative) : null;
  return binary && fs.existsSync(binary) ? binary : null;
}

function runScript(name) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!pkg.scripts || !pkg.scripts[name]) return true;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', name], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(`npm start: \`npm run ${name}\` failed; fix it and start again.\n`);
    return false;
  }
  return true;
}

function main() {
  const binary = electronBinary();
  if (!binary) {
    process.stderr.write(`${MISSING_BINARY}\n`);
    process.exitCode = 1;
    return;
  }
  if (process.env.CERTDESK_START_SKIP_BUILD !== '1') {
    for (const name of ['build:renderer', 'build:electron']) if (!runScript(name)) return void (process.exitCode = 1);
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env, windowsHide: false });
  child.on('error', (error) => {
    process.stderr.write(`npm start: could not run Electron (${error.message}).\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = signal ? 1 : (code ?? 1);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (!child.killed) child.kill(signal);
    });
  }
}

main();
