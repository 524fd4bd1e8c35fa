// Hostile and broken input: every path ends in a CertDeskError with the right code. No time bounds: a hang
// hits the test timeout, and speed is measured by `npm run bench` (work limits: budget.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amtHierarchy, Pki } from '../../support/openssl';
import { readContainer } from '../../../electron/engine/pki/read';
import { CertDeskError, type ErrorCode } from '../../../shared/errors';
import { seededRandom } from '../../support/prng';

let pki: Pki;
let samples: Record<string, Buffer>;

beforeAll(() => {
  pki = new Pki();
  const h = amtHierarchy(pki);
  pki.run(['crl2pkcs7', '-nocrl', '-certfile', h.leaf.cert, '-certfile', h.intermediate.cert, '-outform', 'DER', '-out', 'b.p7b']);
  pki.run(['req', '-new', '-key', h.leaf.key, '-subj', '/CN=x', '-outform', 'DER', '-out', 'r.csr']);
  samples = {
    cert: pki.der(h.leaf.cert),
    pem: Buffer.from(pki.read(h.leaf.cert).toString() + pki.read(h.intermediate.cert).toString()),
    pfxAes: pki.read(pki.pfx('a', h.leaf, [h.intermediate], { password: 'pw' })),
    pfxLegacy: pki.read(pki.pfx('l', h.leaf, [h.intermediate], { password: 'pw', variant: 'legacy' })),
    pfxNoMac: pki.read(pki.pfx('n', h.leaf, [h.intermediate], { password: 'pw', variant: 'nomac' })),
    p7b: pki.read('b.p7b'),
    csr: pki.read('r.csr'),
  };
});
afterAll(() => pki.cleanup());

/** Runs readContainer; returns the error code ('ok' when it read), failing on anything but a CertDeskError. */
function attempt(bytes: Buffer, password?: string): { code: ErrorCode | 'ok' } {
  try {
    readContainer(bytes, password);
    return { code: 'ok' };
  } catch (error) {
    if (!(error instanceof CertDeskError)) throw new Error(`raw exception: ${String(error)}`, { cause: error });
    return { code: error.code };
  }
}

function expectCode(bytes: Buffer, code: ErrorCode, password?: string): void {
  expect(attempt(bytes, password).code).toBe(code);
}


function header(tag: number, length: number): Buffer {
  const b = Buffer.alloc(6);
  b[0] = tag;
  b[1] = 0x84;
  b.writeUInt32BE(length, 2);
  return b;
}

/** `depth` nested SEQUENCE headers with consistent lengths (the worst case for a recursive reader). */
function nested(depth: number, tag = 0x30): Buffer {
  const out = Buffer.alloc(depth * 6);
  for (let i = 0; i < depth; i++) header(tag, (depth - i - 1) * 6).copy(out, i * 6);
  return out;
}

describe('hostile input', () => {
  it('empty → unreadable', () => expectCode(Buffer.alloc(0), 'unreadable'));

  it('11 MiB → too-large (without reading it)', () => expectCode(Buffer.alloc(11 * 1024 * 1024, 0x30), 'too-large'));

  it('random bytes → unreadable', () => {
    const next = seededRandom(1);
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.alloc(1 + Math.floor(next() * 4096));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
      if (n % 2) bytes[0] = 0x30; // half of them look like a DER SEQUENCE
      expectCode(bytes, 'unreadable');
    }
  });

  it('text that is not a certificate → unreadable', () => {
    expectCode(Buffer.from('hello, this is not a certificate\n'), 'unreadable');
    expectCode(Buffer.from('-----BEGIN CERTIFICATE-----\nno end line'), 'unreadable');
    expectCode(Buffer.from('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n'), 'unreadable');
    expectCode(Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'unreadable');
    expectCode(Buffer.from('-----BEGIN SOMETHING ELSE-----\nAAAA\n-----END SOMETHING ELSE-----\n'), 'unsupported-format');
  });

  it('100,000 nested SEQUENCE headers, bare and inside a PEM CERTIFICATE / a SignedData', () => {
    const deep = nested(100_000);
    expectCode(deep, 'unreadable');
    expectCode(Buffer.from(`-----BEGIN CERTIFICATE-----\n${deep.toString('base64')}\n-----END CERTIFICATE-----\n`), 'unreadable');
    expectCode(Buffer.from(`-----BEGIN PKCS7-----\n${deep.toString('base64')}\n-----END PKCS7-----\n`), 'unreadable');
    // A certificate whose tbsCertificate is 100,000 levels deep, wrapped like a real one.
    const tbs = nested(100_000);
    const body = Buffer.concat([tbs, Buffer.from('300d06092a864886f70d01010b0500', 'hex'), Buffer.from([0x03, 0x01, 0x00])]);
    expectCode(Buffer.concat([header(0x30, body.length), body]), 'unreadable');
  });

  it('an ASN.1 length claiming 2 GB', () => {
    expectCode(Buffer.concat([Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), Buffer.alloc(100)]), 'unreadable');
    expectCode(Buffer.concat([Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(100)]), 'unreadable');
    expectCode(Buffer.concat([Buffer.from([0x30, 0x88, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(100)]), 'unreadable');
    // Inside a certificate: the outer length is right, an inner one lies.
    const cert = Buffer.from(samples.cert);
    const inner = Buffer.concat([cert.subarray(0, 4), Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), cert.subarray(10)]);
    expect(attempt(inner).code).toBe('unreadable');
  });

  it('indefinite-length BER where DER is required → unreadable', () => {
    expectCode(Buffer.from([0x30, 0x80, 0x02, 0x01, 0x03, 0x00, 0x00]), 'unreadable');
  });

  it('truncated files, cut at many lengths', () => {
    for (const [name, bytes] of Object.entries(samples)) {
      const step = Math.max(1, Math.floor(bytes.length / 60));
      for (let cut = 0; cut < bytes.length - 1; cut += step) {
        const r = attempt(bytes.subarray(0, cut), 'pw');
        // A PEM cut after its first END line (and before the next "-----BEGIN") is a valid one-certificate file.
        const begin = bytes.lastIndexOf('-----BEGIN');
        const pemOk = name === 'pem' && cut >= bytes.indexOf('-----END CERTIFICATE-----') + 25 && cut < begin;
        // Cut inside the second "-----BEGIN " marker itself: trailing text or a truncated block, either answer.
        const either = name === 'pem' && cut >= begin && cut < begin + 11;
        if (!either) expect(r.code, `${name} cut at ${cut}`).toBe(pemOk ? 'ok' : 'unreadable');
      }
    }
  });

  it('random corruption (byte flips) never throws a raw exception and never hangs', () => {
    const next = seededRandom(42);
    const allowed = new Set(['ok', 'unreadable', 'unsupported-format', 'wrong-password']);
    for (const [name, bytes] of Object.entries(samples)) {
      for (let n = 0; n < 150; n++) {
        const copy = Buffer.from(bytes);
        const flips = 1 + Math.floor(next() * 4);
        for (let f = 0; f < flips; f++) copy[Math.floor(next() * copy.length)] ^= 1 << Math.floor(next() * 8);
        const r = attempt(copy, 'pw');
        expect(allowed.has(r.code), `${name} #${n}: ${r.code}`).toBe(true);
      }
    }
  });

  it('a corrupted PFX with a MAC is wrong-password or unreadable, never silently wrong', () => {
    // Flip a byte inside the encrypted content: the MAC catches it.
    const copy = Buffer.from(samples.pfxAes);
    copy[Math.floor(copy.length / 2)] ^= 0x01;
    expect(['wrong-password', 'unreadable']).toContain(attempt(copy, 'pw').code);
  });
});
