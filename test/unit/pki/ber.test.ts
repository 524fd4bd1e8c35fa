// BER (indefinite lengths) containers and text encodings that real tools produce.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { amtHierarchy, Pki } from '../../support/openssl';
import { readContainer } from '../../../electron/engine/pki/read';
import { berToDer } from '../../../electron/engine/pki/ber';
import { CertDeskError } from '../../../shared/errors';

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;

beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki);
});
afterAll(() => pki.cleanup());

/** Re-encodes every constructed element of a DER structure with an indefinite length (valid BER). */
function toIndefinite(der: Buffer): Buffer {
  const out: Buffer[] = [];
  const walk = (start: number, end: number) => {
    for (let pos = start; pos < end; ) {
      const tag = der[pos];
      let p = pos + 1;
      let len = der[p++];
      if (len & 0x80) {
        const n = len & 0x7f;
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + der[p++];
      }
      const next = p + len;
      if (tag & 0x20) {
        out.push(Buffer.from([tag, 0x80]));
        walk(p, next);
        out.push(Buffer.from([0, 0]));
      } else out.push(der.subarray(pos, next));
      pos = next;
    }
  };
  walk(0, der.length);
  return Buffer.concat(out);
}

describe('BER', () => {
  it('a PKCS#12 with indefinite lengths (openssl reads it too)', () => {
    const der = pki.read(pki.pfx('ber', h.leaf, [h.intermediate, h.root], { password: 'pw' }));
    const ber = toIndefinite(der);
    expect(ber.equals(der)).toBe(false);
    writeFileSync(pki.path('ber.pfx'), ber);
    const check = spawnSync('openssl', ['pkcs12', '-in', 'ber.pfx', '-passin', 'pass:pw', '-nokeys', '-noout'], { cwd: pki.dir });
    expect(check.status).toBe(0);
    const c = readContainer(ber, 'pw');
    expect(c.format).toBe('pkcs12');
    expect(c.privateKeys).toHaveLength(1);
    expect(c.certificates.map((x) => x.sha256).sort()).toEqual([h.leaf, h.intermediate, h.root].map((i) => pki.facts(i.cert).sha256).sort());
    expect(() => readContainer(ber, 'wrong')).toThrow(CertDeskError);
  });

  it('a streamed CMS SignedData (openssl cms -sign -stream, indefinite lengths) yields its certificates', () => {
    writeFileSync(pki.path('msg.txt'), 'hello');
    pki.run([
      'cms', '-sign', '-in', 'msg.txt', '-signer', h.leaf.cert, '-inkey', h.leaf.key, '-certfile', h.intermediate.cert,
      '-outform', 'DER', '-stream', '-nodetach', '-out', 'streamed.p7m',
    ]);
    const bytes = pki.read('streamed.p7m');
    expect(bytes[1]).toBe(0x80); // really indefinite-length
    const c = readContainer(bytes);
    expect(c.format).toBe('pkcs7');
    expect(c.certificates.map((x) => x.sha256).sort()).toEqual([h.leaf, h.intermediate].map((i) => pki.facts(i.cert).sha256).sort());
  });

  it('DER passes through berToDer unchanged; hostile BER is refused at the first bad element', () => {
    const der = pki.der(h.leaf.cert);
    expect(berToDer(der).equals(der)).toBe(true);
    expect(berToDer(toIndefinite(der)).equals(der)).toBe(true);
    // Which check refused says how far the reader went (no timing): 200,000 nested indefinite SEQUENCEs
    // stop at the 65th (MAX_DEPTH is 64), not after reading all of them to find no end-of-contents.
    const deep = Buffer.concat([Buffer.alloc(200_000).fill(Buffer.from([0x30, 0x80]))]);
    expect(() => readContainer(deep)).toThrow(expect.objectContaining({ code: 'unreadable', message: 'ASN.1 nested too deeply.' }));
    expect(() => readContainer(Buffer.from([0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01]))).toThrow(
      expect.objectContaining({ code: 'unreadable', message: expect.stringMatching(/^Missing end-of-contents/) }),
    );
  });
});

describe('text encodings', () => {
  it('a PEM saved as UTF-16 (LE and BE with a BOM)', () => {
    const text = pki.read(h.leaf.cert).toString().replace(/\n/g, '\r\n');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [le, be]) {
      const c = readContainer(bytes);
      expect(c.format).toBe('x509-pem');
      expect(c.certificates[0].sha256).toBe(pki.facts(h.leaf.cert).sha256);
    }
  });
});
