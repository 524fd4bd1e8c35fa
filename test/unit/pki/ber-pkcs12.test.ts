// 1999-style BER PKCS#12 (indefinite lengths, OCTET STRINGs in 1-byte chunks) at every level: outer PFX,
// authSafe content, SafeContents, bags, encrypted content and the plaintext inside. Fixtures are openssl's
// own PFX files re-encoded at test time (test/support/ber.ts); openssl reading the BER file is the oracle.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeBer } from '../../../electron/engine/pki/ber';
import { createBudget } from '../../../electron/engine/pki/budget';
import { parseDer } from '../../../electron/engine/pki/der';
import { parsePkcs12 } from '../../../electron/engine/pki/pkcs12/read';
import { readContainer } from '../../../electron/engine/pki/read';
import { CertDeskError } from '../../../shared/errors';
import fc from 'fast-check';
import { chunked, derToBer, encodeBer, encodeDer, type Node, pfxToBer, tlv } from '../../support/ber';
import { amtHierarchy, Pki } from '../../support/openssl';

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;
const PASSWORD = 'pässwörd 1999';

beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki);
});
afterAll(() => pki.cleanup());

interface Reading {
  certificates: string[];
  keys: string[];
  friendlyNames: string[];
}

function pemBlocks(text: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

const sha256 = (der: Buffer) => createHash('sha256').update(der).digest('hex').toUpperCase();

/** What openssl reads from `file` (password from the environment, never the command line). */
function opensslReads(file: string, legacy: boolean): Reading {
  const env = { P: PASSWORD };
  const base = ['pkcs12', '-in', file, '-passin', 'env:P', ...(legacy ? ['-legacy'] : [])];
  const certText = pki.run([...base, '-nokeys'], undefined, env).toString();
  const keyText = pki.run([...base, '-nocerts', '-nodes'], undefined, env).toString();
  const keys = pemBlocks(keyText, 'PRIVATE KEY').map((der) => {
    writeFileSync(pki.path('k.der'), der);
    return sha256(pki.run(['pkey', '-inform', 'DER', '-in', 'k.der', '-pubout', '-outform', 'DER']));
  });
  const friendlyNames = [...`${certText}\n${keyText}`.matchAll(/friendlyName: (.*)/g)].map((m) => m[1].trim());
  return { certificates: pemBlocks(certText, 'CERTIFICATE').map(sha256).sort(), keys: keys.sort(), friendlyNames: [...new Set(friendlyNames)].sort() };
}

function ourReading(bytes: Buffer): Reading {
  const c = readContainer(bytes, PASSWORD);
  expect(c.format).toBe('pkcs12');
  const names = [...Object.values(c.friendlyNames), ...c.privateKeys.map((k) => k.friendlyName ?? '')].filter(Boolean);
  return {
    certificates: c.certificates.map((x) => x.sha256).sort(),
    keys: c.privateKeys.map((k) => sha256(k.spki)).sort(),
    friendlyNames: [...new Set(names)].sort(),
  };
}

function openssl12(name: string, args: string[]): Buffer {
  writeFileSync(pki.path(`${name}.chain.pem`), [h.intermediate, h.root].map((c) => pki.read(c.cert).toString()).join(''));
  pki.run(
    ['pkcs12', '-export', '-inkey', h.leaf.key, '-in', h.leaf.cert, '-certfile', `${name}.chain.pem`, '-name', 'Prov Cert 1999', '-passout', 'env:P', '-out', `${name}.pfx`, ...args],
    undefined,
    { P: PASSWORD },
  );
  return pki.read(`${name}.pfx`);
}

const variants: { name: string; args: string[]; legacy: boolean }[] = [
  { name: 'AES-256 + PBKDF2 + SHA-256 MAC (OpenSSL 3 default)', args: [], legacy: false },
  { name: '3DES key, RC2-40 certificates, SHA-1 MAC (-legacy)', args: ['-legacy', '-certpbe', 'PBE-SHA1-RC2-40', '-keypbe', 'PBE-SHA1-3DES'], legacy: true },
  { name: 'RC2-128 certificates, 2-key 3DES key', args: ['-legacy', '-certpbe', 'PBE-SHA1-RC2-128', '-keypbe', 'PBE-SHA1-2DES'], legacy: true },
  { name: 'no encryption (keyBag and plain certBags), SHA-1 MAC', args: ['-keypbe', 'NONE', '-certpbe', 'NONE', '-macalg', 'sha1'], legacy: false },
];

describe('BER PKCS#12 at every level reads as openssl reads it', () => {
  for (const variant of variants) {
    it(variant.name, () => {
      const der = openssl12(variant.name.replace(/\W+/g, '-'), variant.args);
      const ber = pfxToBer(der, PASSWORD);
      // Really BER at every level: the outer PFX and the authSafe are indefinite, strings are 1-byte chunks.
      expect(ber[1]).toBe(0x80);
      expect(ber.includes(Buffer.from([0x24, 0x80, 0x04, 0x01]))).toBe(true);
      expect(ber.length).toBeGreaterThan(der.length * 2);
      writeFileSync(pki.path('ber.pfx'), ber);
      const theirs = opensslReads('ber.pfx', variant.legacy);
      expect(theirs.certificates).toHaveLength(3);
      expect(theirs.keys).toHaveLength(1);
      expect(theirs.friendlyNames).toEqual(['Prov Cert 1999']);
      // One level down (the authSafe octets, joined): BER again, with its own 1-byte chunks.
      const authSafe = normalizeBer(ber).der;
      expect(authSafe.includes(Buffer.from([0x30, 0x80, 0x30, 0x80, 0x06]))).toBe(true);
      expect(authSafe.includes(Buffer.from([0x24, 0x80, 0x04, 0x01]))).toBe(true);
      expect(ourReading(ber)).toEqual(theirs);
      // And the same as the DER file it came from.
      expect(ourReading(der)).toEqual(theirs);
    });
  }

  it('chunks of 7 bytes, character strings left primitive, content plaintext left DER', () => {
    const der = openssl12('c7', []);
    for (const ber of [pfxToBer(der, PASSWORD, { chunk: 7, strings: false }), pfxToBer(der, PASSWORD, { reencryptContent: false })]) {
      writeFileSync(pki.path('c7.pfx'), ber);
      expect(ourReading(ber)).toEqual(opensslReads('c7.pfx', false));
    }
  });

  it('a wrong password is wrong-password, a missing one asks for it', () => {
    const ber = pfxToBer(openssl12('wp', []), PASSWORD);
    const code = (password?: string) => {
      try {
        readContainer(ber, password);
        return 'ok';
      } catch (error) {
        expect(error).toBeInstanceOf(CertDeskError);
        return (error as CertDeskError).code;
      }
    };
    expect(code('wrong')).toBe('wrong-password');
    expect(code(undefined)).toBe('wrong-password');
    expect(code(PASSWORD)).toBe('ok');
  });

  it('parsePkcs12 takes the BER bytes directly (no DER pass first)', () => {
    const ber = pfxToBer(openssl12('direct', []), PASSWORD);
    const contents = parsePkcs12(ber, PASSWORD);
    expect(contents.certificates).toHaveLength(3);
    expect(contents.privateKeys).toHaveLength(1);
  });
});

describe('normalizeBer', () => {
  it('DER comes back as the same bytes (not a copy), BER as the DER openssl writes', () => {
    const der = pki.der(h.leaf.cert);
    const same = normalizeBer(der);
    expect(same.changed).toBe(false);
    expect(same.der).toBe(der);
    // The certificate in BER (indefinite lengths, chunked strings): back to the exact DER.
    const ber = derToBer(der);
    expect(ber.equals(der)).toBe(false);
    const back = normalizeBer(ber);
    expect(back.changed).toBe(true);
    expect(back.der.equals(der)).toBe(true);
    expect(back.end).toBe(ber.length);
  });

  it('flattens nested constructed strings and keeps definite-length subtrees byte for byte', () => {
    // SEQUENCE(indef) { OCTET STRING(constructed) { "ab", OCTET STRING(constructed) { "c", "" } }, INTEGER with a long-form length }
    const inner = Buffer.concat([Buffer.from([0x24, 0x80]), tlv(0x04, Buffer.from('c')), tlv(0x04, Buffer.alloc(0)), Buffer.from([0, 0])]);
    const octets = Buffer.concat([Buffer.from([0x24, 0x80]), tlv(0x04, Buffer.from('ab')), inner, Buffer.from([0, 0])]);
    const longInteger = Buffer.from([0x30, 0x81, 0x03, 0x02, 0x01, 0x05]); // a definite subtree with a non-minimal length
    const ber = Buffer.concat([Buffer.from([0x30, 0x80]), octets, longInteger, Buffer.from([0, 0])]);
    const { der } = normalizeBer(ber);
    expect(der.toString('hex')).toBe(Buffer.concat([Buffer.from([0x30, 0x0b]), tlv(0x04, Buffer.from('abc')), longInteger]).toString('hex'));
    expect(() => parseDer(der)).not.toThrow();
  });

  it('any DER tree sent as BER (indefinite lengths, strings in chunks of any size) comes back as the same DER', () => {
    const primitive: fc.Arbitrary<Node> = fc.record({
      tag: fc.constantFrom(0x02, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x1e, 0x80, 0x81),
      content: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    });
    const tree = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        primitive,
        fc.record({ tag: fc.constantFrom(0x30, 0x31, 0xa0, 0xa3), children: fc.array(tie('node'), { maxLength: 6 }) }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, fc.integer({ min: 1, max: 40 }), fc.boolean(), (node, chunk, strings) => {
        const der = encodeDer(node);
        const ber = encodeBer(node, { chunk, strings });
        expect(normalizeBer(ber).der.equals(der)).toBe(true);
        expect(normalizeBer(der).der).toBe(der);
      }),
      { numRuns: 300, seed: 1999 },
    );
  });

  it('a constructed BMPString in chunks becomes one BMPString', () => {
    const ber = chunked(0x1e, Buffer.from('\u0000A\u0000B', 'latin1'));
    expect(normalizeBer(ber).der.toString('hex')).toBe('1e0400410042');
  });

  it('refuses what is not BER, with unreadable', () => {
    const code = (bytes: Buffer) => {
      try {
        normalizeBer(bytes, createBudget());
        return 'ok';
      } catch (error) {
        return (error as CertDeskError).code;
      }
    };
    expect(code(Buffer.from([0x30, 0x80, 0x02, 0x01, 0x01]))).toBe('unreadable'); // no end-of-contents
    expect(code(Buffer.from([0x04, 0x80, 0x00, 0x00]))).toBe('unreadable'); // indefinite primitive
    expect(code(Buffer.from([0x24, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00]))).toBe('unreadable'); // an INTEGER chunk in an OCTET STRING
    expect(code(Buffer.concat([Buffer.alloc(200).fill(Buffer.from([0x30, 0x80]))]))).toBe('unreadable'); // too deep
    expect(code(Buffer.from([0x30, 0x88, 0, 0, 0, 0, 0, 0, 0, 3, 2, 1, 1]))).toBe('ok'); // 8 length octets, leading zeros
  });

  it('over-long length octets (BER leading zeros) are written anew, so the strict DER reader takes the result', () => {
    const ber = Buffer.from('3088000000000000000a02850000000001050400', 'hex'); // SEQUENCE { INTEGER 5 (5 length octets), OCTET STRING "" }
    const { der, changed } = normalizeBer(ber);
    expect(changed).toBe(true);
    expect(der.toString('hex')).toBe('300502010504' + '00');
    expect(() => parseDer(der)).not.toThrow();
  });
});
