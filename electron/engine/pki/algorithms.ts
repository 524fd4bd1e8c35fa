// Signature algorithms by OID: one table for the display hash name (CertSummary.signatureHash) and for
// verification with node:crypto. Add a row to support a new algorithm.
import { verify as cryptoVerify, constants, type KeyObject } from 'node:crypto';
import { type Tlv, children, decodeOid, decodeSmallInt, parseDer, Tag } from './der';

export type SignatureKind = 'rsa' | 'rsa-pss' | 'ecdsa' | 'dsa' | 'eddsa';

export interface SignatureAlgorithm {
  /** Display name of the hash ('SHA-256'), or the algorithm name when it has no separate hash (Ed25519). */
  hash: string;
  /** node:crypto digest name; null for EdDSA (the hash is part of the scheme) and for PSS (from parameters). */
  digest: string | null;
  kind: SignatureKind;
}

export const signatureAlgorithms: Record<string, SignatureAlgorithm> = {
  '1.2.840.113549.1.1.2': { hash: 'MD2', digest: 'md2', kind: 'rsa' },
  '1.2.840.113549.1.1.4': { hash: 'MD5', digest: 'md5', kind: 'rsa' },
  '1.2.840.113549.1.1.5': { hash: 'SHA-1', digest: 'sha1', kind: 'rsa' },
  '1.3.14.3.2.29': { hash: 'SHA-1', digest: 'sha1', kind: 'rsa' },
  '1.2.840.113549.1.1.14': { hash: 'SHA-224', digest: 'sha224', kind: 'rsa' },
  '1.2.840.113549.1.1.11': { hash: 'SHA-256', digest: 'sha256', kind: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'SHA-384', digest: 'sha384', kind: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'SHA-512', digest: 'sha512', kind: 'rsa' },
  '1.2.840.113549.1.1.10': { hash: 'SHA-1', digest: null, kind: 'rsa-pss' },
  '1.2.840.10045.4.1': { hash: 'SHA-1', digest: 'sha1', kind: 'ecdsa' },
  '1.2.840.10045.4.3.1': { hash: 'SHA-224', digest: 'sha224', kind: 'ecdsa' },
  '1.2.840.10045.4.3.2': { hash: 'SHA-256', digest: 'sha256', kind: 'ecdsa' },
  '1.2.840.10045.4.3.3': { hash: 'SHA-384', digest: 'sha384', kind: 'ecdsa' },
  '1.2.840.10045.4.3.4': { hash: 'SHA-512', digest: 'sha512', kind: 'ecdsa' },
  '1.2.840.10040.4.3': { hash: 'SHA-1', digest: 'sha1', kind: 'dsa' },
  '2.16.840.1.101.3.4.3.1': { hash: 'SHA-224', digest: 'sha224', kind: 'dsa' },
  '2.16.840.1.101.3.4.3.2': { hash: 'SHA-256', digest: 'sha256', kind: 'dsa' },
  '1.3.101.112': { hash: 'Ed25519', digest: null, kind: 'eddsa' },
  '1.3.101.113': { hash: 'Ed448', digest: null, kind: 'eddsa' },
};

/** Digest AlgorithmIdentifier OIDs (PSS parameters, PKCS#12 MAC). */
export const digestAlgorithms: Record<string, { name: string; digest: string; size: number; block: number }> = {
  '1.3.14.3.2.26': { name: 'SHA-1', digest: 'sha1', size: 20, block: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'SHA-224', digest: 'sha224', size: 28, block: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'SHA-256', digest: 'sha256', size: 32, block: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', digest: 'sha384', size: 48, block: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', digest: 'sha512', size: 64, block: 128 },
  '2.16.840.1.101.3.4.2.5': { name: 'SHA-512/224', digest: 'sha512-224', size: 28, block: 128 },
  '2.16.840.1.101.3.4.2.6': { name: 'SHA-512/256', digest: 'sha512-256', size: 32, block: 128 },
  '1.2.840.113549.2.5': { name: 'MD5', digest: 'md5', size: 16, block: 64 },
};

export interface PssParameters {
  hash: { name: string; digest: string };
  saltLength: number;
}

const SHA1 = digestAlgorithms['1.3.14.3.2.26'];

/** RSASSA-PSS-params (RFC 4055): hashAlgorithm [0] (default SHA-1), saltLength [2] (default 20). */
export function decodePssParameters(parameters: Buffer): PssParameters {
  const result: PssParameters = { hash: SHA1, saltLength: 20 };
  if (parameters.length === 0) return result;
  const seq: Tlv = parseDer(Buffer.from(parameters));
  if (seq.tag !== Tag.SEQUENCE) return result;
  for (const field of children(seq)) {
    if (field.tag === 0xa0) {
      const [alg] = children(field);
      const oid = decodeOid(children(alg)[0]);
      result.hash = digestAlgorithms[oid] ?? { name: oid, digest: oid };
    } else if (field.tag === 0xa2) {
      result.saltLength = decodeSmallInt(children(field)[0]);
    }
  }
  return result;
}

/** The hash name shown for a signature algorithm: table first, PSS from its parameters, else the OID. */
export function signatureHashName(oid: string, parameters: Buffer): string {
  const entry = signatureAlgorithms[oid];
  if (!entry) return oid;
  if (entry.kind === 'rsa-pss') {
    try {
      return decodePssParameters(parameters).hash.name;
    } catch {
      return entry.hash;
    }
  }
  return entry.hash;
}

/** Verifies `signature` over `data` with `key` per the signature algorithm; false when unknown or invalid. */
export function verifySignature(oid: string, parameters: Buffer, data: Buffer, signature: Buffer, key: KeyObject): boolean {
  const entry = signatureAlgorithms[oid];
  if (!entry) return false;
  try {
    switch (entry.kind) {
      case 'rsa':
        return cryptoVerify(entry.digest, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'rsa-pss': {
        const pss = decodePssParameters(parameters);
        return cryptoVerify(pss.hash.digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, signature);
      }
      case 'ecdsa':
      case 'dsa':
        return cryptoVerify(entry.digest, data, { key, dsaEncoding: 'der' }, signature);
      case 'eddsa':
        return cryptoVerify(null, data, key, signature);
    }
  } catch {
    return false;
  }
}
