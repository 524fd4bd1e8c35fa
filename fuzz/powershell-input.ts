// The PowerShell fuzz inputs as the targets read them (fuzz/powershell.ts makes them): which operation, the
// context's secrets, and the stored { request, exec } form. Small on purpose: every worker loads it.
import type { ExecResult } from '../electron/engine/windows/executor';
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
/**
 * The PFX bytes of the import context (a secret field too). A real PFX, because store.import reads it for the
 * engine's placement plan before the script runs: a self-signed P-256 certificate with its key, no MAC and no
 * encryption (`openssl pkcs12 -export -nomac -certpbe NONE -keypbe NONE`), so it opens with any password.
 */
export const PS_PFX_BASE64 =
  'MIIC+QIBAzCCAvIGCSqGSIb3DQEHAaCCAuMEggLfMIIC2zCCAfwGCSqGSIb3DQEHAaCCAe0EggHpMIIB5TCCAeEGCyqGSIb3DQEMCgEDoIIBqTCCAaUGCiqGSIb3DQEJFgGgggGVBIIBkTCCAY0wggEzoAMCAQICFF746z2nw2uGQuJd0lgfL9htWCWgMAoGCCqGSM49BAMCMBsxGTAXBgNVBAMMEGZ1enoucGZ4LmV4YW1wbGUwIBcNMjYxMjA0MTUyNTI3WhgPMjEyNjExMTAxNTI1MjdaMBsxGTAXBgNVBAMMEGZ1enoucGZ4LmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARbugWz8l6UE+Rl4oWVQcXQkIKvUjdvh1nFRADaYg7bseFb+MuKSXsgxqbi8jIpaS+c9sxj4hhYI1LMQ+TNq2A7o1MwUTAdBgNVHQ4EFgQUKmcE6jHmyho5soAQMjRkpzk7H64wHwYDVR0jBBgwFoAUKmcE6jHmyho5soAQMjRkpzk7H64wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBYDpl4z1/sg8WN4ZCijvsOn8+LiQac9qQFUVtyRO7UIQIhAKT79fIC8N3I5fx3M3hIMfxd5qpbcTL3JZT53PpzIC9RMSUwIwYJKoZIhvcNAQkVMRYEFHAUZ4xhfU81pxwbp2eR6oUNLoLjMIHYBgkqhkiG9w0BBwGggcoEgccwgcQwgcEGCyqGSIb3DQEMCgEBoIGKMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgg7699sgdF5ODtpZGRmQatWFCH0zNLNu0/+rz9kKSkGGhRANCAARbugWz8l6UE+Rl4oWVQcXQkIKvUjdvh1nFRADaYg7bseFb+MuKSXsgxqbi8jIpaS+c9sxj4hhYI1LMQ+TNq2A7MSUwIwYJKoZIhvcNAQkVMRYEFHAUZ4xhfU81pxwbp2eR6oUNLoLj';

/** The stored form of a PowerShell input: the contract input (no secrets) and what the process did. */
export interface PsRecording {
  request: Record<string, unknown>;
  exec: ExecResult;
}

export function readPsInput(input: FuzzInput): PsRecording {
  return JSON.parse(Buffer.from(input.bytes).toString('utf8')) as PsRecording;
}
