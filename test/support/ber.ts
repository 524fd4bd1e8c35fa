// DER → 1999-style BER for test fixtures and hostile-file generators: every constructed element with an
// indefinite length, every OCTET STRING (and, optionally, every character string) sent as a constructed
// string of 1-byte chunks. pfxToBer does it at every level of a PKCS#12 file made by openssl: the outer
// PFX, the authSafe content, each SafeContents, the bags, the encrypted content and the plaintext inside
// it (decrypted, re-encoded, encrypted again with the same key), and recomputes the MAC over the new
// authSafe octets. openssl reading the result is the proof that it is a valid file.
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync } from 'node:crypto';
import { digestAlgorithms } from '../../electron/engine/pki/algorithms';
import { bmpPasswordForms, pkcs12Kdf } from '../../electron/engine/pki/pkcs12/kdf';
import { rc2CbcDecrypt, rc2CbcEncrypt } from '../../electron/engine/pki/rc2';

export interface Node {
  tag: number;
  /** Primitive contents. */
  content?: Buffer;
  /** Constructed children. */
  children?: Node[];
}

/** A DER (definite lengths) tree; the test's own tiny reader, independent of the engine's. */
export function parseTree(der: Buffer): Node {
  const read = (pos: number, end: number): [Node, number] => {
    const tag = der[pos];
    let p = pos + 1;
    let length = der[p++];
    if (length & 0x80) {
      const n = length & 0x7f;
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + der[p++];
    }
    const stop = p + length;
    if (stop > end) throw new Error('parseTree: element overruns its parent');
    if (!(tag & 0x20)) return [{ tag, content: der.subarray(p, stop) }, stop];
    const children: Node[] = [];
    for (let q = p; q < stop; ) {
      const [child, next] = read(q, stop);
      children.push(child);
      q = next;
    }
    return [{ tag, children }, stop];
  };
  return read(0, der.length)[0];
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

export function encodeDer(node: Node): Buffer {
  return tlv(node.tag, node.children ? Buffer.concat(node.children.map(encodeDer)) : (node.content ?? Buffer.alloc(0)));
}

const STRING_TAGS = new Set([0x0c, 0x12, 0x13, 0x14, 0x16, 0x1a, 0x1c, 0x1e]);

export interface BerOptions {
  /** Chunk size of constructed strings (default 1). */
  chunk?: number;
  /** Also chunk character strings (BMPString friendly names, …). Default true. */
  strings?: boolean;
  /** Primitive context tags ([0] IMPLICIT OCTET STRING, e.g. 0x80) to send chunked too. */
  implicitOctets?: number[];
}

/** Chunks `content` as a constructed string with tag `tag | 0x20` (chunks are OCTET STRINGs), indefinite length. */
export function chunked(tag: number, content: Buffer, chunk = 1): Buffer {
  const parts: Buffer[] = [Buffer.from([tag | 0x20, 0x80])];
  for (let i = 0; i < content.length; i += chunk) parts.push(tlv(0x04, content.subarray(i, i + chunk)));
  parts.push(Buffer.from([0, 0]));
  return Buffer.concat(parts);
}

/** The BER form of a tree: indefinite lengths everywhere, strings in chunks. */
export function encodeBer(node: Node, options: BerOptions = {}): Buffer {
  const chunk = options.chunk ?? 1;
  if (node.children) return Buffer.concat([Buffer.from([node.tag | 0x20, 0x80]), ...node.children.map((c) => encodeBer(c, options)), Buffer.from([0, 0])]);
  const content = node.content ?? Buffer.alloc(0);
  const isString = node.tag === 0x04 || ((options.strings ?? true) && STRING_TAGS.has(node.tag)) || (options.implicitOctets ?? []).includes(node.tag);
  return isString ? chunked(node.tag, content, chunk) : tlv(node.tag, content);
}

/** Re-encodes a whole DER element as BER (indefinite lengths, 1-byte string chunks). */
export function derToBer(der: Buffer, options: BerOptions = {}): Buffer {
  return encodeBer(parseTree(der), options);
}

// ---------------------------------------------------------------- PKCS#12 at every level

function oid(node: Node | undefined): string {
  const bytes = node?.content ?? Buffer.alloc(0);
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(Math.min(2, Math.floor(value / 40)), value - Math.min(2, Math.floor(value / 40)) * 40);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const int = (node: Node | undefined) => (node?.content ?? Buffer.alloc(0)).readUIntBE(0, node?.content?.length || 1);

const PRFS: Record<string, string> = { '1.2.840.113549.2.7': 'sha1', '1.2.840.113549.2.9': 'sha256', '1.2.840.113549.2.10': 'sha384', '1.2.840.113549.2.11': 'sha512' };
const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
const PKCS12_PBES: Record<string, { keyLength: number; cipher: 'des-ede3-cbc' | 'des2' | 'rc2-40' | 'rc2-128' }> = {
  '1.2.840.113549.1.12.1.3': { keyLength: 24, cipher: 'des-ede3-cbc' },
  '1.2.840.113549.1.12.1.4': { keyLength: 16, cipher: 'des2' },
  '1.2.840.113549.1.12.1.5': { keyLength: 16, cipher: 'rc2-128' },
  '1.2.840.113549.1.12.1.6': { keyLength: 5, cipher: 'rc2-40' },
};

interface Crypter {
  decrypt: (data: Buffer) => Buffer;
  encrypt: (plain: Buffer) => Buffer;
}

function pad(plain: Buffer, block: number): Buffer {
  const n = block - (plain.length % block);
  return Buffer.concat([plain, Buffer.alloc(n, n)]);
}

function unpad(plain: Buffer): Buffer {
  return plain.subarray(0, plain.length - plain[plain.length - 1]);
}

/** Encryption and decryption under an AlgorithmIdentifier with the given password (what openssl writes). */
export function crypterFor(alg: Node, password: string): Crypter {
  const [oidNode, params] = alg.children!;
  const id = oid(oidNode);
  if (id === '1.2.840.113549.1.5.13') {
    const [kdf, scheme] = params.children!;
    const kdfParams = kdf.children![1].children!;
    const salt = kdfParams[0].content!;
    const iterations = int(kdfParams[1]);
    const prfNode = kdfParams.find((n, i) => i >= 2 && n.tag === 0x30);
    const prf = prfNode ? PRFS[oid(prfNode.children![0])] : 'sha1';
    const cipher = PBES2_CIPHERS[oid(scheme.children![0])];
    if (!cipher || !prf) throw new Error('pfxToBer: unsupported PBES2 parameters');
    const iv = scheme.children![1].content!;
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, prf);
    return {
      decrypt: (data) => {
        const d = createDecipheriv(cipher.name, key, iv);
        return Buffer.concat([d.update(data), d.final()]);
      },
      encrypt: (plain) => {
        const c = createCipheriv(cipher.name, key, iv);
        return Buffer.concat([c.update(plain), c.final()]);
      },
    };
  }
  const pbe = PKCS12_PBES[id];
  if (!pbe) throw new Error(`pfxToBer: unsupported encryption ${id}`);
  const [saltNode, iterNode] = params.children!;
  const sha1 = digestAlgorithms['1.3.14.3.2.26'];
  const form = bmpPasswordForms(password)[0];
  const key = pkcs12Kdf(sha1, form, saltNode.content!, 1, int(iterNode), pbe.keyLength);
  const iv = pkcs12Kdf(sha1, form, saltNode.content!, 2, int(iterNode), 8);
  if (pbe.cipher.startsWith('rc2')) {
    const bits = pbe.cipher === 'rc2-40' ? 40 : 128;
    return { decrypt: (data) => unpad(rc2CbcDecrypt(key, bits, iv, data)), encrypt: (plain) => rc2CbcEncrypt(key, bits, iv, pad(plain, 8)) };
  }
  const k = pbe.cipher === 'des2' ? Buffer.concat([key, key.subarray(0, 8)]) : key;
  return {
    decrypt: (data) => {
      const d = createDecipheriv('des-ede3-cbc', k, iv);
      return Buffer.concat([d.update(data), d.final()]);
    },
    encrypt: (plain) => {
      const c = createCipheriv('des-ede3-cbc', k, iv);
      return Buffer.concat([c.update(plain), c.final()]);
    },
  };
}

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const OID_SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6';

/** A SafeContents as BER, with the plaintext of each shrouded key re-encoded as BER and encrypted again. */
function safeContentsToBer(safeContents: Node, password: string, options: BerOptions): Buffer {
  for (const bag of safeContents.children ?? []) {
    const [idNode, valueWrap] = bag.children!;
    const id = oid(idNode);
    if (id === OID_SHROUDED_KEY_BAG) {
      const [alg, data] = valueWrap.children![0].children!;
      const crypter = crypterFor(alg, password);
      const pkcs8 = crypter.decrypt(data.content!);
      data.content = crypter.encrypt(encodeBer(parseTree(pkcs8), options));
    } else if (id === OID_SAFE_CONTENTS_BAG) {
      // Nested SafeContents are part of the same encoding: encodeBer reaches them with the rest.
      safeContentsToBer(valueWrap.children![0], password, options);
    }
  }
  return encodeBer(safeContents, options);
}

/**
 * A PKCS#12 file made by openssl (DER), as 1999-style BER at every level, MAC recomputed with `password`.
 * `reencryptContent: false` keeps the encrypted content's plaintext as DER (only the layers around it change).
 */
export function pfxToBer(pfx: Buffer, password: string, options: BerOptions & { reencryptContent?: boolean } = {}): Buffer {
  const top = parseTree(pfx);
  const [version, authSafe, macData] = top.children!;
  const authSafeDer = authSafe.children![1].children![0].content!;
  const items = parseTree(authSafeDer);
  const innerOptions = { ...options, implicitOctets: [0x80] };
  for (const item of items.children!) {
    const [typeNode, explicit] = item.children!;
    const type = oid(typeNode);
    if (type === OID_DATA) {
      const octets = explicit.children![0];
      octets.content = safeContentsToBer(parseTree(octets.content!), password, options);
    } else if (type === OID_ENCRYPTED_DATA) {
      const eci = explicit.children![0].children![1];
      const [, alg, encrypted] = eci.children!;
      if (options.reencryptContent !== false) {
        const crypter = crypterFor(alg, password);
        const plain = crypter.decrypt(encrypted.content!);
        encrypted.content = crypter.encrypt(safeContentsToBer(parseTree(plain), password, options));
      }
    }
  }
  const authSafeBer = encodeBer(items, innerOptions);
  const parts: Buffer[] = [Buffer.from([0x30, 0x80]), encodeBer(version, options)];
  parts.push(Buffer.concat([Buffer.from([0x30, 0x80]), encodeBer(authSafe.children![0], options), Buffer.from([0xa0, 0x80]), chunked(0x04, authSafeBer, options.chunk ?? 1), Buffer.from([0, 0, 0, 0])]));
  if (macData) {
    // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
    const [digestInfo, salt, iterations] = macData.children!;
    const digest = digestAlgorithms[oid(digestInfo.children![0].children![0])];
    const key = pkcs12Kdf(digest, bmpPasswordForms(password)[0], salt.content!, 3, iterations ? int(iterations) : 1, digest.size);
    digestInfo.children![1].content = createHmac(digest.digest, key).update(authSafeBer).digest();
    parts.push(encodeBer(macData, options));
  }
  parts.push(Buffer.from([0, 0]));
  return Buffer.concat(parts);
}
