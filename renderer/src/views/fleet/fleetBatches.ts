// Splits dropped/picked files into fleet.check batches (shared/contract/fleet.ts bounds: files and bytes per call).
import { FLEET_BATCH_BYTES, FLEET_BATCH_FILES } from '../../../../shared/contract/fleet';
import { MAX_FILE_BYTES } from '../../../../shared/contract/operation';

export interface PickedFile {
  name: string;
  size: number;
}

export const CERT_FILE = /\.(pfx|p12|cer|crt|der|pem|p7b|p7c|csr|req)$/i;
export const MAX_FILE = MAX_FILE_BYTES;

/** Groups files (in order) so that no batch exceeds the count or the byte bound (an oversize file counts as 10 MiB: it is not sent). */
export function batches<T extends PickedFile>(files: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = Math.min(file.size, MAX_FILE + 1);
    if (current.length && (current.length >= FLEET_BATCH_FILES || bytes + size > FLEET_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}
