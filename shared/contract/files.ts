// File-producing operations: their result carries a file's bytes (base64) that must never reach page
// JavaScript (the rule "the renderer never sees a private key": a PFX and its password together are the key).
// This table is the one place that says which operations those are, which field holds the bytes and how the
// file is named. In-process callers (dispatch, the CLI, other handlers) get the bytes; the two transports that
// serve a page replace them before the answer leaves the process:
//   - the preview server (electron/preview/server.ts) keeps them in memory for one GET and answers
//     `download: { url, fileName }` instead; the page navigates a hidden <a download> to the URL, so the bytes
//     go to the browser's download manager;
//   - Electron's IPC (electron/desktop/ipc.ts, with main.ts's native save dialog) writes them where the user chooses
//     and answers `saved: { path }` (or the error `cancelled`).
// Adding a file-producing operation: one row here, and its result type gets the optional `download`/`saved`.
import type { Input, OperationName, Output } from '../api';

/** A file name for `name`: letters, digits, dot, dash, underscore (never a path, never empty). */
export function safeFileName(name: string, fallback = 'certificate'): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 80);
  return cleaned || fallback;
}

export interface FileDelivery<K extends OperationName> {
  /** The result field holding the file's bytes as base64; the transports delete it from what a page gets. */
  bytesField: keyof Output<K> & string;
  /** The suggested file name (a bare name, see safeFileName), from the call's input and result. */
  fileName(input: Input<K>, result: Output<K>): string;
  /** Content-Type of the download. */
  mime: string;
  /** Save dialog filter: its label and the extensions (no dot). */
  filter: { name: string; extensions: string[] };
}

export const fileOperations = {
  'export.pfx': {
    bytesField: 'pfxBase64',
    fileName: (_input, result) => `${safeFileName(result.cn, 'certificate')}.pfx`,
    mime: 'application/x-pkcs12',
    filter: { name: 'PFX (PKCS #12)', extensions: ['pfx', 'p12'] },
  },
  // A setup.bin may hold MEBx passwords: a secret file like the PFX. Named setup.bin: the BIOS looks for that name.
  'setupbin.create': {
    bytesField: 'setupBinBase64',
    fileName: () => 'setup.bin',
    mime: 'application/octet-stream',
    filter: { name: 'Intel AMT USB provisioning file', extensions: ['bin'] },
  },
  // rps's domain profile and MeshCentral's config entry hold the PFX password (and rps's the PFX too): secret files.
  'provisioning.export': {
    bytesField: 'fileBase64',
    fileName: (_input, result) => result.file.fileName,
    mime: 'application/octet-stream',
    filter: { name: 'Provisioning server file', extensions: ['json', 'pfx'] },
  },
  // Chain repair: the PFX with the key and the chosen path (or, for a file without a key, the path as a .p7b).
  'chain.repair': {
    bytesField: 'fileBase64',
    fileName: (_input, result) => result.output.fileName,
    mime: 'application/octet-stream',
    filter: { name: 'PFX (PKCS #12) or certificate bundle (PKCS #7)', extensions: ['pfx', 'p12', 'p7b'] },
  },
} satisfies { [K in OperationName]?: FileDelivery<K> };

export type FileOperationName = keyof typeof fileOperations;

/** The same row with the types erased: what a transport, which handles any operation by name, works with. */
export interface AnyFileDelivery {
  bytesField: string;
  fileName(input: unknown, result: unknown): string;
  mime: string;
  filter: { name: string; extensions: string[] };
}

/** The delivery row of a file-producing operation, or undefined for every other operation. */
export function fileDelivery(name: string): AnyFileDelivery | undefined {
  if (!Object.prototype.hasOwnProperty.call(fileOperations, name)) return undefined;
  return fileOperations[name as FileOperationName] as unknown as AnyFileDelivery;
}
