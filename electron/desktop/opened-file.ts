// Reading a file the user opened (dialog, command line, second instance, macOS open-file) for the page.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OpenedFile } from '../../shared/bridge';
import { MAX_FILE_BYTES } from '../../shared/contract/operation';
import { CertDeskError } from '../../shared/errors';

/**
 * Reads a file the user chose (dialog, command line, second instance, macOS open-file) into what the
 * renderer gets. Files over 10 MiB are refused before reading; failures become CertDeskErrors.
 */
export async function readOpenedFile(filePath: string, maxBytes = MAX_FILE_BYTES): Promise<OpenedFile> {
  const fileName = basename(filePath);
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new CertDeskError('unreadable', `${fileName} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof CertDeskError) throw error;
    throw new CertDeskError('unreadable', `${fileName} cannot be read: ${describeFsError(error)}.`);
  }
  if (size > maxBytes) {
    throw new CertDeskError('too-large', `${fileName} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; certificate files are much smaller.`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    throw new CertDeskError('unreadable', `${fileName} cannot be read: ${describeFsError(error)}.`);
  }
  if (bytes.length > maxBytes) {
    throw new CertDeskError('too-large', `${fileName} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
  }
  return { fileName, contentBase64: bytes.toString('base64') };
}

const fsErrorWords: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  EBUSY: 'it is in use',
};

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && fsErrorWords[code]) || 'an I/O error occurred';
}
