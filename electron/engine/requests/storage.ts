// Disk full and not writable: the two ways a write fails on a healthy disk that the user can fix. Every write
// of the requests feature (the data folder, the database, the files the user asked for) turns these failures
// into `disk-full` / `not-writable` here, with a sentence that says what happened, where, and what to do.
// Anything else is left to the caller (it stays `unreadable` or `internal`).
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { CertDeskError } from '../../../shared/errors';

/** Where the failed write went: the wording and the advice differ. */
export type StoragePlace =
  | { kind: 'data-folder'; path: string }
  /** `path` is the database file; a failed write changed nothing stored. */
  | { kind: 'database'; path: string; folder: string }
  /** A file the user asked for; `existed` says whether an old file is there (and was left as it was). */
  | { kind: 'file'; path: string; folder: string; existed: boolean };

type Problem = 'disk-full' | 'quota' | 'read-only' | 'permission';

const ERRNO: Record<string, Problem> = {
  ENOSPC: 'disk-full',
  EDQUOT: 'quota',
  EROFS: 'read-only',
  EACCES: 'permission',
  EPERM: 'permission',
};

/** Less than this much free space left on the disk counts as full (SQLite needs a few pages for a write). */
const FULL_BELOW_BYTES = 64 * 1024;

/**
 * What is wrong with `folder` when a write into it failed for a reason the error itself does not name
 * (SQLITE_CANTOPEN, SQLITE_IOERR_*): not writable, or (nearly) full; undefined when it looks fine.
 */
export function diagnoseFolder(folder: string): Problem | undefined {
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EROFS') return 'read-only';
    if (code === 'EACCES' || code === 'EPERM') return 'permission';
    return undefined;
  }
  try {
    const fs = statfsSync(folder);
    if (fs.bavail * fs.bsize < FULL_BELOW_BYTES) return 'disk-full';
  } catch {
    // statfs is not available everywhere; no diagnosis then.
  }
  return undefined;
}

/** The problem an error names: an errno, or one of SQLite's result codes (better-sqlite3 puts them in `code`). */
function problemOf(error: unknown, folder: string): Problem | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (ERRNO[code]) return ERRNO[code];
  if (code === 'SQLITE_FULL') return 'disk-full';
  if (code.startsWith('SQLITE_READONLY')) return diagnoseFolder(folder) ?? 'permission';
  // SQLite says "cannot open" or "I/O error" without the errno: look at the folder.
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) return diagnoseFolder(folder);
  return undefined;
}

function folderOf(place: StoragePlace): string {
  return place.kind === 'data-folder' ? place.path : place.folder;
}

/** The folder itself, or its nearest ancestor that exists (a data folder may not have been made yet). */
function existingFolder(folder: string): string {
  let dir = folder;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** What to do, once the disk or the permissions are fixed (or instead). */
function elsewhere(place: StoragePlace): string {
  return place.kind === 'file' ? 'or choose another folder' : 'or set CERTDESK_HOME to a folder on another disk';
}

/** What the failure left behind: the reassurance the user needs before trying again. */
function aftermath(place: StoragePlace): string {
  if (place.kind === 'database') return ' Nothing was saved; the requests already stored are intact.';
  if (place.kind === 'file') return place.existed ? ` The existing ${place.path} was left as it was.` : ' Nothing was written.';
  return '';
}

function what(place: StoragePlace): string {
  if (place.kind === 'database') return `the CertDesk database ${place.path}`;
  if (place.kind === 'data-folder') return `the CertDesk data folder ${place.path}`;
  return place.path;
}

/**
 * `disk-full` or `not-writable` for a failed write to `place`, or undefined when the failure is something
 * else (the caller keeps its own error).
 */
export function storageError(error: unknown, place: StoragePlace): CertDeskError | undefined {
  if (error instanceof CertDeskError) return undefined;
  const folder = existingFolder(folderOf(place));
  // mkdir -p on a read-only file system answers ENOENT (Node's recursive mkdir): look at the folder.
  const vague = place.kind === 'data-folder' && (error as { code?: unknown } | null)?.code === 'ENOENT';
  const problem = vague ? diagnoseFolder(folder) : problemOf(error, folder);
  if (!problem) return undefined;
  const target = what(place);
  const after = aftermath(place);
  switch (problem) {
    case 'disk-full':
      return new CertDeskError('disk-full', `No space left on the disk holding ${target}: free some space and try again.${after}`);
    case 'quota':
      return new CertDeskError('disk-full', `Your disk quota is used up on the disk holding ${target}: free some space (or ask for a larger quota) and try again.${after}`);
    case 'read-only':
      return new CertDeskError('not-writable', `Cannot write ${target}: it is on a read-only file system. Remount it read-write ${elsewhere(place)}.${after}`);
    case 'permission': {
      const folder = place.kind === 'data-folder' ? 'it' : folderOf(place);
      return new CertDeskError('not-writable', `Cannot write ${target}: permission denied. Make ${folder} writable for this user ${elsewhere(place)}.${after}`);
    }
  }
}
