// RC2 (RFC 2268) in CBC mode, for legacy PKCS#12 files (pbeWithSHAAnd40BitRC2-CBC, …128BitRC2-CBC: what
// OpenSSL 1.x, Java keytool and old Windows exports use for the certificates) and PBES2 RC2-CBC. OpenSSL 3
// in Node has RC2 only in its legacy provider, which Node does not load. One pass over the data, 16-bit
// words in a Uint16Array, no allocation per block: linear in the input (node-forge's RC2, used before,
// copied its whole buffer per block and took over 20 s for 1 MB). Checked against the RFC 2268 test
// vectors and `openssl enc -rc2-40-cbc / -rc2-64-cbc / -rc2-cbc` in test/unit/pki/rc2.test.ts.

/** PITABLE (RFC 2268 section 2): a permutation of 0..255 from the digits of pi. */
const PITABLE = Buffer.from(
  'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32' +
    'bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
    '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a' +
    '961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
    '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2e' +
    'c5f3db47e5a59c770aa62068fe7fc1ad',
  'hex',
);

/**
 * The 64 key words K[0..63] for `key` (1..128 bytes) with `effectiveBits` effective key bits (1..1024):
 * RFC 2268 section 2. PKCS#12 uses 40 and 128 bits; RC2CBCParameter version numbers map to others.
 */
export function rc2ExpandKey(key: Buffer, effectiveBits: number): Uint16Array {
  if (key.length < 1 || key.length > 128) throw new RangeError('RC2 key must be 1 to 128 bytes');
  if (!Number.isInteger(effectiveBits) || effectiveBits < 1 || effectiveBits > 1024) throw new RangeError('RC2 effective key bits must be 1 to 1024');
  const L = new Uint8Array(128);
  L.set(key);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1] + L[i - T]) & 0xff];
  const T8 = Math.ceil(effectiveBits / 8);
  const TM = 0xff >> (8 * T8 - effectiveBits);
  L[128 - T8] = PITABLE[L[128 - T8] & TM];
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1] ^ L[i + T8]];
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i] | (L[2 * i + 1] << 8);
  return K;
}

/** Encrypts one 8-byte block in place: RFC 2268 section 3. */
function encryptBlock(K: Uint16Array, block: Uint16Array): void {
  let r0 = block[0], r1 = block[1], r2 = block[2], r3 = block[3];
  let j = 0;
  for (let round = 0; round < 16; round++) {
    r0 = (r0 + K[j++] + (r3 & r2) + (~r3 & r1)) & 0xffff;
    r0 = ((r0 << 1) | (r0 >>> 15)) & 0xffff;
    r1 = (r1 + K[j++] + (r0 & r3) + (~r0 & r2)) & 0xffff;
    r1 = ((r1 << 2) | (r1 >>> 14)) & 0xffff;
    r2 = (r2 + K[j++] + (r1 & r0) + (~r1 & r3)) & 0xffff;
    r2 = ((r2 << 3) | (r2 >>> 13)) & 0xffff;
    r3 = (r3 + K[j++] + (r2 & r1) + (~r2 & r0)) & 0xffff;
    r3 = ((r3 << 5) | (r3 >>> 11)) & 0xffff;
    if (round === 4 || round === 10) {
      r0 = (r0 + K[r3 & 63]) & 0xffff;
      r1 = (r1 + K[r0 & 63]) & 0xffff;
      r2 = (r2 + K[r1 & 63]) & 0xffff;
      r3 = (r3 + K[r2 & 63]) & 0xffff;
    }
  }
  block[0] = r0;
  block[1] = r1;
  block[2] = r2;
  block[3] = r3;
}

function check(iv: Buffer, data: Buffer): void {
  if (iv.length !== 8) throw new RangeError('RC2-CBC needs an 8-byte IV');
  if (data.length % 8 !== 0) throw new RangeError('RC2-CBC data must be a whole number of 8-byte blocks');
}

/** RC2-CBC decryption of whole blocks, no padding removed. The block function is inlined (hot loop). */
export function rc2CbcDecrypt(key: Buffer, effectiveBits: number, iv: Buffer, data: Buffer): Buffer {
  check(iv, data);
  const K = rc2ExpandKey(key, effectiveBits);
  const out = Buffer.allocUnsafe(data.length);
  let p0 = iv.readUInt16LE(0), p1 = iv.readUInt16LE(2), p2 = iv.readUInt16LE(4), p3 = iv.readUInt16LE(6);
  for (let at = 0; at < data.length; at += 8) {
    const c0 = data[at] | (data[at + 1] << 8);
    const c1 = data[at + 2] | (data[at + 3] << 8);
    const c2 = data[at + 4] | (data[at + 5] << 8);
    const c3 = data[at + 6] | (data[at + 7] << 8);
    let r0 = c0, r1 = c1, r2 = c2, r3 = c3;
    let j = 63;
    for (let round = 15; round >= 0; round--) {
      r3 = ((r3 >>> 5) | (r3 << 11)) & 0xffff;
      r3 = (r3 - K[j--] - (r2 & r1) - (~r2 & r0)) & 0xffff;
      r2 = ((r2 >>> 3) | (r2 << 13)) & 0xffff;
      r2 = (r2 - K[j--] - (r1 & r0) - (~r1 & r3)) & 0xffff;
      r1 = ((r1 >>> 2) | (r1 << 14)) & 0xffff;
      r1 = (r1 - K[j--] - (r0 & r3) - (~r0 & r2)) & 0xffff;
      r0 = ((r0 >>> 1) | (r0 << 15)) & 0xffff;
      r0 = (r0 - K[j--] - (r3 & r2) - (~r3 & r1)) & 0xffff;
      if (round === 11 || round === 5) {
        r3 = (r3 - K[r2 & 63]) & 0xffff;
        r2 = (r2 - K[r1 & 63]) & 0xffff;
        r1 = (r1 - K[r0 & 63]) & 0xffff;
        r0 = (r0 - K[r3 & 63]) & 0xffff;
      }
    }
    r0 ^= p0;
    r1 ^= p1;
    r2 ^= p2;
    r3 ^= p3;
    out[at] = r0 & 0xff;
    out[at + 1] = r0 >>> 8;
    out[at + 2] = r1 & 0xff;
    out[at + 3] = r1 >>> 8;
    out[at + 4] = r2 & 0xff;
    out[at + 5] = r2 >>> 8;
    out[at + 6] = r3 & 0xff;
    out[at + 7] = r3 >>> 8;
    p0 = c0;
    p1 = c1;
    p2 = c2;
    p3 = c3;
  }
  return out;
}

/** RC2-CBC encryption of whole blocks, no padding added (tests and the hostile-file generators). */
export function rc2CbcEncrypt(key: Buffer, effectiveBits: number, iv: Buffer, data: Buffer): Buffer {
  check(iv, data);
  const K = rc2ExpandKey(key, effectiveBits);
  const out = Buffer.allocUnsafe(data.length);
  const block = new Uint16Array(4);
  let prev = iv;
  for (let at = 0; at < data.length; at += 8) {
    for (let w = 0; w < 4; w++) block[w] = (data[at + 2 * w] ^ prev[2 * w]) | ((data[at + 2 * w + 1] ^ prev[2 * w + 1]) << 8);
    encryptBlock(K, block);
    for (let w = 0; w < 4; w++) {
      out[at + 2 * w] = block[w] & 0xff;
      out[at + 2 * w + 1] = block[w] >>> 8;
    }
    prev = out.subarray(at, at + 8);
  }
  return out;
}
