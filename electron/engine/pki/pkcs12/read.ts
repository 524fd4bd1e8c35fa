// PKCS#12 / PFX (RFC 7292) on node:crypto: MAC check first, then the authSafe's data/encryptedData
// contents, bags (keys, shrouded keys, certificates, nested safe contents) and their attributes.
// Encryption: PBES2 (PBKDF2 + AES-CBC / 3DES / RC2-CBC, password as UTF-8) and the PKCS#12 PBEs (3DES,
// 2-key 3DES, RC2-128/40 in rc2.ts because OpenSSL 3 in node has no RC2; password as BMPString).
// BER is read at every level (outer PFX, authSafe content, SafeContents, bags, decrypted plaintext): each
// nested encoding goes through parseBer. Every costly step is charged to the read's budget first.
import { createDecipheriv, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { CertDeskError } from '../../../../shared/errors';
import { digestAlgorithms } from '../algorithms';
import { parseBer } from '../ber';
import { type Budget, charge, chargeCertificate, chargeDecrypt, chargeElements, chargeHash, chargePbkdf2, chargePkcs12Kdf, createBudget } from '../budget';
import { type Tlv, children, content, decodeInteger, decodeOid, decodeString, eachChild, expect, Tag, whole } from '../der';
import { entryFromPkcs8 } from '../keys';
import { OID_PKCS7_DATA, OID_PKCS7_ENCRYPTED_DATA, OID_PKCS7_ENVELOPED_DATA, OID_PKCS7_SIGNED_DATA, readContentInfo } from '../pkcs7';
import type { Container, PrivateKeyEntry } from '../types';
import { type Certificate, parseCertificate } from '../x509';
import { bmpPasswordForms, pkcs12Kdf } from './kdf';
import { rc2CbcDecrypt } from '../rc2';

/**
 * Iteration counts above this in a single derivation are refused outright. Real files use a few thousand
 * (OpenSSL 3: 2048, Windows: 2000, Java: up to 100,000); 600,000 is .NET's limit for loading a PKCS#12 file,
 * so nothing Windows can import is refused. What a whole file may cost (iterations × output blocks, every
 * bag, every password form) is the read's budget (budget.ts).
 */
export const MAX_ITERATIONS = 600_000;
/** A PBKDF2 key longer than this is absurd for any cipher or HMAC a PKCS#12 file can name (RC2 keys stop at 128). */
const MAX_KEY_LENGTH = 128;
/** safeContentsBag nesting bound. */
const MAX_BAG_DEPTH = 8;

export type Pkcs12Contents = Omit<Container, 'format'>;

/** PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }. */
export function isPfx(top: Tlv): boolean {
  if (top.tag !== Tag.SEQUENCE) return false;
  const [version, authSafe] = children(top);
  return version?.tag === Tag.INTEGER && authSafe?.tag === Tag.SEQUENCE && content(version).equals(Buffer.from([3]));
}

// ---------------------------------------------------------------- passwords

interface Passwords {
  /** BMPString forms to try for the PKCS#12 KDF, the MAC-verified one first. */
  bmp: Buffer[];
  /** PBES2/PBKDF2 uses the UTF-8 bytes. */
  utf8: Buffer;
  given: boolean;
  macVerified: boolean;
  /** The read's work budget (budget.ts). */
  budget: Budget;
}


function wrongPassword(passwords: { given: boolean }): CertDeskError {
  return passwords.given
    ? new CertDeskError('wrong-password', 'The password is wrong for this PFX/PKCS#12 file.')
    : new CertDeskError('wrong-password', 'This PFX/PKCS#12 file is protected by a password: a password is required.');
}

// ---------------------------------------------------------------- KDFs

type Digest = (typeof digestAlgorithms)[string];

/** The PKCS#12 KDF, charged to the budget first (iterations × output blocks, and the salt and password it hashes). */
function kdf(passwords: Passwords, digest: Digest, form: Buffer, salt: Buffer, id: 1 | 2 | 3, iterations: number, length: number): Buffer {
  const input = Math.ceil(salt.length / digest.block) * digest.block + Math.ceil(form.length / digest.block) * digest.block;
  chargePkcs12Kdf(passwords.budget, digest.digest, digest.size, iterations, length, input);
  return pkcs12Kdf(digest, form, salt, id, iterations, length);
}

/** PBKDF2, charged to the budget first. */
function pbkdf2(passwords: Passwords, params: Pbkdf2Params, keyLength: number): Buffer {
  chargePbkdf2(passwords.budget, params.prf, params.iterations, keyLength, params.salt.length);
  return pbkdf2Sync(passwords.utf8, params.salt, params.iterations, keyLength, params.prf);
}

function iterationCount(tlv: Tlv | undefined, fallback = 1): number {
  if (!tlv) return fallback;
  const bytes = decodeInteger(tlv);
  if (bytes.length > 6 || bytes[0] & 0x80) {
    if (bytes[0] & 0x80) throw new CertDeskError('unreadable', 'Negative iteration count in the PKCS#12 file.');
    throw new CertDeskError('unsupported-format', 'The PKCS#12 file asks for an unreasonable number of key derivation iterations.');
  }
  const value = bytes.readUIntBE(0, bytes.length);
  if (value < 1) throw new CertDeskError('unreadable', 'Invalid iteration count in the PKCS#12 file.');
  if (value > MAX_ITERATIONS) {
    throw new CertDeskError('unsupported-format', `The PKCS#12 file asks for ${value} key derivation iterations (more than ${MAX_ITERATIONS} are refused).`);
  }
  return value;
}


/** HMAC algorithms by OID (PBKDF2 PRFs and the PBMAC1 MAC), with their output sizes. */
const hmacPrfs: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
  '1.2.840.113549.2.12': 'sha512-224',
  '1.2.840.113549.2.13': 'sha512-256',
};

const hmacSizes: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64, 'sha512-224': 28, 'sha512-256': 32 };

const OID_PBKDF2 = '1.2.840.113549.1.5.12';
const OID_PBES2 = '1.2.840.113549.1.5.13';
const OID_PBMAC1 = '1.2.840.113549.1.5.14';

interface Pbkdf2Params {
  salt: Buffer;
  iterations: number;
  keyLength?: number;
  prf: string;
}

/** PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount, keyLength OPTIONAL, prf DEFAULT hmacWithSHA1 }. */
function readPbkdf2(alg: Tlv): Pbkdf2Params {
  const [oidTlv, paramsTlv] = children(expect(alg, Tag.SEQUENCE, 'key derivation algorithm'));
  const oid = decodeOid(oidTlv);
  if (oid !== OID_PBKDF2) throw new CertDeskError('unsupported-format', `Unsupported key derivation function ${oid} in the PKCS#12 file.`);
  const fields = children(expect(paramsTlv, Tag.SEQUENCE, 'PBKDF2 parameters'));
  const saltTlv = fields[0];
  if (saltTlv?.tag !== Tag.OCTET_STRING) throw new CertDeskError('unsupported-format', 'PBKDF2 with a non-literal salt is not supported.');
  const params: Pbkdf2Params = { salt: Buffer.from(content(saltTlv)), iterations: iterationCount(fields[1]), prf: 'sha1' };
  for (const field of fields.slice(2)) {
    if (field.tag === Tag.INTEGER) {
      const bytes = decodeInteger(field);
      if (bytes[0] & 0x80) throw new CertDeskError('unreadable', 'Negative PBKDF2 key length in the PKCS#12 file.');
      const length = bytes.length > 4 ? Number.POSITIVE_INFINITY : bytes.readUIntBE(0, bytes.length);
      if (length < 1) throw new CertDeskError('unreadable', 'The PKCS#12 file gives a PBKDF2 key length of 0.');
      if (length > MAX_KEY_LENGTH) {
        const shown = Number.isFinite(length) ? `${length.toLocaleString('en-US')}-byte` : 'huge';
        throw new CertDeskError('unsupported-format', `The PKCS#12 file asks PBKDF2 for a ${shown} key; no cipher or MAC it can use needs more than ${MAX_KEY_LENGTH} bytes.`);
      }
      params.keyLength = length;
    } else if (field.tag === Tag.SEQUENCE) {
      const prfOid = decodeOid(children(field)[0]);
      const prf = hmacPrfs[prfOid];
      if (!prf) throw new CertDeskError('unsupported-format', `Unsupported PBKDF2 pseudo-random function ${prfOid}.`);
      params.prf = prf;
    }
  }
  return params;
}

// ---------------------------------------------------------------- MAC

/** Verifies the MacData; returns the BMP password form that matched (or the UTF-8 form for PBMAC1), or null. */
function verifyMac(macData: Tlv, authSafe: Buffer, passwords: Passwords): Buffer | null {
  const [digestInfo, saltTlv, iterTlv] = children(expect(macData, Tag.SEQUENCE, 'PKCS#12 MAC data'));
  const [algTlv, digestTlv] = children(expect(digestInfo, Tag.SEQUENCE, 'PKCS#12 MAC'));
  const [algOidTlv, algParams] = children(expect(algTlv, Tag.SEQUENCE, 'PKCS#12 MAC algorithm'));
  const algOid = decodeOid(algOidTlv);
  const expected = Buffer.from(content(expect(digestTlv, Tag.OCTET_STRING, 'PKCS#12 MAC value')));
  const same = (mac: Buffer) => mac.length === expected.length && timingSafeEqual(mac, expected);

  if (algOid === OID_PBMAC1) {
    // RFC 9579: PBMAC1-params ::= SEQUENCE { keyDerivationFunc (PBKDF2), messageAuthScheme (HMAC) }.
    const [kdfTlv, schemeTlv] = children(expect(algParams, Tag.SEQUENCE, 'PBMAC1 parameters'));
    const params = readPbkdf2(kdfTlv);
    const hmac = hmacPrfs[decodeOid(children(expect(schemeTlv, Tag.SEQUENCE, 'PBMAC1 scheme'))[0])];
    if (!hmac) throw new CertDeskError('unsupported-format', 'Unsupported PBMAC1 MAC algorithm in the PKCS#12 file.');
    // RFC 9579 requires keyLength. A key shorter than the HMAC output lets a wrong password pass: with a
    // 1-byte key, one password in 256 verifies (OpenSSL CVE-2026-34181, go-pkcs12's pbmac1-short-key-bypass).
    if (params.keyLength === undefined) throw new CertDeskError('unreadable', 'The PKCS#12 MAC (PBMAC1) gives no key length, which RFC 9579 requires.');
    if (params.keyLength < hmacSizes[hmac]) {
      throw new CertDeskError(
        'unreadable',
        `The PKCS#12 MAC (PBMAC1) uses a ${params.keyLength}-byte key, shorter than the ${hmacSizes[hmac]}-byte HMAC-${hmac.toUpperCase()} output: such a MAC can be passed without the password, so the file is refused.`,
      );
    }
    const key = pbkdf2(passwords, params, params.keyLength);
    chargeHash(passwords.budget, authSafe.length, 'the PBMAC1 MAC');
    return same(createHmac(hmac, key).update(authSafe).digest()) ? passwords.utf8 : null;
  }

  const digest = digestAlgorithms[algOid];
  if (!digest || digest.name === 'MD5') throw new CertDeskError('unsupported-format', `Unsupported PKCS#12 MAC algorithm ${algOid}.`);
  const salt = Buffer.from(content(expect(saltTlv, Tag.OCTET_STRING, 'PKCS#12 MAC salt')));
  const iterations = iterationCount(iterTlv);
  for (const form of passwords.bmp) {
    const key = kdf(passwords, digest, form, salt, 3, iterations, digest.size);
    chargeHash(passwords.budget, authSafe.length, 'the PKCS#12 MAC');
    if (same(createHmac(digest.digest, key).update(authSafe).digest())) return form;
  }
  return null;
}

// ---------------------------------------------------------------- decryption

interface Cipher {
  /** node:crypto's name (RC2: rc2-<effective bits>-cbc), for messages and the budget. */
  name: string;
  blockSize: number;
  /** CBC decryption of whole blocks without unpadding, or null when the key or IV does not fit. */
  raw: (key: Buffer, iv: Buffer, data: Buffer) => Buffer | null;
}

function nodeCipher(name: string, blockSize: number, adjustKey: (key: Buffer) => Buffer = (k) => k): Cipher {
  return {
    name,
    blockSize,
    raw: (key, iv, data) => {
      try {
        const decipher = createDecipheriv(name, adjustKey(key), iv);
        decipher.setAutoPadding(false);
        return Buffer.concat([decipher.update(data), decipher.final()]);
      } catch {
        return null;
      }
    },
  };
}

const aes = (bits: number): Cipher => nodeCipher(`aes-${bits}-cbc`, 16);
const des3 = nodeCipher('des-ede3-cbc', 8);
/** 2-key triple DES: K1 K2 K1. */
const des2 = nodeCipher('des-ede3-cbc', 8, (k) => Buffer.concat([k, k.subarray(0, 8)]));
const rc2 = (effectiveBits: number): Cipher => ({
  name: `rc2-${effectiveBits}-cbc`,
  blockSize: 8,
  raw: (key, iv, data) => (key.length >= 1 && key.length <= 128 && iv.length === 8 && data.length % 8 === 0 ? rc2CbcDecrypt(key, effectiveBits, iv, data) : null),
});

/** PBES2 encryption schemes (RFC 8018 B.2) with fixed key lengths. RC2-CBC is read separately (its parameters). */
const pbes2Ciphers: Record<string, { cipher: Cipher; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: aes(128), keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: aes(192), keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: aes(256), keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: des3, keyLength: 24 },
};
const OID_RC2_CBC = '1.2.840.113549.3.2';
/** RC2CBCParameter version → effective key bits (RFC 8018 B.2.3); versions from 256 up are the bits themselves. */
const rc2Versions: Record<number, number> = { 160: 40, 120: 64, 58: 128 };

interface Pkcs12Pbe {
  name: string;
  keyLength: number;
  cipher: Cipher;
}

/** Strict PKCS#7 unpadding, or null: every pad byte must equal the count, 1 to one block. */
function unpad(plain: Buffer, blockSize: number): Buffer | null {
  const count = plain[plain.length - 1];
  if (!count || count > blockSize || count > plain.length) return null;
  for (let i = plain.length - count; i < plain.length; i++) if (plain[i] !== count) return null;
  return plain.subarray(0, plain.length - count);
}

/**
 * True when the first block, decrypted, can start what the whole ciphertext holds: a SEQUENCE (BER or DER)
 * whose length, with the padding, fills the ciphertext exactly. A wrong password fails this on a block or
 * two, so trying each password form never decrypts megabytes for nothing.
 */
function plausibleStart(cipher: Cipher, key: Buffer, iv: Buffer, data: Buffer): boolean {
  if (data.length < cipher.blockSize || data.length % cipher.blockSize !== 0) return false;
  const first = cipher.raw(key, iv, data.subarray(0, cipher.blockSize));
  if (!first || first.length < 2 || first[0] !== Tag.SEQUENCE) return false;
  if (first[1] === 0x80) return true;
  let length = first[1];
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count > 4 || 2 + count > first.length) return false;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + first[2 + i];
    header += count;
  }
  const padding = data.length - (header + length);
  return padding >= 1 && padding <= cipher.blockSize;
}

/** PKCS#12 v1 PBE algorithms (RFC 7292 appendix C), SHA-1 KDF. */
const pkcs12Pbes: Record<string, Pkcs12Pbe> = {
  '1.2.840.113549.1.12.1.3': { name: '3-key triple DES', keyLength: 24, cipher: des3 },
  '1.2.840.113549.1.12.1.4': { name: '2-key triple DES', keyLength: 16, cipher: des2 },
  '1.2.840.113549.1.12.1.5': { name: '128-bit RC2', keyLength: 16, cipher: rc2(128) },
  '1.2.840.113549.1.12.1.6': { name: '40-bit RC2', keyLength: 5, cipher: rc2(40) },
};

const unsupportedPbes: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': '128-bit RC4',
  '1.2.840.113549.1.12.1.2': '40-bit RC4',
  '1.2.840.113549.1.5.3': 'PBES1 DES (MD5)',
  '1.2.840.113549.1.5.10': 'PBES1 DES (SHA-1)',
};

const SHA1 = digestAlgorithms['1.3.14.3.2.26'];

/** The PBES2 encryption scheme: the cipher, its key length and IV. */
function readPbes2Scheme(schemeTlv: Tlv, kdfKeyLength: number | undefined): { cipher: Cipher; keyLength: number; iv: Buffer } {
  const [cipherOidTlv, paramsTlv] = children(expect(schemeTlv, Tag.SEQUENCE, 'PBES2 encryption scheme'));
  const cipherOid = decodeOid(cipherOidTlv);
  if (cipherOid === OID_RC2_CBC) {
    // RC2CBCParameter ::= SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING (SIZE(8)) }
    const fields = children(expect(paramsTlv, Tag.SEQUENCE, 'RC2-CBC parameters'));
    const version = fields[0]?.tag === Tag.INTEGER ? decodeInteger(fields[0]) : undefined;
    const ivTlv = fields[version ? 1 : 0];
    const number = version ? (version.length > 2 ? Number.POSITIVE_INFINITY : version.readUIntBE(0, version.length)) : undefined;
    const bits = number === undefined ? 32 : (rc2Versions[number] ?? (number >= 256 && number <= 1024 ? number : undefined));
    if (!bits) throw new CertDeskError('unsupported-format', 'Unsupported RC2 parameter version in the PKCS#12 file.');
    return { cipher: rc2(bits), keyLength: kdfKeyLength ?? 16, iv: Buffer.from(content(expect(ivTlv, Tag.OCTET_STRING, 'RC2-CBC IV'))) };
  }
  const known = pbes2Ciphers[cipherOid];
  if (!known) throw new CertDeskError('unsupported-format', `Unsupported PBES2 cipher ${cipherOid} in the PKCS#12 file.`);
  if (kdfKeyLength !== undefined && kdfKeyLength !== known.keyLength) {
    throw new CertDeskError('unreadable', `The PKCS#12 file asks PBKDF2 for a ${kdfKeyLength}-byte key for ${known.cipher.name.toUpperCase()}, which takes ${known.keyLength} bytes.`);
  }
  return { cipher: known.cipher, keyLength: known.keyLength, iv: Buffer.from(content(expect(paramsTlv, Tag.OCTET_STRING, 'PBES2 IV'))) };
}

/** Decrypts when the first block looks right (charged to the budget), or null. */
function attempt<T>(passwords: Passwords, cipher: Cipher, key: Buffer, iv: Buffer, data: Buffer, accept: (plain: Buffer) => T | null): T | null {
  if (!plausibleStart(cipher, key, iv, data)) return null;
  chargeDecrypt(passwords.budget, cipher.name, data.length);
  const raw = cipher.raw(key, iv, data);
  const plain = raw && unpad(raw, cipher.blockSize);
  return plain ? accept(plain) : null;
}

/**
 * Decrypts `data` under the AlgorithmIdentifier `alg`. `accept` turns a plaintext into the result, or null
 * when it is not what the bag holds (padding alone passes by chance 1 in 256): each password form is tried
 * until one is accepted.
 */
function decrypt<T>(alg: Tlv, data: Buffer, passwords: Passwords, accept: (plain: Buffer) => T | null): T {
  const [oidTlv, paramsTlv] = children(expect(alg, Tag.SEQUENCE, 'encryption algorithm'));
  const oid = decodeOid(oidTlv);
  const failed = () => (passwords.macVerified ? new CertDeskError('unreadable', 'Part of the PKCS#12 file could not be decrypted (corrupt file?).') : wrongPassword(passwords));

  if (oid === OID_PBES2) {
    const [kdfTlv, schemeTlv] = children(expect(paramsTlv, Tag.SEQUENCE, 'PBES2 parameters'));
    const params = readPbkdf2(kdfTlv);
    const scheme = readPbes2Scheme(schemeTlv, params.keyLength);
    const key = pbkdf2(passwords, params, scheme.keyLength);
    const result = attempt(passwords, scheme.cipher, key, scheme.iv, data, accept);
    if (result !== null) return result;
    throw failed();
  }

  const pbe = pkcs12Pbes[oid];
  if (!pbe) {
    const name = unsupportedPbes[oid] ?? oid;
    throw new CertDeskError('unsupported-format', `The PKCS#12 file is encrypted with ${name}, which CertDesk does not support.`);
  }
  const [saltTlv, iterTlv] = children(expect(paramsTlv, Tag.SEQUENCE, 'PKCS#12 PBE parameters'));
  const salt = Buffer.from(content(expect(saltTlv, Tag.OCTET_STRING, 'PBE salt')));
  const iterations = iterationCount(iterTlv);
  for (const form of passwords.bmp) {
    const key = kdf(passwords, SHA1, form, salt, 1, iterations, pbe.keyLength);
    const iv = kdf(passwords, SHA1, form, salt, 2, iterations, 8);
    const result = attempt(passwords, pbe.cipher, key, iv, data, accept);
    if (result !== null) return result;
  }
  throw failed();
}

// ---------------------------------------------------------------- encrypted PKCS#8 (PEM "ENCRYPTED PRIVATE KEY")

const OID_SCRYPT = '1.3.6.1.4.1.11591.4.11';
/** scrypt per N × r × p (node:crypto), and the largest N × r × p accepted at all. */
const SCRYPT_UNITS = 1_500;
/** PKCS#5 PBES1 (MD2/MD5/SHA-1 with DES/RC2): iterations of one hash. */
const pbes1Digests: Record<string, string> = {
  '1.2.840.113549.1.5.1': 'md2',
  '1.2.840.113549.1.5.4': 'md2',
  '1.2.840.113549.1.5.3': 'md5',
  '1.2.840.113549.1.5.6': 'md5',
  '1.2.840.113549.1.5.10': 'sha1',
  '1.2.840.113549.1.5.11': 'sha1',
};

/**
 * Charges what decrypting an EncryptedPrivateKeyInfo will cost before node:crypto (OpenSSL) runs the key
 * derivation the file names, with the file's own iteration count, key length or scrypt cost: without this
 * a PEM key asking for 2^31 PBKDF2 iterations would hang the read inside OpenSSL. Refuses what is absurd.
 */
export function chargeEncryptedPrivateKey(der: Buffer, budget: Budget): void {
  const top = parseBer(der, budget);
  const [alg] = children(expect(top, Tag.SEQUENCE, 'encrypted private key'));
  const [oidTlv, paramsTlv] = children(expect(alg, Tag.SEQUENCE, 'encryption algorithm'));
  const oid = decodeOid(oidTlv);
  const pbe = pkcs12Pbes[oid];
  if (oid === OID_PBES2) {
    const [kdfTlv] = children(expect(paramsTlv, Tag.SEQUENCE, 'PBES2 parameters'));
    const [kdfOidTlv, kdfParams] = children(expect(kdfTlv, Tag.SEQUENCE, 'key derivation algorithm'));
    if (decodeOid(kdfOidTlv) === OID_SCRYPT) {
      // scrypt-params ::= SEQUENCE { salt OCTET STRING, costParameter, blockSize, parallelizationParameter, keyLength OPTIONAL }
      const [, n, r, p] = children(expect(kdfParams, Tag.SEQUENCE, 'scrypt parameters'));
      const [N, R, P] = [n, r, p].map((t) => (t ? iterationCount(t) : 1));
      charge(budget, 'key derivation', N * R * P * SCRYPT_UNITS, `scrypt with N=${N}, r=${R}, p=${P}`);
      return;
    }
    // The cipher is OpenSSL's business (it knows more than PKCS#12 needs); only its key length matters here.
    const params = readPbkdf2(kdfTlv);
    chargePbkdf2(budget, params.prf, params.iterations, params.keyLength ?? 32, params.salt.length);
  } else if (pbe) {
    const [, iterTlv] = children(expect(paramsTlv, Tag.SEQUENCE, 'PKCS#12 PBE parameters'));
    chargePkcs12Kdf(budget, 'sha1', 20, iterationCount(iterTlv), pbe.keyLength + 8, 128);
  } else if (pbes1Digests[oid]) {
    const [, iterTlv] = children(expect(paramsTlv, Tag.SEQUENCE, 'PBES1 parameters'));
    chargePkcs12Kdf(budget, pbes1Digests[oid], 16, iterationCount(iterTlv), 16, 64);
  }
}

// ---------------------------------------------------------------- structure

/**
 * OCTET STRING contents, also in the constructed form an [0] IMPLICIT OCTET STRING keeps after BER
 * normalisation (universal OCTET STRINGs are flattened by parseBer): primitive OCTET STRING chunks, joined
 * in one pass into one buffer.
 */
function octets(tlv: Tlv | undefined, what: string): Buffer {
  if (!tlv) throw new CertDeskError('unreadable', `Missing ${what}.`);
  if (!tlv.constructed) return content(tlv);
  let total = 0;
  eachChild(tlv, (chunk) => {
    if (chunk.tag !== Tag.OCTET_STRING) throw new CertDeskError('unreadable', `Malformed ${what} (a chunk that is not an OCTET STRING).`);
    total += chunk.end - chunk.contentStart;
  });
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  eachChild(tlv, (chunk) => {
    at += tlv.bytes.copy(out, at, chunk.contentStart, chunk.end);
  });
  return out;
}

/** A nested encoding (BER or DER) as a Tlv, or null when it is not one: how a decryption is judged right. */
function tryParse(plain: Buffer, budget: Budget, tag: number): Tlv | null {
  try {
    const tlv = parseBer(plain, budget);
    return tlv.tag === tag ? tlv : null;
  } catch (error) {
    // Only a malformed plaintext means "not this password"; running out of budget stops the read.
    if (error instanceof CertDeskError && error.code === 'unreadable') return null;
    throw error;
  }
}

/** The PrivateKeyInfo as DER when node:crypto takes it, else null. */
function privateKeyInfo(plain: Buffer, budget: Budget): Buffer | null {
  const tlv = tryParse(plain, budget, Tag.SEQUENCE);
  if (!tlv) return null;
  const der = whole(tlv);
  try {
    createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return der;
  } catch {
    return null;
  }
}

const OID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const OID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const OID_X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';

interface BagAttributes {
  friendlyName?: string;
  localKeyId?: string;
}

/** Work charged per bag and per bag attribute on top of their ASN.1 elements (OID lookups, decoding). */
const BAG_ELEMENTS = 4;
const ATTRIBUTE_ELEMENTS = 2;

function readAttributes(set: Tlv | undefined, budget: Budget): BagAttributes {
  const result: BagAttributes = {};
  if (!set || set.tag !== Tag.SET) return result;
  eachChild(set, (attribute) => {
    chargeElements(budget, ATTRIBUTE_ELEMENTS);
    const [typeTlv, valuesTlv] = children(expect(attribute, Tag.SEQUENCE, 'bag attribute'));
    let first: Tlv | undefined;
    if (valuesTlv) eachChild(expect(valuesTlv, Tag.SET, 'bag attribute values'), (value) => ((first = value), false));
    if (!first) return;
    const type = decodeOid(typeTlv);
    if (type === OID_FRIENDLY_NAME) result.friendlyName = decodeString(first);
    else if (type === OID_LOCAL_KEY_ID && first.tag === Tag.OCTET_STRING) result.localKeyId = content(first).toString('hex').toUpperCase();
  });
  return result;
}

interface Output {
  certificates: Certificate[];
  privateKeys: PrivateKeyEntry[];
  friendlyNames: Record<string, string>;
}

interface BagContext {
  passwords: Passwords;
  out: Output;
  depth: number;
}

function addKey(pkcs8: Buffer, attributes: BagAttributes, ctx: BagContext): void {
  const extra: Partial<PrivateKeyEntry> = {};
  if (attributes.friendlyName !== undefined) extra.friendlyName = attributes.friendlyName;
  if (attributes.localKeyId !== undefined) extra.localKeyId = attributes.localKeyId;
  ctx.out.privateKeys.push(entryFromPkcs8(pkcs8, extra));
}

type BagHandler = (value: Tlv, attributes: BagAttributes, ctx: BagContext) => void;

const bagHandlers: Record<string, BagHandler> = {
  // keyBag: a PrivateKeyInfo in the clear.
  '1.2.840.113549.1.12.10.1.1': (value, attributes, ctx) => addKey(Buffer.from(whole(value)), attributes, ctx),
  // pkcs8ShroudedKeyBag: EncryptedPrivateKeyInfo.
  '1.2.840.113549.1.12.10.1.2': (value, attributes, ctx) => {
    const [alg, data] = children(expect(value, Tag.SEQUENCE, 'encrypted private key'));
    const pkcs8 = decrypt(alg, octets(data, 'encrypted private key'), ctx.passwords, (plain) => privateKeyInfo(plain, ctx.passwords.budget));
    addKey(pkcs8, attributes, ctx);
  },
  // certBag: x509Certificate only (sdsiCertificate and others are skipped).
  '1.2.840.113549.1.12.10.1.3': (value, attributes, ctx) => {
    const [typeTlv, wrapped] = children(expect(value, Tag.SEQUENCE, 'certificate bag'));
    if (decodeOid(typeTlv) !== OID_X509_CERTIFICATE || wrapped?.tag !== 0xa0) return;
    const der = octets(children(wrapped)[0], 'certificate');
    chargeCertificate(ctx.passwords.budget, der.length);
    const cert = parseCertificate(der);
    ctx.out.certificates.push(cert);
    if (attributes.friendlyName !== undefined && !(cert.sha256 in ctx.out.friendlyNames)) ctx.out.friendlyNames[cert.sha256] = attributes.friendlyName;
  },
  // crlBag, secretBag: not certificate material; ignored.
  '1.2.840.113549.1.12.10.1.4': () => undefined,
  '1.2.840.113549.1.12.10.1.5': () => undefined,
  // safeContentsBag: nested SafeContents.
  '1.2.840.113549.1.12.10.1.6': (value, _attributes, ctx) => readSafeContents(value, { ...ctx, depth: ctx.depth + 1 }),
};

function readSafeContents(seq: Tlv, ctx: BagContext): void {
  if (ctx.depth > MAX_BAG_DEPTH) throw new CertDeskError('unreadable', 'PKCS#12 bags nested too deeply.');
  // Bag by bag, never an array of them: a SafeContents may hold millions (each one charged).
  eachChild(expect(seq, Tag.SEQUENCE, 'PKCS#12 safe contents'), (bag) => {
    chargeElements(ctx.passwords.budget, BAG_ELEMENTS);
    const [idTlv, valueWrap, attributesTlv] = children(expect(bag, Tag.SEQUENCE, 'PKCS#12 bag'));
    const handler = bagHandlers[decodeOid(idTlv)];
    if (!handler) return;
    if (valueWrap?.tag !== 0xa0) throw new CertDeskError('unreadable', 'Malformed PKCS#12 bag.');
    const value = children(valueWrap)[0];
    if (!value) throw new CertDeskError('unreadable', 'Empty PKCS#12 bag.');
    handler(value, readAttributes(attributesTlv, ctx.passwords.budget), ctx);
  });
}

/** One ContentInfo of the authSafe: data (plain SafeContents) or encryptedData; envelopedData is refused. */
function readAuthSafeItem(item: Tlv, ctx: BagContext): void {
  const { contentType, content: inner } = readContentInfo(item);
  if (contentType === OID_PKCS7_DATA) {
    if (!inner) return;
    readSafeContents(parseBer(octets(inner, 'safe contents'), ctx.passwords.budget), ctx);
    return;
  }
  if (contentType === OID_PKCS7_ENCRYPTED_DATA) {
    if (!inner) return;
    // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT content } }
    const [, eci] = children(expect(inner, Tag.SEQUENCE, 'encrypted data'));
    const [, alg, encrypted] = children(expect(eci, Tag.SEQUENCE, 'encrypted content info'));
    if (!encrypted) return;
    if ((encrypted.tag & 0xdf) !== 0x80) throw new CertDeskError('unreadable', 'Malformed PKCS#12 encrypted content.');
    const safeContents = decrypt(alg, octets(encrypted, 'encrypted content'), ctx.passwords, (plain) => tryParse(plain, ctx.passwords.budget, Tag.SEQUENCE));
    readSafeContents(safeContents, ctx);
    return;
  }
  if (contentType === OID_PKCS7_ENVELOPED_DATA) {
    throw new CertDeskError('unsupported-format', 'This PKCS#12 file is encrypted to a certificate (public-key privacy mode), which CertDesk does not support.');
  }
  throw new CertDeskError('unsupported-format', `Unsupported content type ${contentType} in the PKCS#12 file.`);
}

/**
 * Reads a PFX (BER or DER, one element). Throws wrong-password (MAC or decryption fails), unsupported-format
 * (including a file that asks for more work than `budget` allows), unreadable.
 */
export function parsePkcs12(der: Buffer, password?: string, budget: Budget = createBudget()): Pkcs12Contents {
  const top = parseBer(der, budget);
  if (!isPfx(top)) throw new CertDeskError('unreadable', 'Not a PKCS#12 (PFX) file.');
  const [, authSafeTlv, macData] = children(top);
  const authSafe = readContentInfo(authSafeTlv);
  if (authSafe.contentType === OID_PKCS7_SIGNED_DATA) {
    throw new CertDeskError('unsupported-format', 'This PKCS#12 file uses public-key integrity mode (signed), which CertDesk does not support.');
  }
  if (authSafe.contentType !== OID_PKCS7_DATA) throw new CertDeskError('unsupported-format', 'Unsupported PKCS#12 authenticated safe.');
  const authSafeBytes = octets(authSafe.content, 'PKCS#12 content');

  const text = password ?? '';
  const passwords: Passwords = { bmp: bmpPasswordForms(text), utf8: Buffer.from(text, 'utf8'), given: password !== undefined, macVerified: false, budget };
  if (macData) {
    const matched = verifyMac(macData, authSafeBytes, passwords);
    if (!matched) throw wrongPassword(passwords);
    passwords.bmp = [matched, ...passwords.bmp.filter((f) => f !== matched)];
    passwords.macVerified = true;
  }

  const out: Output = { certificates: [], privateKeys: [], friendlyNames: {} };
  const ctx: BagContext = { passwords, out, depth: 0 };
  eachChild(expect(parseBer(authSafeBytes, budget), Tag.SEQUENCE, 'PKCS#12 authenticated safe'), (item) => {
    chargeElements(budget, BAG_ELEMENTS);
    readAuthSafeItem(item, ctx);
  });
  return out;
}
