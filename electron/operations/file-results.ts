// The transports' half of shared/contract/files.ts: takes a file-producing operation's bytes out of its
// result, so what crosses to a page (IPC answer, preview JSON) never holds them. Pure; no electron import.
import { fileDelivery } from '../../shared/contract/files';
import { CertDeskError } from '../../shared/errors';

/** A file an operation produced, as the transport delivers it (download or save dialog). */
export interface ProducedFile {
  /** Suggested bare file name (no folder). */
  fileName: string;
  mime: string;
  filter: { name: string; extensions: string[] };
  bytes: Buffer;
}

export interface TakenFile {
  /** The result without the bytes field: what a page may see (the transport adds `download` or `saved`). */
  pageResult: Record<string, unknown>;
  file: ProducedFile;
}

/**
 * For a successful result of a file-producing operation: the result without its bytes, and the file.
 * Undefined for every other operation. A file-producing result without its bytes is an internal error.
 */
export function takeFile(name: string, input: unknown, result: unknown): TakenFile | undefined {
  const delivery = fileDelivery(name);
  if (!delivery) return undefined;
  if (!result || typeof result !== 'object' || Array.isArray(result)) {
    throw new CertDeskError('internal', `${name} returned no result to make a file of.`);
  }
  const { [delivery.bytesField]: encoded, ...pageResult } = result as Record<string, unknown>;
  if (typeof encoded !== 'string' || encoded.length === 0) {
    throw new CertDeskError('internal', `${name} returned no file bytes.`);
  }
  // Whatever else the result holds, a page gets neither field a transport sets itself.
  delete pageResult.download;
  delete pageResult.saved;
  return {
    pageResult,
    file: {
      fileName: delivery.fileName(input, result),
      mime: delivery.mime,
      filter: delivery.filter,
      bytes: Buffer.from(encoded, 'base64'),
    },
  };
}
