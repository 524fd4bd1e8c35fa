// The PowerShell fuzz inputs as the targets read them (fuzz/powershell.ts makes them): which operation, the
// context's secrets, and the stored { request, exec } form. Small on purpose: every worker loads it.
import type { ExecResult } from '../electron/services/windows/executor';
import type { FuzzInput } from './types';

export type WindowsOperationName =
  | 'store.import'
  | 'service.list'
  | 'acl.show'
  | 'acl.grant'
  | 'verify'
  | 'association.detect'
  | 'association.launch'
  | 'elevation.check';

/** The PFX password of the import context: it must never appear in an error message, a log or an audit line. */
export const PS_SECRET = 'Fuzz-Secret-91c2';
/** A password with a space and regex/replacement characters: PowerShell may wrap it across lines or columns. */
export const PS_SECRET_SPACED = 'Fuzz Secret $&.*91c2';
/** The PFX bytes of the import context (a secret field too). */
export const PS_PFX_BASE64 = Buffer.from('fuzz pfx bytes 7d1e, not a real PFX').toString('base64');

/** The stored form of a PowerShell input: the contract input (no secrets) and what the process did. */
export interface PsRecording {
  request: Record<string, unknown>;
  exec: ExecResult;
}

export function readPsInput(input: FuzzInput): PsRecording {
  return JSON.parse(Buffer.from(input.bytes).toString('utf8')) as PsRecording;
}
