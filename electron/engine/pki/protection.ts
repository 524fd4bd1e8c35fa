// How a PKCS#12 file is protected, read from its unencrypted structure (no password needed): the cipher of
// each encrypted part (certificates, key), the key-derivation iterations and the MAC algorithm. It decides
// whether an older Windows can import the file (Windows Server 2016 and older read 3DES/RC2 with a SHA-1 MAC,
// not AES/PBES2). Also the friendly names on bags that are not encrypted (usually the key's). A summary for
// people; the parser that decrypts is pkcs12.ts. Anything unexpected yields what was understood so far.

export interface PfxProtection {
  /** One entry per encrypted part, e.g. "AES-256-CBC, PBKDF2-HMAC-SHA256, 2048 iterations". */
  certificates?: string;
  key?: string;
  /** e.g. "HMAC-SHA256, 2048 iterations"; absent when the file has no MAC. */
  mac?: string;
  /** True when every encrypted part uses PBES2 (AES): Windows Server 2019 / Windows 10 1709 and later only. */
  needsModernWindows: boolean;
  /** Friendly names found on bags that are not encrypted (deduplicated). */
  friendlyNames: string[];
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
  constructed: boolean;
}

function tlv(buf: Buffer, at: number): Tlv & { next: number } {
  const tag = buf[at];
  let len = buf[at + 1];
  let off = at + 2;
  if (len === 0x80) throw new Error('indefinite length');
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4) throw new Error('length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + i];
    off += n;
  }
  if (off + len > buf.length) throw new Error('truncated');
  return { tag, start: off, end: off + len, constructed: (tag & 0x20) !== 0, next: off + len };
}

function children(buf: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = t.start; at < t.end; ) {
    const c = tlv(buf, at);
    out.push(c);
    at = c.next;
  }
  return out;
}

function oid(buf: Buffer, t: Tlv): string {
  const bytes = buf.subarray(t.start, t.end);
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (!parts.length) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

function int(buf: Buffer, t: Tlv): number {
  let v = 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i];
  return v;
}

/** An OCTET STRING's bytes, primitive or constructed (BER chunks). */
function octets(buf: Buffer, t: Tlv): Buffer {
  if (!t.constructed) return buf.subarray(t.start, t.end);
  return Buffer.concat(children(buf, t).map((c) => octets(buf, c)));
}

const CIPHERS: Record<string, string> = {
  '2.16.840.1.101.3.4.1.2': 'AES-128-CBC',
  '2.16.840.1.101.3.4.1.22': 'AES-192-CBC',
  '2.16.840.1.101.3.4.1.42': 'AES-256-CBC',
  '1.2.840.113549.3.7': '3DES-CBC',
  '1.2.840.113549.3.2': 'RC2-CBC',
  '1.3.14.3.2.7': 'DES-CBC',
};
const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'HMAC-SHA1',
  '1.2.840.113549.2.9': 'HMAC-SHA256',
  '1.2.840.113549.2.10': 'HMAC-SHA384',
  '1.2.840.113549.2.11': 'HMAC-SHA512',
};
const PKCS12_PBE: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'RC4-128 (SHA-1 KDF)',
  '1.2.840.113549.1.12.1.2': 'RC4-40 (SHA-1 KDF)',
  '1.2.840.113549.1.12.1.3': '3DES (SHA-1 KDF)',
  '1.2.840.113549.1.12.1.4': '2-key 3DES (SHA-1 KDF)',
  '1.2.840.113549.1.12.1.5': 'RC2-128 (SHA-1 KDF)',
  '1.2.840.113549.1.12.1.6': 'RC2-40 (SHA-1 KDF)',
};
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const DATA = '1.2.840.113549.1.7.1';
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';

/** An encryption AlgorithmIdentifier in words, and whether it is PBES2. */
function algorithm(buf: Buffer, alg: Tlv): { text: string; pbes2: boolean } {
  const [idT, paramsT] = children(buf, alg);
  const id = oid(buf, idT);
  if (id === PBES2 && paramsT) {
    const [kdfT, schemeT] = children(buf, paramsT);
    const [kdfIdT, kdfParamsT] = children(buf, kdfT);
    const cipher = CIPHERS[oid(buf, children(buf, schemeT)[0])] ?? 'an unknown cipher';
    if (oid(buf, kdfIdT) !== PBKDF2 || !kdfParamsT) return { text: `${cipher} (PBES2)`, pbes2: true };
    const p = children(buf, kdfParamsT);
    const iterations = int(buf, p[1]);
    const prfT = p.slice(2).find((c) => c.tag === 0x30);
    const prf = prfT ? (PRFS[oid(buf, children(buf, prfT)[0])] ?? 'an unknown PRF') : 'HMAC-SHA1';
    return { text: `${cipher}, PBKDF2-${prf}, ${iterations.toLocaleString('en-US')} iterations`, pbes2: true };
  }
  const name = PKCS12_PBE[id];
  if (name && paramsT) {
    const iterations = int(buf, children(buf, paramsT)[1]);
    return { text: `${name}, ${iterations.toLocaleString('en-US')} iterations`, pbes2: false };
  }
  return { text: name ?? `algorithm ${id}`, pbes2: false };
}

function bmpString(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i));
  return out;
}

/** The protection summary of a PKCS#12 file's bytes, or undefined when its outer structure cannot be read. */
export function pfxProtection(bytes: Buffer): PfxProtection | undefined {
  try {
    const pfx = tlv(bytes, 0);
    const [, authSafeT, macDataT] = children(bytes, pfx);
    const result: PfxProtection = { needsModernWindows: false, friendlyNames: [] };
    const parts: boolean[] = [];
    if (macDataT) {
      const [digestInfoT, , iterT] = children(bytes, macDataT);
      const digest = DIGESTS[oid(bytes, children(bytes, children(bytes, digestInfoT)[0])[0])] ?? 'an unknown digest';
      result.mac = `HMAC-${digest}, ${(iterT ? int(bytes, iterT) : 1).toLocaleString('en-US')} iterations`;
    }
    const [, contentT] = children(bytes, authSafeT);
    const safe = octets(bytes, children(bytes, contentT)[0]);
    const infos = children(safe, tlv(safe, 0));
    const names = new Set<string>();
    for (const info of infos) {
      const [typeT, bodyT] = children(safe, info);
      const type = oid(safe, typeT);
      if (type === ENCRYPTED_DATA && bodyT) {
        const encryptedData = children(safe, bodyT)[0];
        const [, eci] = children(safe, encryptedData);
        const alg = algorithm(safe, children(safe, eci)[1]);
        result.certificates ??= alg.text;
        parts.push(alg.pbes2);
      } else if (type === DATA && bodyT) {
        const contents = octets(safe, children(safe, bodyT)[0]);
        for (const bag of children(contents, tlv(contents, 0))) {
          const [bagIdT, valueT, attrsT] = children(contents, bag);
          if (oid(contents, bagIdT) === SHROUDED_KEY_BAG && valueT) {
            const alg = algorithm(contents, children(contents, children(contents, valueT)[0])[0]);
            result.key ??= alg.text;
            parts.push(alg.pbes2);
          }
          for (const attr of attrsT ? children(contents, attrsT) : []) {
            const [attrIdT, valuesT] = children(contents, attr);
            if (oid(contents, attrIdT) !== FRIENDLY_NAME || !valuesT) continue;
            for (const v of children(contents, valuesT)) if (v.tag === 0x1e) names.add(bmpString(contents.subarray(v.start, v.end)));
          }
        }
      }
    }
    result.needsModernWindows = parts.length > 0 && parts.every(Boolean);
    result.friendlyNames = [...names];
    return result;
  } catch {
    return undefined;
  }
}
