// DNS-suffix matching as AMT firmware does it: the DHCP option 15 suffix (or the MEBx "PKI DNS suffix") against
// the provisioning certificate's CN / SAN DNS names. Pure functions, no I/O.
import { CertDeskError } from '../../../shared/errors';

export type SuffixRule = 'suffix' | 'second-level-domain';

export interface SuffixMatch {
  match: boolean;
  rule?: SuffixRule;
  /** The certificate name (CN or SAN DNS name, as given) that matched. */
  name?: string;
}

export interface ServableSuffix {
  /** A DHCP suffix the names serve; for 'second-level-domain' it is the registrable domain, and any suffix under it is served. */
  suffix: string;
  rule: SuffixRule;
  name: string;
}

// Registrable-domain depth per TLD for AMT's "second-level domain" exception. Source: Intel AMT SDK
// pkicertificateverificationmethods.htm (.com/.net share the second-level domain; 4.1/5.1+ extend it with a per-TLD
// table) and MeshCentral certoperations.js TopLevelDomainExtendedSupport (the table itself). TLDs not listed: no exception.
export const TLD_DEPTH: Readonly<Record<string, number>> = {
  net: 2, com: 2, arpa: 3, org: 2, gov: 2, edu: 2, de: 2, fr: 3, cn: 3, nl: 3, br: 3, mx: 3, uk: 3, pl: 3, tw: 3,
  ca: 3, fi: 3, be: 3, ru: 3, se: 3, ch: 2, dk: 2, ar: 3, es: 3, no: 3, at: 3, in: 3, tr: 3, cz: 2, ro: 3, hu: 3,
  nz: 3, pt: 3, il: 3, gr: 3, co: 3, ie: 3, za: 3, th: 3, sg: 3, hk: 3, cl: 2, lt: 3, id: 3, hr: 3, ee: 3, bg: 3,
  ua: 2,
};

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower case, surrounding spaces and one trailing dot removed (DNS names are case-insensitive; "a.com." = "a.com"). */
export function normalizeDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function hostnameProblem(name: string): string | null {
  if (!name) return 'it is empty';
  if (/[^\x20-\x7e]/.test(name)) return 'it contains a non-ASCII character (write an international name in its xn-- form)';
  if (name.length > 253) return 'it is longer than 253 characters';
  if (name.startsWith('.')) return 'it starts with a dot';
  if (name.includes('*')) return 'it contains a wildcard';
  const bad = name.split('.').find((l) => !LABEL.test(l));
  if (bad !== undefined) {
    return bad === ''
      ? 'it has an empty label (two dots in a row)'
      : `the label "${bad}" is not a hostname label (letters, digits and inner hyphens, at most 63 characters)`;
  }
  return null;
}

/** Validates a DHCP option 15 suffix and returns its normal form; a malformed suffix is a usage error. */
export function validateSuffix(suffix: string): string {
  const normal = normalizeDnsName(String(suffix ?? ''));
  const problem = hostnameProblem(normal);
  if (problem) throw new CertDeskError('usage', `"${suffix}" is not a DNS suffix: ${problem}.`);
  return normal;
}

/** Validates a host FQDN (a provisioning server); at least two labels. */
export function validateHostname(host: string): string {
  const normal = normalizeDnsName(String(host ?? ''));
  const problem = hostnameProblem(normal) ?? (normal.includes('.') ? null : 'it is not a fully qualified name (no domain part)');
  if (problem) throw new CertDeskError('usage', `"${host}" is not a server FQDN: ${problem}.`);
  return normal;
}

/** The registrable domain of a name per TLD_DEPTH, or null when the TLD has no entry or the name is too short. */
export function registrableDomain(name: string): string | null {
  const labels = normalizeDnsName(name).replace(/^\*\./, '').split('.');
  const depth = TLD_DEPTH[labels[labels.length - 1]];
  if (!depth || labels.length < depth) return null;
  return labels.slice(-depth).join('.');
}

function bySuffixRule(name: string, suffix: string): boolean {
  const base = name.startsWith('*.') ? name.slice(2) : name;
  return base === suffix || base.endsWith(`.${suffix}`);
}

function bySecondLevelRule(name: string, suffix: string): boolean {
  const a = registrableDomain(name);
  return a !== null && a === registrableDomain(suffix);
}

/**
 * Does one of the certificate's names (CN, SAN DNS names) serve the DHCP suffix? First by the plain rule (the suffix
 * ends the name on a label boundary; `*.x` stands for x), then by AMT's second-level-domain rule.
 */
export function matchSuffix(names: string[], suffix: string): SuffixMatch {
  const want = validateSuffix(suffix);
  const candidates = names.filter((n) => typeof n === 'string' && n.trim()).map((n) => ({ raw: n, norm: normalizeDnsName(n) }));
  const plain = candidates.find((c) => bySuffixRule(c.norm, want));
  if (plain) return { match: true, rule: 'suffix', name: plain.raw };
  const sld = candidates.find((c) => bySecondLevelRule(c.norm, want));
  if (sld) return { match: true, rule: 'second-level-domain', name: sld.raw };
  return { match: false };
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
    if (labels.some((l) => !LABEL.test(l))) continue; // not a DNS name (e.g. a CN that is a person's name)
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
