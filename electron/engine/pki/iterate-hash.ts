// Hashing a digest over and over (A = H(A), 2,048 times or more) is the inner loop of the PKCS#12 key
// derivation (RFC 7292 B.2) that legacy 3DES/RC2 files and every PKCS#12 MAC use. Through node:crypto each
// round costs a native call (~0.8 µs) for a 20- or 32-byte input; such an input is exactly one padded block,
// so compressing it here in 32-bit words is several times faster and allocates nothing per round. Only
// SHA-1 and SHA-256 (the algorithms real files use) are done here; callers fall back to node:crypto for
// others. Checked against node:crypto in test/unit/pki/iterate-hash.test.ts.

const SHA1_INIT = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
const SHA1_K = new Int32Array([0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6]);

const SHA256_K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const SHA256_INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

function toWords(bytes: Buffer): Int32Array {
  const words = new Int32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = bytes.readInt32BE(i * 4);
  return words;
}

function toBytes(words: Int32Array): Buffer {
  const out = Buffer.alloc(words.length * 4);
  for (let i = 0; i < words.length; i++) out.writeInt32BE(words[i], i * 4);
  return out;
}

/** SHA-1 applied `times` times to a 20-byte value. */
function iterateSha1(first: Buffer, times: number): Buffer {
  const h = toWords(first);
  const w = new Int32Array(80);
  for (let round = 0; round < times; round++) {
    for (let i = 0; i < 5; i++) w[i] = h[i];
    w[5] = 0x80000000 | 0; // padding: one 1 bit, zeros, then the length (160 bits) in the last word
    for (let i = 6; i < 15; i++) w[i] = 0;
    w[15] = 160;
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = SHA1_INIT[0] | 0, b = SHA1_INIT[1] | 0, c = SHA1_INIT[2] | 0, d = SHA1_INIT[3] | 0, e = SHA1_INIT[4] | 0;
    for (let i = 0; i < 80; i++) {
      const f = i < 20 ? (b & c) | (~b & d) : i < 40 || i >= 60 ? b ^ c ^ d : (b & c) | (b & d) | (c & d);
      const t = (((a << 5) | (a >>> 27)) + f + e + SHA1_K[(i / 20) | 0] + w[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h[0] = (SHA1_INIT[0] + a) | 0;
    h[1] = (SHA1_INIT[1] + b) | 0;
    h[2] = (SHA1_INIT[2] + c) | 0;
    h[3] = (SHA1_INIT[3] + d) | 0;
    h[4] = (SHA1_INIT[4] + e) | 0;
  }
  return toBytes(h);
}

/** SHA-256 applied `times` times to a 32-byte value. */
function iterateSha256(first: Buffer, times: number): Buffer {
  const h = toWords(first);
  const w = new Int32Array(64);
  const s = new Int32Array(8);
  for (let round = 0; round < times; round++) {
    for (let i = 0; i < 8; i++) w[i] = h[i];
    w[8] = 0x80000000 | 0;
    for (let i = 9; i < 15; i++) w[i] = 0;
    w[15] = 256;
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    for (let i = 0; i < 8; i++) s[i] = SHA256_INIT[i];
    let a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], hh = s[7];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + SHA256_K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (s[0] + a) | 0;
    h[1] = (s[1] + b) | 0;
    h[2] = (s[2] + c) | 0;
    h[3] = (s[3] + d) | 0;
    h[4] = (s[4] + e) | 0;
    h[5] = (s[5] + f) | 0;
    h[6] = (s[6] + g) | 0;
    h[7] = (s[7] + hh) | 0;
  }
  return toBytes(h);
}

const iterators: Record<string, { size: number; iterate: (first: Buffer, times: number) => Buffer }> = {
  sha1: { size: 20, iterate: iterateSha1 },
  sha256: { size: 32, iterate: iterateSha256 },
};

/**
 * H applied `times` more times to `first` (a digest of the same algorithm), or undefined when this
 * algorithm or input size is not handled here and the caller should use node:crypto.
 */
export function iterateHash(algorithm: string, first: Buffer, times: number): Buffer | undefined {
  const iterator = iterators[algorithm];
  if (!iterator || first.length !== iterator.size) return undefined;
  return iterator.iterate(first, times);
}
