// Where the Windows bridge's files sit on a provisioning server with CertDesk installed, for what a dry run shows
// a Windows administrator: the command lines as they run there, never the development tree a dry run on another
// machine happens to read the scripts from.
//
// build/electron-builder.json: the NSIS installer is per-machine (default folder C:\Program Files\CertDesk); the
// scripts go into the asar archive and, through `asarUnpack`, beside it in resources\app.asar.unpacked\<same
// relative path> (powershell.exe cannot read inside an asar); `win.extraResources` puts certdesk.cmd in resources\.
import { SCRIPTS_SUBDIR } from './scripts';
import { DEFAULT_SYSTEM_ROOT, powershellUnder } from './system-root';

/** The per-machine installer's default folder (the user may choose another: then the real paths differ). */
export const DEFAULT_INSTALL_DIR = 'C:\\Program Files\\CertDesk';
export const INSTALLED_RESOURCES = `${DEFAULT_INSTALL_DIR}\\resources`;
/** The scripts folder of an installed CertDesk. */
export const INSTALLED_SCRIPTS_DIR = `${INSTALLED_RESOURCES}\\app.asar.unpacked\\${SCRIPTS_SUBDIR.split(/[\\/]/).join('\\')}`;
/** The command line of an installed CertDesk (build/certdesk.cmd). */
export const INSTALLED_CLI = `${INSTALLED_RESOURCES}\\certdesk.cmd`;
export const INSTALLED_POWERSHELL = powershellUnder(DEFAULT_SYSTEM_ROOT);

/** One argument for cmd.exe / PowerShell's command line: quoted when it has a space or a shell character. */
export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"&|<>^%()]/.test(arg)) return arg;
  return `"${arg.replace(/"/g, '""')}"`;
}

export const windowsCommandLine = (args: readonly string[]): string => args.map(quoteWindowsArg).join(' ');

export interface RunningPaths {
  platform: NodeJS.Platform;
  /** The scripts folder this process uses. */
  scriptsDir: string;
  /** The powershell.exe this process would start. */
  powershell: string;
}

/**
 * The script's full path as it is on the provisioning server: this process's own when it is an installed CertDesk
 * on Windows (a folder other than the default is shown as it is), else the installed default.
 */
export function serverScriptPath(file: string, running: RunningPaths): string {
  const installed = running.platform === 'win32' && /[\\/]app\.asar\.unpacked[\\/]/i.test(running.scriptsDir);
  return installed ? `${running.scriptsDir.replace(/[\\/]+$/, '')}\\${file}` : `${INSTALLED_SCRIPTS_DIR}\\${file}`;
}

/** powershell.exe as the server starts it: this process's own on Windows, else under C:\Windows. */
export function serverPowerShell(running: RunningPaths): string {
  return running.platform === 'win32' ? running.powershell : INSTALLED_POWERSHELL;
}
