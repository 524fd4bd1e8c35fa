// readContainer: any certificate file by content, never by extension. PEM (any blocks, any order), DER
// (certificate, PKCS#7, PKCS#12, PKCS#10), and base64 without armour. Every failure is a CertDeskError.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { MAX_FILE_BYTES } from '../../../shared/contract/operation';
import { CertDeskError, isErrorCode } from '../../../shared/errors';
import { hasIndefiniteLength, normalizeBer } from './ber';
import { type Budget, chargeCertificate, chargeText, createBudget } from './budget';
import { type Tlv, children, decodeSmallInt, readTlv, Tag, whole } from './der';
import { entryFromKeyObject } from './keys';
import { type PemBlock, decodeBareBase64, looksLikePem, parsePem } from './pem';
import { chargeEncryptedPrivateKey, isPfx, parsePkcs12 } from './pkcs12/read';
import { isContentInfo, parsePkcs7 } from './pkcs7';
import { parseRequest } from './pkcs10';
import type { CertificationRequest, Container, PrivateKeyEntry } from './types';
import { type Certificate, parseCertificate } from './x509';

export const MAX_INPUT_BYTES = MAX_FILE_BYTES;

/**
 * Reads a certificate container. Throws CertDeskError: too-large, unreadable, unsupported-format (also when
 * the file asks for more work than `budget` allows: budget.ts), wrong-password. A caller that goes on to
 * verify signatures for the same file (chain building) can pass its own budget and keep charging it.
 */
export function readContainer(bytes: Buffer, password?: string, budget: Budget = createBudget()): Container {
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new CertDeskError('too-large', `The file is ${(bytes.length / 1048576).toFixed(1)} MiB; files over 10 MiB are refused.`);
  }
  if (bytes.length === 0) throw new CertDeskError('unreadable', 'The file is empty.');
  try {
    return readAny(bytes, password, true, budget);
  } catch (error) {
    throw asCertDeskError(error);
  }
}

/** Anything thrown while reading becomes a CertDeskError; the input is at fault, so 'unreadable'. */
export function asCertDeskError(error: unknown): CertDeskError {
  if (error instanceof CertDeskError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (isErrorCode(code)) return new CertDeskError(code, message);
  if (error instanceof RangeError) return new CertDeskError('unreadable', 'The file is malformed (structure too deep or too large).');
  return new CertDeskError('unreadable', `The file could not be read: ${message}`);
}

function readAny(bytes: Buffer, password: string | undefined, allowBase64: boolean, budget: Budget): Container {
  if (looksLikePem(bytes)) return readPem(bytes.toString('utf8'), password, budget);
  const utf16 = utf16Text(bytes);
  if (utf16 !== null && utf16.includes('-----BEGIN ')) return readPem(utf16, password, budget);
  if (bytes[0] === Tag.SEQUENCE) {
    try {
      return readDer(bytes, password, budget);
    } catch (error) {
      // BER with indefinite lengths (NSS, some Java and Windows exports, streamed CMS): re-encode as DER
      // (linear, charged to the budget) and read again.
      if (!hasIndefiniteLength(error)) throw error;
      const { der, end } = normalizeBer(bytes, budget);
      if (!isPadding(bytes, end)) throw new CertDeskError('unreadable', 'Extra data after the BER structure (not a single certificate file).');
      return readDer(der, password, budget);
    }
  }
  if (allowBase64) {
    const decoded = decodeBareBase64(bytes);
    if (decoded) return readAny(decoded, password, false, budget);
  }
  throw new CertDeskError('unreadable', 'This is not a certificate file CertDesk recognises (not PEM, DER, PKCS#7, PKCS#12 or PKCS#10).');
}

/** Text saved as UTF-16 with a byte order mark (Windows Notepad's "Unicode"), else null. */
function utf16Text(bytes: Buffer): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    return body.swap16().toString('utf16le');
  }
  return null;
}

function container(format: Container['format'], certificates: Certificate[], extra: Partial<Container> = {}): Container {
  return { format, certificates, privateKeys: [], friendlyNames: {}, ...extra };
}

// ---------------------------------------------------------------- DER sniffing

type DerKind =
  | 'certificate'
  | 'request'
  | 'crl'
  | 'pkcs7'
  | 'pkcs12'
  | 'pkcs8'
  | 'encrypted-pkcs8'
  | 'rsa-private-key'
  | 'ec-private-key'
  | 'public-key'
  | 'unknown';

const isTime = (t: Tlv | undefined) => t?.tag === Tag.UTCTime || t?.tag === Tag.GeneralizedTime;

/** Classifies a DER structure from its outline (two levels), without decoding it fully. */
export function sniffDer(top: Tlv): DerKind {
  if (top.tag !== Tag.SEQUENCE) return 'unknown';
  const parts = children(top);
  const [a, b, c] = parts;
  if (isPfx(top)) return 'pkcs12';
  if (isContentInfo(top)) return 'pkcs7';
  if (parts.length === 3 && a.tag === Tag.SEQUENCE && b?.tag === Tag.SEQUENCE && c?.tag === Tag.BIT_STRING) {
    const inner = children(a);
    if (inner[0]?.tag === 0xa0 && inner.length >= 7) return 'certificate';
    if (inner.some((t, i) => i <= 3 && isTime(t))) return 'crl';
    if (inner.length >= 6 && inner[0]?.tag === Tag.INTEGER) return 'certificate';
    if (inner.length >= 3 && inner.length <= 4 && inner[0]?.tag === Tag.INTEGER && inner[1]?.tag === Tag.SEQUENCE) return 'request';
    return 'unknown';
  }
  if (a?.tag === Tag.INTEGER && b?.tag === Tag.SEQUENCE && c?.tag === Tag.OCTET_STRING) return 'pkcs8';
  if (parts.length === 2 && a?.tag === Tag.SEQUENCE && b?.tag === Tag.OCTET_STRING) return 'encrypted-pkcs8';
  if (parts.length === 2 && a?.tag === Tag.SEQUENCE && b?.tag === Tag.BIT_STRING) return 'public-key';
  if (parts.length >= 9 && parts.every((p) => p.tag === Tag.INTEGER)) return 'rsa-private-key';
  if (a?.tag === Tag.INTEGER && b?.tag === Tag.OCTET_STRING && safeSmallInt(a) === 1) return 'ec-private-key';
  return 'unknown';
}

function safeSmallInt(tlv: Tlv): number | undefined {
  try {
    return decodeSmallInt(tlv);
  } catch {
    return undefined;
  }
}

const unsupportedDer: Partial<Record<DerKind, string>> = {
  crl: 'This is a certificate revocation list (CRL), not a certificate.',
  pkcs8: 'This file holds only a private key, no certificate. Open the certificate (or a PFX with both).',
  'encrypted-pkcs8': 'This file holds only an encrypted private key, no certificate. Open the certificate (or a PFX with both).',
  'rsa-private-key': 'This file holds only an RSA private key, no certificate. Open the certificate (or a PFX with both).',
  'ec-private-key': 'This file holds only an EC private key, no certificate. Open the certificate (or a PFX with both).',
  'public-key': 'This file holds only a public key, not a certificate.',
};

function readDer(bytes: Buffer, password: string | undefined, budget: Budget): Container {
  const top = readTlv(bytes, 0, bytes.length);
  if (!isPadding(bytes, top.end)) throw new CertDeskError('unreadable', 'Extra data after the DER structure (not a single certificate file).');
  const der = top.end === bytes.length ? bytes : bytes.subarray(0, top.end);
  const kind = sniffDer(top);
  switch (kind) {
    case 'certificate':
      return container('x509-der', [parseCertificate(der)]);
    case 'pkcs7':
      return container('pkcs7', parsePkcs7(der, budget));
    case 'pkcs12':
      return { format: 'pkcs12', ...parsePkcs12(der, password, budget) };
    case 'request': {
      const request = parseRequest(der);
      return container('pkcs10', [], { request });
    }
    case 'unknown':
      throw new CertDeskError('unreadable', 'This DER file is not a certificate, PKCS#7 bundle, PKCS#12/PFX or certificate request.');
    default:
      throw new CertDeskError('unsupported-format', unsupportedDer[kind] ?? 'Unsupported file.');
  }
}

/** Trailing whitespace or NUL padding after a DER structure is tolerated (some tools add a newline). */
function isPadding(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (c !== 0 && c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

// ---------------------------------------------------------------- PEM

interface PemState {
  budget: Budget;
  certificates: Certificate[];
  privateKeys: PrivateKeyEntry[];
  request?: CertificationRequest;
  pkcs7: boolean;
  ignored: string[];
  password?: string;
}

type PemHandler = (block: PemBlock, state: PemState) => void;

const addCertificate: PemHandler = (block, state) => {
  chargeCertificate(state.budget, block.der.length);
  state.certificates.push(parseCertificate(block.der));
};

/** OpenSSL's TRUSTED CERTIFICATE: the certificate followed by auxiliary trust settings, which are ignored. */
const addTrustedCertificate: PemHandler = (block, state) => {
  const first = readTlv(block.der, 0, block.der.length);
  chargeCertificate(state.budget, first.end);
  state.certificates.push(parseCertificate(whole(first)));
};

const addPkcs7: PemHandler = (block, state) => {
  state.certificates.push(...parsePkcs7(block.der, state.budget));
  state.pkcs7 = true;
};

const addRequest: PemHandler = (block, state) => {
  const request = parseRequest(block.der);
  if (!state.request) state.request = request;
};

function isEncryptedLegacyPem(block: PemBlock): boolean {
  return /ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '');
}

function plainKey(type: 'pkcs8' | 'pkcs1' | 'sec1'): PemHandler {
  return (block, state) => {
    if (isEncryptedLegacyPem(block)) return addEncryptedKey(block, state);
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: block.der, format: 'der', type });
    } catch {
      throw new CertDeskError('unreadable', `The PEM block "${block.label}" is not a private key CertDesk can read.`);
    }
    state.privateKeys.push(entryFromKeyObject(key));
  };
}

const addEncryptedKey: PemHandler = (block, state) => {
  if (state.password === undefined) {
    throw new CertDeskError('wrong-password', 'The private key in this file is encrypted: a password is required.');
  }
  // OpenSSL runs the key derivation the file names: its cost is charged (and absurd ones refused) first.
  if (block.label === 'ENCRYPTED PRIVATE KEY') chargeEncryptedPrivateKey(block.der, state.budget);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: block.text, format: 'pem', passphrase: state.password });
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    const message = String((error as Error).message ?? '');
    if (/UNSUPPORTED/i.test(code) || /unsupported/i.test(message)) {
      throw new CertDeskError('unsupported-format', 'The private key is encrypted with an algorithm CertDesk does not support.');
    }
    throw new CertDeskError('wrong-password', 'The password is wrong: the private key could not be decrypted.');
  }
  state.privateKeys.push(entryFromKeyObject(key));
};

const pemHandlers: Record<string, PemHandler> = {
  CERTIFICATE: addCertificate,
  'X509 CERTIFICATE': addCertificate,
  'X.509 CERTIFICATE': addCertificate,
  'TRUSTED CERTIFICATE': addTrustedCertificate,
  PKCS7: addPkcs7,
  'PKCS #7 SIGNED DATA': addPkcs7,
  CMS: addPkcs7,
  'CERTIFICATE REQUEST': addRequest,
  'NEW CERTIFICATE REQUEST': addRequest,
  'PRIVATE KEY': plainKey('pkcs8'),
  'RSA PRIVATE KEY': plainKey('pkcs1'),
  'EC PRIVATE KEY': plainKey('sec1'),
  'ENCRYPTED PRIVATE KEY': addEncryptedKey,
};

function readPem(text: string, password: string | undefined, budget: Budget): Container {
  chargeText(budget, text.length, 'PEM text');
  const blocks = parsePem(text);
  if (blocks.length === 0) throw new CertDeskError('unreadable', 'The file has a "-----BEGIN" line but no complete PEM block.');
  const state: PemState = { budget, certificates: [], privateKeys: [], pkcs7: false, ignored: [], password };
  blocks.forEach((block, i) => {
    const handler = pemHandlers[block.label];
    if (!handler) {
      state.ignored.push(block.label);
      return;
    }
    try {
      handler(block, state);
    } catch (error) {
      const e = asCertDeskError(error);
      if (e.code !== 'unreadable') throw e;
      throw new CertDeskError('unreadable', `PEM block ${i + 1} ("${block.label}"): ${e.message}`);
    }
  });
  if (state.certificates.length === 0 && !state.request) {
    if (state.pkcs7) return container('pkcs7', []);
    if (state.privateKeys.length) {
      throw new CertDeskError('unsupported-format', 'This file holds only a private key, no certificate. Open the certificate (or a PFX with both).');
    }
    const what = state.ignored.includes('X509 CRL')
      ? 'a certificate revocation list (CRL)'
      : `PEM blocks that are not certificates (${[...new Set(state.ignored)].join(', ')})`;
    throw new CertDeskError('unsupported-format', `This file holds ${what}, not a certificate.`);
  }
  const format = state.pkcs7 ? 'pkcs7' : state.request ? 'pkcs10' : 'x509-pem';
  return container(format, state.certificates, {
    privateKeys: state.privateKeys,
    ...(state.request ? { request: state.request } : {}),
  });
}
