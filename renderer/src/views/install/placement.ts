// Where MMC's "Automatically select the certificate store" puts each certificate of a PFX (what store.import
// does on Windows): the one with the key → LocalMachine\My, self-signed CAs → Root, other CAs → CA.
// Used to show the plan in a dry run, where nothing is imported.
import type { CertSummary } from '../../../../shared/dto';

export interface PlannedCertificate {
  thumbprint: string;
  subject: string;
  store: 'LocalMachine\\My' | 'LocalMachine\\Root' | 'LocalMachine\\CA';
  hasPrivateKey: boolean;
}

export function plannedPlacement(chain: CertSummary[], others: CertSummary[], keySha1: string | null): PlannedCertificate[] {
  return [...chain, ...others].map((cert) => {
    const hasPrivateKey = keySha1 !== null && cert.sha1.toUpperCase() === keySha1.toUpperCase();
    const store = hasPrivateKey ? 'LocalMachine\\My' : cert.isCA && cert.selfSigned ? 'LocalMachine\\Root' : cert.isCA ? 'LocalMachine\\CA' : 'LocalMachine\\My';
    return { thumbprint: cert.sha1.toUpperCase(), subject: cert.subject, store, hasPrivateKey };
  });
}

/** The fallback (the service account's own store), for a dry run (on Windows the engine's association.detect returns its own words). */
export const SERVICE_ACCOUNT_STORE_FALLBACK = [
  'Fallback when the service account cannot be given read access to the key: import the PFX into the service account\'s own Personal store as well.',
  'This works for a service that logs on as a user account (local or domain) whose password you know. LocalSystem, LocalService, NetworkService and NT SERVICE\\… accounts have no profile to import into: keep those on the Local Computer store and grant access instead.',
  'Copy the PFX where the account can read it, then open a console as that account: runas /user:DOMAIN\\account mmc.exe (or sign in as the account).',
  'In MMC: File › Add/Remove Snap-in › Certificates › "My user account".',
  'Certificates – Current User › Personal › All Tasks › Import…, choose the PFX, enter its password, and keep "Automatically select the certificate store based on the type of certificate".',
  'Check that Personal › Certificates shows the certificate with "You have a private key that corresponds to this certificate".',
  'Delete the copied PFX, close the console, restart the provisioning service, and associate the certificate.',
];
