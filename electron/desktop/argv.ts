// Which command-line arguments (ours, or a second instance's) are files to open. Pure: unit-tested in Node.
import { extname, resolve } from 'node:path';

/** The file associations of the installers (build/electron-builder.json). */
export const ASSOCIATED_EXTENSIONS = ['pfx', 'p12', 'cer', 'crt', 'der', 'p7b', 'csr'] as const;

/** What the app opens from the command line or a second instance: the associations plus PEM files. */
export const OPENABLE_EXTENSIONS: readonly string[] = [...ASSOCIATED_EXTENSIONS, 'pem'];

export function isOpenablePath(candidate: string): boolean {
  const ext = extname(candidate).slice(1).toLowerCase();
  return OPENABLE_EXTENSIONS.includes(ext);
}

/**
 * The files to open among command-line arguments. Chromium switches (`--foo`, also those Electron adds
 * to a second instance's argv), the executable and the app folder (`electron .`) are skipped because
 * only paths with a certificate extension are kept. Relative paths resolve against `cwd` (for a second
 * instance: its working directory, not ours). Duplicates are dropped, order is kept.
 */
export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const arg of argv.slice(1)) {
    if (typeof arg !== 'string' || arg.length === 0 || arg.startsWith('-')) continue;
    if (!isOpenablePath(arg)) continue;
    const full = resolve(cwd, arg);
    if (!files.includes(full)) files.push(full);
  }
  return files;
}
