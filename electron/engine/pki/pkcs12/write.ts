// A PKCS#12 (RFC 7292) writer on node:crypto: one shrouded key bag and the certificates (leaf first, then
// the chain up to the root), friendlyName + localKeyId on the key and the leaf, a MAC over the whole.
//
//   modern (default): PBES2 = PBKDF2-HMAC-SHA256 + AES-256-CBC for the key bag and for the certificates
//                     (encryptedData), MAC HMAC-SHA256 with the PKCS#12 KDF. What OpenSSL 3 writes by default
//                     and Windows 10 1709+ / Server 2019+ import.
//   legacy:           pbeWithSHAAnd3-KeyTripleDES-CBC for key and certificates, HMAC-SHA1 MAC: Windows Server
//                     2016 and older, old Java. (OpenSSL's -legacy uses RC2-40 for the certificates; 3DES
//                     is imported by every Windows since XP and is not a 40-bit cipher.)
//
// Iterations: 2048 for PBKDF2, the legacy PBE and the MAC, OpenSSL 3's default (PKCS12_DEFAULT_ITER); Windows'
// own PFX export uses 2000. Bigger counts buy little against a weak password and break importers: .NET caps
// the total iterations of a PFX at 600 000 and older Windows import very slowly. The password is what protects
// the file: CertDesk refuses empty ones and the UI shows a strength hint.
import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { digestAlgorithms } from '../algorithms';
import { bmpPasswordForms, pkcs12Kdf } from './kdf';
import type { ExportPfxResult } from '../../../../shared/contract/requests';
import { CertDeskError } from '../../../../shared/errors';
import {
  algorithm,
  bmpString,
  explicit,
  implicitPrimitive,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
  setOf,
} from '../der-write';

export const PFX_ITERATIONS = 2048;

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  pbeSha3Des: '1.2.840.113549.1.12.1.3',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

// ---------------------------------------------------------------- PKCS#12 KDF (RFC 7292 Appendix B): the reader's

const SHA1 = digestAlgorithms['1.3.14.3.2.26'];
const SHA256 = digestAlgorithms['2.16.840.1.101.3.4.2.1'];

/** The password as the PKCS#12 KDF takes it: BMPString (UTF-16BE) with a NUL terminator (the reader's first form). */
export function bmpPassword(password: string): Buffer {
  return bmpPasswordForms(password)[0];
}

// ---------------------------------------------------------------- encryption schemes

interface Encrypted {
  algorithm: Buffer;
  ciphertext: Buffer;
}

function pbes2Encrypt(password: string, plaintext: Buffer, iterations: number): Encrypted {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  // PBES2 inside PKCS#12 takes the password's UTF-8 bytes (as OpenSSL and Windows do), not the BMP form.
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const params = sequence(
    algorithm(OID.pbkdf2, sequence(octetString(salt), integer(iterations), algorithm(OID.hmacWithSHA256, nullValue()))),
    algorithm(OID.aes256Cbc, octetString(iv)),
  );
  return { algorithm: algorithm(OID.pbes2, params), ciphertext };
}

function pbe3DesEncrypt(password: string, plaintext: Buffer, iterations: number): Encrypted {
  const salt = randomBytes(8);
  const bmp = bmpPassword(password);
  const key = pkcs12Kdf(SHA1, bmp, salt, 1, iterations, 24);
  const iv = pkcs12Kdf(SHA1, bmp, salt, 2, iterations, 8);
  const cipher = createCipheriv('des-ede3-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { algorithm: algorithm(OID.pbeSha3Des, sequence(octetString(salt), integer(iterations))), ciphertext };
}

// ---------------------------------------------------------------- bags

function attributes(friendlyName: string | undefined, localKeyId: Buffer | undefined): Buffer[] {
  const out: Buffer[] = [];
  if (friendlyName) out.push(sequence(oid(OID.friendlyName), setOf(bmpString(friendlyName))));
  if (localKeyId) out.push(sequence(oid(OID.localKeyId), setOf(octetString(localKeyId))));
  return out.length ? [setOf(...out)] : [];
}

function certBag(der: Buffer, friendlyName?: string, localKeyId?: Buffer): Buffer {
  return sequence(
    oid(OID.certBag),
    explicit(0, sequence(oid(OID.x509Certificate), explicit(0, octetString(der)))),
    ...attributes(friendlyName, localKeyId),
  );
}

function keyBag(encrypted: Encrypted, friendlyName?: string, localKeyId?: Buffer): Buffer {
  return sequence(
    oid(OID.keyBag),
    explicit(0, sequence(encrypted.algorithm, octetString(encrypted.ciphertext))),
    ...attributes(friendlyName, localKeyId),
  );
}

const dataContentInfo = (bytes: Buffer): Buffer => sequence(oid(OID.data), explicit(0, octetString(bytes)));

function encryptedDataContentInfo(encrypted: Encrypted): Buffer {
  return sequence(
    oid(OID.encryptedData),
    explicit(0, sequence(integer(0), sequence(oid(OID.data), encrypted.algorithm, implicitPrimitive(0, encrypted.ciphertext)))),
  );
}

// ---------------------------------------------------------------- PFX

/** One way of protecting a PFX (see the top of this file): its name in export.pfx's result, how bags are encrypted, how the MAC is made. */
export interface PfxProfile {
  encryption: ExportPfxResult['encryption'];
  encrypt: (password: string, plaintext: Buffer, iterations: number) => Encrypted;
  macHash: 'sha1' | 'sha256';
  macDigest: typeof SHA1;
  macOid: string;
  macKeyBytes: number;
  macSaltBytes: number;
}

const PROFILES: Record<'modern' | 'legacy', PfxProfile> = {
  modern: {
    encryption: 'aes-256-cbc/pbkdf2-sha256/mac-sha256',
    encrypt: pbes2Encrypt,
    macHash: 'sha256',
    macDigest: SHA256,
    macOid: OID.sha256,
    macKeyBytes: 32,
    macSaltBytes: 16,
  },
  legacy: {
    encryption: '3des/mac-sha1',
    encrypt: pbe3DesEncrypt,
    macHash: 'sha1',
    macDigest: SHA1,
    macOid: OID.sha1,
    macKeyBytes: 20,
    macSaltBytes: 8,
  },
};

export function pfxProfile(legacy: boolean | undefined): PfxProfile {
  return PROFILES[legacy ? 'legacy' : 'modern'];
}

export interface PfxInput {
  /** PKCS#8 PrivateKeyInfo DER. */
  pkcs8: Buffer;
  /** Leaf certificate DER (the key's certificate). */
  leaf: Buffer;
  /** The rest of the chain, issuer of the leaf first, root last. */
  chain: Buffer[];
  password: string;
  friendlyName?: string;
  legacy?: boolean;
  iterations?: number;
}

/** Builds the PFX bytes. */
export function writePfx(input: PfxInput): Buffer {
  if (!input.password) throw new CertDeskError('usage', 'An empty PFX password is refused: anyone could open the file and take the key.');
  const iterations = input.iterations ?? PFX_ITERATIONS;
  const profile = pfxProfile(input.legacy);
  const localKeyId = createHash('sha1').update(input.leaf).digest();
  const certs = sequence(certBag(input.leaf, input.friendlyName, localKeyId), ...input.chain.map((der) => certBag(der)));
  const keys = sequence(keyBag(profile.encrypt(input.password, input.pkcs8, iterations), input.friendlyName, localKeyId));
  const authSafe = sequence(encryptedDataContentInfo(profile.encrypt(input.password, certs, iterations)), dataContentInfo(keys));

  const macSalt = randomBytes(profile.macSaltBytes);
  const macKey = pkcs12Kdf(profile.macDigest, bmpPassword(input.password), macSalt, 3, iterations, profile.macKeyBytes);
  const mac = createHmac(profile.macHash, macKey).update(authSafe).digest();
  const macData = sequence(
    sequence(algorithm(profile.macOid, nullValue()), octetString(mac)),
    octetString(macSalt),
    integer(iterations),
  );
  return sequence(integer(3), dataContentInfo(authSafe), macData);
}
