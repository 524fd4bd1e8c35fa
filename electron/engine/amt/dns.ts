// DNS-suffix matching as AMT firmware does it: the DHCP option 15 suffix (or the MEBx "PKI DNS suffix") against
// the provisioning certificate's CN / SAN DNS names. Pure functions, no I/O. The rules themselves live in
// shared/dns-suffix.ts (the app's suffix box validates with the same rule); this module adds the engine's errors.
import {
  checkSuffix,
  DNS_LABEL,
  hostnameProblem,
  matchValidSuffix,
  normalizeDnsName,
  registrableDomain,
  type SuffixMatch,
  type SuffixRule,
} from '../../../shared/dns-suffix';
import { CertDeskError } from '../../../shared/errors';

export type { SuffixMatch, SuffixRule } from '../../../shared/dns-suffix';
export { normalizeDnsName, registrableDomain, TLD_DEPTH } from '../../../shared/dns-suffix';

export interface ServableSuffix {
  /** A DHCP suffix the names serve; for 'second-level-domain' it is the registrable domain, and any suffix under it is served. */
  suffix: string;
  rule: SuffixRule;
  name: string;
}

/** Validates a DHCP option 15 suffix and returns its normal form; a malformed suffix is a usage error. */
export function validateSuffix(suffix: string): string {
  const checked = checkSuffix(suffix);
  if (!checked.ok) throw new CertDeskError('usage', checked.message);
  return checked.suffix;
}

/** Validates a host FQDN (a provisioning server); at least two labels. */
export function validateHostname(host: string): string {
  const normal = normalizeDnsName(String(host ?? ''));
  const problem = hostnameProblem(normal) ?? (normal.includes('.') ? null : 'it is not a fully qualified name (no domain part)');
  if (problem) throw new CertDeskError('usage', `"${host}" is not a server FQDN: ${problem}.`);
  return normal;
}

/**
 * Does one of the certificate's names (CN, SAN DNS names) serve the DHCP suffix? First by the plain rule (the suffix
 * ends the name on a label boundary; `*.x` stands for x), then by AMT's second-level-domain rule.
 */
export function matchSuffix(names: string[], suffix: string): SuffixMatch {
  return matchValidSuffix(names, validateSuffix(suffix));
}

/**
 * The suffixes a certificate with these names can serve: each parent domain of a name (down to the registrable
 * domain, or two labels when the TLD has no depth entry), plus the registrable domain under the second-level rule.
 */
export function servableSuffixes(names: string[]): ServableSuffix[] {
  const out: ServableSuffix[] = [];
  const seen = new Set<string>();
  const add = (s: ServableSuffix) => {
    const key = `${s.rule}:${s.suffix}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };
  for (const raw of names) {
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const norm = normalizeDnsName(raw);
    const wildcard = norm.startsWith('*.');
    const labels = (wildcard ? norm.slice(2) : norm).split('.');
    if (labels.some((l) => !DNS_LABEL.test(l))) continue; // not a DNS name (e.g. a CN that is a person's name)
    const registrable = registrableDomain(norm);
    const minLabels = Math.max(2, registrable ? registrable.split('.').length : 2);
    // A host name serves its parents; a wildcard *.x also serves x itself.
    for (let i = wildcard ? 0 : 1; labels.length - i >= minLabels; i++) {
      add({ suffix: labels.slice(i).join('.'), rule: 'suffix', name: raw });
    }
    if (registrable) add({ suffix: registrable, rule: 'second-level-domain', name: raw });
  }
  return out;
}
