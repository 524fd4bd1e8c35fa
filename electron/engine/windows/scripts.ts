// The shipped PowerShell scripts, chosen by name from this table (never a path from a caller), the shared
// modules each one dot-sources from its own folder, and where they live: in the sources, next to dist/, or
// unpacked beside a packaged app's asar archive.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { windowsSecretFields } from '../../../shared/contract/windows';
import { CertDeskError } from '../../../shared/errors';

/**
 * The shared helper modules. A script dot-sources the ones it needs (Common first) by a fixed name joined to its
 * own folder: `. (Join-Path -Path $PSScriptRoot -ChildPath 'CertDesk.Common.ps1')`. They ship beside the scripts
 * (electron-builder's `files` and `asarUnpack` take every .ps1 of the folder); a dry run returns their text too.
 */
export const MODULES = ['CertDesk.Common.ps1', 'CertDesk.Platform.ps1', 'CertDesk.Accounts.ps1', 'CertDesk.KeyAccess.ps1', 'CertDesk.Import.ps1', 'CertDesk.LoadCert.ps1'] as const;
export type ModuleFile = (typeof MODULES)[number];

const KEY_MODULES = ['CertDesk.Common.ps1', 'CertDesk.Platform.ps1', 'CertDesk.Accounts.ps1', 'CertDesk.KeyAccess.ps1'] as const;

export interface ScriptSpec {
  file: string;
  /** The modules the script dot-sources, in load order (the static tests check the script against this list). */
  modules: readonly ModuleFile[];
  /** Input fields that are secrets: replaced by '***' in dry runs, logs, audit entries and messages. */
  secretFields: readonly string[];
  /** The script refuses to run unelevated (it reports `not-elevated`). */
  needsElevation: boolean;
  timeoutMs: number;
  /** The CLI command a user runs from an elevated prompt (for the `not-elevated` instruction). */
  cli: string;
}

export const scripts = {
  'import-pfx': {
    file: 'import-pfx.ps1',
    modules: ['CertDesk.Common.ps1', 'CertDesk.Platform.ps1', 'CertDesk.Import.ps1'],
    secretFields: windowsSecretFields['store.import'],
    needsElevation: true,
    timeoutMs: 120_000,
    cli: 'certdesk store import <file.pfx> --password-stdin',
  },
  'list-services': {
    file: 'list-services.ps1',
    modules: ['CertDesk.Common.ps1', 'CertDesk.Platform.ps1', 'CertDesk.Accounts.ps1'],
    secretFields: [],
    needsElevation: false,
    timeoutMs: 60_000,
    cli: 'certdesk service list',
  },
  'acl-show': { file: 'acl-show.ps1', modules: KEY_MODULES, secretFields: [], needsElevation: true, timeoutMs: 60_000, cli: 'certdesk acl show <thumbprint> --service <name>' },
  'acl-grant': { file: 'acl-grant.ps1', modules: KEY_MODULES, secretFields: [], needsElevation: true, timeoutMs: 60_000, cli: 'certdesk acl grant <thumbprint> --service <name>' },
  verify: { file: 'verify.ps1', modules: KEY_MODULES, secretFields: [], needsElevation: true, timeoutMs: 90_000, cli: 'certdesk verify <thumbprint> --service <name>' },
  'find-loadcert': {
    file: 'find-loadcert.ps1',
    modules: ['CertDesk.Common.ps1', 'CertDesk.Platform.ps1', 'CertDesk.LoadCert.ps1'],
    secretFields: [],
    needsElevation: false,
    timeoutMs: 30_000,
    cli: 'certdesk association detect',
  },
  'launch-loadcert': {
    file: 'launch-loadcert.ps1',
    modules: ['CertDesk.Common.ps1', 'CertDesk.Platform.ps1', 'CertDesk.LoadCert.ps1'],
    secretFields: [],
    needsElevation: false,
    timeoutMs: 60_000,
    cli: 'certdesk association launch',
  },
  'check-elevation': { file: 'check-elevation.ps1', modules: ['CertDesk.Common.ps1', 'CertDesk.Platform.ps1'], secretFields: [], needsElevation: false, timeoutMs: 30_000, cli: 'certdesk elevation' },
} as const satisfies Record<string, ScriptSpec>;

export type ScriptName = keyof typeof scripts;
export const scriptNames = Object.keys(scripts) as ScriptName[];

/** Where the scripts sit relative to the project root (and to `app.asar.unpacked` in a packaged app). */
export const SCRIPTS_SUBDIR = join('electron', 'engine', 'windows', 'scripts');
const MARKER = scripts['import-pfx'].file;

/** A path inside `app.asar` is readable by Node (Electron patches fs) but not by powershell.exe: use the unpacked copy. */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked');
}

export interface LocateOptions {
  /** The directory of the running module (default: this file's directory, in sources or in dist/). */
  baseDir?: string;
  /** Electron's `process.resourcesPath` in a packaged app. */
  resourcesPath?: string;
  exists?: (path: string) => boolean;
}

/** Candidate script directories, most specific first. */
export function scriptsDirCandidates(options: LocateOptions = {}): string[] {
  const baseDir = options.baseDir ?? __dirname;
  const resourcesPath = options.resourcesPath ?? (process as { resourcesPath?: string }).resourcesPath;
  const candidates: string[] = [];
  // Packaged: electron-builder's asarUnpack puts **/*.ps1 (scripts and modules) in resources/app.asar.unpacked/<same relative path>.
  if (resourcesPath) candidates.push(join(resourcesPath, 'app.asar.unpacked', SCRIPTS_SUBDIR));
  // Sources (tests, ts-node): the scripts sit beside this file.
  candidates.push(join(baseDir, 'scripts'));
  // dist/electron/engine/windows (tsc does not copy .ps1): walk up to the project root.
  let dir = baseDir;
  for (let depth = 0; depth < 8; depth++) {
    candidates.push(join(dir, SCRIPTS_SUBDIR));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return [...new Set(candidates.map(unpackedPath))];
}

export function resolveScriptsDir(options: LocateOptions = {}): string {
  const exists = options.exists ?? existsSync;
  const candidates = scriptsDirCandidates(options);
  const found = candidates.find((dir) => exists(join(dir, MARKER)));
  if (!found) {
    throw new CertDeskError('internal', `The PowerShell scripts of the Windows bridge were not found (looked in ${candidates.slice(0, 4).join('; ')}).`);
  }
  return found;
}
