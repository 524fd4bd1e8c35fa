// The Certification Path tab (reference §5): root first, the viewed certificate last, each node with the status
// of that element as the "Certificate status:" box shows it when the node is selected.
import type { PathNode } from '../../../../shared/dto';
import type { Certificate } from '../x509';
import type { ElementProblem, PathStatus } from './chainStatus';
import { subjectDisplayName } from './general';

/** Windows wording per element (§5). */
export const pathStatusTexts = {
  ok: 'This certificate is OK.',
  issuerMissing: 'The issuer of this certificate could not be found.',
  untrustedRoot: 'This CA Root certificate is not trusted because it is not in the Trusted Root Certification Authorities store.',
  time: 'This certificate has expired or is not yet valid.',
  // Wine wording; Windows [Uncertain] (§5).
  signature: 'This certificate has an invalid signature.',
} as const;

const textOf: Record<ElementProblem, string> = {
  signature: pathStatusTexts.signature,
  'issuer-missing': pathStatusTexts.issuerMissing,
  'untrusted-root': pathStatusTexts.untrustedRoot,
  time: pathStatusTexts.time,
};

/**
 * Node text = the Friendly name property if set, else the simple display name (Wine get_cert_display_name).
 * Each node reports its own element's problem only (per-element, as Wine's set_certificate_status): a leaf
 * under an untrusted root reads "This certificate is OK." while the root node carries the trust error.
 */
export function certificationPath(path: PathStatus, friendlyName: (cert: Certificate) => string | undefined): PathNode[] {
  return path.elements.map(({ cert, problem }) => ({
    displayName: friendlyName(cert) || subjectDisplayName(cert),
    sha256: cert.sha256,
    status: problem ? textOf[problem] : pathStatusTexts.ok,
    ok: problem === null,
  }));
}
