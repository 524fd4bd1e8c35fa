// The General tab (reference §1): status line or purpose bullets, Issued to / Issued by, short validity dates.
import type { CertView } from '../../../../shared/dto';
import { decodeGeneralNames, extKeyUsageOf, OID, tryDecode } from '../extensions/core';
import { findExtension, type Certificate } from '../x509';
import type { ElementProblem, PathStatus } from './chainStatus';
import { timeValid } from './chainStatus';
import { decodeCertificatePolicies } from '../extensions/dialog';
import { simpleDisplayName } from './distinguishedNames';
import { ALL_APPLICATION_POLICIES, ekuNames, policyNames, purposeBullets } from './oids';
import { shortDate } from './values';

/** Windows 10/11 wording of the General tab status line (§1.1). */
export const generalStatusTexts = {
  selfSignedUntrusted:
    'This CA Root certificate is not trusted. To enable trust, install this certificate in the Trusted Root Certification Authorities store.',
  untrustedRoot: 'This certificate cannot be verified up to a trusted certification authority.',
  issuerMissing: 'Windows does not have enough information to verify this certificate.',
  time: 'This certificate has expired or is not yet valid.',
  // [Uncertain] Windows wording for a bad signature (§1.1).
  signature: 'This certificate has an invalid digital signature.',
} as const;

/**
 * Status line for the viewed certificate, null when the chain is OK (then the purposes are shown).
 * Precedence (chainStatus.evaluatePath): invalid signature → issuer not found → untrusted root → time.
 * An untrusted root reads "This CA Root certificate is not trusted…" when the viewed certificate *is* that
 * self-signed root, "…cannot be verified up to a trusted certification authority." when it is below it.
 */
export function statusText(problem: ElementProblem | null, viewedIsTop: boolean): string | null {
  switch (problem) {
    case null:
      return null;
    case 'signature':
      return generalStatusTexts.signature;
    case 'issuer-missing':
      return generalStatusTexts.issuerMissing;
    case 'untrusted-root':
      return viewedIsTop ? generalStatusTexts.selfSignedUntrusted : generalStatusTexts.untrustedRoot;
    case 'time':
      return generalStatusTexts.time;
  }
}

/**
 * Purpose bullets (§1.2): per EKU the purpose description(s); an EKU without a description → its Windows name;
 * unknown → the dotted OID (e.g. 2.16.840.1.113741.1.2.3 for Intel AMT). No EKU → "All application policies"
 * ([Uncertain] which bullets Windows 10 lists for such a certificate; it also narrows purposes by the issuers'
 * EKUs and store properties, which CertDesk does not model). Then Certificate Policies bullets:
 * "All issuance policies" for 2.5.29.32.0, other policy OIDs dotted. Duplicates are listed once.
 */
export function purposes(cert: Certificate): string[] {
  const out: string[] = [];
  const ekuExt = findExtension(cert, OID.extKeyUsage);
  const eku = ekuExt ? tryDecode(() => extKeyUsageOf(cert)) : undefined;
  if (!ekuExt || eku === undefined) out.push(ALL_APPLICATION_POLICIES);
  else for (const oid of eku) out.push(...(purposeBullets[oid] ?? [ekuNames[oid] ?? oid]));
  const policiesExt = findExtension(cert, OID.certificatePolicies);
  const policies = policiesExt ? tryDecode(() => decodeCertificatePolicies(policiesExt.value)) : undefined;
  for (const p of policies ?? []) out.push(policyNames[p.oid] ?? p.oid);
  return [...new Set(out)];
}

function firstRfc822(cert: Certificate, oid: string): string | undefined {
  const ext = findExtension(cert, oid);
  const names = ext ? tryDecode(() => decodeGeneralNames(ext.value)) : undefined;
  const found = names?.find((n) => n.type === 'rfc822Name');
  return found && found.type === 'rfc822Name' ? found.value : undefined;
}

/** Simple display name of the subject (Issued to), with the SAN rfc822Name fallback. */
export function subjectDisplayName(cert: Certificate): string {
  return simpleDisplayName(cert.subject, firstRfc822(cert, OID.subjectAltName));
}

/** Simple display name of the issuer (Issued by), with the IAN rfc822Name fallback. */
export function issuerDisplayName(cert: Certificate): string {
  return simpleDisplayName(cert.issuer, firstRfc822(cert, OID.issuerAltName));
}

export function generalTab(cert: Certificate, path: PathStatus, options: { hasPrivateKey: boolean; now: Date }): CertView['general'] {
  const viewedIsTop = path.elements.length === 1;
  return {
    statusText: statusText(path.problem, viewedIsTop),
    purposes: purposes(cert),
    issuedTo: subjectDisplayName(cert),
    issuedBy: issuerDisplayName(cert),
    validFrom: shortDate(cert.notBefore),
    validTo: shortDate(cert.notAfter),
    hasPrivateKey: options.hasPrivateKey,
    // "expired" = outside the validity period (expired or not yet valid), as Windows' one status text has it.
    expired: !timeValid(cert, options.now),
  };
}
