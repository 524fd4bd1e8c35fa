// Where Windows is installed, from a source a non-administrator cannot change (issue [7], fix 11).
//
// powershell.exe (with the PFX and its password on stdin) and taskkill.exe are started by absolute path
// under the Windows folder. That folder must not come from %SystemRoot% / %windir% in the environment: a
// non-elevated user can set both (HKCU\Environment), an elevated process started from their session
// inherits them, and that is the well-known "windir" UAC-bypass pattern. An elevated CertDesk would then
// hand the PFX and its password to the user's own powershell.exe.
//
// What we use instead, and why:
//   1. `\\?\GLOBALROOT\SystemRoot`, resolved with fs.realpathSync.native. `\SystemRoot` is a symbolic link
//      in the root of the NT object namespace, created by the kernel at boot and pointing at the running
//      installation (e.g. \Device\HarddiskVolume3\Windows). Only the kernel (or an administrator with
//      SeCreatePermanentPrivilege) can replace it, and `\\?\GLOBALROOT\` skips the per-logon-session DOS
//      device map (\??), where a user *can* redefine a drive letter for their own session. Node's native
//      realpath (libuv: CreateFileW with FILE_FLAG_BACKUP_SEMANTICS, then GetFinalPathNameByHandleW with
//      VOLUME_NAME_DOS) turns it into `C:\Windows`. No registry access, no child process, no native module.
//      Rejected alternatives: `reg.exe query HKLM\...\CurrentVersion /v SystemRoot` needs reg.exe, whose path
//      needs the Windows folder (the same problem); Node has no SHGetKnownFolderPath/GetWindowsDirectory.
//   2. Only if (1) fails (no drive letter for the system volume, an unusual file system): the fixed default
//      `C:\Windows`, and only when the environment agrees with it and it holds System32. A hostile value is
//      never used: it can at most make CertDesk refuse to run PowerShell.
//   3. Otherwise: `powershell-missing`, saying why. Nothing is started.
import { existsSync, realpathSync } from 'node:fs';
import { CertDeskError } from '../../../shared/errors';

/** The NT object-namespace link to the running Windows installation, as a Win32 path. */
export const GLOBALROOT_SYSTEMROOT = '\\\\?\\GLOBALROOT\\SystemRoot';
/** Windows' default folder: shown in dry runs off Windows, and the fallback of step 2. */
export const DEFAULT_SYSTEM_ROOT = 'C:\\Windows';

export interface SystemRootSources {
  platform: NodeJS.Platform;
  /** fs.realpathSync.native on Windows. */
  realpath: (path: string) => string;
  exists: (path: string) => boolean;
  /** Only compared with, never used as the answer. */
  env: NodeJS.ProcessEnv;
}

const defaultSources = (): SystemRootSources => ({ platform: process.platform, realpath: (path) => realpathSync.native(path), exists: existsSync, env: process.env });

/** `C:\Windows` (drive-absolute, no UNC, no device path, nothing odd); the `\\?\` prefix is removed first. */
export function asDrivePath(path: string): string | null {
  const plain = path.replace(/^\\\\\?\\/, '').replace(/[\\/]+$/, '');
  // eslint-disable-next-line no-control-regex
  if (!/^[A-Za-z]:\\[^<>:"/|?*\u0000-\u001f]+$/.test(plain)) return null;
  if (plain.split('\\').some((part) => part === '..' || part === '.')) return null;
  return plain;
}

const same = (a: string | undefined, b: string) => typeof a === 'string' && a.replace(/[\\/]+$/, '').toLowerCase() === b.toLowerCase();

/** The Windows folder, e.g. `C:\Windows`. Throws powershell-missing when no trustworthy source gives it. */
export function resolveSystemRoot(sources: SystemRootSources = defaultSources()): string {
  // Dry runs on other systems show the default layout; nothing is started there.
  if (sources.platform !== 'win32') return DEFAULT_SYSTEM_ROOT;
  let reason: string;
  try {
    const resolved = asDrivePath(sources.realpath(GLOBALROOT_SYSTEMROOT));
    if (resolved && sources.exists(`${resolved}\\System32`)) return resolved;
    reason = `${GLOBALROOT_SYSTEMROOT} did not resolve to a local folder holding System32`;
  } catch (error) {
    reason = `${GLOBALROOT_SYSTEMROOT} could not be resolved (${(error as NodeJS.ErrnoException)?.code ?? 'error'})`;
  }
  const env = sources.env;
  const envAgrees = same(env.SystemRoot, DEFAULT_SYSTEM_ROOT) && (env.windir === undefined || same(env.windir, DEFAULT_SYSTEM_ROOT));
  if (envAgrees && sources.exists(`${DEFAULT_SYSTEM_ROOT}\\System32`)) return DEFAULT_SYSTEM_ROOT;
  throw new CertDeskError(
    'powershell-missing',
    `The Windows folder could not be determined from a source only an administrator can change: ${reason}, ` +
      `and the environment (SystemRoot=${JSON.stringify(env.SystemRoot ?? null)}, windir=${JSON.stringify(env.windir ?? null)}) does not agree with ${DEFAULT_SYSTEM_ROOT}. ` +
      'CertDesk does not start powershell.exe from a folder named by environment variables.',
  );
}

let cached: string | undefined;

/** resolveSystemRoot() once per process (the link does not change while Windows runs). */
export function systemRoot(): string {
  return (cached ??= resolveSystemRoot());
}

/** Windows PowerShell 5.1 under `root`. */
export const powershellUnder = (root: string) => `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
/** taskkill.exe under `root`. */
export const taskkillUnder = (root: string) => `${root}\\System32\\taskkill.exe`;
