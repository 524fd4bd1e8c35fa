// The PKCS#12 KDF's iterated hash in JS must equal node:crypto's, round for round.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iterateHash } from '../../../electron/engine/pki/iterate-hash';

function reference(algorithm: string, first: Buffer, times: number): Buffer {
  let value = first;
  for (let i = 0; i < times; i++) value = createHash(algorithm).update(value).digest();
  return value;
}

describe('iterateHash', () => {
  for (const [algorithm, size] of [['sha1', 20], ['sha256', 32]] as const) {
    it(`${algorithm} equals node:crypto for 0, 1, 2, 7 and 2047 rounds on random inputs`, () => {
      for (let sample = 0; sample < 20; sample++) {
        const first = randomBytes(size);
        for (const times of [0, 1, 2, 7, 2047]) {
          expect(iterateHash(algorithm, first, times)!.toString('hex'), `${algorithm} ×${times}`).toBe(reference(algorithm, first, times).toString('hex'));
        }
      }
    });

    it(`${algorithm} handles all-ones and all-zeros words (sign bits in 32-bit arithmetic)`, () => {
      for (const fill of [0x00, 0xff, 0x80, 0x7f]) {
        const first = Buffer.alloc(size, fill);
        expect(iterateHash(algorithm, first, 3)!.equals(reference(algorithm, first, 3))).toBe(true);
      }
    });
  }

  it('leaves other algorithms and sizes to node:crypto', () => {
    expect(iterateHash('sha512', randomBytes(64), 3)).toBeUndefined();
    expect(iterateHash('sha1', randomBytes(32), 3)).toBeUndefined();
    expect(iterateHash('sha256', randomBytes(20), 3)).toBeUndefined();
  });
});
