// Tests that run the CLI as another user (`nobody`, to see EACCES as it really is) need a copy of the CLI that
// user can read: a clone in root's home folder or in a private `mktemp -d` folder (0700) cannot be entered by
// anyone else. readableCopy() answers the project folder itself when `nobody` can read the CLI there, else a
// world-readable copy in the temp folder of what `node bin/certdesk.js` needs: bin/, dist/, package.json and
// the runtime dependencies (package.json dependencies and optionalDependencies, with theirs) from node_modules.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NOBODY = { uid: 65534, gid: 65534 };

/** Runs `node args…` as nobody (setpriv, no supplementary groups). */
export function asNobody(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawnSync('setpriv', [`--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', process.execPath, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** Can `nobody` read `file` (every folder on the way entered)? */
export function nobodyCanRead(file: string): boolean {
  const probe = asNobody(['-e', 'require("fs").accessSync(process.argv[1], require("fs").constants.R_OK)', file]);
  return probe.status === 0;
}

/** The runtime packages of `root` (dependencies and optional dependencies, transitively), as node_modules folder names. */
function runtimePackages(root: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const manifest = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return; // an optional dependency that is not installed
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  return [...seen];
}

/** Folders 0755, files readable by all (a copy keeps the source's modes, which may be owner-only). */
function openUp(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) openUp(join(path, entry));
  } else chmodSync(path, (stat.mode & 0o777) | 0o444);
}

export interface ReadableCli {
  /** The folder holding bin/certdesk.js and dist/ that nobody can read. */
  root: string;
  /** Why a copy was made (undefined when the project folder itself is readable). */
  copied?: string;
  cleanup(): void;
}

/** The project at `root` as `nobody` can run it: itself, or a world-readable copy in the temp folder. */
export function readableCli(root: string): ReadableCli {
  if (nobodyCanRead(join(root, 'bin', 'certdesk.js'))) return { root, cleanup: () => undefined };
  const copy = mkdtempSync(join(tmpdir(), 'certdesk-cli-copy-'));
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true, dereference: true });
  for (const name of runtimePackages(root)) cpSync(join(root, 'node_modules', name), join(copy, 'node_modules', name), { recursive: true, dereference: true });
  openUp(copy);
  return {
    root: copy,
    copied: `${root} cannot be entered by nobody (a private folder): the CLI runs from a readable copy in ${copy}`,
    cleanup: () => rmSync(copy, { recursive: true, force: true }),
  };
}
