// Fix 12 of issue [7]: `acl grant` refuses groups that hold (almost) everyone. Read access to the provisioning
// certificate's private key lets its holder impersonate the provisioning server to every AMT device; it belongs
// to the provisioning service's own account, never to Everyone, Users or a whole domain. `--force` overrides.
//
// Checked here, before anything runs, on the name or SID as given: English names (with or without the
// BUILTIN\, NT AUTHORITY\ or a domain prefix, any case, any spacing) and SIDs, including the domain-relative
// groups (S-1-5-21-…-513 Domain Users and the like). A localised group name (e.g. "Jeder") is not in this list.
import { CertDeskError } from '../../../shared/errors';

/** Well-known SIDs of broad groups, with the name shown in the refusal. */
const BROAD_SIDS: Record<string, string> = {
  'S-1-1-0': 'Everyone',
  'S-1-2-0': 'LOCAL',
  'S-1-2-1': 'CONSOLE LOGON',
  'S-1-5-1': 'DIALUP',
  'S-1-5-2': 'NETWORK',
  'S-1-5-3': 'BATCH',
  'S-1-5-4': 'INTERACTIVE',
  'S-1-5-6': 'SERVICE',
  'S-1-5-7': 'ANONYMOUS LOGON',
  'S-1-5-11': 'Authenticated Users',
  'S-1-5-13': 'TERMINAL SERVER USER',
  'S-1-5-14': 'REMOTE INTERACTIVE LOGON',
  'S-1-5-15': 'This Organization',
  'S-1-5-113': 'Local account',
  'S-1-5-1000': 'Other Organization',
  'S-1-5-32-545': 'Users',
  'S-1-5-32-546': 'Guests',
  'S-1-5-32-547': 'Power Users',
  'S-1-5-32-554': 'Pre-Windows 2000 Compatible Access',
  'S-1-5-32-555': 'Remote Desktop Users',
  'S-1-5-32-558': 'Performance Monitor Users',
  'S-1-5-32-559': 'Performance Log Users',
  'S-1-5-32-562': 'Distributed COM Users',
  'S-1-15-2-1': 'ALL APPLICATION PACKAGES',
  'S-1-15-2-2': 'ALL RESTRICTED APPLICATION PACKAGES',
};

/** Relative ids of broad accounts and groups inside a domain or machine SID (S-1-5-21-a-b-c-RID). */
const BROAD_RIDS: Record<string, string> = {
  '501': 'Guest',
  '513': 'Domain Users',
  '514': 'Domain Guests',
  '515': 'Domain Computers',
};

/** English names of the same (lower case, single spaces), plus the common aliases. */
const BROAD_NAMES = new Set(
  [...Object.values(BROAD_SIDS), ...Object.values(BROAD_RIDS), 'World', 'Anonymous', 'Authenticated User', 'Domain Users', 'Guest', 'Local', 'Console Logon'].map((n) => n.toLowerCase()),
);

/** The name of the broad group `account` denotes, or null. */
export function broadGroupName(account: string): string | null {
  const text = account.trim().replace(/\s+/g, ' ');
  const sid = text.toUpperCase();
  if (BROAD_SIDS[sid]) return BROAD_SIDS[sid];
  const domainRid = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/.exec(sid);
  if (domainRid && BROAD_RIDS[domainRid[1]]) return BROAD_RIDS[domainRid[1]];
  // BUILTIN\Users, NT AUTHORITY\Authenticated Users, CORP\Domain Users, .\Guest, users@corp.example.com
  const name = text.replace(/^.*\\/, '').replace(/@[^@]*$/, '').trim().toLowerCase();
  return BROAD_NAMES.has(name) ? (Object.values({ ...BROAD_SIDS, ...BROAD_RIDS }).find((n) => n.toLowerCase() === name) ?? text.replace(/^.*\\/, '')) : null;
}

/** Throws `forbidden` when `account` is a broad group and `force` is not set. */
export function refuseBroadAccount(account: string | undefined, force: boolean | undefined): void {
  if (!account || force) return;
  const group = broadGroupName(account);
  if (!group) return;
  throw new CertDeskError(
    'forbidden',
    `"${account}" is ${group === account ? 'a broad group' : `the broad group ${group}`}: read access to the provisioning certificate's private key would let its members ` +
      'impersonate the provisioning server to every AMT device. Grant it to the provisioning service instead (--service <name>, see certdesk service list) ' +
      'or to that service\'s own account. To grant it anyway, add --force.',
  );
}
