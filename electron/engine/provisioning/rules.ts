// Shared pieces of the server rule tables (rps.ts, meshcentral.ts): a rule row, the verdict, the sources.
import type { ServerRule, ServerRuleStatus } from '../../../shared/contract/provisioning';

/** The exact snapshots read (fetched 2026): cite these with file and line in every rule. */
export const RPS_COMMIT = 'device-management-toolkit/rps@dbebd6672067967ce911fd00f4381c9cb278498f';
export const MESHCENTRAL_COMMIT = 'Ylianst/MeshCentral@15e1718296a7940b68894d87bc2c46c98e629d83';

/** The AMT OID and setup OU (sources: shared/amt-rules.ts), under the names the rule tables use. */
export { AMT_PROVISIONING_OID as AMT_OID, AMT_SETUP_OU as AMT_OU } from '../../../shared/amt-rules';

export function rule(
  id: string,
  status: ServerRuleStatus,
  message: string,
  source: string,
  extra: { fix?: string; serverSays?: string } = {},
): ServerRule {
  return { id, status, message, source, ...(extra.fix ? { fix: extra.fix } : {}), ...(extra.serverSays ? { serverSays: extra.serverSays } : {}) };
}

/** Rules after a failed prerequisite (the file did not open) are reported as skipped, not passed. */
export function skipped(id: string, source: string, why: string): ServerRule {
  return rule(id, 'skip', `Not judged: ${why}.`, source);
}

export interface Verdict {
  accepted: boolean;
  refusedBy?: string;
  summary: string;
}

/** The first failing rule is what the server will say; the others are listed so all can be fixed at once. */
export function verdict(server: string, rules: ServerRule[]): Verdict {
  const failing = rules.filter((r) => r.status === 'fail');
  if (failing.length === 0) return { accepted: true, summary: `${server} will accept this certificate (every rule of its own upload check passes).` };
  const first = failing[0];
  const more = failing.length > 1 ? ` (and ${failing.length - 1} more rule${failing.length > 2 ? 's' : ''})` : '';
  return { accepted: false, refusedBy: first.id, summary: `${server} will refuse this certificate: ${first.message}${more}` };
}

/** A default entry/profile name from the CN: rps's character set (letters, digits, - and _). */
export function defaultName(cn: string | null): string {
  const base = (cn ?? 'provisioning').replace(/^\*\./, 'wildcard.').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (base || 'provisioning').slice(0, 64);
}

/** Whole days from now to `date` (negative when past). */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / 86_400_000);
}
