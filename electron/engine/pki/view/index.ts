// MMC-style views of the certificates of a file: General / Details / Certification Path data, worded and
// formatted as the Windows certificate dialog (cryptui) shows them (/work/shared/reference/windows-cert-dialog.md).
import type { CertView } from '../../../../shared/dto';
import type { ChainLink } from '../types';
import { isSignedBy, type Certificate } from '../x509';
import { evaluatePath, isSelfIssued, type PathElement } from './chainStatus';
import { detailRows } from './details';
import { generalTab } from './general';
import { certificationPath } from './path';

export { detailRows } from './details';
export { formatExtension, extensionFormatters } from './extensionFormatters';
export { generalStatusTexts } from './general';
export { pathStatusTexts } from './path';

export interface BuildViewsInput {
  /** Leaf first, root (or highest certificate found) last, as ChainResult.chain. */
  chain: ChainLink[];
  /** Certificates of the file not on the chain. */
  others: Certificate[];
  /** sha256 (any case) of the certificate whose private key is in the file. */
  hasPrivateKeyFor?: string;
  /** Friendly name per certificate sha256 (any case), e.g. PKCS#12 friendlyName. */
  friendlyNames: Record<string, string>;
  /** True when a self-signed root counts as trusted (AMT root catalogue, or given as trusted by the caller). */
  isTrustedRoot: (cert: Certificate) => boolean;
  now: Date;
}

const DAY_MS = 86_400_000;

/**
 * One CertView per certificate: the chain first (chain order, leaf first), then the others. A chain
 * certificate's path is its own sub-chain (from the top down to it); another certificate's path is itself
 * alone (issuer not found unless it is self-signed).
 */
export function buildViews(input: BuildViewsInput): CertView[] {
  const names = new Map(Object.entries(input.friendlyNames).map(([k, v]) => [k.toUpperCase(), v]));
  const friendlyName = (cert: Certificate) => names.get(cert.sha256.toUpperCase());
  const keyOwner = input.hasPrivateKeyFor?.toUpperCase();

  const chainElements: PathElement[] = input.chain.map((link, i) => {
    const top = i === input.chain.length - 1;
    // The top link's signatureValid is its self-signature when self-signed; otherwise there is nothing to
    // verify it against.
    return { cert: link.cert, signatureValid: top && !isSelfIssued(link.cert) ? undefined : link.signatureValid };
  });
  const otherElements: PathElement[] = input.others.map((cert) => ({
    cert,
    signatureValid: isSelfIssued(cert) ? isSignedBy(cert, cert) : undefined,
  }));

  const view = (leafFirst: PathElement[]): CertView => {
    const cert = leafFirst[0].cert;
    const path = evaluatePath(leafFirst, input.isTrustedRoot, input.now);
    return {
      sha256: cert.sha256,
      general: generalTab(cert, path, { hasPrivateKey: keyOwner !== undefined && keyOwner === cert.sha256.toUpperCase(), now: input.now }),
      details: detailRows(cert, { friendlyName: friendlyName(cert) }),
      path: certificationPath(path, friendlyName),
      derBase64: cert.der.toString('base64'),
      daysLeft: Math.floor((cert.notAfter.getTime() - input.now.getTime()) / DAY_MS),
    };
  };

  return [...chainElements.map((_, i) => view(chainElements.slice(i))), ...otherElements.map((el) => view([el]))];
}
