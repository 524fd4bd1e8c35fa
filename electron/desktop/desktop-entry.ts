// Entry of the desktop bundle (dist/desktop/main.js): the app's command line when CertDesk.exe is started by
// resources\certdesk.cmd with `--certdesk-cli`, otherwise the desktop app (main.ts).
//
// Why not ELECTRON_RUN_AS_NODE: the packaged app's RunAsNode fuse is off (build/electron-builder.json), so the
// Electron binary never acts as a plain Node.js; anyone who can set that variable could otherwise run any
// script inside CertDesk's signed executable. The CLI runs here instead, in Electron's own main process: no
// window, no single-instance lock, no Chromium profile; the same bundled code, data folder and keychain as the
// app, and it exits with the CLI's exit code once stdout and stderr are flushed.
//
// It does not import 'electron' itself (only main.ts, preload.ts and ipc.ts do, test/unit/electron/main-static.test.ts):
// in Electron's main process process.exit() ends the app like app.exit().

import { join } from 'node:path';

export const CLI_FLAG = '--certdesk-cli';

/** The CLI's arguments when the process was started for the CLI, else null. */
export function cliArgv(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(CLI_FLAG);
  return at === -1 ? null : argv.slice(at + 1);
}

/** Runs the CLI and then ends the process with its exit code (after the output is written). */
export async function runCliMode(args: string[], deps: { main: (argv: string[]) => Promise<void>; exit: (code: number) => void }): Promise<void> {
  let code = 2;
  try {
    await deps.main(args);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    process.stderr.write(`certdesk: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.stdout.write('', () => process.stderr.write('', () => deps.exit(code)));
}

/* eslint-disable @typescript-eslint/no-require-imports */
const args = cliArgv(process.argv);
if (args) {
  // The CLI as tsc builds it for bin/certdesk.js (dist/electron/cli/main.js, packaged in app.asar next to this
  // bundle's dist/desktop/), not bundled into it: the desktop bundle stays the size it was.
  const cliMain = join(__dirname, '..', 'electron', 'cli', 'main.js');
  void runCliMode(args, { main: (argv) => (require(cliMain) as typeof import('../cli/main')).main(argv), exit: (code) => process.exit(code) });
} else {
  require('./main');
}
/* eslint-enable @typescript-eslint/no-require-imports */
