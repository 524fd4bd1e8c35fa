// The subject of an AMT remote configuration request: what is enforced and why. Sources:
// - OU text "Intel(R) Client Setup Certificate" (or the OID 2.16.840.1.113741.1.2.3 in the EKU): Intel AMT SDK,
//   "Remote Configuration Certificate" requirements; Intel white paper "An Introduction to Intel AMT Remote
//   Configuration Certificate Selection" v2.01. ASCII "(R)", not the (R) sign.
// - CN = FQDN of the provisioning server; its domain must match the DHCP option 15 suffix the clients get
//   (AMT 2.6+ also accepts a match on the last two labels). Same sources.
// - O = the DNS context (the suffix the certificate is for): SCS / EMA request guides.
// - Upper bounds: RFC 5280 Appendix A (ub-common-name 64, ub-organization-name 64, ub-state/locality 128),
//   countryName is PrintableString SIZE(2) (ISO 3166 alpha-2).
import type { NameAttribute } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { AMT_SETUP_OU, provisioningFqdnProblem, type FqdnProblem } from '../../../shared/amt-rules';
import { normalizeDnsName } from '../../../shared/dns-suffix';

export { AMT_SETUP_OU };

export interface SubjectInput {
  cn: string;
  org: string;
  country?: string;
  state?: string;
  locality?: string;
}

function usage(message: string): never {
  throw new CertDeskError('usage', message);
}

/**
 * A hostname FQDN as the CN of a provisioning certificate: at least two labels, letters/digits/hyphen,
 * labels of 1..63 characters not starting or ending with '-', a non-numeric top-level label, at most
 * 64 characters (ub-common-name). Lower-cased, one trailing dot removed. Wildcards are refused: the CN
 * names the one provisioning server that holds the key, and Intel documents no wildcard matching for
 * remote configuration (see docs/keys-at-rest.md, "Subject rules").
 */
export function normalizeFqdn(raw: string, what = 'The common name (--cn)'): string {
  const name = normalizeDnsName(raw);
  const problem = provisioningFqdnProblem(name);
  if (problem) usage(fqdnMessages[problem](what, raw, name));
  return name;
}

/** The engine's words for each problem of the shared CN rule (shared/amt-rules.ts). */
const fqdnMessages: Record<FqdnProblem, (what: string, raw: string, name: string) => string> = {
  empty: (what) => `${what} is empty: give the provisioning server's fully qualified name, e.g. prov.corp.example.com.`,
  wildcard: (what, raw) => `${what} "${raw}" is a wildcard: an AMT provisioning certificate names the provisioning server itself (e.g. prov.corp.example.com).`,
  'too-long': (what, _raw, name) => `${what} is ${name.length} characters; a certificate's CN holds at most 64 (RFC 5280 ub-common-name).`,
  'not-qualified': (what, raw) => `${what} "${raw}" is not fully qualified: give host and domain, e.g. prov.corp.example.com.`,
  'bad-character': (what, raw) => `${what} "${raw}" is not a valid host name: labels are 1–63 letters, digits or '-', not starting or ending with '-'.`,
  'bad-label': (what, raw) => `${what} "${raw}" is not a valid host name: labels are 1–63 letters, digits or '-', not starting or ending with '-'.`,
  'ip-address': (what, raw) => `${what} "${raw}" looks like an IP address; AMT needs a DNS name.`,
};

function boundedText(raw: string | undefined, max: number, option: string): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (!value) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) usage(`${option} contains control characters.`);
  if ([...value].length > max) usage(`${option} is longer than ${max} characters (RFC 5280 upper bound).`);
  return value;
}

/**
 * The subject in DER order (least specific first): C, ST, L, O, OU, CN — as the IIS wizard and openssl
 * `-subj /C=../O=../OU=../CN=..` write it. O, OU and CN keep the seed's order (O, OU, CN).
 */
export function buildSubject(input: SubjectInput): NameAttribute[] {
  const cn = normalizeFqdn(input.cn);
  const org = boundedText(input.org, 64, 'The organization (--org)');
  if (!org) usage('The organization (--org) is empty: give the DNS context, e.g. corp.example.com.');
  let country: string | undefined;
  if (input.country !== undefined && input.country.trim()) {
    country = input.country.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) usage(`The country (--country) must be a two-letter ISO 3166 code such as US or DE, not "${input.country}".`);
  }
  const state = boundedText(input.state, 128, 'The state (--state)');
  const locality = boundedText(input.locality, 128, 'The locality (--locality)');
  const out: NameAttribute[] = [];
  if (country) out.push({ type: 'C', oid: '2.5.4.6', value: country });
  if (state) out.push({ type: 'ST', oid: '2.5.4.8', value: state });
  if (locality) out.push({ type: 'L', oid: '2.5.4.7', value: locality });
  out.push({ type: 'O', oid: '2.5.4.10', value: org });
  out.push({ type: 'OU', oid: '2.5.4.11', value: AMT_SETUP_OU });
  out.push({ type: 'CN', oid: '2.5.4.3', value: cn });
  return out;
}
