// Words the UI and the CLI show as they are: how to associate the certificate with the provisioning
// service (seed step 7), the seed's fallback, and the patterns that find provisioning services.

/**
 * Wildcards (PowerShell -like, case-insensitive) matched against each service's name and display name.
 * The exact names of Intel's services are not confirmed by public sources (the seed names SCS 3.x's
 * "AMTconfig"; newer Intel SCS installs a Remote Configuration Service), so match widely and let the
 * user pick any service (`service list --all`) or name an account.
 */
export const PROVISIONING_SERVICE_PATTERNS = [
  'AMTconfig*',
  '*AMT*',
  '*Intel*SCS*',
  '*Intel*Setup*Configuration*',
  '*Remote Configuration*',
  'RCS*',
  '*RCSServer*',
  '*vPro*',
  '*Intel*EMA*',
  '*Altiris*',
] as const;

export interface LoadCertFacts {
  found: boolean;
  path: string | null;
}

const STORE = 'Local Computer › Personal (LocalMachine\\My)';

export function associationGuidance(loadCert: LoadCertFacts, thumbprint?: string): string[] {
  const which = thumbprint ? `the certificate with thumbprint ${thumbprint}` : 'the provisioning certificate (its thumbprint is printed by "certdesk store import")';
  if (loadCert.found) {
    return [
      `Intel SCS 3.x is installed: LoadCert.exe is at ${loadCert.path}.`,
      `Start it ("certdesk association launch" or the Associate button) and select ${which} in ${STORE}. SCS 3.x uses one certificate per provisioning server.`,
      'Then restart the AMTconfig service so it picks the certificate up, and run "certdesk verify <thumbprint> --service <name>".',
    ];
  }
  return [
    'LoadCert.exe (Intel SCS 3.x) is not installed on this machine, so there is nothing to launch.',
    `Newer Intel SCS (Remote Configuration Service) and other provisioning toolkits choose the certificate in their own console or configuration file: select ${which} in ${STORE}.`,
    'Make sure the service\'s logon account can read the private key ("certdesk acl grant <thumbprint> --service <name>"), restart the service, then run "certdesk verify <thumbprint> --service <name>".',
    'Toolkits that take the PFX file itself (for example Open AMT RPS or MeshCentral) do not use the Windows store: upload the PFX there instead.',
  ];
}

/** The seed's fallback when read access to the machine key cannot be granted (see docs/windows-bridge.md). */
export const SERVICE_ACCOUNT_STORE_FALLBACK = [
  'Fallback when the service account cannot be given read access to the key: import the PFX into the service account\'s own Personal store as well.',
  '1. This works for a service that logs on as a user account (local or domain) whose password you know; LocalSystem, LocalService, NetworkService and NT SERVICE\\… accounts have no interactive profile: keep those on the Local Computer store and grant access instead.',
  '2. Copy the PFX where the account can read it, then open a console as that account: runas /user:DOMAIN\\account mmc.exe (or sign in as the account).',
  '3. In MMC: File › Add/Remove Snap-in › Certificates › "My user account".',
  '4. Certificates – Current User › Personal › All Tasks › Import…, choose the PFX, enter its password, and keep "Automatically select the certificate store based on the type of certificate".',
  '5. Check that Personal › Certificates shows the certificate with "You have a private key that corresponds to this certificate".',
  '6. Delete the copied PFX, close the console, restart the provisioning service, and associate the certificate as above.',
];

/** Why a step matters, for the `service-can-read` fix text. */
export function grantCommand(thumbprint: string, service?: string, account?: string): string {
  if (service) return `certdesk acl grant ${thumbprint} --service "${service}"`;
  if (account) return `certdesk acl grant ${thumbprint} --account "${account}"`;
  return `certdesk acl grant ${thumbprint} --service <name>`;
}
