// The AMT provisioning-certificate rules both sides need: the engine enforces them (electron/engine/amt/checks.ts,
// requests/subject.ts, provisioning/rules.ts) and the app previews them live (renderer/src/views/requests/subject.ts).
// One home, so the two cannot drift. Pure data and functions, nothing Node-specific.
import { DNS_LABEL } from './dns-suffix';

// Intel AMT SDK acquiringanintelvprocertificate.htm + ConfigMgr docs: exact English text, same case, no trailing
// period; ASCII "(R)", never the ® sign. Also Intel white paper "An Introduction to Intel AMT Remote Configuration
// Certificate Selection" v2.01.
export const AMT_SETUP_OU = 'Intel(R) Client Setup Certificate';
// Intel AMT SDK acquiringanintelvprocertificate.htm: the AMT provisioning EKU OID.
export const AMT_PROVISIONING_OID = '2.16.840.1.113741.1.2.3';
// Intel AMT SDK acquiringanintelvprocertificate.htm: EKU must contain SSL Server Authentication.
export const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';
// RFC 5280 Appendix A: ub-common-name.
export const CN_MAX_LENGTH = 64;

/** Why a name cannot be the CN of a provisioning certificate; each side words it its own way. */
export type FqdnProblem = 'empty' | 'wildcard' | 'too-long' | 'not-qualified' | 'bad-character' | 'bad-label' | 'ip-address';

/**
 * The CN rule of a provisioning certificate, for a name already normalised (normalizeDnsName): a host FQDN of at
 * least two labels, letters/digits/hyphen, labels of 1..63 characters not starting or ending with '-', a
 * non-numeric top-level label, at most 64 characters (ub-common-name), no wildcard (the CN names the one
 * provisioning server that holds the key; Intel documents no wildcard matching for remote configuration).
 * 'bad-character' is a 'bad-label' whose name holds something other than printable ASCII (an international
 * name must be written in its xn-- form). Checked in this order; the first problem is returned.
 */
export function provisioningFqdnProblem(name: string): FqdnProblem | null {
  if (!name) return 'empty';
  if (name.includes('*')) return 'wildcard';
  if (name.length > CN_MAX_LENGTH) return 'too-long';
  const labels = name.split('.');
  if (labels.length < 2) return 'not-qualified';
  if (labels.some((label) => !DNS_LABEL.test(label))) return /[^\x21-\x7e]/.test(name) ? 'bad-character' : 'bad-label';
  if (/^\d+$/.test(labels[labels.length - 1])) return 'ip-address';
  return null;
}
