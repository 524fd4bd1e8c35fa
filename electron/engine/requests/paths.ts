// Where CertDesk keeps its data: CERTDESK_HOME when set, else the OS's per-user app-data folder.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CertDeskError } from '../../../shared/errors';
import { storageError } from './storage';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'CertDesk');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'CertDesk');
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'certdesk');
}

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CERTDESK_HOME ? resolve(env.CERTDESK_HOME) : defaultDataDir(env);
}

/** Creates the data folder (0700, owner only) when missing and returns it. */
export function ensureDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = dataDir(env);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch (error) {
    // A full disk or a read-only / foreign parent folder: disk-full or not-writable, with what to do.
    throw storageError(error, { kind: 'data-folder', path: dir }) ?? unusable(dir, error);
  }
  return dir;
}

function unusable(dir: string, error: unknown): CertDeskError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new CertDeskError('unreadable', `Cannot create the CertDesk data folder ${dir} (${code}). Set CERTDESK_HOME to a writable folder.`);
}
