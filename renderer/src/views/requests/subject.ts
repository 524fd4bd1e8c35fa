// The request's subject as the wizard previews it, and the live "is the CN under the DNS suffix?" check.
// Pure functions; the engine validates again on submit (electron/engine/requests/subject.ts). The rules both
// sides apply have one home in shared/: the OU text and the CN rule (amt-rules.ts), DNS names and suffixes
// (dns-suffix.ts), RFC 4514 text (rfc4514.ts). This file only words them for the wizard.
import { AMT_SETUP_OU, provisioningFqdnProblem, type FqdnProblem } from '../../../../shared/amt-rules';
import { hostnameProblem, normalizeDnsName } from '../../../../shared/dns-suffix';

/** The fixed OU of an AMT provisioning certificate: ASCII "(R)", never the ® sign (Intel AMT SDK). */
export { AMT_SETUP_OU, normalizeDnsName };
export { escapeRfc4514, formatRfc4514 } from '../../../../shared/rfc4514';

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

/** The wizard's words for each problem of the shared CN rule (shared/amt-rules.ts). */
const FQDN_HELP: Record<FqdnProblem, (name: string) => string> = {
  empty: () => 'Enter the provisioning server\'s fully qualified name, e.g. prov.corp.example.com.',
  wildcard: () => 'A wildcard is not allowed: the certificate names the provisioning server itself.',
  'bad-character': () => 'Only ASCII letters, digits, hyphens and dots (write an international name in its xn-- form).',
  'too-long': (name) => `The name is ${name.length} characters; a certificate's CN holds at most 64.`,
  'not-qualified': () => 'Not fully qualified: give host and domain, e.g. prov.corp.example.com.',
  'bad-label': () => 'Labels are 1–63 letters, digits or hyphens, not starting or ending with a hyphen.',
  'ip-address': () => 'This looks like an IP address; AMT needs a DNS name.',
};

/** Why `name` is not a host FQDN (null when it is one), in the wizard's words for the engine's rule. */
export function fqdnProblem(raw: string): string | null {
  const name = normalizeDnsName(raw);
  const problem = provisioningFqdnProblem(name);
  return problem ? FQDN_HELP[problem](name) : null;
}

/** Why `raw` is not a DNS suffix (null when it is one, or when it is empty: the suffix is optional). */
export function suffixProblem(raw: string): string | null {
  const name = normalizeDnsName(raw).replace(/^\.+/, '');
  if (!name) return null;
  const problem = hostnameProblem(name);
  return problem ? `Not a DNS suffix: ${problem}.` : null;
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
