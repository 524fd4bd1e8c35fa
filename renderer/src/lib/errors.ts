// Whatever the page catches, the UI sees { code, message }. Both bridges reject with the same plain object
// (shared/bridge-error.ts); anything else (a TypeError, a code the contract does not list) is 'internal'.
import { isErrorCode, type ErrorCode, type ErrorInfo } from '../../../shared/errors';

export function toUiError(error: unknown): ErrorInfo {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (isErrorCode(code)) return { code, message: typeof message === 'string' && message ? message : code };
    if (typeof message === 'string') return { code: 'internal', message };
  }
  return { code: 'internal', message: String(error) };
}

/** What files Inspect reads (by content, not by extension). */
export const ACCEPTED_FILES =
  'a PKCS #12 file with its key (.pfx, .p12), a certificate in DER or Base-64 (.cer, .crt, .der, .pem), a PKCS #7 chain (.p7b) or a certificate request (.csr)';

export interface ErrorHelp {
  /** One sentence in the user's terms: what went wrong. */
  title: string;
  /** What to do next: the way out of this error. */
  action: string;
}

// What to do for each error code, in the app's words (the engine's message says what happened; this says what to
// do). A table keyed by the stable error codes of shared/errors.ts; codes added later fall back to GENERIC.
const HELP: Partial<Record<ErrorCode | 'incomplete-chain', ErrorHelp>> = {
  'wrong-password': {
    title: 'The password is incorrect.',
    action: 'Retype the password (it is case-sensitive; check Caps Lock and the keyboard layout). If you do not know it, ask whoever exported the PFX for it, or export the PFX again.',
  },
  unreadable: {
    title: 'The file is damaged or not a certificate file.',
    action: `CertDesk reads ${ACCEPTED_FILES}. Copy the file again from where it came from (as binary, not as text), or export it again, then open it.`,
  },
  'unsupported-format': {
    title: 'CertDesk does not read this kind of file.',
    action: `Open ${ACCEPTED_FILES}. A private key alone, a Java keystore or a Windows .sst is not read: export the certificate (with its key for a provisioning server) as a .pfx first.`,
  },
  'too-large': {
    title: 'The file is larger than 10 MiB.',
    action: 'A certificate or PFX is a few kilobytes: check that you chose the certificate file itself, not an archive, a backup or a log.',
  },
  'keychain-unavailable': {
    title: 'The OS keychain is not reachable, so CertDesk cannot keep a private key safely.',
    action:
      'CertDesk keeps request keys encrypted under a key held in the OS keychain. Unlock it (Linux: start or unlock the GNOME keyring or KWallet in your session; Windows: sign in interactively so Credential Manager is available; macOS: unlock the login keychain), then try again. Without a keychain, start CertDesk with CERTDESK_VAULT=passphrase and the passphrase in CERTDESK_PASSPHRASE.',
  },
  'key-mismatch': {
    title: 'This certificate does not belong to any of your requests.',
    action: 'Drop the certificate the CA issued for a request made in CertDesk (its public key must match the request’s key).',
  },
  'not-found': {
    title: 'CertDesk could not find what was asked for.',
    action: 'Refresh the Requests list: the request may have been deleted, or it was made with another data folder.',
  },
  exists: { title: 'This already exists.', action: 'Choose another name, or use the existing one.' },
  cancelled: { title: 'Cancelled.', action: 'Nothing was changed. Start again when you are ready.' },
  usage: { title: 'CertDesk cannot use this input.', action: 'Correct the value the message names, then try again.' },
  'incomplete-chain': {
    title: 'The certificate’s chain does not reach a root.',
    action: 'Add the CA’s chain (the .p7b or the intermediate and root certificates from your CA), then try again.',
  },
  'not-windows': {
    title: 'This step needs Windows.',
    action: 'Run CertDesk on the provisioning server (Windows) to carry it out; here it is shown as a dry run.',
  },
  'not-elevated': {
    title: 'This step needs administrator rights.',
    action: 'Close CertDesk and start it with “Run as administrator”, then try again.',
  },
  'powershell-missing': { title: 'Windows PowerShell was not found.', action: 'Install or repair Windows PowerShell 5.1 on this server, then try again.' },
  'powershell-timeout': { title: 'PowerShell did not answer in time.', action: 'Try again; if it happens again, check that the server is not busy or waiting for a prompt.' },
  'powershell-failed': { title: 'The PowerShell step failed.', action: 'Read the message above, fix what it names, then try again.' },
  'powershell-blocked': {
    title: 'Windows policy blocked CertDesk’s PowerShell scripts.',
    action: 'Ask the administrator of the execution policy (AllSigned, Constrained Language) to allow CertDesk’s scripts, or run the steps from an allowed session.',
  },
  'disk-full': { title: 'The disk is full.', action: 'Free some space on the disk that holds CertDesk’s data folder, then try again.' },
  'not-writable': { title: 'CertDesk cannot write to its data folder.', action: 'Check that the data folder (CERTDESK_HOME, or your app-data folder) exists and that you may write to it.' },
  forbidden: { title: 'This page may not call CertDesk.', action: 'Open the address printed by `npm run preview` (it carries the access token), or use the desktop app.' },
  internal: { title: 'CertDesk hit an unexpected problem.', action: 'Try again. If it happens again, report it with the message above.' },
};

const GENERIC: ErrorHelp = { title: 'Something went wrong.', action: 'Read the message above and try again.' };

export function errorHelp(code: string): ErrorHelp {
  return HELP[code as keyof typeof HELP] ?? GENERIC;
}
