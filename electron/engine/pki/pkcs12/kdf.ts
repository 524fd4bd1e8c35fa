// The password forms and the key derivation of PKCS#12 (RFC 7292 appendix B): the reader (read.ts) and the
// writer (write.ts) both derive keys with them.
import * as cryptoModule from 'node:crypto';
import { createHash } from 'node:crypto';
import type { digestAlgorithms } from '../algorithms';
import { iterateHash } from '../iterate-hash';

type Digest = (typeof digestAlgorithms)[string];

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

/** crypto.hash (node >= 20.12): a one-shot digest, several times faster than a Hash object per iteration. */
const oneShot = (cryptoModule as { hash?: (alg: string, data: Buffer, enc: 'buffer') => Buffer }).hash;

/** RFC 7292 appendix B.2: the PKCS#12 key derivation (ID 1 = key, 2 = IV, 3 = MAC key). */
export function pkcs12Kdf(digest: Digest, password: Buffer, salt: Buffer, id: 1 | 2 | 3, iterations: number, length: number): Buffer {
  const u = digest.size;
  const v = digest.block;
  const D = Buffer.alloc(v, id);
  // src repeated to a whole number of v-byte blocks (Buffer.fill repeats its value natively: a 10 MiB salt
  // costs a copy, not a JavaScript loop).
  const fill = (src: Buffer) => {
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    if (out.length) out.fill(src);
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
