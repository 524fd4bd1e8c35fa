// Private keys: PKCS#8 in memory, linked to certificates by their SubjectPublicKeyInfo.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CertDeskError } from '../../../shared/errors';
import type { PrivateKeyEntry } from './types';
import type { Certificate } from './x509';

/** The SubjectPublicKeyInfo DER of a PKCS#8 private key. Throws CertDeskError('unreadable') when node cannot read the key. */
export function spkiOfPrivateKey(pkcs8: Buffer): Buffer {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } catch {
    throw new CertDeskError('unreadable', 'The private key could not be read (corrupt or an unsupported key type).');
  }
  return spkiOfKeyObject(key);
}

export function spkiOfKeyObject(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** A PrivateKeyEntry from a node KeyObject (PEM keys of any flavour go through here). */
export function entryFromKeyObject(key: KeyObject, extra: Partial<PrivateKeyEntry> = {}): PrivateKeyEntry {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return { ...extra, pkcs8, spki: spkiOfKeyObject(key) };
}

export function entryFromPkcs8(pkcs8: Buffer, extra: Partial<PrivateKeyEntry> = {}): PrivateKeyEntry {
  return { ...extra, pkcs8: Buffer.from(pkcs8), spki: spkiOfPrivateKey(pkcs8) };
}

const normalised = new WeakMap<Certificate, Buffer | null>();

/** The certificate's SPKI as node:crypto re-encodes it (compressed EC points, odd parameters normalised). */
function normalisedSpki(cert: Certificate): Buffer | null {
  if (!normalised.has(cert)) {
    let value: Buffer | null;
    try {
      value = createPublicKey({ key: cert.publicKey.spki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
    } catch {
      value = null;
    }
    normalised.set(cert, value);
  }
  return normalised.get(cert) ?? null;
}

/** True when `spki` (a key's public half) is the certificate's public key: byte compare, then normalised. */
export function spkiMatchesCertificate(spki: Buffer, cert: Certificate): boolean {
  if (spki.equals(cert.publicKey.spki)) return true;
  const other = normalisedSpki(cert);
  return other !== null && other.equals(spki);
}

export function keyMatchesCertificate(key: PrivateKeyEntry, cert: Certificate): boolean {
  return spkiMatchesCertificate(key.spki, cert);
}
