// How rps and MeshCentral open an uploaded PFX: both use node-forge, strictly, and keep only two bag types.
// CertDesk reads the same file with the same library so that what they refuse (a PFX forge cannot open, an
// unshrouded key bag, a leaf that is not the first certificate bag, an EC certificate forge cannot decode) is
// found here, before the upload. The engine's own reader (pki/read.ts) has already read the file, with its
// size and work limits, before this runs: forge never sees a file the engine refused.
//
//   rps  src/certManager.ts convertPfxToObject (device-management-toolkit/rps @ dbebd66, lines 175-237):
//        asn1FromDer → pkcs12FromAsn1(asn, true, passphrase) → certBag certificates in file order, then
//        pkcs8ShroudedKeyBag keys; "No key bags found" when there is none; UnsupportedCertificateError when no
//        certificate could be decoded (an EC key: forge decodes RSA certificates only).
//   MeshCentral certoperations.js loadPfxCertificate (Ylianst/MeshCentral @ 15e1718): the same three calls and
//        the same two bag types.
import forge from 'node-forge';

export interface ForgePfx {
  /** Decoded certificates, in file order (forge leaves out what it cannot decode). */
  certs: forge.pki.Certificate[];
  /** Certificate bags forge could not decode (a non-RSA key). */
  undecodable: number;
  /** Keys from pkcs8ShroudedKeyBag, in file order. */
  keys: forge.pki.rsa.PrivateKey[];
  /** Unencrypted keyBag entries: neither server reads them. */
  plainKeyBags: number;
}

export type ForgeOpen = { ok: true; pfx: ForgePfx } | { ok: false; reason: string };

/** Opens `bytes` as rps and MeshCentral do; `reason` says, in CertDesk's words, why forge could not. */
export function openWithForge(bytes: Buffer, password: string): ForgeOpen {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  } catch {
    return { ok: false, reason: 'node-forge cannot parse the file as DER (a BER-encoded or damaged PFX)' };
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
    return { ok: false, reason: `node-forge cannot decrypt it (${detail.slice(0, 120)})` };
  }
  const certOid = forge.pki.oids.certBag;
  const shroudedOid = forge.pki.oids.pkcs8ShroudedKeyBag;
  const keyOid = forge.pki.oids.keyBag;
  const certBags = p12.getBags({ bagType: certOid })[certOid] ?? [];
  const shrouded = p12.getBags({ bagType: shroudedOid })[shroudedOid] ?? [];
  const plain = p12.getBags({ bagType: keyOid })[keyOid] ?? [];
  const certs = certBags.map((b) => b.cert).filter((c): c is forge.pki.Certificate => Boolean(c));
  const keys = shrouded.map((b) => b.key).filter((k): k is forge.pki.rsa.PrivateKey => Boolean(k && (k as forge.pki.rsa.PrivateKey).n));
  return { ok: true, pfx: { certs, undecodable: certBags.length - certs.length, keys, plainKeyBags: plain.length } };
}

/** The certificate's CN as forge reads it (null when absent). */
export function forgeCn(cert: forge.pki.Certificate): string | null {
  const field = cert.subject.getField('CN') as { value?: unknown } | null;
  return field && typeof field.value === 'string' ? field.value : null;
}

export function forgeOu(cert: forge.pki.Certificate): string | null {
  const field = cert.subject.getField('OU') as { value?: unknown } | null;
  return field && typeof field.value === 'string' ? field.value : null;
}

/** forge's subject/issuer hash comparison: how both servers decide "self-signed" and "issued by". */
export function selfIssued(cert: forge.pki.Certificate): boolean {
  return (cert.subject as unknown as { hash: string }).hash === (cert.issuer as unknown as { hash: string }).hash;
}

export function subjectHash(cert: forge.pki.Certificate): string {
  return (cert.subject as unknown as { hash: string }).hash;
}

export function issuerHash(cert: forge.pki.Certificate): string {
  return (cert.issuer as unknown as { hash: string }).hash;
}

/** RSA modulus size in bits (0 when forge has no RSA key for the certificate). */
export function rsaBits(cert: forge.pki.Certificate): number {
  const key = cert.publicKey as forge.pki.rsa.PublicKey;
  return key && key.n ? key.n.bitLength() : 0;
}

export function keyMatches(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): boolean {
  const pub = cert.publicKey as forge.pki.rsa.PublicKey;
  return Boolean(pub?.n && key?.n && pub.n.equals(key.n) && pub.e.equals(key.e));
}

/** Does the certificate's extendedKeyUsage carry `oid`? (forge keeps unknown EKU OIDs as keys set to true). */
export function hasEku(cert: forge.pki.Certificate, oid: string): boolean {
  const ext = cert.getExtension('extKeyUsage') as Record<string, unknown> | null;
  return Boolean(ext && ext[oid] === true);
}

export function derOf(cert: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

/** forge's own chain verification (signatures, validity, CA flags), as rps calls it; null when it passes. */
export function verifyChainWithForge(chain: forge.pki.Certificate[]): string | null {
  const root = chain[chain.length - 1];
  try {
    forge.pki.verifyCertificateChain(forge.pki.createCaStore([root]), chain);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? 'verification failed');
    return message;
  }
}
