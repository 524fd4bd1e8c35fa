// Writing files the user asked for (CSR, PFX, calendar): never over an existing file without `force`,
// atomically (a temp file in the same folder, fsync, optional verification of what is on disk, rename,
// fsync of the folder), so a crash leaves either the old file or the new one, never half of one.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CertDeskError } from '../../../shared/errors';

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

export function writeFileAtomic(target: string, bytes: Buffer | string, options: WriteOptions = {}): string {
  const path = resolve(target);
  assertWritable(path, options.force);
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
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
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    if (error instanceof CertDeskError) throw error;
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
