// X.509 certificate decoding (RFC 5280) with exact byte spans; the one representation every module uses.
import * as cryptoModule from 'node:crypto';
import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { KeyAlgorithm, NameAttribute } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import {
  type Tlv,
  assertWellFormed,
  children,
  content,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeOid,
  decodeSmallInt,
  decodeTime,
  expect,
  parseDer,
  Tag,
  whole,
} from './der';
import { signatureAlgorithms, verifySignature } from './algorithms';
import { curveByOid } from './curves';
import { decodeName } from './names';

export interface Extension {
  oid: string;
  critical: boolean;
  /** The extnValue OCTET STRING contents (the DER of the extension's own structure). */
  value: Buffer;
}

export interface PublicKeyInfo {
  algorithm: KeyAlgorithm;
  algorithmOid: string;
  /** Modulus bits (RSA), curve size (EC), p bits (DSA), 256/456 (EdDSA); 0 when unknown. */
  bits: number;
  /** EC named curve OID, when EC. */
  curveOid?: string;
  /** AlgorithmIdentifier parameters DER (RSA: 05 00), or empty. */
  parameters: Buffer;
  /** subjectPublicKey BIT STRING contents without the unused-bits octet. */
  keyBytes: Buffer;
  /** The whole SubjectPublicKeyInfo DER, the key's identity (linking a key to its certificates). */
  spki: Buffer;
}

export interface Certificate {
  der: Buffer;
  tbs: Buffer;
  version: number;
  /** Hex of the serial INTEGER contents as in the DER (may include a leading 00). */
  serialHex: string;
  signatureOid: string;
  signatureParameters: Buffer;
  issuer: NameAttribute[];
  subject: NameAttribute[];
  issuerDer: Buffer;
  subjectDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  extensions: Extension[];
  sha1: string;
  sha256: string;
}

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_RSA_PSS = '1.2.840.113549.1.1.10';
const OID_EC = '1.2.840.10045.2.1';
const OID_DSA = '1.2.840.10040.4.1';
const OID_ED25519 = '1.3.101.112';
const OID_ED448 = '1.3.101.113';

/** EC key size: the named curve's order bits (curves.ts), 0 when the curve is not known. */
const curveBits = (oid: string): number => curveByOid(oid)?.bits ?? 0;

export function fingerprint(der: Buffer, algorithm: 'sha1' | 'sha256'): string {
  // crypto.hash (node >= 20.12) is the one-shot form: no Hash object per certificate of a large bundle.
  const oneShot = (cryptoModule as { hash?: (alg: string, data: Buffer, enc: 'hex') => string }).hash;
  return (oneShot ? oneShot(algorithm, der, 'hex') : createHash(algorithm).update(der).digest('hex')).toUpperCase();
}

function bitLength(unsigned: Buffer): number {
  let i = 0;
  while (i < unsigned.length && unsigned[i] === 0) i++;
  if (i === unsigned.length) return 0;
  return (unsigned.length - i - 1) * 8 + (32 - Math.clz32(unsigned[i]));
}

/** Decodes a SubjectPublicKeyInfo. Key sizes come from the structure itself, not from a crypto library. */
export function decodeSpki(spkiTlv: Tlv): PublicKeyInfo {
  const [algTlv, keyTlv] = children(expect(spkiTlv, Tag.SEQUENCE, 'public key info'));
  const [oidTlv, paramTlv] = children(expect(algTlv, Tag.SEQUENCE, 'public key algorithm'));
  const algorithmOid = decodeOid(oidTlv);
  const { bits: keyBytes } = decodeBitString(keyTlv);
  const parameters = paramTlv ? whole(paramTlv) : Buffer.alloc(0);
  const info: PublicKeyInfo = { algorithm: 'unknown', algorithmOid, bits: 0, parameters, keyBytes, spki: whole(spkiTlv) };
  try {
    if (algorithmOid === OID_RSA || algorithmOid === OID_RSA_PSS) {
      info.algorithm = 'RSA';
      const rsa = parseDer(Buffer.from(keyBytes));
      const [modulus] = children(expect(rsa, Tag.SEQUENCE, 'RSA public key'));
      info.bits = bitLength(decodeInteger(modulus));
    } else if (algorithmOid === OID_EC) {
      info.algorithm = 'EC';
      if (paramTlv?.tag === Tag.OID) {
        info.curveOid = decodeOid(paramTlv);
        info.bits = curveBits(info.curveOid);
      } else if (paramTlv?.tag === Tag.SEQUENCE) {
        // Explicit parameters (RFC 3279 ECParameters: version, fieldID, curve, base, order, cofactor): the order's size.
        const order = children(paramTlv)[4];
        if (order?.tag === Tag.INTEGER) info.bits = bitLength(decodeInteger(order));
      }
    } else if (algorithmOid === OID_DSA) {
      info.algorithm = 'DSA';
      if (paramTlv?.tag === Tag.SEQUENCE) info.bits = bitLength(decodeInteger(children(paramTlv)[0]));
    } else if (algorithmOid === OID_ED25519) {
      info.algorithm = 'Ed25519';
      info.bits = 256;
    } else if (algorithmOid === OID_ED448) {
      info.algorithm = 'Ed448';
      info.bits = 456;
    }
  } catch {
    // A malformed key inside an otherwise readable certificate: keep the certificate, key size unknown.
  }
  return info;
}

export function decodeExtensions(tlv: Tlv): Extension[] {
  return children(expect(tlv, Tag.SEQUENCE, 'extensions')).map((ext) => {
    const parts = children(expect(ext, Tag.SEQUENCE, 'extension'));
    const oid = decodeOid(parts[0]);
    let critical = false;
    let valueTlv = parts[1];
    if (valueTlv?.tag === Tag.BOOLEAN) {
      critical = decodeBoolean(valueTlv);
      valueTlv = parts[2];
    }
    return { oid, critical, value: Buffer.from(content(expect(valueTlv, Tag.OCTET_STRING, 'extension value'))) };
  });
}

/** Decodes a DER certificate. Throws CertDeskError('unreadable') on anything malformed. */
export function parseCertificate(input: Buffer): Certificate {
  const der = Buffer.from(input);
  const root = parseDer(der);
  assertWellFormed(root);
  const [tbsTlv, sigAlgTlv, sigTlv] = children(expect(root, Tag.SEQUENCE, 'certificate'));
  expect(sigTlv, Tag.BIT_STRING, 'certificate signature');
  const tbsParts = children(expect(tbsTlv, Tag.SEQUENCE, 'tbsCertificate'));
  let i = 0;
  let version = 1;
  if (tbsParts[0]?.tag === 0xa0) {
    version = decodeSmallInt(children(tbsParts[0])[0]) + 1;
    i++;
  }
  const serial = decodeInteger(tbsParts[i++]);
  i++; // tbs signature AlgorithmIdentifier (must equal the outer one; the outer one is used)
  const issuerTlv = tbsParts[i++];
  const validity = children(expect(tbsParts[i++], Tag.SEQUENCE, 'validity'));
  const subjectTlv = tbsParts[i++];
  const spkiTlv = tbsParts[i++];
  if (!spkiTlv || validity.length !== 2) throw new CertDeskError('unreadable', 'Malformed tbsCertificate.');
  let extensions: Extension[] = [];
  for (; i < tbsParts.length; i++) {
    if (tbsParts[i].tag === 0xa3) extensions = decodeExtensions(children(tbsParts[i])[0]);
  }
  const [sigOidTlv, sigParamTlv] = children(expect(sigAlgTlv, Tag.SEQUENCE, 'signature algorithm'));
  return {
    der,
    tbs: whole(tbsTlv),
    version,
    serialHex: serial.toString('hex'),
    signatureOid: decodeOid(sigOidTlv),
    signatureParameters: sigParamTlv ? whole(sigParamTlv) : Buffer.alloc(0),
    issuer: decodeName(issuerTlv),
    subject: decodeName(subjectTlv),
    issuerDer: whole(issuerTlv),
    subjectDer: whole(subjectTlv),
    notBefore: decodeTime(validity[0]),
    notAfter: decodeTime(validity[1]),
    publicKey: decodeSpki(spkiTlv),
    extensions,
    sha1: fingerprint(der, 'sha1'),
    sha256: fingerprint(der, 'sha256'),
  };
}

/** The extension `oid` of a certificate, or of a request (the extensions it asks for). */
export function findExtension(holder: { extensions: Extension[] }, oid: string): Extension | undefined {
  return holder.extensions.find((e) => e.oid === oid);
}

const keyObjects = new WeakMap<PublicKeyInfo, KeyObject | null>();

/**
 * The node:crypto key of a SubjectPublicKeyInfo, made once per key (an issuer's key verifies every
 * certificate it signed). An rsaEncryption key is read from its PKCS#1 RSAPublicKey: the same key,
 * about 20 times faster than OpenSSL 3's SubjectPublicKeyInfo decoder.
 */
export function publicKeyObject(info: PublicKeyInfo): KeyObject | null {
  let key = keyObjects.get(info);
  if (key === undefined) {
    try {
      key = info.algorithmOid === OID_RSA
        ? createPublicKey({ key: Buffer.from(info.keyBytes), format: 'der', type: 'pkcs1' })
        : createPublicKey({ key: info.spki, format: 'der', type: 'spki' });
    } catch {
      key = null;
    }
    keyObjects.set(info, key);
  }
  return key;
}

interface SignatureParts {
  /** The AlgorithmIdentifier inside tbsCertificate and the outer one (DER). */
  tbsAlgorithm: Buffer;
  algorithm: Buffer;
  signature: Buffer;
  unusedBits: number;
}

const signatureParts = new WeakMap<Certificate, SignatureParts | null>();

function partsOf(cert: Certificate): SignatureParts | null {
  let parts = signatureParts.get(cert);
  if (parts === undefined) {
    try {
      const [tbsTlv, algTlv, sigTlv] = children(parseDer(cert.der));
      const tbs = children(tbsTlv);
      const { bits, unused } = decodeBitString(sigTlv);
      parts = { tbsAlgorithm: whole(tbs[tbs[0]?.tag === 0xa0 ? 2 : 1]), algorithm: whole(algTlv), signature: bits, unusedBits: unused };
    } catch {
      parts = null;
    }
    signatureParts.set(cert, parts);
  }
  return parts;
}

/** node:crypto key type each signature kind needs (OpenSSL refuses a mismatch: "wrong public key type"). */
const keyTypeFor: Record<string, (oid: string) => string> = {
  rsa: () => 'rsa',
  ecdsa: () => 'ec',
  dsa: () => 'dsa',
  eddsa: (oid) => (oid === OID_ED25519 ? 'ed25519' : 'ed448'),
};

/**
 * True when `issuer`'s key verifies `cert`'s signature. What OpenSSL's X509_verify checks, without building
 * an X509Certificate per certificate: the outer and inner signature algorithms are the same, the signature
 * has no unused bits, the key type fits the algorithm, and the signature over the tbsCertificate bytes
 * verifies. RSASSA-PSS and algorithms outside the table go through X509Certificate (any algorithm OpenSSL knows).
 */
export function isSignedBy(cert: Certificate, issuer: Certificate): boolean {
  const key = publicKeyObject(issuer.publicKey);
  if (!key) return false;
  const entry = signatureAlgorithms[cert.signatureOid];
  const keyType = entry ? keyTypeFor[entry.kind] : undefined;
  if (entry && keyType) {
    const parts = partsOf(cert);
    if (!parts || parts.unusedBits !== 0 || !parts.tbsAlgorithm.equals(parts.algorithm)) return false;
    if (key.asymmetricKeyType !== keyType(cert.signatureOid)) return false;
    return verifySignature(cert.signatureOid, cert.signatureParameters, cert.tbs, parts.signature, key);
  }
  try {
    return new X509Certificate(cert.der).verify(key);
  } catch {
    return false;
  }
}

export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.equals(b);
}
