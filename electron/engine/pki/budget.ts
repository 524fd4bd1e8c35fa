// The work budget of one file read. Every costly step a file can ask for (key derivation, decryption,
// hashing, ASN.1 elements, certificates, signature checks) is charged here, in work units, *before* it
// runs; past the budget the read stops with CertDeskError('unsupported-format') and a sentence naming what
// was too costly. One unit is about one nanosecond on the reference machine (a 2-core AMD EPYC VM, Node 20,
// OpenSSL 3), measured with node:crypto and the engine's own loops; the weights are deliberately rounded
// up. The budget is the goal of issue [6]: any input of at most 10 MiB finishes in about a second.
//
// What real files cost (inside the budget): OpenSSL 3 AES PFX (2 × 2,048 PBKDF2-SHA256 + 2,048 SHA-256
// MAC) ≈ 3 M units; Java keytool (100,000 MAC + 50,000 3DES + 50,000 RC2-40 iterations) ≈ 130 M; .NET's
// own import limit, 600,000 iterations in total (200,000 each for MAC, key and certificates), ≈ 250 M.
import { CertDeskError } from '../../../shared/errors';

export type WorkKind = 'key derivation' | 'decryption' | 'hashing' | 'text decoding' | 'ASN.1 elements' | 'certificates' | 'signature checks';

export interface Budget {
  /** Units still allowed for this read. */
  remaining: number;
  /** Units charged per kind of work (reports, tests). */
  spent: Record<WorkKind, number>;
}

/**
 * Units allowed for one file read: about 0.3 s of work on the reference machine when idle, and still well
 * under a second of CPU with the machine shared (a whole CLI run adds ~0.2 s of Node start and output).
 */
export const READ_BUDGET = 300_000_000;

export function createBudget(units = READ_BUDGET): Budget {
  return {
    remaining: units,
    spent: { 'key derivation': 0, decryption: 0, hashing: 0, 'text decoding': 0, 'ASN.1 elements': 0, certificates: 0, 'signature checks': 0 },
  };
}

/**
 * Charges `units` of `kind` before the work runs; `what` says in a few words what the file asked for
 * ("PBKDF2-SHA256: 1,000 iterations × 1,024 blocks"), as text or a function that makes it (only called when
 * the file is refused: hot loops charge without formatting). Throws unsupported-format once the budget is spent.
 */
export function charge(budget: Budget, kind: WorkKind, units: number, what: string | (() => string)): void {
  const cost = Number.isFinite(units) && units > 0 ? Math.ceil(units) : units === 0 ? 0 : Number.POSITIVE_INFINITY;
  budget.spent[kind] += cost;
  budget.remaining -= cost;
  if (budget.remaining < 0) {
    throw new CertDeskError(
      'unsupported-format',
      `The file asks for more work than CertDesk allows for one file (${kind}: ${typeof what === 'string' ? what : what()}), so it was refused rather than left to run for a long time.`,
    );
  }
}

// ---------------------------------------------------------------- weights (units per operation)

/** PBKDF2 (node:crypto, HMAC with precomputed pads): per iteration per output block of the PRF. */
const PBKDF2_PER_BLOCK: Record<string, { block: number; units: number }> = {
  sha1: { block: 20, units: 450 },
  sha224: { block: 28, units: 400 },
  sha256: { block: 32, units: 400 },
  sha384: { block: 48, units: 800 },
  sha512: { block: 64, units: 800 },
  'sha512-224': { block: 28, units: 800 },
  'sha512-256': { block: 32, units: 800 },
};

/** PKCS#12 KDF (RFC 7292 B.2) per iteration per output block: SHA-1/SHA-256 in iterate-hash.ts, others one-shot node:crypto. */
const PKCS12_KDF_PER_BLOCK: Record<string, number> = { sha1: 350, sha256: 450 };
const PKCS12_KDF_OTHER = 2_500;

/** Bytes through a hash function or HMAC (salts, the MAC over the authSafe). */
const HASH_PER_BYTE = 2;
/** The PKCS#12 KDF's JavaScript loops over its I buffer (fill and the carry add), per byte per block. */
const KDF_LOOP_PER_BYTE = 8;

/** Decryption per byte (CBC): node:crypto AES and 3DES, rc2.ts for RC2. */
const DECRYPT_PER_BYTE: Record<string, number> = { aes: 20, 'des-ede3': 65, rc2: 40 };

/**
 * One ASN.1 element read and re-encoded by the BER normaliser, or walked by a bag or attribute loop, with
 * the garbage it leaves; each also holds ~22 bytes of table memory until the normaliser is done (at most
 * 1.7 million elements, ~40 MB).
 */
const ELEMENT = 300;
/** One certificate decoded (parse, SHA-1 and SHA-256 fingerprints), plus per byte (names, extensions, OIDs). */
const CERTIFICATE = 60_000;
const CERTIFICATE_PER_BYTE = 50;

/** 1234567 → "1,234,567" (toLocaleString loads ICU data: tens of milliseconds on the first call). */
function group(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function chargePbkdf2(budget: Budget, prf: string, iterations: number, keyLength: number, saltLength: number): void {
  const weight = PBKDF2_PER_BLOCK[prf] ?? { block: 20, units: 800 };
  const blocks = Math.max(1, Math.ceil(keyLength / weight.block));
  const units = iterations * blocks * weight.units + blocks * saltLength * HASH_PER_BYTE;
  charge(budget, 'key derivation', units, `PBKDF2-${prf.toUpperCase()} for a ${group(keyLength)}-byte key, ${group(iterations)} iterations × ${group(blocks)} blocks`);
}

export function chargePkcs12Kdf(budget: Budget, digest: string, digestSize: number, iterations: number, length: number, inputLength: number): void {
  const blocks = Math.max(1, Math.ceil(length / digestSize));
  const perBlock = PKCS12_KDF_PER_BLOCK[digest] ?? PKCS12_KDF_OTHER;
  const units = iterations * blocks * perBlock + blocks * inputLength * (HASH_PER_BYTE + KDF_LOOP_PER_BYTE);
  charge(budget, 'key derivation', units, `PKCS#12 KDF with ${digest.toUpperCase()}, ${group(iterations)} iterations × ${group(blocks)} blocks`);
}

export function chargeHash(budget: Budget, bytes: number, what: string): void {
  charge(budget, 'hashing', bytes * HASH_PER_BYTE, `${what}, ${group(bytes)} bytes`);
}

/** `cipher` is a node:crypto cipher name or 'rc2'. */
export function chargeDecrypt(budget: Budget, cipher: string, bytes: number): void {
  const family = cipher.startsWith('aes') ? 'aes' : cipher.startsWith('des') ? 'des-ede3' : cipher.startsWith('rc2') ? 'rc2' : cipher;
  const perByte = DECRYPT_PER_BYTE[family] ?? 65;
  charge(budget, 'decryption', bytes * perByte, `${group(bytes)} bytes of ${cipher.toUpperCase()}`);
}

/** Text split into lines and base64-decoded (PEM), per character. */
const TEXT_PER_CHAR = 30;

export function chargeText(budget: Budget, chars: number, what: string): void {
  charge(budget, 'text decoding', chars * TEXT_PER_CHAR, `${group(chars)} characters of ${what}`);
}

export function chargeElements(budget: Budget, count: number): void {
  charge(budget, 'ASN.1 elements', count * ELEMENT, () => `more than ${group(budget.spent['ASN.1 elements'] / ELEMENT)} elements`);
}

/** How many more ASN.1 elements the budget pays for (a reader sizes its tables with this). */
export function elementsAffordable(budget: Budget): number {
  return Math.max(0, Math.floor(budget.remaining / ELEMENT));
}

export function chargeCertificate(budget: Budget, bytes: number): void {
  charge(budget, 'certificates', CERTIFICATE + bytes * CERTIFICATE_PER_BYTE, () => `more than ${group(budget.spent.certificates / (CERTIFICATE + bytes * CERTIFICATE_PER_BYTE))} certificates`);
}

/**
 * One signature verification by a key of `bits` (RSA cost grows with the square of the modulus with a
 * small exponent; EC and EdDSA are flat). For callers that verify signatures while reading a file.
 */
export function chargeSignature(budget: Budget, algorithm: string, bits: number | null): void {
  const size = bits ?? 4096;
  const units = algorithm === 'RSA' || algorithm === 'DSA' ? 60_000 * Math.max(1, (size / 2048) ** 2) : 400_000;
  charge(budget, 'signature checks', units, `a ${algorithm} ${size}-bit signature check beyond the limit`);
}
