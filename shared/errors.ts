// Stable error codes: scripts match on them (DESIGN.md, "CLI and JSON contract"). Add, never rename.
export const errorCodes = [
  'wrong-password',
  'unreadable',
  'unsupported-format',
  'too-large',
  'usage',
  'not-found',
  'key-mismatch',
  'keychain-unavailable',
  'not-windows',
  'exists',
  'cancelled',
  'powershell-missing',
  'powershell-timeout',
  'powershell-failed',
  'not-elevated',
  'forbidden',
  'internal',
  // A write failed because the disk (or the user's quota) is full: ENOSPC, EDQUOT, SQLITE_FULL.
  'disk-full',
  // A write failed because the place cannot be written: read-only file system, permission denied
  // (EROFS, EACCES, EPERM, SQLITE_READONLY, a database that cannot be created there).
  'not-writable',
  // Windows PowerShell refused to run (or crippled) CertDesk's unsigned scripts: an AllSigned execution policy
  // set by Group Policy ("is not digitally signed"), or WDAC/AppLocker putting them in ConstrainedLanguage mode.
  'powershell-blocked',
  // The certificate's chain does not reach a root (an issuer is neither stored nor in the AMT root catalogue):
  // export-pfx and the install flows refuse it unless the caller allows it explicitly (--allow-incomplete-chain).
  'incomplete-chain',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** The only error type that crosses a boundary (CLI, IPC, HTTP): a code and a sentence, never a stack. */
export class CertDeskError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CertDeskError';
    this.code = code;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Maps anything thrown to the public `{ code, message }` shape; unknown failures become `internal`. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof CertDeskError) return { code: error.code, message: error.message };
  if (error && typeof error === 'object' && isErrorCode((error as { code?: unknown }).code)) {
    const { code, message } = error as { code: ErrorCode; message?: unknown };
    return { code, message: typeof message === 'string' ? message : code };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected internal error: ${message}` };
}
