// PKCS#12 / PFX (RFC 7292) on node:crypto: MAC check first, then the authSafe's data/encryptedData
// contents, bags (keys, shrouded keys, certificates, nested safe contents) and their attributes.
// Encryption: PBES2 (PBKDF2 + AES-CBC / 3DES, password as UTF-8) and the PKCS#12 PBEs (3DES, 2-key 3DES,
// RC2-128/40 through node-forge because OpenSSL 3 in node has no RC2; password as BMPString).
import * as cryptoModule from 'node:crypto';
import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { CertDeskError } from '../../../shared/errors';
import { digestAlgorithms } from './algorithms';
import { type Tlv, children, content, decodeInteger, decodeOid, decodeString, expect, parseDer, Tag, whole } from './der';
import { entryFromPkcs8 } from './keys';
import { OID_PKCS7_DATA, OID_PKCS7_ENCRYPTED_DATA, OID_PKCS7_ENVELOPED_DATA, OID_PKCS7_SIGNED_DATA, readContentInfo } from './pkcs7';
import type { Container, PrivateKeyEntry } from './types';
import { type Certificate, parseCertificate } from './x509';
import { iterateHash } from './iterate-hash';

/**
 * Total key-derivation iterations for one file (MAC, every bag, every password form). Real files use a
 * few thousand per call (OpenSSL 3: 2048, Windows: 2000). 600,000 is .NET's default limit for loading a
 * PKCS#12 file, so nothing Windows can import is refused, while a hostile file cannot keep the parser
 * busy for more than about a second (the PKCS#12 KDF runs hash by hash in JavaScript).
 */
export const MAX_TOTAL_ITERATIONS = 600_000;
/** Iteration counts above this in a single derivation are refused outright. */
export const MAX_ITERATIONS = MAX_TOTAL_ITERATIONS;
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
  /** Key-derivation iterations still allowed for this file (see MAX_TOTAL_ITERATIONS). */
  budget: { remaining: number };
}

/**
 * The password as BMPString (UTF-16BE) with a 2-byte NUL terminator. The empty password has two forms
 * (OpenSSL: "00 00", Windows: no bytes). Non-ASCII passwords also get the form OpenSSL < 1.1 wrote (each
 * UTF-8 byte as one character), so old files still open.
 */
export function bmpPasswordForms(password: string): Buffer[] {
  if (password === '') return [Buffer.alloc(2), Buffer.alloc(0)];
  const utf16 = Buffer.from(password, 'utf16le').swap16();
  const forms = [Buffer.concat([utf16, Buffer.alloc(2)])];
  const utf8 = Buffer.from(password, 'utf8');
  if (utf8.length !== password.length) {
    const bytewise = Buffer.alloc(utf8.length * 2 + 2);
    utf8.forEach((b, i) => (bytewise[i * 2 + 1] = b));
    forms.push(bytewise);
  }
  return forms;
}

function wrongPassword(passwords: { given: boolean }): CertDeskError {
  return passwords.given
    ? new CertDeskError('wrong-password', 'The password is wrong for this PFX/PKCS#12 file.')
    : new CertDeskError('wrong-password', 'This PFX/PKCS#12 file is protected by a password: a password is required.');
}

// ---------------------------------------------------------------- KDFs

type Digest = (typeof digestAlgorithms)[string];

/** Charges `iterations` to the file's budget before a key derivation runs. */
function charge(passwords: Passwords, iterations: number): void {
  passwords.budget.remaining -= iterations;
  if (passwords.budget.remaining < 0) {
    throw new CertDeskError('unsupported-format', 'The PKCS#12 file asks for too much key derivation work in total (refused to avoid a hang).');
  }
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

/** crypto.hash (node >= 20.12): a one-shot digest, several times faster than a Hash object per iteration. */
const oneShot = (cryptoModule as { hash?: (alg: string, data: Buffer, enc: 'buffer') => Buffer }).hash;

/** RFC 7292 appendix B.2: the PKCS#12 key derivation (ID 1 = key, 2 = IV, 3 = MAC key). */
export function pkcs12Kdf(digest: Digest, password: Buffer, salt: Buffer, id: 1 | 2 | 3, iterations: number, length: number): Buffer {
  const u = digest.size;
  const v = digest.block;
  const D = Buffer.alloc(v, id);
  const fill = (src: Buffer) => {
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const I = Buffer.concat([fill(salt), fill(password)]);
  const blocks = Math.ceil(length / u);
  const out = Buffer.alloc(blocks * u);
  for (let i = 0; i < blocks; i++) {
    let A: Buffer = createHash(digest.digest).update(D).update(I).digest();
    const iterated = iterateHash(digest.digest, A, iterations - 1);
    if (iterated) A = iterated;
    else for (let r = 1; r < iterations; r++) A = oneShot ? oneShot(digest.digest, A, 'buffer') : createHash(digest.digest).update(A).digest();
    A.copy(out, i * u);
    if (i + 1 < blocks) {
      const B = Buffer.alloc(v);
      for (let k = 0; k < v; k++) B[k] = A[k % u];
      for (let j = 0; j < I.length; j += v) {
        let carry = 1;
        for (let k = v - 1; k >= 0; k--) {
          const sum = I[j + k] + B[k] + carry;
          I[j + k] = sum & 0xff;
          carry = sum >>> 8;
        }
      }
    }
  }
  return out.subarray(0, length);
}

const hmacPrfs: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
  '1.2.840.113549.2.12': 'sha512-224',
  '1.2.840.113549.2.13': 'sha512-256',
};

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
      if (bytes.length > 2) throw new CertDeskError('unreadable', 'Invalid PBKDF2 key length.');
      params.keyLength = bytes.readUIntBE(0, bytes.length);
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
    const kdf = readPbkdf2(kdfTlv);
    const hmac = hmacPrfs[decodeOid(children(expect(schemeTlv, Tag.SEQUENCE, 'PBMAC1 scheme'))[0])];
    if (!hmac || !kdf.keyLength) throw new CertDeskError('unsupported-format', 'Unsupported PBMAC1 parameters in the PKCS#12 file.');
    charge(passwords, kdf.iterations);
    const key = pbkdf2Sync(passwords.utf8, kdf.salt, kdf.iterations, kdf.keyLength, kdf.prf);
    return same(createHmac(hmac, key).update(authSafe).digest()) ? passwords.utf8 : null;
  }

  const digest = digestAlgorithms[algOid];
  if (!digest || digest.name === 'MD5') throw new CertDeskError('unsupported-format', `Unsupported PKCS#12 MAC algorithm ${algOid}.`);
  const salt = Buffer.from(content(expect(saltTlv, Tag.OCTET_STRING, 'PKCS#12 MAC salt')));
  const iterations = iterationCount(iterTlv);
  for (const form of passwords.bmp) {
    charge(passwords, iterations);
    const key = pkcs12Kdf(digest, form, salt, 3, iterations, digest.size);
    if (same(createHmac(digest.digest, key).update(authSafe).digest())) return form;
  }
  return null;
}

// ---------------------------------------------------------------- decryption

const pbes2Ciphers: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};

interface Pkcs12Pbe {
  name: string;
  keyLength: number;
  decrypt: (key: Buffer, iv: Buffer, data: Buffer) => Buffer | null;
}

function nodeDecrypt(cipher: string, key: Buffer, iv: Buffer, data: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv(cipher, key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return null;
  }
}

function rc2Decrypt(bits: number) {
  return (key: Buffer, iv: Buffer, data: Buffer): Buffer | null => {
    if (data.length === 0 || data.length % 8 !== 0) return null;
    // node-forge is loaded only for the rare RC2 file, not on every start of the CLI.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const rc2 = require('node-forge/lib/rc2') as typeof import('node-forge/lib/rc2');
    const forgeUtil = require('node-forge/lib/util') as typeof import('node-forge/lib/util');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const cipher = rc2.createDecryptionCipher(key.toString('binary'), bits);
    cipher.start(forgeUtil.createBuffer(iv.toString('binary')));
    cipher.update(forgeUtil.createBuffer(data.toString('binary')));
    // Padding is checked here (forge only checks the count): every pad byte must equal the count.
    if (!cipher.finish(() => true)) return null;
    return unpad(Buffer.from(cipher.output.getBytes(), 'binary'));
  };
}

/** Strict PKCS#7 unpadding for 8-byte blocks, or null. */
function unpad(plain: Buffer): Buffer | null {
  const count = plain[plain.length - 1];
  if (!count || count > 8 || count > plain.length) return null;
  for (let i = plain.length - count; i < plain.length; i++) if (plain[i] !== count) return null;
  return plain.subarray(0, plain.length - count);
}

/** PKCS#12 v1 PBE algorithms (RFC 7292 appendix C), SHA-1 KDF. */
const pkcs12Pbes: Record<string, Pkcs12Pbe> = {
  '1.2.840.113549.1.12.1.3': { name: '3-key triple DES', keyLength: 24, decrypt: (k, iv, d) => nodeDecrypt('des-ede3-cbc', k, iv, d) },
  '1.2.840.113549.1.12.1.4': {
    name: '2-key triple DES',
    keyLength: 16,
    decrypt: (k, iv, d) => nodeDecrypt('des-ede3-cbc', Buffer.concat([k, k.subarray(0, 8)]), iv, d),
  },
  '1.2.840.113549.1.12.1.5': { name: '128-bit RC2', keyLength: 16, decrypt: rc2Decrypt(128) },
  '1.2.840.113549.1.12.1.6': { name: '40-bit RC2', keyLength: 5, decrypt: rc2Decrypt(40) },
};

const unsupportedPbes: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': '128-bit RC4',
  '1.2.840.113549.1.12.1.2': '40-bit RC4',
  '1.2.840.113549.1.5.3': 'PBES1 DES (MD5)',
  '1.2.840.113549.1.5.10': 'PBES1 DES (SHA-1)',
};

const SHA1 = digestAlgorithms['1.3.14.3.2.26'];

/**
 * Decrypts `data` under the AlgorithmIdentifier `alg`. `accept` decides whether a plaintext is right (padding
 * alone passes by chance 1 in 256): each password form is tried until one is accepted.
 */
function decrypt(alg: Tlv, data: Buffer, passwords: Passwords, accept: (plain: Buffer) => boolean): Buffer {
  const [oidTlv, paramsTlv] = children(expect(alg, Tag.SEQUENCE, 'encryption algorithm'));
  const oid = decodeOid(oidTlv);
  const failed = () => (passwords.macVerified ? new CertDeskError('unreadable', 'Part of the PKCS#12 file could not be decrypted (corrupt file?).') : wrongPassword(passwords));

  if (oid === OID_PBES2) {
    const [kdfTlv, schemeTlv] = children(expect(paramsTlv, Tag.SEQUENCE, 'PBES2 parameters'));
    const kdf = readPbkdf2(kdfTlv);
    const [cipherOidTlv, ivTlv] = children(expect(schemeTlv, Tag.SEQUENCE, 'PBES2 encryption scheme'));
    const cipherOid = decodeOid(cipherOidTlv);
    const cipher = pbes2Ciphers[cipherOid];
    if (!cipher) throw new CertDeskError('unsupported-format', `Unsupported PBES2 cipher ${cipherOid} in the PKCS#12 file.`);
    const iv = Buffer.from(content(expect(ivTlv, Tag.OCTET_STRING, 'PBES2 IV')));
    charge(passwords, kdf.iterations);
    const key = pbkdf2Sync(passwords.utf8, kdf.salt, kdf.iterations, kdf.keyLength ?? cipher.keyLength, kdf.prf);
    const plain = nodeDecrypt(cipher.cipher, key, iv, data);
    if (plain && accept(plain)) return plain;
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
    charge(passwords, 2 * iterations);
    const key = pkcs12Kdf(SHA1, form, salt, 1, iterations, pbe.keyLength);
    const iv = pkcs12Kdf(SHA1, form, salt, 2, iterations, 8);
    const plain = pbe.decrypt(key, iv, data);
    if (plain && accept(plain)) return plain;
  }
  throw failed();
}

// ---------------------------------------------------------------- structure

/** OCTET STRING contents, also in the constructed (BER chunked) form. */
function octets(tlv: Tlv | undefined, what: string): Buffer {
  if (!tlv) throw new CertDeskError('unreadable', `Missing ${what}.`);
  if (!tlv.constructed) return content(tlv);
  return Buffer.concat(children(tlv).map((chunk) => octets(chunk, what)));
}

function parsesAsSequence(plain: Buffer): boolean {
  try {
    return parseDer(plain).tag === Tag.SEQUENCE;
  } catch {
    return false;
  }
}

function isPrivateKeyInfo(plain: Buffer): boolean {
  try {
    createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
    return true;
  } catch {
    return false;
  }
}

const OID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const OID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const OID_X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';

interface BagAttributes {
  friendlyName?: string;
  localKeyId?: string;
}

function readAttributes(set: Tlv | undefined): BagAttributes {
  const result: BagAttributes = {};
  if (!set || set.tag !== Tag.SET) return result;
  for (const attribute of children(set)) {
    const [typeTlv, valuesTlv] = children(expect(attribute, Tag.SEQUENCE, 'bag attribute'));
    const first = valuesTlv ? children(expect(valuesTlv, Tag.SET, 'bag attribute values'))[0] : undefined;
    if (!first) continue;
    const type = decodeOid(typeTlv);
    if (type === OID_FRIENDLY_NAME) result.friendlyName = decodeString(first);
    else if (type === OID_LOCAL_KEY_ID && first.tag === Tag.OCTET_STRING) result.localKeyId = content(first).toString('hex').toUpperCase();
  }
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
    const pkcs8 = decrypt(alg, octets(data, 'encrypted private key'), ctx.passwords, isPrivateKeyInfo);
    addKey(pkcs8, attributes, ctx);
  },
  // certBag: x509Certificate only (sdsiCertificate and others are skipped).
  '1.2.840.113549.1.12.10.1.3': (value, attributes, ctx) => {
    const [typeTlv, wrapped] = children(expect(value, Tag.SEQUENCE, 'certificate bag'));
    if (decodeOid(typeTlv) !== OID_X509_CERTIFICATE || wrapped?.tag !== 0xa0) return;
    const cert = parseCertificate(octets(children(wrapped)[0], 'certificate'));
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
  for (const bag of children(expect(seq, Tag.SEQUENCE, 'PKCS#12 safe contents'))) {
    const [idTlv, valueWrap, attributesTlv] = children(expect(bag, Tag.SEQUENCE, 'PKCS#12 bag'));
    const handler = bagHandlers[decodeOid(idTlv)];
    if (!handler) continue;
    if (valueWrap?.tag !== 0xa0) throw new CertDeskError('unreadable', 'Malformed PKCS#12 bag.');
    const value = children(valueWrap)[0];
    if (!value) throw new CertDeskError('unreadable', 'Empty PKCS#12 bag.');
    handler(value, readAttributes(attributesTlv), ctx);
  }
}

/** One ContentInfo of the authSafe: data (plain SafeContents) or encryptedData; envelopedData is refused. */
function readAuthSafeItem(item: Tlv, ctx: BagContext): void {
  const { contentType, content: inner } = readContentInfo(item);
  if (contentType === OID_PKCS7_DATA) {
    if (!inner) return;
    readSafeContents(parseDer(octets(inner, 'safe contents')), ctx);
    return;
  }
  if (contentType === OID_PKCS7_ENCRYPTED_DATA) {
    if (!inner) return;
    // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT content } }
    const [, eci] = children(expect(inner, Tag.SEQUENCE, 'encrypted data'));
    const [, alg, encrypted] = children(expect(eci, Tag.SEQUENCE, 'encrypted content info'));
    if (!encrypted) return;
    if ((encrypted.tag & 0xdf) !== 0x80) throw new CertDeskError('unreadable', 'Malformed PKCS#12 encrypted content.');
    const plain = decrypt(alg, octets(encrypted, 'encrypted content'), ctx.passwords, parsesAsSequence);
    readSafeContents(parseDer(plain), ctx);
    return;
  }
  if (contentType === OID_PKCS7_ENVELOPED_DATA) {
    throw new CertDeskError('unsupported-format', 'This PKCS#12 file is encrypted to a certificate (public-key privacy mode), which CertDesk does not support.');
  }
  throw new CertDeskError('unsupported-format', `Unsupported content type ${contentType} in the PKCS#12 file.`);
}

/** Reads a PFX (DER). Throws wrong-password (MAC or decryption fails), unsupported-format, unreadable. */
export function parsePkcs12(der: Buffer, password?: string): Pkcs12Contents {
  const top = parseDer(der);
  if (!isPfx(top)) throw new CertDeskError('unreadable', 'Not a PKCS#12 (PFX) file.');
  const [, authSafeTlv, macData] = children(top);
  const authSafe = readContentInfo(authSafeTlv);
  if (authSafe.contentType === OID_PKCS7_SIGNED_DATA) {
    throw new CertDeskError('unsupported-format', 'This PKCS#12 file uses public-key integrity mode (signed), which CertDesk does not support.');
  }
  if (authSafe.contentType !== OID_PKCS7_DATA) throw new CertDeskError('unsupported-format', 'Unsupported PKCS#12 authenticated safe.');
  const authSafeBytes = octets(authSafe.content, 'PKCS#12 content');

  const text = password ?? '';
  const passwords: Passwords = { bmp: bmpPasswordForms(text), utf8: Buffer.from(text, 'utf8'), given: password !== undefined, macVerified: false, budget: { remaining: MAX_TOTAL_ITERATIONS } };
  if (macData) {
    const matched = verifyMac(macData, authSafeBytes, passwords);
    if (!matched) throw wrongPassword(passwords);
    passwords.bmp = [matched, ...passwords.bmp.filter((f) => f !== matched)];
    passwords.macVerified = true;
  }

  const out: Output = { certificates: [], privateKeys: [], friendlyNames: {} };
  const ctx: BagContext = { passwords, out, depth: 0 };
  for (const item of children(expect(parseDer(authSafeBytes), Tag.SEQUENCE, 'PKCS#12 authenticated safe'))) readAuthSafeItem(item, ctx);
  return out;
}
