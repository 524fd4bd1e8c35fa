// RC2 (rc2.ts): the RFC 2268 test vectors, openssl's own RC2-CBC (legacy provider) at 40, 64 and 128
// effective bits, PFX files openssl encrypts with RC2 (PKCS#12 PBEs and PBES2 RC2-CBC), and no node-forge.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePkcs12 } from '../../../electron/engine/pki/pkcs12/read';
import { rc2CbcDecrypt, rc2CbcEncrypt, rc2ExpandKey } from '../../../electron/engine/pki/rc2';
import { amtHierarchy, Pki } from '../../support/openssl';
import { seededRandom } from '../../support/prng';

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;

beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki);
});
afterAll(() => pki.cleanup());

/** RFC 2268 section 5: key, effective key bits, plaintext, ciphertext (one block, ECB). */
const RFC_2268_VECTORS: [string, number, string, string][] = [
  ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
  ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
  ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
  ['88', 64, '0000000000000000', '61a8a244adacccf0'],
  ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
  ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
  ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
  ['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
];

describe('RC2', () => {
  it('the RFC 2268 test vectors (a zero IV makes one CBC block an ECB block)', () => {
    const zero = Buffer.alloc(8);
    for (const [key, bits, plain, cipher] of RFC_2268_VECTORS) {
      expect(rc2CbcEncrypt(Buffer.from(key, 'hex'), bits, zero, Buffer.from(plain, 'hex')).toString('hex'), `${key}/${bits}`).toBe(cipher);
      expect(rc2CbcDecrypt(Buffer.from(key, 'hex'), bits, zero, Buffer.from(cipher, 'hex')).toString('hex'), `${key}/${bits}`).toBe(plain);
    }
  });

  it('equals `openssl enc -rc2-40-cbc / -rc2-64-cbc / -rc2-cbc` on random keys, IVs and lengths', () => {
    const next = seededRandom(2268);
    const ciphers: [string, number, number][] = [
      ['rc2-40-cbc', 5, 40],
      ['rc2-64-cbc', 8, 64],
      ['rc2-cbc', 16, 128],
    ];
    for (const [name, keyLength, bits] of ciphers) {
      for (let n = 0; n < 4; n++) {
        const key = randomBytes(keyLength);
        const iv = randomBytes(8);
        const data = randomBytes(8 * (1 + Math.floor(next() * 300)));
        writeFileSync(pki.path('rc2.in'), data);
        const args = ['enc', `-${name}`, '-K', key.toString('hex'), '-iv', iv.toString('hex'), '-nopad', '-provider', 'legacy', '-provider', 'default', '-in', 'rc2.in'];
        const theirs = pki.run(['enc', '-e', ...args.slice(1)]);
        expect(rc2CbcEncrypt(key, bits, iv, data).equals(theirs), `${name} encrypt #${n}`).toBe(true);
        expect(rc2CbcDecrypt(key, bits, iv, theirs).equals(data), `${name} decrypt #${n}`).toBe(true);
      }
    }
  });

  it('refuses what RC2 cannot take (key length, effective bits, partial blocks, IV size)', () => {
    expect(() => rc2ExpandKey(Buffer.alloc(0), 40)).toThrow(RangeError);
    expect(() => rc2ExpandKey(Buffer.alloc(129), 40)).toThrow(RangeError);
    expect(() => rc2ExpandKey(Buffer.alloc(5), 0)).toThrow(RangeError);
    expect(() => rc2ExpandKey(Buffer.alloc(5), 1025)).toThrow(RangeError);
    expect(() => rc2CbcDecrypt(Buffer.alloc(5), 40, Buffer.alloc(8), Buffer.alloc(9))).toThrow(RangeError);
    expect(() => rc2CbcDecrypt(Buffer.alloc(5), 40, Buffer.alloc(7), Buffer.alloc(8))).toThrow(RangeError);
  });

  it('decrypts 4 MB in one pass (round trip; the old forge path was quadratic and took minutes)', () => {
    const key = randomBytes(5);
    const iv = randomBytes(8);
    const data = randomBytes(4 * 1024 * 1024);
    expect(rc2CbcDecrypt(key, 40, iv, rc2CbcEncrypt(key, 40, iv, data)).equals(data)).toBe(true);
  });

  it('PFX files openssl encrypts with RC2: PKCS#12 RC2-40/RC2-128 and PBES2 RC2-CBC at 40 and 64 bits', () => {
    const variants: [string, string[]][] = [
      ['pbe-rc2-40', ['-legacy', '-certpbe', 'PBE-SHA1-RC2-40', '-keypbe', 'PBE-SHA1-RC2-40']],
      ['pbe-rc2-128', ['-legacy', '-certpbe', 'PBE-SHA1-RC2-128', '-keypbe', 'PBE-SHA1-RC2-128']],
      ['pbes2-rc2', ['-certpbe', 'rc2-64-cbc', '-keypbe', 'rc2-40-cbc', '-provider', 'legacy', '-provider', 'default']],
    ];
    const expected = [h.leaf, h.intermediate].map((c) => pki.facts(c.cert).sha256).sort();
    for (const [name, args] of variants) {
      pki.run(
        ['pkcs12', '-export', '-inkey', h.leaf.key, '-in', h.leaf.cert, '-certfile', h.intermediate.cert, '-passout', 'env:P', '-out', `${name}.pfx`, ...args],
        undefined,
        { P: 'rc2 pw' },
      );
      const info = pki.run(['pkcs12', '-in', `${name}.pfx`, '-passin', 'env:P', '-info', '-nokeys', '-provider', 'legacy', '-provider', 'default'], undefined, { P: 'rc2 pw' });
      expect(info.length, name).toBeGreaterThan(0);
      const contents = parsePkcs12(pki.read(`${name}.pfx`), 'rc2 pw');
      expect(contents.certificates.map((c) => c.sha256).sort(), name).toEqual(expected);
      expect(contents.privateKeys, name).toHaveLength(1);
    }
  });

  it('the file readers (electron/engine/pki) do not load node-forge (its RC2 was the quadratic path)', () => {
    const dir = join(__dirname, '..', '..', '..', 'electron', 'engine', 'pki');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(15);
    const using = files.filter((f) => /require\(['"]node-forge|from ['"]node-forge/.test(readFileSync(join(dir, f), 'utf8')));
    expect(using).toEqual([]);
  });
});
