// The DNS-suffix rules shared by the engine (electron/engine/amt/dns.ts) and the app (the readiness panel's
// suffix box): what a DHCP option 15 suffix may look like, and how AMT matches one against a certificate name.
// Pure functions, no I/O, nothing Node-specific: the renderer imports this file as it is.

export type SuffixRule = 'suffix' | 'second-level-domain';

export interface SuffixMatch {
  match: boolean;
  rule?: SuffixRule;
  /** The certificate name (CN or SAN DNS name, as given) that matched. */
  name?: string;
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

export const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower case, surrounding spaces and one trailing dot removed (DNS names are case-insensitive; "a.com." = "a.com"). */
export function normalizeDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Why a normalised name is not a hostname ("it starts with a dot", …), or null when it is one. */
export function hostnameProblem(name: string): string | null {
  if (!name) return 'it is empty';
  if (/[^\x20-\x7e]/.test(name)) return 'it contains a non-ASCII character (write an international name in its xn-- form)';
  if (name.length > 253) return 'it is longer than 253 characters';
  if (name.startsWith('.')) return 'it starts with a dot';
  if (name.includes('*')) return 'it contains a wildcard';
  const bad = name.split('.').find((l) => !DNS_LABEL.test(l));
  if (bad !== undefined) {
    return bad === ''
      ? 'it has an empty label (two dots in a row)'
      : `the label "${bad}" is not a hostname label (letters, digits and inner hyphens, at most 63 characters)`;
  }
  return null;
}

/** The engine's rule for one DHCP option 15 suffix: its normal form, or the sentence that says why it is refused. */
export function checkSuffix(suffix: string): { ok: true; suffix: string } | { ok: false; message: string } {
  const normal = normalizeDnsName(String(suffix ?? ''));
  const problem = hostnameProblem(normal);
  return problem ? { ok: false, message: `"${suffix}" is not a DNS suffix: ${problem}.` } : { ok: true, suffix: normal };
}

/**
 * The suffix box of the app: "corp.example.com, lab.example.com" (commas, semicolons or spaces between) → each
 * suffix in its normal form, duplicates dropped; or the first refused one with the engine's sentence. Nothing is
 * rewritten into something the user did not type (a leading dot is refused, as the engine refuses it).
 */
export function parseSuffixList(text: string): { ok: true; suffixes: string[] } | { ok: false; message: string; input: string } {
  const seen = new Set<string>();
  for (const raw of text.split(/[\s,;]+/)) {
    if (!raw) continue;
    const checked = checkSuffix(raw);
    if (!checked.ok) return { ok: false, message: checked.message, input: raw };
    seen.add(checked.suffix);
  }
  return { ok: true, suffixes: [...seen] };
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
 * Does one of the names serve the (already validated, normalised) DHCP suffix? First by the plain rule (the suffix
 * ends the name on a label boundary; `*.x` stands for x), then by AMT's second-level-domain rule.
 */
export function matchValidSuffix(names: string[], want: string): SuffixMatch {
  const candidates = names.filter((n) => typeof n === 'string' && n.trim()).map((n) => ({ raw: n, norm: normalizeDnsName(n) }));
  const plain = candidates.find((c) => bySuffixRule(c.norm, want));
  if (plain) return { match: true, rule: 'suffix', name: plain.raw };
  const sld = candidates.find((c) => bySecondLevelRule(c.norm, want));
  if (sld) return { match: true, rule: 'second-level-domain', name: sld.raw };
  return { match: false };
}
