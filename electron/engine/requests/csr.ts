// RSA key generation (node:crypto, native and asynchronous) and the PKCS#10 request (RFC 2986), built
// in DER here so every byte is known: subject, SPKI, one extensionRequest attribute, SHA-256 with RSA.
import { createHash, createPrivateKey, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { NameAttribute } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { AMT_PROVISIONING_OID, SERVER_AUTH_OID } from '../amt/checks';
import { OID } from '../pki/extensions/core';
import { toPem } from '../pki/pem';
import { OID_EXTENSION_REQUEST } from '../pki/pkcs10';
import { algorithm, bitString, directoryString, explicit, implicitPrimitive, integer, nullValue, octetString, oid, printableString, sequence, setOf } from '../pki/der-write';

const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/** Key sizes a request may use: 2048 is the default and what remote configuration supports everywhere. */
export const KEY_SIZES = [2048, 3072, 4096] as const;
export type KeySize = (typeof KEY_SIZES)[number];

const generate = promisify(generateKeyPair);

export interface GeneratedKey {
  /** PKCS#8 PrivateKeyInfo DER: secret, goes straight into the vault. */
  pkcs8: Buffer;
  /** SubjectPublicKeyInfo DER. */
  spki: Buffer;
  privateKey: KeyObject;
}

export async function generateRsaKey(bits: number): Promise<GeneratedKey> {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return {
    privateKey,
    pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer,
    spki: publicKey.export({ format: 'der', type: 'spki' }) as Buffer,
  };
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').toUpperCase();
}

function encodeName(attributes: NameAttribute[]): Buffer {
  return sequence(
    ...attributes.map((a) =>
      // countryName is PrintableString by definition (RFC 5280); the others DirectoryString.
      setOf(sequence(oid(a.oid), a.oid === '2.5.4.6' ? printableString(a.value) : directoryString(a.value))),
    ),
  );
}

function extension(id: string, value: Buffer): Buffer {
  return sequence(oid(id), octetString(value));
}

/**
 * The extensions asked for: EKU serverAuth + the AMT setup OID, and SAN dNSName = CN. CAs that honour
 * extensionRequest copy them; the OU alone already makes the certificate a setup certificate.
 */
export function requestedExtensions(cn: string): Buffer {
  return sequence(
    extension(OID.extKeyUsage, sequence(oid(SERVER_AUTH_OID), oid(AMT_PROVISIONING_OID))),
    extension(OID.subjectAltName, sequence(implicitPrimitive(2, Buffer.from(cn, 'latin1')))),
  );
}

export interface BuiltRequest {
  der: Buffer;
  pem: string;
}

/** Signs a CertificationRequest for `subject` with `key`. */
export function buildCsr(subject: NameAttribute[], spki: Buffer, privateKey: KeyObject | Buffer, cn: string): BuiltRequest {
  const attributes = explicit(0, sequence(oid(OID_EXTENSION_REQUEST), setOf(requestedExtensions(cn))));
  const info = sequence(integer(0), encodeName(subject), spki, attributes);
  const key = Buffer.isBuffer(privateKey) ? createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' }) : privateKey;
  const signature = sign('sha256', info, key);
  const der = sequence(info, algorithm(OID_SHA256_WITH_RSA, nullValue()), bitString(signature));
  return { der, pem: csrPem(der) };
}

/** Exactly what CAs expect: the armour, 64-character base64 lines, LF endings, nothing else. */
export function csrPem(der: Buffer): string {
  return toPem('CERTIFICATE REQUEST', der);
}

export function assertKeySize(bits: number): asserts bits is KeySize {
  if (bits === 1024) {
    throw new CertDeskError(
      'usage',
      'RSA 1024 is refused: Intel AMT 16 and later (CSME 16+) reject certificates with keys under 2048 bits, and CAs no longer issue them. Use 2048.',
    );
  }
  if (!(KEY_SIZES as readonly number[]).includes(bits)) {
    throw new CertDeskError('usage', `Key size ${bits} is not offered: use 2048 (recommended for AMT), 3072 or 4096.`);
  }
}
