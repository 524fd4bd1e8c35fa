// Private keys: PKCS#8 in memory, linked to certificates by their SubjectPublicKeyInfo.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CertDeskError } from '../../../shared/errors';
import { children, decodeInteger, parseDer } from './der';
import type { PrivateKeyEntry } from './types';
import { type Certificate, decodeSpki, type PublicKeyInfo } from './x509';

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

/**
 * A public key's identity that no encoding changes: the algorithm and the key itself. RSA: modulus and
 * exponent (leading zeros dropped); EC: the named curve, the point's x coordinate and the parity of y (a
 * compressed point carries only these); EdDSA: the key bytes. Null for other keys or when unreadable.
 */
function keyMaterial(info: PublicKeyInfo): string | null {
  const hex = (b: Buffer) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    return b.subarray(i).toString('hex');
  };
  try {
    const bytes = info.keyBytes;
    if (info.algorithm === 'RSA') {
      const [modulus, exponent] = children(parseDer(Buffer.from(bytes)));
      return `${info.algorithmOid} ${hex(decodeInteger(modulus))} ${hex(decodeInteger(exponent))}`;
    }
    if (info.algorithm === 'EC' && info.curveOid) {
      if (bytes[0] === 0x04 && bytes.length % 2 === 1) {
        const half = (bytes.length - 1) / 2;
        return `${info.curveOid} ${bytes.toString('hex', 1, 1 + half)} ${bytes[bytes.length - 1] & 1}`;
      }
      if (bytes[0] === 0x02 || bytes[0] === 0x03) return `${info.curveOid} ${bytes.toString('hex', 1)} ${bytes[0] & 1}`;
      return null;
    }
    if (info.algorithm === 'Ed25519' || info.algorithm === 'Ed448') return `${info.algorithmOid} ${bytes.toString('hex')}`;
  } catch {
    // unreadable: leave the decision to node:crypto
  }
  return null;
}

const keyMaterials = new WeakMap<Buffer, string | null>();

function spkiMaterial(spki: Buffer): string | null {
  if (!keyMaterials.has(spki)) {
    let value: string | null;
    try {
      value = keyMaterial(decodeSpki(parseDer(spki)));
    } catch {
      value = null;
    }
    keyMaterials.set(spki, value);
  }
  return keyMaterials.get(spki) ?? null;
}

/**
 * True when `spki` (a key's public half) is the certificate's public key: byte compare, then the key
 * material (no node:crypto: a file with one key and hundreds of certificates would otherwise re-encode
 * every certificate's key; and node:crypto keeps a compressed EC point compressed, so only the material
 * links an uncompressed key to a certificate that carries its point compressed), else node:crypto's
 * re-encoding (odd parameters).
 */
export function spkiMatchesCertificate(spki: Buffer, cert: Certificate): boolean {
  if (spki.equals(cert.publicKey.spki)) return true;
  const mine = spkiMaterial(spki);
  const theirs = mine === null ? null : keyMaterial(cert.publicKey);
  if (mine !== null && theirs !== null) return mine === theirs;
  const other = normalisedSpki(cert);
  return other !== null && other.equals(spki);
}

export function keyMatchesCertificate(key: PrivateKeyEntry, cert: Certificate): boolean {
  return spkiMatchesCertificate(key.spki, cert);
}
