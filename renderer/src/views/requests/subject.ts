// The request's subject as the wizard previews it, and the live "is the CN under the DNS suffix?" check.
// Pure functions; the engine validates again on submit (electron/services/requests/subject.ts is the rule).

/** The fixed OU of an AMT provisioning certificate: ASCII "(R)", never the ® sign (Intel AMT SDK). */
export const AMT_SETUP_OU = 'Intel(R) Client Setup Certificate';

export const KEY_SIZE_WARNING = 'Intel SCS 3.x and older AMT firmware accept at most 2048 bits';

export const KEY_SIZES = [2048, 3072, 4096] as const;
export type KeySize = (typeof KEY_SIZES)[number];

export interface SubjectFields {
  org: string;
  cn: string;
  country?: string;
  state?: string;
  locality?: string;
}

export interface SubjectAttribute {
  type: 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN';
  value: string;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower case, trimmed, one trailing dot removed (DNS names are case-insensitive). */
export function normalizeDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Why `name` is not a host FQDN (null when it is one). Mirrors the engine's wording closely enough for live help. */
export function fqdnProblem(raw: string): string | null {
  const name = normalizeDnsName(raw);
  if (!name) return 'Enter the provisioning server\'s fully qualified name, e.g. prov.corp.example.com.';
  if (name.includes('*')) return 'A wildcard is not allowed: the certificate names the provisioning server itself.';
  if (/[^\x21-\x7e]/.test(name)) return 'Only ASCII letters, digits, hyphens and dots (write an international name in its xn-- form).';
  if (name.length > 64) return `The name is ${name.length} characters; a certificate's CN holds at most 64.`;
  const labels = name.split('.');
  if (labels.length < 2) return 'Not fully qualified: give host and domain, e.g. prov.corp.example.com.';
  if (labels.some((l) => !LABEL.test(l))) return 'Labels are 1–63 letters, digits or hyphens, not starting or ending with a hyphen.';
  if (/^\d+$/.test(labels[labels.length - 1])) return 'This looks like an IP address; AMT needs a DNS name.';
  return null;
}

/** Why `raw` is not a DNS suffix (null when it is one, or when it is empty: the suffix is optional). */
export function suffixProblem(raw: string): string | null {
  const name = normalizeDnsName(raw).replace(/^\.+/, '');
  if (!name) return null;
  if (name.split('.').some((l) => !LABEL.test(l))) return 'Not a DNS suffix: labels are letters, digits and inner hyphens.';
  return null;
}

export type SuffixVerdict =
  | { state: 'no-suffix' }
  | { state: 'invalid'; message: string }
  | { state: 'match'; suffix: string }
  | { state: 'no-match'; suffix: string };

/**
 * Whether the CN is the DHCP option 15 suffix or a name under it (AMT's suffix rule: "prov.corp.example.com"
 * serves "corp.example.com"; "xcorp.example.com" does not). The engine also knows AMT's second-level-domain
 * exception and reports it in the readiness checks; the wizard only needs the plain rule.
 */
export function cnUnderSuffix(cnRaw: string, suffixRaw: string): SuffixVerdict {
  const suffix = normalizeDnsName(suffixRaw).replace(/^\.+/, '');
  if (!suffix) return { state: 'no-suffix' };
  const problem = suffixProblem(suffix);
  if (problem) return { state: 'invalid', message: problem };
  const cnProblem = fqdnProblem(cnRaw);
  if (cnProblem) return { state: 'invalid', message: cnProblem };
  const cn = normalizeDnsName(cnRaw);
  return cn === suffix || cn.endsWith(`.${suffix}`) ? { state: 'match', suffix } : { state: 'no-match', suffix };
}

/** The subject in DER order (least specific first): C, ST, L, O, OU, CN — what the engine writes. */
export function subjectAttributes(fields: SubjectFields): SubjectAttribute[] {
  const out: SubjectAttribute[] = [];
  const country = fields.country?.trim().toUpperCase();
  const state = fields.state?.trim();
  const locality = fields.locality?.trim();
  if (country) out.push({ type: 'C', value: country });
  if (state) out.push({ type: 'ST', value: state });
  if (locality) out.push({ type: 'L', value: locality });
  out.push({ type: 'O', value: fields.org.trim() });
  out.push({ type: 'OU', value: AMT_SETUP_OU });
  out.push({ type: 'CN', value: normalizeDnsName(fields.cn) });
  return out;
}

/** RFC 4514 escaping of one attribute value. */
export function escapeRfc4514(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** RFC 4514 text, most specific first (CN=…,OU=…,O=…), as the engine and `openssl -nameopt RFC2253` print it. */
export function formatRfc4514(attributes: SubjectAttribute[]): string {
  return [...attributes]
    .reverse()
    .map((a) => `${a.type}=${escapeRfc4514(a.value)}`)
    .join(',');
}

/** The same subject in openssl's -subj form (DER order): /O=…/OU=…/CN=… */
export function formatSlashed(attributes: SubjectAttribute[]): string {
  return attributes.map((a) => `/${a.type}=${a.value.replace(/[\\/]/g, (c) => `\\${c}`)}`).join('');
}

/** Optional country: empty or two letters. */
export function countryProblem(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  return /^[A-Za-z]{2}$/.test(value) ? null : 'A two-letter ISO 3166 code such as US or DE.';
}

export function organizationProblem(raw: string): string | null {
  const value = raw.trim();
  if (!value) return 'Enter the DNS context, e.g. corp.example.com.';
  if ([...value].length > 64) return 'At most 64 characters (RFC 5280 upper bound for O).';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) return 'Control characters are not allowed.';
  return null;
}
