// Operations of issue [10] item 1: the custom-root kit. `setupbin.create` builds the USB provisioning file
// (setup.bin) that adds a root's SHA-256 hash and the PKI DNS suffix (and the MEBx password) to each AMT device;
// `setupbin.show` reads one. The file may hold a MEBx password, so it is a secret file: its bytes never reach a
// page (shared/contract/files.ts); the view a page gets never holds a password.
import { z } from 'zod';
import { FileBytes } from './inspect';
import { operation } from './operation';

/** What the engine reads the root from: a certificate file (any container), or the JSON `certdesk check --json` wrote. */
export const SetupBinRootSource = z.union([
  z.object({ kind: z.literal('file'), file: FileBytes.extend({ password: z.string().max(1024).optional() }) }),
  z.object({ kind: z.literal('check-json'), fileName: z.string().min(1).max(1024), text: z.string().max(16 * 1024 * 1024) }),
]);
export type SetupBinRootSource = z.infer<typeof SetupBinRootSource>;

export const SetupBinCreateInput = z.object({
  root: SetupBinRootSource,
  /** The PKI DNS suffix (DHCP option 15 of the provisioning network, or the one the certificate's CN ends in). */
  suffix: z.string().min(1).max(255),
  /** The device's MEBx password now; absent = the factory default "admin". */
  currentMebxPassword: z.string().min(1).max(64).optional(),
  /** The MEBx password to set (MEBx rules: 8–32 characters, upper, lower, digit, symbol); required when the current one is "admin". */
  newMebxPassword: z.string().min(1).max(64).optional(),
  /** The friendly name stored with the hash (≤ 32 ASCII characters); default: the root's CN. */
  hashName: z.string().min(1).max(128).optional(),
  /** Store the record scrambled, as Intel's ACU does (obfuscation only; default: plain, as MeshCentral writes). */
  scramble: z.boolean().optional(),
});
export type SetupBinCreateInput = z.infer<typeof SetupBinCreateInput>;

/** A setup.bin to read. The answer never holds a password: the CLI's `--show-secrets` reads in-process, not through this operation. */
export const SetupBinShowInput = FileBytes;
export type SetupBinShowInput = z.infer<typeof SetupBinShowInput>;

export type SetupBinProblemSeverity = 'error' | 'warning';

/** One format problem found by the reader. `id` is stable (scripts and tests match on it); the list only grows. */
export interface SetupBinProblem {
  id: string;
  severity: SetupBinProblemSeverity;
  message: string;
  /** 1-based data record the problem is in (absent for the header). */
  record?: number;
  /** Byte offset in the file. */
  offset?: number;
}

export interface SetupBinHash {
  algorithm: 'SHA-1' | 'SHA-256' | 'SHA-384' | string;
  /** Uppercase hex. */
  hash: string;
  name: string;
}

export interface SetupBinVariableView {
  module: number;
  id: number;
  /** Stable key from the variable table (`pki-dns-suffix`); absent for a variable CertDesk does not know. */
  key?: string;
  name: string;
  length: number;
  /** The value for scripts: text, number, hex, or for 2/8 the hash object; null when secret and not shown. */
  value: string | number | SetupBinHash | null;
  /** The value as a person reads it ("Intel AMT", "•••••••• (8 characters)"). */
  display: string;
  secret?: boolean;
}

export interface SetupBinRecordView {
  /** 1-based position in the file. */
  index: number;
  number: number;
  type: 'data' | 'invalid' | 'unknown';
  /** Not yet consumed (record flag bit 0). */
  valid: boolean;
  scrambled: boolean;
  variables: SetupBinVariableView[];
}

export interface SetupBinView {
  file: string;
  size: number;
  /** The file type's version ("4.0"), from the GUID and the header's minor version; null when the GUID is unknown. */
  version: string | null;
  /** Records are consumed (one machine each) or reused for every machine (header flag bit 0 = do not consume). */
  consumable: boolean | null;
  header: {
    chunkCount: number;
    headerBytes: number;
    majorVersion: number;
    minorVersion: number;
    flags: number;
    dataRecordCount: number;
    dataRecordsConsumed: number;
    dataRecordChunkCount: number;
    moduleList: number[];
  } | null;
  records: SetupBinRecordView[];
  /** What the first valid record does, in words scripts can use. */
  summary: {
    pkiDnsSuffix?: string;
    configServerFqdn?: string;
    hashes: SetupBinHash[];
    setsCurrentMebxPassword: boolean;
    setsNewMebxPassword: boolean;
  };
  problems: SetupBinProblem[];
  /** No problem of severity `error`. */
  ok: boolean;
}

export interface SetupBinRootInfo {
  subject: string;
  sha256: string;
  notAfter?: string;
  signatureHash?: string;
  keyAlgorithm?: string;
  keySize?: number | null;
  /** The name AMT's hash list shows: the hash's friendly name in the file. */
  hashName: string;
  /** The firmware catalogue's name when AMT already holds this root (a setup.bin is then not needed for the hash). */
  inFirmware?: string;
}

export interface SetupBinCreateResult {
  root: SetupBinRootInfo;
  suffix: string;
  version: string;
  scrambled: boolean;
  /** Whether the file changes the MEBx password, and whether the current one is the factory default. */
  mebx: { current: 'factory-default' | 'given'; changesPassword: boolean };
  /** Things to know before using the file (root already in firmware, SHA-1 root on AMT 16+, …). */
  warnings: string[];
  /** The file read back by CertDesk's reader (no password in it). */
  view: SetupBinView;
  size: number;
  /** SHA-256 of the file (uppercase hex), to compare a copy on the USB stick. */
  sha256: string;
  /** The file's bytes for in-process callers (CLI, tests); the page transports take them out (shared/contract/files.ts). */
  setupBinBase64?: string;
  download?: { url: string; fileName: string };
  saved?: { path: string };
}

export const setupbinOperations = {
  'setupbin.create': operation<SetupBinCreateResult>()(SetupBinCreateInput),
  'setupbin.show': operation<SetupBinView>()(SetupBinShowInput),
};

// ------------------------------------------------------------------------------------------------ MEBx password rules
// Shared with the app (live check); the sources are in electron/engine/amt/setupbin/mebx.ts.

export const FACTORY_MEBX_PASSWORD = 'admin';
export const MEBX_PASSWORD_MIN = 8;
export const MEBX_PASSWORD_MAX = 32;

const FORBIDDEN = new Set([':', ',', '"']);

/** Why `password` is not a password MEBx accepts as new (null when it is one): one sentence, the first rule broken. */
export function mebxPasswordProblem(password: string): string | null {
  const chars = [...password];
  if (chars.length < MEBX_PASSWORD_MIN || chars.length > MEBX_PASSWORD_MAX) {
    return `it is ${chars.length} characters; MEBx takes ${MEBX_PASSWORD_MIN} to ${MEBX_PASSWORD_MAX}.`;
  }
  const bad = chars.find((c) => c < ' ' || c > '~');
  if (bad !== undefined) return 'it holds a character outside 7-bit printable ASCII (MEBx is typed on a US keyboard layout).';
  const forbidden = chars.find((c) => FORBIDDEN.has(c));
  if (forbidden !== undefined) return `it holds ${JSON.stringify(forbidden)}; MEBx refuses ':', ',' and '"'.`;
  if (!/[0-9]/.test(password)) return 'it has no digit.';
  if (!/[a-z]/.test(password)) return 'it has no lower-case letter.';
  if (!/[A-Z]/.test(password)) return 'it has no upper-case letter.';
  if (!/[^A-Za-z0-9_ ]/.test(password)) return "it has no symbol such as ! @ # $ % ^ * ('_' and space do not count).";
  return null;
}

/** Why `password` cannot be the *current* password in a file (null when it can): any MEBx password is 1–32 printable ASCII. */
export function currentPasswordProblem(password: string): string | null {
  if (password.length === 0 || password.length > MEBX_PASSWORD_MAX) return `it is ${password.length} characters; a MEBx password is at most ${MEBX_PASSWORD_MAX}.`;
  if (!/^[\x20-\x7e]+$/.test(password)) return 'it holds a character outside 7-bit printable ASCII.';
  return null;
}
