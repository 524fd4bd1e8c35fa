// Writing files the user asked for (CSR, PFX, calendar): never over an existing file without `force`,
// atomically (a temp file in the same folder, fsync, optional verification of what is on disk, rename,
// fsync of the folder), so a crash leaves either the old file or the new one, never half of one.
//
// A kill -9 (or a power cut) between creating the temp file and renaming it leaves the temp file behind:
// `.<name>.<pid>.<random>.tmp`, owner-only when the file holds a key (the PFX is password-encrypted; the
// key is never written in the clear). Each write removes the temp files that dead writers left in its
// folder: a stale copy of a key, even a password-protected one, should not linger where the user cannot
// see it (it is a dot-file), and nothing else will ever remove it. "Dead" is decided by the pid in the
// name: only temp files of processes that no longer run on this machine are removed, so two CertDesk
// processes writing into the same folder at once never delete each other's temp file.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CertDeskError } from '../../../shared/errors';
import { storageError } from './storage';

export interface WriteOptions {
  /** Replace an existing file. */
  force?: boolean;
  /** File mode of the new file (default 0644; 0600 for files holding keys). */
  mode?: number;
  /** Checks the bytes as read back from the temp file; throw to abandon the write. */
  verify?: (written: Buffer) => void;
}

/** Fails with 'exists' when `path` exists and `force` is not set; 'unreadable' when it is a directory. */
export function assertWritable(path: string, force?: boolean): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw new CertDeskError('usage', `${path} is a directory; give a file name.`);
  if (!force) throw new CertDeskError('exists', `${path} already exists; use --force to replace it.`);
}

/** `.<name>.<pid>.<12 hex>.tmp`: the temp file writeFileAtomic uses for `<name>`, by the process `pid`. */
const TEMP_NAME = /^\..+\.([1-9][0-9]*)\.[0-9a-f]{12}\.tmp$/;

export function tempFileName(target: string, pid: number = process.pid): string {
  return `.${basename(target)}.${pid}.${randomBytes(6).toString('hex')}.tmp`;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Removes the temp files that writers no longer running left in `dir`; returns their names. Never fails. */
export function removeStaleTempFiles(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || running(pid)) continue;
    try {
      rmSync(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: the write itself goes on.
    }
  }
  return removed;
}

export function writeFileAtomic(target: string, bytes: Buffer | string, options: WriteOptions = {}): string {
  const path = resolve(target);
  assertWritable(path, options.force);
  const dir = dirname(path);
  removeStaleTempFiles(dir);
  const existed = existsSync(path);
  const temp = join(dir, tempFileName(path));
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', options.mode ?? 0o644);
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (options.verify) options.verify(readFileSync(temp));
    // Re-check just before replacing: another process may have created the target meanwhile.
    assertWritable(path, options.force);
    renameSync(temp, path);
  } catch (error) {
    try {
      if (fd !== undefined) closeSync(fd);
      rmSync(temp, { force: true });
    } catch {
      // The write's own error is the one to report; a temp file left here is removed by the next write.
    }
    if (error instanceof CertDeskError) throw error;
    // Disk full, read-only folder, permission denied: say so, and that the old file is untouched.
    const clear = storageError(error, { kind: 'file', path, folder: dir, existed });
    if (clear) throw clear;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CertDeskError('unreadable', `Cannot write ${path} (${code}).`);
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename itself is atomic.
  }
  return path;
}
