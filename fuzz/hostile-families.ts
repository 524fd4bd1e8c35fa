// Hostile-input families: files built to make a reader work hard (issue [6], "bounded work on hostile
// files"). Each family is named, has variants, and grows with `scale` (0..1] up to the 10 MiB input limit
// at 1. The fuzz harness draws from them (target `hostile`), bench/hostile.ts runs each variant at full
// scale as a whole `certdesk inspect` process (time and peak memory), and test/unit/pki/hostile-families
// checks every one ends in an allowed answer. Built by hand from DER (no openssl: deterministic and fast),
// with node:crypto where a family needs real ciphertext, MACs or signatures.
import { createCipheriv, createHash, createHmac, createPrivateKey, generateKeyPairSync, type KeyObject, pbkdf2Sync, sign } from 'node:crypto';
import type { ErrorCode } from '../shared/errors';
import { digestAlgorithms } from '../electron/engine/pki/algorithms';
import { bmpPasswordForms, pkcs12Kdf } from '../electron/engine/pki/pkcs12/kdf';
import { rc2CbcEncrypt } from '../electron/engine/pki/rc2';

/** The input limit (shared/contract/operation.ts MAX_FILE_BYTES): full-scale files stay just under it. */
export const LIMIT = 10 * 1024 * 1024;
/** The password every family's file is made with (when it has one). */
export const HOSTILE_PASSWORD = 'hostile';

export interface HostileInput {
  bytes: Buffer;
  /** The password to read it with (undefined: none given). */
  password?: string;
}

export interface HostileVariant {
  name: string;
  /** Answers a correct reader may give: 'ok' or error codes. Never a hang, never more than the bounds. */
  allowed: readonly ('ok' | ErrorCode)[];
  make: (scale: number) => HostileInput;
}

export interface HostileFamily {
  name: string;
  /** What it attacks, in one line (docs/benchmarks.md lists it). */
  description: string;
  variants: readonly HostileVariant[];
}

/** Refused as too much work (the budget, budget.ts, or a limit such as 600,000 iterations). */
const TOO_COSTLY: readonly ('ok' | ErrorCode)[] = ['unsupported-format'];
/** Refused as malformed (nesting depth, a malformed OID). */
const MALFORMED: readonly ('ok' | ErrorCode)[] = ['unreadable'];
/** The password opens nothing (the plaintext is noise), or the decryption costs more than the budget. */
const NOISE: readonly ('ok' | ErrorCode)[] = ['wrong-password', 'unsupported-format'];

// ---------------------------------------------------------------- DER building

function lengthOctets(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), lengthOctets(body.length), body]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);
const octets = (b: Buffer) => tlv(0x04, b);
const explicit0 = (...parts: Buffer[]) => tlv(0xa0, ...parts);
const NULL = Buffer.from([0x05, 0x00]);

function int(n: number | bigint): Buffer {
  let v = BigInt(n);
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

function oidBytes(dotted: string): Buffer {
  const arcs = dotted.split('.').map(BigInt);
  const out: number[] = [];
  const push = (v: bigint) => {
    const stack = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) stack.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...stack);
  };
  push(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) push(arc);
  return Buffer.from(out);
}

export const oid = (dotted: string) => tlv(0x06, oidBytes(dotted));

/** Deterministic pseudo-random bytes (AES-128-CTR keystream of the seed): fast at 10 MiB. */
export function randomBytesFrom(seed: string, length: number): Buffer {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32)).update(Buffer.alloc(length));
}

/** `count` copies of `unit`, as one buffer. */
function repeat(unit: Buffer, count: number): Buffer {
  const out = Buffer.allocUnsafe(unit.length * count);
  for (let i = 0; i < count; i++) unit.copy(out, i * unit.length);
  return out;
}

/** `full` items at scale 1, proportionally fewer below (at least 2). */
function share(full: number, scale: number): number {
  return Math.max(2, Math.min(full, Math.round(full * scale)));
}

/** How many units of `unitSize` fit in the budget of bytes for this scale (minus room for the wrapping). */
function fit(scale: number, unitSize: number, overhead = 256): number {
  return Math.max(1, Math.floor((Math.max(0.0001, Math.min(1, scale)) * LIMIT - overhead) / unitSize));
}

// ---------------------------------------------------------------- PKCS#12 building

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  encryptedData: '1.2.840.113549.1.7.6',
  certBag: '1.2.840.113549.1.12.10.1.3',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  hmacSha1: '1.2.840.113549.2.7',
  hmacSha256: '1.2.840.113549.2.9',
  hmacSha512: '1.2.840.113549.2.11',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  rc2cbc: '1.2.840.113549.3.2',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha512: '2.16.840.1.101.3.4.2.3',
  pbeSha1_3des: '1.2.840.113549.1.12.1.3',
  pbeSha1_rc2_40: '1.2.840.113549.1.12.1.6',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsa: '1.2.840.113549.1.1.1',
  rsaSha256: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
} as const;

const contentInfo = (type: string, content?: Buffer) => seq(oid(type), ...(content ? [explicit0(content)] : []));
const dataItem = (safeContents: Buffer) => contentInfo(OID.data, octets(safeContents));
/** EncryptedData with the ciphertext as [0] IMPLICIT OCTET STRING. */
const encryptedItem = (alg: Buffer, ciphertext: Buffer) => contentInfo(OID.encryptedData, seq(int(0), seq(oid(OID.data), alg, tlv(0x80, ciphertext))));
const pfx = (authSafe: Buffer, macData?: Buffer) => seq(int(3), contentInfo(OID.data, octets(authSafe)), ...(macData ? [macData] : []));
const certBag = (der: Buffer, attributes?: Buffer) => seq(oid(OID.certBag), explicit0(seq(oid(OID.x509Certificate), explicit0(octets(der)))), ...(attributes ? [attributes] : []));
const shroudedKeyBag = (alg: Buffer, ciphertext: Buffer) => seq(oid(OID.shroudedKeyBag), explicit0(seq(alg, octets(ciphertext))));

function pbkdf2Params(o: { salt: Buffer; iterations: number; keyLength?: number; prf?: string }): Buffer {
  return seq(oid(OID.pbkdf2), seq(octets(o.salt), int(o.iterations), ...(o.keyLength !== undefined ? [int(o.keyLength)] : []), ...(o.prf ? [seq(oid(o.prf), NULL)] : [])));
}

const pbes2Aes = (o: { salt: Buffer; iterations: number; keyLength?: number; prf?: string; iv: Buffer }) =>
  seq(oid(OID.pbes2), seq(pbkdf2Params(o), seq(oid(OID.aes256cbc), octets(o.iv))));
const pbes2Rc2 = (o: { salt: Buffer; iterations: number; keyLength?: number; prf?: string; iv: Buffer }) =>
  seq(oid(OID.pbes2), seq(pbkdf2Params(o), seq(oid(OID.rc2cbc), seq(int(58), octets(o.iv)))));
const pkcs12Pbe = (pbeOid: string, salt: Buffer, iterations: number) => seq(oid(pbeOid), seq(octets(salt), int(iterations)));

/** The MAC key for HOSTILE_PASSWORD, derived once per parameters (600,000 iterations take a while). */
const macKeys = new Map<string, Buffer>();
function macKey(digest: (typeof digestAlgorithms)[string], macSalt: Buffer, iterations: number): Buffer {
  const id = `${digest.digest}/${macSalt.toString('hex')}/${iterations}`;
  let key = macKeys.get(id);
  if (!key) macKeys.set(id, (key = pkcs12Kdf(digest, bmpPasswordForms(HOSTILE_PASSWORD)[0], macSalt, 3, iterations, digest.size)));
  return key;
}

/** MacData with a real HMAC over `authSafe` (PKCS#12 KDF), so a reader gets past the MAC. */
function macData(authSafe: Buffer, o: { digest: 'sha1' | 'sha256' | 'sha512'; iterations: number; salt: Buffer; valid?: boolean }): Buffer {
  const digestOid = { sha1: OID.sha1, sha256: OID.sha256, sha512: OID.sha512 }[o.digest];
  const digest = digestAlgorithms[digestOid];
  const value = o.valid === false ? randomBytesFrom('mac', digest.size) : createHmac(digest.digest, macKey(digest, o.salt, o.iterations)).update(authSafe).digest();
  return seq(seq(seq(oid(digestOid), NULL), octets(value)), octets(o.salt), int(o.iterations));
}

/** A PBMAC1 MacData (RFC 9579) whose value is not checked (a reader must refuse or charge before computing it). */
function pbmac1(o: { iterations: number; keyLength: number; prf: string; hmac: string }): Buffer {
  const params = seq(pbkdf2Params({ salt: Buffer.alloc(8, 1), iterations: o.iterations, keyLength: o.keyLength, prf: o.prf }), seq(oid(o.hmac), NULL));
  return seq(seq(seq(oid(OID.pbmac1), params), octets(randomBytesFrom('pbmac1', 32))), octets(Buffer.alloc(8, 2)), int(1));
}

function pad(plain: Buffer, block: number): Buffer {
  const n = block - (plain.length % block);
  return Buffer.concat([plain, Buffer.alloc(n, n)]);
}

/**
 * A plaintext that passes a first-block check: a SEQUENCE header whose length fills `total` bytes exactly
 * (with padding), then noise. A reader must decrypt all of it to find it is not a SafeContents.
 */
function plausiblePlain(total: number, blockSize: number): Buffer {
  const plainLength = total - blockSize; // one full block of padding
  const body = plainLength - 6;
  const head = Buffer.from([0x30, 0x84, (body >>> 24) & 0xff, (body >>> 16) & 0xff, (body >>> 8) & 0xff, body & 0xff]);
  return Buffer.concat([head, randomBytesFrom('plain', body)]);
}

// ---------------------------------------------------------------- certificates

let signer: { key: KeyObject; spki: Buffer } | null = null;
/** One P-256 key for every generated certificate: all of them verify with each other's key (worst case for chain building). */
function ecSigner(): { key: KeyObject; spki: Buffer } {
  if (!signer) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    signer = { key: createPrivateKey(pair.privateKey.export({ type: 'pkcs8', format: 'pem' })), spki: pair.publicKey.export({ type: 'spki', format: 'der' }) };
  }
  return signer;
}

const name = (cn: string) => seq(set(seq(oid(OID.commonName), tlv(0x0c, Buffer.from(cn)))));
const validity = seq(tlv(0x17, Buffer.from('250101000000Z')), tlv(0x17, Buffer.from('350101000000Z')));

/** A real self-signed certificate (ECDSA P-256) named `cn` (or the Name DER `subject`), serial `serial`, with optional extensions. */
export function selfSigned(cn: string, serial: number, extensions?: Buffer, subject = name(cn)): Buffer {
  const { key, spki } = ecSigner();
  const alg = seq(oid(OID.ecdsaSha256));
  const tbs = seq(tlv(0xa0, int(2)), int(serial + 1), alg, subject, validity, subject, spki, ...(extensions ? [tlv(0xa3, extensions)] : []));
  const signature = sign('sha256', tbs, key);
  return seq(tbs, alg, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

/**
 * A certificate whose RSA key makes every signature check costly: a 3072-bit modulus with a 3071-bit public
 * exponent (OpenSSL allows any exponent below the modulus up to 3072 bits), or a 16,384-bit modulus. The
 * signature is noise: a reader that checks it pays the full exponentiation and learns it is wrong.
 */
export function costlyRsaCertificate(cn: string, serial: number, modulusBits: number): Buffer {
  const bytes = modulusBits / 8;
  const n = randomBytesFrom(`n${modulusBits}`, bytes);
  n[0] |= 0x80;
  n[bytes - 1] |= 1;
  const e = modulusBits <= 3072 ? randomBytesFrom(`e${modulusBits}`, bytes) : Buffer.from('010000000000000001', 'hex');
  if (modulusBits <= 3072) {
    e[0] = 0x7f; // below the modulus, one bit shorter
    e[bytes - 1] |= 1;
  }
  const unsigned = (b: Buffer) => tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  const spki = seq(seq(oid(OID.rsa), NULL), tlv(0x03, Buffer.concat([Buffer.from([0]), seq(unsigned(n), unsigned(e))])));
  const alg = seq(oid(OID.rsaSha256), NULL);
  const tbs = seq(tlv(0xa0, int(2)), int(serial + 1), alg, name(cn), validity, name(cn), spki);
  return seq(tbs, alg, tlv(0x03, Buffer.concat([Buffer.from([0]), randomBytesFrom(`sig${serial}`, bytes)])));
}

function pem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
}

/** A degenerate PKCS#7 SignedData bundle (a .p7b) of `certificates`. */
function p7b(certificates: Buffer[]): Buffer {
  const certs = tlv(0xa0, Buffer.concat(certificates));
  return contentInfo(OID.signedData, seq(int(1), set(), seq(oid(OID.data)), certs, set()));
}

/** `count` certificates sharing one subject and key, each distinct (serial); generated once and reused. */
const sameName: Buffer[] = [];
function sameNameCertificates(count: number): Buffer[] {
  while (sameName.length < count) sameName.push(selfSigned('Hostile Same Name CA', sameName.length));
  return sameName.slice(0, count);
}

// ---------------------------------------------------------------- the families

const salt = Buffer.alloc(8, 7);
const iv16 = Buffer.alloc(16, 9);
const iv8 = Buffer.alloc(8, 9);

function withPassword(bytes: Buffer): HostileInput {
  return { bytes, password: HOSTILE_PASSWORD };
}

export const hostileFamilies: readonly HostileFamily[] = [
  {
    name: 'pbkdf2-huge-key-length',
    description: 'PBKDF2 asked for a huge key (32,767 bytes: 1,639 SHA-1 blocks per iteration) in PBES2 and PBMAC1: the 194-byte PFX of issue [6].',
    variants: [
      {
        name: 'PBES2 AES-256, keyLength 32,767, 2,048 iterations (a 178-byte PFX)',
        allowed: TOO_COSTLY,
        make: () => withPassword(pfx(seq(encryptedItem(pbes2Aes({ salt, iterations: 2048, keyLength: 32767, iv: iv16 }), Buffer.alloc(32))))),
      },
      {
        name: 'PBMAC1 keyLength 65,535',
        allowed: TOO_COSTLY,
        make: () => withPassword(pfx(seq(dataItem(seq())), pbmac1({ iterations: 2048, keyLength: 65535, prf: OID.hmacSha1, hmac: OID.hmacSha256 }))),
      },
      {
        name: 'PBMAC1 keyLength 128 (7 SHA-1 blocks) × 600,000 iterations',
        allowed: TOO_COSTLY,
        make: () => withPassword(pfx(seq(dataItem(seq())), pbmac1({ iterations: 600_000, keyLength: 128, prf: OID.hmacSha1, hmac: OID.hmacSha512 }))),
      },
      {
        name: 'PBES2 RC2 keyLength 128 × 600,000 iterations',
        allowed: TOO_COSTLY,
        make: () => withPassword(pfx(seq(encryptedItem(pbes2Rc2({ salt, iterations: 600_000, keyLength: 128, iv: iv8 }), Buffer.alloc(64))))),
      },
    ],
  },
  {
    name: 'pbkdf2-huge-iterations',
    description: 'PBKDF2 iteration counts at and far past what real files use, in one bag and in many bags.',
    variants: [
      {
        name: '2^31-1 iterations',
        allowed: TOO_COSTLY,
        make: () => withPassword(pfx(seq(encryptedItem(pbes2Aes({ salt, iterations: 0x7fffffff, prf: OID.hmacSha256, iv: iv16 }), Buffer.alloc(32))))),
      },
      {
        name: '600,000 iterations (HMAC-SHA512) in each of many valid key bags',
        allowed: TOO_COSTLY,
        make: (scale) => {
          const bag = validKeyBag(600_000, 'sha512');
          return withPassword(pfx(seq(dataItem(seq(repeat(bag, Math.min(fit(scale, bag.length), 10_000)))))));
        },
      },
    ],
  },
  {
    name: 'pkcs12-kdf-huge-iterations',
    description: 'The PKCS#12 KDF (MAC and legacy PBEs) with 600,000 iterations, SHA-512 (not the JavaScript fast path), many bags, a megabyte salt.',
    variants: [
      {
        name: 'SHA-512 MAC, 600,000 iterations, no password given (two password forms)',
        allowed: TOO_COSTLY,
        make: () => ({ bytes: pfx(seq(dataItem(seq())), seq(seq(seq(oid(OID.sha512), NULL), octets(Buffer.alloc(64))), octets(salt), int(600_000))) }),
      },
      {
        name: 'SHA-1 MAC 600,000 iterations (valid), then 3DES bags of 600,000 iterations each',
        allowed: TOO_COSTLY,
        make: (scale) => {
          const bag = shroudedKeyBag(pkcs12Pbe(OID.pbeSha1_3des, salt, 600_000), Buffer.alloc(64));
          const authSafe = seq(dataItem(seq(repeat(bag, Math.min(fit(scale, bag.length), 1000)))));
          return withPassword(pfx(authSafe, macData(authSafe, { digest: 'sha1', iterations: 600_000, salt })));
        },
      },
      {
        name: 'MAC salt of almost 10 MiB',
        allowed: NOISE,
        make: (scale) => withPassword(pfx(seq(dataItem(seq())), seq(seq(seq(oid(OID.sha1), NULL), octets(Buffer.alloc(20))), octets(randomBytesFrom('salt', fit(scale, 1, 512))), int(2048)))),
      },
    ],
  },
  {
    name: 'cipher-without-mac',
    description: 'Megabytes of RC2, 3DES or AES ciphertext and no MAC, whose first block looks right, so a reader decrypts all of it; also thousands of small encrypted items.',
    variants: (['rc2-40', '3des', 'aes-256'] as const).map((cipher): HostileVariant => ({
      name: `${cipher}: one encryptedData of almost 10 MiB`,
      allowed: NOISE,
      make: (scale) => {
        const total = fit(scale, 1, 512) & ~15;
        const digest = digestAlgorithms[OID.sha1];
        const form = bmpPasswordForms(HOSTILE_PASSWORD)[0];
        if (cipher === 'aes-256') {
          const key = pbkdf2Sync(HOSTILE_PASSWORD, salt, 1, 32, 'sha256');
          const c = createCipheriv('aes-256-cbc', key, iv16);
          c.setAutoPadding(false);
          const ciphertext = Buffer.concat([c.update(pad(plausiblePlain(total, 16).subarray(0, total - 16), 16)), c.final()]);
          return withPassword(pfx(seq(encryptedItem(pbes2Aes({ salt, iterations: 1, prf: OID.hmacSha256, iv: iv16 }), ciphertext))));
        }
        const pbeOid = cipher === 'rc2-40' ? OID.pbeSha1_rc2_40 : OID.pbeSha1_3des;
        const key = pkcs12Kdf(digest, form, salt, 1, 1, cipher === 'rc2-40' ? 5 : 24);
        const iv = pkcs12Kdf(digest, form, salt, 2, 1, 8);
        const plain = pad(plausiblePlain(total, 8).subarray(0, total - 8), 8);
        let ciphertext: Buffer;
        if (cipher === 'rc2-40') ciphertext = rc2CbcEncrypt(key, 40, iv, plain);
        else {
          const c = createCipheriv('des-ede3-cbc', key, iv);
          c.setAutoPadding(false);
          ciphertext = Buffer.concat([c.update(plain), c.final()]);
        }
        return withPassword(pfx(seq(encryptedItem(pkcs12Pbe(pbeOid, salt, 1), ciphertext))));
      },
    })).concat([
      {
        name: 'random ciphertext (a wrong first block), almost 10 MiB',
        allowed: ['wrong-password'],
        make: (scale) => withPassword(pfx(seq(encryptedItem(pkcs12Pbe(OID.pbeSha1_rc2_40, salt, 1), randomBytesFrom('noise', fit(scale, 8, 512) * 8))))),
      },
      {
        name: 'many small encrypted items of 2,048 iterations each',
        allowed: NOISE,
        make: (scale) => {
          const item = encryptedItem(pkcs12Pbe(OID.pbeSha1_3des, salt, 2048), Buffer.alloc(16));
          return withPassword(pfx(seq(repeat(item, fit(scale, item.length)))));
        },
      },
    ]),
  },
  {
    name: 'ber-deep-nesting',
    description: 'Indefinite-length and constructed-string nesting millions of levels deep, bare and inside a PFX.',
    variants: [
      { name: '5 million nested indefinite SEQUENCEs', allowed: MALFORMED, make: (scale) => ({ bytes: repeat(Buffer.from([0x30, 0x80]), fit(scale, 2, 0)) }) },
      {
        name: 'nested constructed OCTET STRINGs as the authSafe',
        allowed: MALFORMED,
        make: (scale) => withPassword(Buffer.concat([Buffer.from('3080020103308006092a864886f70d010701a080', 'hex'), repeat(Buffer.from([0x24, 0x80]), fit(scale, 2))])),
      },
      {
        name: '100,000 nested definite-length SEQUENCEs in a certBag',
        allowed: MALFORMED,
        make: (scale) => {
          const depth = Math.min(fit(scale, 6), 100_000);
          const parts: Buffer[] = [];
          // Headers with 4-byte lengths, outermost first (the innermost is empty).
          for (let i = 0; i < depth; i++) {
            const h = Buffer.alloc(6);
            h[0] = 0x30;
            h[1] = 0x84;
            h.writeUInt32BE((depth - i - 1) * 6, 2);
            parts.push(h);
          }
          return withPassword(pfx(seq(dataItem(seq(certBag(Buffer.concat(parts)))))));
        },
      },
    ],
  },
  {
    name: 'ber-chunk-flood',
    description: 'A PFX authSafe sent as millions of constructed OCTET STRING chunks: empty ones (definite and indefinite) and 1-byte ones.',
    variants: [
      {
        name: '5 million empty constructed chunks (24 00)',
        allowed: TOO_COSTLY,
        make: (scale) => withPassword(Buffer.concat([Buffer.from('3080020103308006092a864886f70d010701a0802480', 'hex'), repeat(Buffer.from([0x24, 0x00]), fit(scale, 2)), Buffer.alloc(8)])),
      },
      {
        name: '2.6 million empty indefinite chunks (24 80 00 00)',
        allowed: TOO_COSTLY,
        make: (scale) => withPassword(Buffer.concat([Buffer.from('3080020103308006092a864886f70d010701a0802480', 'hex'), repeat(Buffer.from([0x24, 0x80, 0, 0]), fit(scale, 4)), Buffer.alloc(8)])),
      },
      {
        name: '3.5 million 1-byte chunks (04 01 xx) of a real SafeContents',
        allowed: ['ok', 'unsupported-format'],
        make: (scale) => {
          const bag = certBag(selfSigned('Chunked', 1));
          const bags = seq(repeat(bag, Math.max(1, Math.floor(fit(scale, 3, 1024) / bag.length))));
          const authSafe = seq(dataItem(bags));
          const chunks = Buffer.alloc(authSafe.length * 3);
          for (let i = 0; i < authSafe.length; i++) {
            chunks[i * 3] = 0x04;
            chunks[i * 3 + 1] = 0x01;
            chunks[i * 3 + 2] = authSafe[i];
          }
          return withPassword(Buffer.concat([Buffer.from('3080020103308006092a864886f70d010701a0802480', 'hex'), chunks, Buffer.alloc(8)]));
        },
      },
    ],
  },
  {
    name: 'huge-bag-set',
    description: 'SafeContents with millions of bags: unknown bags, bags with attributes, certificate bags, CRL bags.',
    variants: [
      {
        name: '2 million minimal unknown bags',
        allowed: TOO_COSTLY,
        make: (scale) => ({ bytes: pfx(seq(dataItem(seq(repeat(seq(oid('1.2')), fit(scale, 5)))))) }),
      },
      {
        name: 'certificate bags of one small certificate, repeated',
        allowed: TOO_COSTLY,
        make: (scale) => {
          const bag = certBag(selfSigned('Repeated', 1));
          return { bytes: pfx(seq(dataItem(seq(repeat(bag, fit(scale, bag.length)))))) };
        },
      },
      {
        name: 'one bag with a million friendlyName attributes',
        allowed: TOO_COSTLY,
        make: (scale) => {
          const attribute = seq(oid(OID.friendlyName), set(tlv(0x1e, Buffer.from('\u0000x', 'latin1'))));
          const cert = selfSigned('Attributes', 1);
          return { bytes: pfx(seq(dataItem(seq(certBag(cert, set(repeat(attribute, fit(scale, attribute.length, 1024)))))))) };
        },
      },
    ],
  },
  {
    name: 'many-certificates-one-name',
    description: 'Distinct self-signed certificates that share one subject, issuer and key (every one verifies every other): PEM, PKCS#7 and PFX.',
    variants: [
      { name: '300 certificates, PEM', allowed: ['ok'], make: (scale) => ({ bytes: Buffer.from(sameNameCertificates(share(300, scale)).map((c) => pem('CERTIFICATE', c)).join('')) }) },
      { name: '3,000 certificates, PKCS#7', allowed: ['ok'], make: (scale) => ({ bytes: p7b(sameNameCertificates(share(3000, scale))) }) },
      {
        name: 'as many as fit in 10 MiB of PEM',
        allowed: TOO_COSTLY,
        make: (scale) => ({ bytes: Buffer.from(sameNameCertificates(fit(scale, 470, 4096)).map((c) => pem('CERTIFICATE', c)).join('')) }),
      },
      {
        // Each distinct certificate of a SignedData is charged to the read's budget, as PEM and PKCS#12 charge theirs.
        name: 'as many as fit in 10 MiB of PKCS#7',
        allowed: TOO_COSTLY,
        make: (scale) => ({ bytes: p7b(sameNameCertificates(fit(scale, sameNameCertificates(1)[0].length + 4, 4096))) }),
      },
      {
        name: '3,000 certificates in a PFX without MAC or encryption',
        allowed: ['ok'],
        make: (scale) => ({ bytes: pfx(seq(dataItem(seq(Buffer.concat(sameNameCertificates(share(3000, scale)).map((c) => certBag(c))))))) }),
      },
    ],
  },
  {
    name: 'costly-signatures',
    description: 'Same-name certificates whose RSA keys make each signature check expensive: 3072-bit modulus with a 3071-bit exponent, 16,384-bit modulus.',
    variants: [
      {
        name: '200 certificates, RSA-3072 with a 3071-bit exponent',
        allowed: ['ok', 'unsupported-format'],
        make: (scale) => ({ bytes: Buffer.from(Array.from({ length: share(200, scale) }, (_, i) => pem('CERTIFICATE', costlyRsaCertificate('Costly CA', i, 3072))).join('')) }),
      },
      {
        name: '100 certificates, RSA-16384',
        allowed: ['ok', 'unsupported-format'],
        make: (scale) => ({ bytes: Buffer.from(Array.from({ length: share(100, scale) }, (_, i) => pem('CERTIFICATE', costlyRsaCertificate('Costly CA', i, 16384))).join('')) }),
      },
    ],
  },
  {
    name: 'long-oid-arcs',
    description: 'Object identifiers with huge arcs or thousands of arcs: as a bag type, in a subject name, and as thousands of extensions.',
    variants: [
      {
        name: 'a bag type OID of almost 10 MiB',
        allowed: MALFORMED,
        make: (scale) => ({ bytes: pfx(seq(dataItem(seq(seq(tlv(0x06, Buffer.concat([Buffer.from([0x2a]), repeat(Buffer.from([0x81]), fit(scale, 1, 512)), Buffer.from([0x01])]))))))) }),
      },
      {
        name: 'a subject attribute type with a 2^70 arc',
        allowed: MALFORMED,
        make: () => {
          const hugeArc = tlv(0x06, Buffer.from('2a81808080808080808001', 'hex')); // 1.2.2^70+1
          const subject = seq(set(seq(hugeArc, tlv(0x0c, Buffer.from('huge arc')))));
          return { bytes: Buffer.from(pem('CERTIFICATE', selfSigned('x', 1, undefined, subject))) };
        },
      },
      {
        name: 'a certificate with thousands of extensions, each a 120-byte OID',
        allowed: ['ok', 'unsupported-format'],
        make: (scale) => {
          const extension = (i: number) => seq(tlv(0x06, Buffer.concat([Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01]), repeat(Buffer.from([0x81, 0x01]), 56), Buffer.from([i & 0x7f, 0x01])])), octets(NULL));
          const count = Math.min(fit(scale, 130, 1024), 60_000);
          return { bytes: Buffer.from(pem('CERTIFICATE', selfSigned('Many extensions', 1, seq(Buffer.concat(Array.from({ length: count }, (_, i) => extension(i))))))) };
        },
      },
    ],
  },
  {
    name: 'pem-encrypted-key-kdf',
    description: 'A PEM "ENCRYPTED PRIVATE KEY" next to a certificate whose key derivation (run by OpenSSL) asks for 2^31 PBKDF2 iterations, a long key, or a huge scrypt cost.',
    variants: [
      { name: 'PBKDF2 2^31-1 iterations', allowed: TOO_COSTLY, make: () => pemWithKey(pbes2Aes({ salt, iterations: 0x7fffffff, prf: OID.hmacSha256, iv: iv16 })) },
      {
        name: 'PBKDF2-SHA512, keyLength 128, 600,000 iterations',
        allowed: TOO_COSTLY,
        make: () => pemWithKey(pbes2Aes({ salt, iterations: 600_000, keyLength: 128, prf: OID.hmacSha512, iv: iv16 })),
      },
      {
        name: 'scrypt N=65,536 r=8 p=64',
        allowed: TOO_COSTLY,
        make: () => pemWithKey(seq(oid(OID.pbes2), seq(seq(oid(OID.scrypt), seq(octets(salt), int(65536), int(8), int(64))), seq(oid(OID.aes256cbc), octets(iv16))))),
      },
    ],
  },
];

/** A pkcs8ShroudedKeyBag that decrypts (PBES2 AES-256, PBKDF2 with `iterations` and `prf`), made once per parameters. */
const keyBags = new Map<string, Buffer>();
function validKeyBag(iterations: number, prf: 'sha256' | 'sha512'): Buffer {
  const id = `${iterations}/${prf}`;
  let bag = keyBags.get(id);
  if (!bag) {
    const key = pbkdf2Sync(HOSTILE_PASSWORD, salt, iterations, 32, prf);
    const c = createCipheriv('aes-256-cbc', key, iv16);
    const pkcs8 = ecSigner().key.export({ type: 'pkcs8', format: 'der' });
    const ciphertext = Buffer.concat([c.update(pkcs8), c.final()]);
    bag = shroudedKeyBag(pbes2Aes({ salt, iterations, prf: prf === 'sha256' ? OID.hmacSha256 : OID.hmacSha512, iv: iv16 }), ciphertext);
    keyBags.set(id, bag);
  }
  return bag;
}

/** A certificate and an encrypted key under `alg` (the ciphertext is noise: the cost is in the key derivation). */
function pemWithKey(alg: Buffer): HostileInput {
  const key = seq(alg, octets(Buffer.alloc(64)));
  return withPassword(Buffer.from(pem('CERTIFICATE', selfSigned('With key', 1)) + pem('ENCRYPTED PRIVATE KEY', key)));
}

/** Every variant with its family's name, in order. */
export function hostileVariants(): { family: HostileFamily; variant: HostileVariant }[] {
  return hostileFamilies.flatMap((family) => family.variants.map((variant) => ({ family, variant })));
}
