// Internal engine shapes shared by pki/, amt/ and requests/. Never sent across a boundary as they are:
// `PrivateKeyEntry.pkcs8` is secret and stays in the main process (summaries and views are what cross).
import type { ContainerFormat, NameAttribute } from '../../../shared/dto';
import type { Certificate, Extension, PublicKeyInfo } from './x509';

export interface PrivateKeyEntry {
  /** PKCS#8 PrivateKeyInfo DER: secret, in memory only. */
  pkcs8: Buffer;
  /** SubjectPublicKeyInfo DER of the matching public key (how keys are linked to certificates). */
  spki: Buffer;
  friendlyName?: string;
  localKeyId?: string;
}

export interface CertificationRequest {
  der: Buffer;
  subject: NameAttribute[];
  publicKey: PublicKeyInfo;
  signatureOid: string;
  /** Signature AlgorithmIdentifier parameters DER (RSASSA-PSS), or empty. */
  signatureParameters?: Buffer;
  signatureValid: boolean;
  /** Extensions asked for in the extensionRequest attribute (PKCS#9), if any. */
  extensions: Extension[];
}

/** What a file held, in file order. */
export interface Container {
  format: ContainerFormat;
  certificates: Certificate[];
  privateKeys: PrivateKeyEntry[];
  request?: CertificationRequest;
  /** PKCS#12 friendlyName per certificate sha256. */
  friendlyNames: Record<string, string>;
}

export interface ChainLink {
  cert: Certificate;
  /**
   * Signature verified against the next link (for the top: its self-signature). False for a top whose
   * issuer is missing (nothing to verify it with): `issuerMissing` tells that case from a bad signature.
   */
  signatureValid: boolean;
  /** Not in the file: completed from the embedded AMT root catalogue. */
  fromCatalogue: boolean;
  /**
   * The top of a chain that stops short of a root: it names another issuer (or another key) and that
   * issuer is neither in the file nor in the catalogue. Its signature was not checked. Set by buildChain.
   */
  issuerMissing?: boolean;
}

export interface ChainResult {
  leaf: Certificate | null;
  /** Leaf first, root (or the highest certificate found) last. */
  chain: ChainLink[];
  /** Certificates of the file that are not on the leaf's chain. */
  others: Certificate[];
  /** Top is self-signed and every signature on the way verifies. */
  complete: boolean;
  /** The private key in the file matches the leaf (undefined when the file has no key). */
  keyMatchesLeaf?: boolean;
}
