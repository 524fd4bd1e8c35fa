// The placement plan (issue [7], fix 10): the engine decides where each certificate of a PFX goes, and
// import-pfx.ps1 carries out exactly that plan. The script used to place by certificate type (every
// self-signed certificate → Root), so a hostile PFX could plant a machine-wide trusted root that has nothing
// to do with its certificate. Now only the leaf's own chain is imported:
//
//   the leaf with its private key          → My           (Personal)
//   a leaf without its key                 → AddressBook  (Other People, as MMC does for an end entity)
//   each intermediate of the leaf's chain  → CA           (Intermediate Certification Authorities)
//   the chain's own self-signed root       → Root         (Trusted Root Certification Authorities)
//   every other certificate of the file    → skipped      ("not on the leaf's chain")
//
// A chain certificate only counts when the certificate below it verifies with its key (a certificate with a
// matching name but another key is not on the chain), and the root only when it verifies itself. A root that
// CertDesk completes the chain with from its AMT catalogue is not in the file, so it is not in the plan.
import type { CertSummary } from '../../../shared/dto';
import type { PlacementEntry, PlacementStore, ScriptPlacement } from '../../../shared/contract/windows';
import { CertDeskError } from '../../../shared/errors';
import { catalogueCertificates } from '../amt/roots';
import { buildChain, isSelfSigned } from '../pki/chain';
import { formatRfc4514 } from '../pki/names';
import { readContainer } from '../pki/read';
import type { Certificate } from '../pki/x509';

export const REASONS = {
  leafWithKey: 'the certificate with its private key',
  leafWithoutKey: 'an end-entity certificate without its private key (MMC puts these in Other People)',
  intermediate: "an intermediate CA of the leaf's chain",
  root: "the self-signed root of the leaf's chain",
  offChain: "not on the leaf's chain: a PFX cannot plant a trusted root",
  unverified: "its key does not verify the certificate below it, so it is not on the leaf's chain",
} as const;

const entry = (sha256: string, subject: string, store: PlacementStore | null, reason: string): PlacementEntry => ({
  sha256: sha256.toUpperCase(),
  subject,
  store,
  action: store ? 'import' : 'skip',
  reason,
});

const subjectOf = (cert: Certificate) => formatRfc4514(cert.subject);

/**
 * The plan for a PFX: its bytes and password. Reads it with the engine's reader, so a wrong password is
 * `wrong-password` here (before anything runs, dry run included); a file that is not a PFX is refused.
 */
export function placementPlan(bytes: Buffer, password: string | undefined): PlacementEntry[] {
  return analysePfx(bytes, password).plan;
}

/** Whether a PFX's chain reaches a root (in the file or CertDesk's AMT catalogue), and where it stops when not. */
export interface PfxChainState {
  complete: boolean;
  /** RFC 4514 name of the certificate the chain stops at (when incomplete). */
  top?: string;
  /** RFC 4514 name of the issuer the chain stops short of (when incomplete). */
  missingIssuer?: string;
}

/** The placement plan and the chain's state, from one read of the PFX (wrong password → wrong-password). */
export function analysePfx(bytes: Buffer, password: string | undefined): { plan: PlacementEntry[]; chain: PfxChainState } {
  const container = readContainer(bytes, password);
  if (container.format !== 'pkcs12') {
    throw new CertDeskError('unsupported-format', 'The Local Computer store import takes a PFX (PKCS#12) file with the certificate and its private key.');
  }
  if (container.certificates.length === 0) throw new CertDeskError('unreadable', 'The PFX holds no certificate.');
  const built = buildChain(container.certificates, container.privateKeys, catalogueCertificates());
  const links = built.chain.filter((link) => !link.fromCatalogue);
  const [leaf, ...above] = links;
  const plan: PlacementEntry[] = [entry(leaf.cert.sha256, subjectOf(leaf.cert), built.keyMatchesLeaf ? 'My' : 'AddressBook', built.keyMatchesLeaf ? REASONS.leafWithKey : REASONS.leafWithoutKey)];
  // built.chain[i].signatureValid: certificate i verifies with the key of certificate i + 1.
  let verified = true;
  above.forEach((link, i) => {
    verified &&= built.chain[i].signatureValid;
    const top = i === above.length - 1;
    if (!verified) plan.push(entry(link.cert.sha256, subjectOf(link.cert), null, REASONS.unverified));
    else if (top && isSelfSigned(link.cert)) plan.push(entry(link.cert.sha256, subjectOf(link.cert), 'Root', REASONS.root));
    else plan.push(entry(link.cert.sha256, subjectOf(link.cert), 'CA', REASONS.intermediate));
  });
  for (const other of built.others) plan.push(entry(other.sha256, subjectOf(other), null, REASONS.offChain));
  const top = built.chain[built.chain.length - 1].cert;
  const chain: PfxChainState = built.complete ? { complete: true } : { complete: false, top: subjectOf(top), missingIssuer: formatRfc4514(top.issuer) };
  return { plan, chain };
}

/**
 * `incomplete-chain` for a PFX file given to store import. The same refusal (and the same override) as
 * export-pfx and `store import --request`, rather than a warning: a chain that stops short of a root is the one
 * mistake the provisioning server only reports much later (AMT cannot verify the certificate), so every
 * install path stops at it alike and goes on only when the user says so.
 */
export function incompletePfxChainError(fileName: string | undefined, state: PfxChainState): CertDeskError {
  return new CertDeskError(
    'incomplete-chain',
    `The chain of ${fileName ?? 'the PFX'} does not reach a root: it stops at "${state.top}", whose issuer "${state.missingIssuer}" is not in ` +
      `the file and is not one of the AMT roots CertDesk knows. Imported without it, the provisioning server holds a certificate whose chain ` +
      `AMT cannot verify. Export the PFX again with its whole chain (the issuing CA and root certificates). ` +
      `To import it anyway: --allow-incomplete-chain (in the Install wizard: "Import anyway").`,
  );
}

/** The warning a run with the override carries (human output and `warnings` in JSON). */
export function incompleteChainWarning(what: string, state: { top?: string; missingIssuer?: string }): string {
  return `incomplete chain (imported anyway, --allow-incomplete-chain): the chain of ${what} stops at "${state.top ?? '?'}"; its issuer "${state.missingIssuer ?? '?'}" is missing, so AMT cannot verify the certificate until the CA chain is in the store.`;
}

/**
 * The plan for a completed request of CertDesk before its PFX is exported (a dry run opens no key): its
 * chain as stored, leaf first. The export always carries the key and exactly this chain.
 */
export function requestPlacementPlan(chain: CertSummary[]): PlacementEntry[] {
  return chain.map((cert, i) => {
    if (i === 0) return entry(cert.sha256, cert.subject, 'My', REASONS.leafWithKey);
    if (i === chain.length - 1 && cert.selfSigned) return entry(cert.sha256, cert.subject, 'Root', REASONS.root);
    return entry(cert.sha256, cert.subject, 'CA', REASONS.intermediate);
  });
}

/** What import-pfx.ps1 gets on stdin as `plan`. */
export function scriptPlan(plan: PlacementEntry[]): ScriptPlacement[] {
  return plan.map(({ sha256, store, action }) => ({ sha256, store, action }));
}

/** The DER-encoded OID of PBES2 (1.2.840.113549.1.5.13): an AES (or other PBES2) encrypted part of a PFX. */
const PBES2_OID = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d]);

/**
 * Whether the PFX uses PBES2 (AES in practice: OpenSSL 3's and CertDesk's default), which Windows before build
 * 16299 (Server 2016) cannot decrypt. The algorithm identifiers of a PFX's encrypted parts are not encrypted
 * themselves, so the OID shows in the bytes; a key bag nested inside an already encrypted part would not, and
 * is not detected (no common tool writes one).
 */
export function usesPbes2(bytes: Buffer): boolean {
  return bytes.includes(PBES2_OID);
}
