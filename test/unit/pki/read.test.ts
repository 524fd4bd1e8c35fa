// readContainer on PEM, DER, PKCS#7 and PKCS#10 made by openssl; answers compared with openssl's.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { amtHierarchy, Pki } from '../../support/openssl';
import { createBudget } from '../../../electron/engine/pki/budget';
import { readContainer } from '../../../electron/engine/pki/read';
import { parseRequest } from '../../../electron/engine/pki/pkcs10';
import { summarizeRequest } from '../../../electron/engine/pki/summary';
import { buildChain } from '../../../electron/engine/pki/chain';
import type * as der from '../../../electron/engine/pki/der';
import type * as x509 from '../../../electron/engine/pki/x509';
import { parseCertificate } from '../../../electron/engine/pki/x509';
import { CertDeskError } from '../../../shared/errors';

// Work counters for the big-bundle tests, which count work instead of timing it (speed is `npm run bench`'s
// job): ASN.1 elements handed out by der.ts's readers, certificates parsed, signatures verified (isSignedBy,
// the one place a signature is verified) and byte-for-byte Buffer comparisons (certificate dedupe, name
// matching). Pass-through wrappers: every other test of this file runs the real code unchanged.
const work = vi.hoisted(() => ({ elements: 0, parses: 0, verifications: 0, comparisons: 0 }));
vi.mock('../../../electron/engine/pki/der', async (importOriginal) => {
  const actual = await importOriginal<typeof der>();
  return {
    ...actual,
    readTlv: (...args: Parameters<typeof actual.readTlv>) => {
      work.elements++;
      return actual.readTlv(...args);
    },
    parseDer: (...args: Parameters<typeof actual.parseDer>) => {
      work.elements++;
      return actual.parseDer(...args);
    },
    children: (tlv: der.Tlv) => {
      const out = actual.children(tlv);
      work.elements += out.length;
      return out;
    },
    eachChild: (tlv: der.Tlv, visit: (child: der.Tlv, index: number) => boolean | void) =>
      actual.eachChild(tlv, (child, index) => {
        work.elements++;
        return visit(child, index);
      }),
  };
});
vi.mock('../../../electron/engine/pki/x509', async (importOriginal) => {
  const actual = await importOriginal<typeof x509>();
  return {
    ...actual,
    parseCertificate: (input: Buffer) => {
      work.parses++;
      return actual.parseCertificate(input);
    },
    isSignedBy: (cert: x509.Certificate, issuer: x509.Certificate) => {
      work.verifications++;
      return actual.isSignedBy(cert, issuer);
    },
  };
});

type Work = typeof work;

/** The work `fn` does, by the counters above; Buffer comparisons are counted only while it runs. */
function measure<T>(fn: () => T): { result: T; work: Work; total: number } {
  Object.assign(work, { elements: 0, parses: 0, verifications: 0, comparisons: 0 });
  const equals = Buffer.prototype.equals;
  Buffer.prototype.equals = function (this: Buffer, other: Uint8Array): boolean {
    work.comparisons++;
    return equals.call(this, other);
  };
  try {
    const result = fn();
    const counted = { ...work };
    return { result, work: counted, total: counted.elements + counted.parses + counted.verifications + counted.comparisons };
  } finally {
    Buffer.prototype.equals = equals;
  }
}

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;
let sha: { leaf: string; inter: string; root: string };

beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki);
  sha = { leaf: pki.facts(h.leaf.cert).sha256, inter: pki.facts(h.intermediate.cert).sha256, root: pki.facts(h.root.cert).sha256 };
});
afterAll(() => pki.cleanup());

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CertDeskError);
    return (error as CertDeskError).code;
  }
  return 'no error';
}

const pem = (name: string) => pki.read(name).toString();
const spkiOf = (key: string) => pki.run(['pkey', '-in', key, '-pubout', '-outform', 'DER']);

describe('PEM', () => {
  it('several blocks, CRLF, BOM, text before, between and after, any order', () => {
    const text =
      '\ufeffBag Attributes\r\n    friendlyName: something\r\nsubject=/CN=whatever\r\n' +
      pem(h.root.cert).replace(/\n/g, '\r\n') +
      '\r\nsome text between blocks\r\n' +
      pem(h.leaf.cert).replace(/\n/g, '\r\n') +
      pem(h.intermediate.cert).replace(/\n/g, '\r\n') +
      'trailing text\r\n';
    const c = readContainer(Buffer.from(text, 'utf8'));
    expect(c.format).toBe('x509-pem');
    expect(c.certificates.map((x) => x.sha256)).toEqual([sha.root, sha.leaf, sha.inter]);
    expect(c.privateKeys).toEqual([]);
  });

  it('TRUSTED CERTIFICATE (openssl x509 -trustout): the certificate, trust data ignored', () => {
    pki.run(['x509', '-in', h.root.cert, '-trustout', '-addtrust', 'serverAuth', '-setalias', 'My Root', '-out', 'trusted.pem']);
    expect(pem('trusted.pem')).toContain('BEGIN TRUSTED CERTIFICATE');
    const c = readContainer(pki.read('trusted.pem'));
    expect(c.certificates.map((x) => x.sha256)).toEqual([sha.root]);
  });

  it('certificate + unencrypted key (PKCS#8, PKCS#1 RSA, SEC1 EC)', () => {
    const c = readContainer(Buffer.from(pem(h.leaf.cert) + pem(h.leaf.key)));
    expect(c.privateKeys).toHaveLength(1);
    expect(c.privateKeys[0].spki.equals(spkiOf(h.leaf.key))).toBe(true);
    expect(buildChain(c.certificates, c.privateKeys).keyMatchesLeaf).toBe(true);

    pki.run(['pkey', '-in', h.leaf.key, '-traditional', '-out', 'leaf-rsa.key']);
    expect(pem('leaf-rsa.key')).toContain('BEGIN RSA PRIVATE KEY');
    const rsa = readContainer(Buffer.from(pem('leaf-rsa.key') + pem(h.leaf.cert)));
    expect(rsa.privateKeys[0].spki.equals(spkiOf(h.leaf.key))).toBe(true);

    const ec = pki.root('ecroot', { keySpec: 'ec:P-256' });
    pki.run(['pkey', '-in', ec.key, '-traditional', '-out', 'ec-sec1.key']);
    expect(pem('ec-sec1.key')).toContain('BEGIN EC PRIVATE KEY');
    const e = readContainer(Buffer.from(pem(ec.cert) + pem('ec-sec1.key')));
    expect(e.privateKeys[0].spki.equals(spkiOf(ec.key))).toBe(true);
    expect(buildChain(e.certificates, e.privateKeys).keyMatchesLeaf).toBe(true);
  });

  it('encrypted PKCS#8 key: right, wrong and missing password; legacy Proc-Type encrypted RSA key', () => {
    pki.run(['pkcs8', '-topk8', '-in', h.leaf.key, '-v2', 'aes-256-cbc', '-passout', 'pass:pässwörd', '-out', 'enc.key']);
    const bytes = Buffer.from(pem(h.leaf.cert) + pem('enc.key'));
    const c = readContainer(bytes, 'pässwörd');
    expect(c.privateKeys[0].spki.equals(spkiOf(h.leaf.key))).toBe(true);
    expect(codeOf(() => readContainer(bytes, 'nope'))).toBe('wrong-password');
    expect(codeOf(() => readContainer(bytes))).toBe('wrong-password');

    pki.run(['rsa', '-in', h.leaf.key, '-traditional', '-aes128', '-passout', 'pass:secret', '-out', 'legacy-enc.key']);
    expect(pem('legacy-enc.key')).toContain('Proc-Type: 4,ENCRYPTED');
    const legacy = Buffer.from(pem(h.leaf.cert) + pem('legacy-enc.key'));
    expect(readContainer(legacy, 'secret').privateKeys).toHaveLength(1);
    expect(codeOf(() => readContainer(legacy, 'wrong'))).toBe('wrong-password');
  });

  it('a key alone is unsupported-format (no certificate); a CRL is unsupported-format', () => {
    expect(codeOf(() => readContainer(pki.read(h.leaf.key)))).toBe('unsupported-format');
    expect(codeOf(() => readContainer(pki.run(['pkey', '-in', h.leaf.key, '-outform', 'DER'])))).toBe('unsupported-format');
    expect(codeOf(() => readContainer(pki.run(['pkey', '-in', h.leaf.key, '-pubout'])))).toBe('unsupported-format');
    pki.run(['req', '-new', '-x509', '-key', h.root.key, '-subj', '/CN=crl', '-days', '1', '-out', 'crlca.pem']);
    const crl = makeCrl();
    expect(codeOf(() => readContainer(crl.pem))).toBe('unsupported-format');
    expect(codeOf(() => readContainer(crl.der))).toBe('unsupported-format');
  });

  it('corrupt base64 inside a block → unreadable naming the block', () => {
    const text = pem(h.leaf.cert);
    const lines = text.split('\n');
    lines[3] = lines[3].slice(0, 10) + '!@#$' + lines[3].slice(14);
    try {
      readContainer(Buffer.from(lines.join('\n')));
      expect.unreachable();
    } catch (error) {
      expect((error as CertDeskError).code).toBe('unreadable');
      expect((error as Error).message).toContain('CERTIFICATE');
    }
    // A missing END line.
    expect(codeOf(() => readContainer(Buffer.from(text.slice(0, text.indexOf('-----END')))))).toBe('unreadable');
  });

  it('base64 without armour (as some CAs send)', () => {
    const bare = pki.der(h.leaf.cert).toString('base64').replace(/(.{76})/g, '$1\r\n');
    const c = readContainer(Buffer.from(bare));
    expect(c.format).toBe('x509-der');
    expect(c.certificates[0].sha256).toBe(sha.leaf);
  });
});

function makeCrl(): { pem: Buffer; der: Buffer } {
  const conf = `[ ca ]\ndefault_ca = c\n[ c ]\ndatabase = crl.db\ndefault_md = sha256\ndefault_crl_days = 1\n`;
  writeFileSync(pki.path('crl.cnf'), conf);
  writeFileSync(pki.path('crl.db'), '');
  pki.run(['ca', '-gencrl', '-config', 'crl.cnf', '-keyfile', h.root.key, '-cert', h.root.cert, '-out', 'x.crl']);
  return { pem: pki.read('x.crl'), der: pki.run(['crl', '-in', 'x.crl', '-outform', 'DER']) };
}

describe('DER', () => {
  it('a DER certificate (also with a trailing newline)', () => {
    const der = pki.der(h.leaf.cert);
    const c = readContainer(der);
    expect(c.format).toBe('x509-der');
    expect(c.certificates[0].sha256).toBe(sha.leaf);
    expect(readContainer(Buffer.concat([der, Buffer.from('\r\n')])).certificates).toHaveLength(1);
  });
});

describe('PKCS#7', () => {
  it('PEM and DER bundles from openssl crl2pkcs7', () => {
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', h.leaf.cert, '-certfile', h.intermediate.cert, '-certfile', h.root.cert, '-out', 'b.p7b']);
    const p = readContainer(pki.read('b.p7b'));
    expect(p.format).toBe('pkcs7');
    expect(p.certificates.map((c) => c.sha256)).toEqual([sha.leaf, sha.inter, sha.root]);
    const der = pki.run(['pkcs7', '-in', 'b.p7b', '-outform', 'DER']);
    const d = readContainer(der);
    expect(d.format).toBe('pkcs7');
    expect(d.certificates.map((c) => c.sha256)).toEqual([sha.leaf, sha.inter, sha.root]);
    // openssl lists the same certificates.
    const listed = pki.run(['pkcs7', '-in', 'b.p7b', '-print_certs', '-noout']).toString();
    expect(listed.match(/subject=/g)).toHaveLength(3);
  });

  it('an empty (no certificates) bundle', () => {
    pki.run(['crl2pkcs7', '-nocrl', '-out', 'empty.p7b']);
    const c = readContainer(pki.read('empty.p7b'));
    expect(c.format).toBe('pkcs7');
    expect(c.certificates).toEqual([]);
  });

  it('10,000 certificates (3 distinct) in one SignedData: each distinct one parsed once; the chain costs what 3 do', () => {
    const ders = [h.leaf, h.intermediate, h.root].map((i) => pki.der(i.cert));
    const certs: Buffer[] = [];
    for (let i = 0; i < 10_000; i++) certs.push(ders[i % 3]);
    const p7 = signedData(certs);
    // openssl agrees the structure is a valid PKCS#7 with 10,000 certificates.
    writeFileSync(pki.path('big.p7b'), p7);
    pki.run(['pkcs7', '-inform', 'DER', '-in', 'big.p7b', '-print_certs', '-noout', '-out', 'big.txt']);
    const printed = pki.read('big.txt').toString();
    expect(printed.match(/subject=/g)).toHaveLength(10_000);
    // Work counted, not timed: a repeat is recognised (one byte-for-byte comparison) and shares the parsed
    // certificate, so three certificates are parsed, not 10,000.
    const read = measure(() => readContainer(p7));
    const c = read.result;
    expect(c.certificates).toHaveLength(10_000);
    expect(new Set(c.certificates).size).toBe(3);
    expect(read.work.parses).toBe(3);
    expect(read.work.comparisons).toBeLessThanOrEqual(10_000);
    // buildChain over the 10,000 does the work of buildChain over the 3 distinct ones (parsed afresh: the
    // signature cache is per certificate object).
    const big = measure(() => buildChain(c.certificates, []));
    expect(big.result.chain.map((l) => l.cert.sha256)).toEqual([sha.leaf, sha.inter, sha.root]);
    const fresh = ders.map((d) => parseCertificate(d));
    const three = measure(() => buildChain(fresh, []));
    expect(three.result.chain.map((l) => l.cert.sha256)).toEqual([sha.leaf, sha.inter, sha.root]);
    expect(big.work.verifications).toBe(three.work.verifications);
    // Dedupe looks at all 10,000; nothing else does more than for three.
    expect(big.work.comparisons).toBeLessThanOrEqual(three.work.comparisons);
    expect(big.work.elements).toBeLessThanOrEqual(three.work.elements);
  });

  /** N distinct certificates: the leaf with the serial patched (the signature no longer verifies; reading does not check it). */
  const distinct = (n: number): Buffer[] => {
    const der = pki.der(h.leaf.cert);
    // The serial INTEGER of the tbsCertificate: 30 82 LL LL 30 82 LL LL A0 03 02 01 02 02 <len> <serial>.
    const serialAt = 15;
    expect(der[13]).toBe(0x02);
    const certs: Buffer[] = [];
    for (let i = 0; i < n; i++) {
      const copy = Buffer.from(der);
      copy.writeUInt16BE(i, serialAt + der[14] - 2);
      certs.push(copy);
    }
    return certs;
  };

  it('10,000 distinct certificates parse linearly: 10 times the certificates, 10 times the work (not 100)', () => {
    // The parser's growth, not the budget: 10,000 distinct certificates are past a read's budget (refused below).
    const reads = [1_000, 10_000].map((n) => {
      const read = measure(() => readContainer(signedData(distinct(n)), undefined, createBudget(Number.POSITIVE_INFINITY)));
      expect(new Set(read.result.certificates.map((x) => x.sha256)).size).toBe(n);
      expect(read.work.parses).toBe(n);
      return read;
    });
    const [small, large] = reads;
    expect(small.total).toBeGreaterThan(1_000);
    const ratio = large.total / small.total;
    expect(ratio, JSON.stringify({ small: small.work, large: large.work })).toBeGreaterThan(9);
    expect(ratio, JSON.stringify({ small: small.work, large: large.work })).toBeLessThan(11);
    // With the read's own budget, the 10,000 are refused with a sentence, not parsed.
    let refused: unknown;
    try {
      readContainer(signedData(distinct(10_000)));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(CertDeskError);
    expect((refused as CertDeskError).code).toBe('unsupported-format');
    expect((refused as CertDeskError).message).toMatch(/more work than CertDesk allows for one file \(certificates: more than [\d,]+ certificates\)/);
  });

  it('buildChain over 1,000 and 10,000 distinct same-name leaves: linear work, signatures checked on the returned chain only', () => {
    const chains = [1_000, 10_000].map((n) => {
      // Parsed afresh for each run: the signature cache is per certificate object.
      const ca = [h.intermediate, h.root].map((i) => parseCertificate(pki.der(i.cert)));
      const leaves = readContainer(signedData(distinct(n)), undefined, createBudget(Number.POSITIVE_INFINITY)).certificates;
      const built = measure(() => buildChain([...leaves, ...ca], []));
      const { chain } = built.result;
      expect(chain.map((l) => l.cert.sha256)).toEqual([leaves[0].sha256, sha.inter, sha.root]);
      // Each link's signature tried for at most 8 candidates (chain.ts MAX_CANDIDATES), whatever the file holds.
      expect(built.work.verifications).toBeGreaterThan(0);
      expect(built.work.verifications).toBeLessThanOrEqual(8 * chain.length);
      return built;
    });
    const [small, large] = chains;
    expect(large.work.verifications).toBe(small.work.verifications);
    expect(small.total).toBeGreaterThan(1_000);
    expect(large.total / small.total, JSON.stringify({ small: small.work, large: large.work })).toBeLessThan(11);
  });
});

describe('PKCS#10', () => {
  it('PEM and DER requests with extensions; signature verified', () => {
    pki.run([
      'req', '-new', '-key', h.leaf.key, '-subj', '/O=corp.example.com/OU=Intel(R) Client Setup Certificate/CN=prov.corp.example.com',
      '-addext', 'subjectAltName=DNS:prov.corp.example.com,DNS:alt.corp.example.com',
      '-addext', 'extendedKeyUsage=serverAuth,2.16.840.1.113741.1.2.3', '-out', 'req.csr',
    ]);
    const ok = spawnSync('openssl', ['req', '-in', 'req.csr', '-verify', '-noout'], { cwd: pki.dir });
    expect(ok.stdout.toString() + ok.stderr.toString()).toMatch(/verify OK/);
    const c = readContainer(pki.read('req.csr'));
    expect(c.format).toBe('pkcs10');
    expect(c.certificates).toEqual([]);
    const r = summarizeRequest(c.request!);
    const subject = pki.run(['req', '-in', 'req.csr', '-noout', '-subject', '-nameopt', 'RFC2253']).toString().replace(/^subject=/, '').trim();
    expect(r.subject).toBe(subject);
    expect(r.signatureValid).toBe(true);
    expect(r.signatureHash).toBe('SHA-256');
    expect(r.keyAlgorithm).toBe('RSA');
    expect(r.keySize).toBe(2048);
    expect(r.dnsNames).toEqual(['prov.corp.example.com', 'alt.corp.example.com']);
    expect(r.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '2.16.840.1.113741.1.2.3']);
    expect(c.request!.publicKey.spki.equals(spkiOf(h.leaf.key))).toBe(true);

    const der = pki.run(['req', '-in', 'req.csr', '-outform', 'DER']);
    const d = readContainer(der);
    expect(d.format).toBe('pkcs10');
    expect(d.request!.signatureValid).toBe(true);

    const newLabel = pem('req.csr').replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST');
    expect(readContainer(Buffer.from(newLabel)).request!.signatureValid).toBe(true);
  });

  it('a tampered request → signatureValid false (openssl agrees)', () => {
    pki.run(['req', '-new', '-key', h.leaf.key, '-subj', '/CN=tamper.example.com', '-out', 'tamper.csr']);
    const der = Buffer.from(pki.run(['req', '-in', 'tamper.csr', '-outform', 'DER']));
    const at = der.indexOf(Buffer.from('tamper.example.com'));
    der[at] = 'T'.charCodeAt(0);
    writeFileSync(pki.path('tampered.der'), der);
    const verify = spawnSync('openssl', ['req', '-inform', 'DER', '-in', 'tampered.der', '-verify', '-noout'], { cwd: pki.dir });
    expect(verify.stdout.toString() + verify.stderr.toString()).toMatch(/verify failure/);
    expect(parseRequest(der).signatureValid).toBe(false);
    expect(readContainer(der).request!.signatureValid).toBe(false);
  });

  it.each([
    ['ec:P-256', [], 'SHA-256', 'EC', 256],
    ['ec:P-384', ['-sha384'], 'SHA-384', 'EC', 384],
    ['rsa:2048', ['-sha512', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20'], 'SHA-512', 'RSA', 2048],
  ] as const)('%s request signature', (spec, args, hash, alg, bits) => {
    const key = pki.key(`csr-${spec.replace(':', '')}-${hash}`, spec);
    pki.run(['req', '-new', '-key', key, '-subj', '/CN=x', ...args, '-out', 'x.csr']);
    const r = summarizeRequest(readContainer(pki.read('x.csr')).request!);
    expect(r.signatureValid).toBe(true);
    expect(r.signatureHash).toBe(hash);
    expect(r.keyAlgorithm).toBe(alg);
    expect(r.keySize).toBe(bits);
  });
});

// ---------------------------------------------------------------- DER builder for a large SignedData

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}
export function signedData(certs: Buffer[]): Buffer {
  const signed = tlv(
    0x30,
    Buffer.concat([
      Buffer.from([0x02, 0x01, 0x01]),
      Buffer.from([0x31, 0x00]),
      tlv(0x30, Buffer.from('06092a864886f70d010701', 'hex')),
      tlv(0xa0, Buffer.concat(certs)),
      Buffer.from([0x31, 0x00]),
    ]),
  );
  return tlv(0x30, Buffer.concat([Buffer.from('06092a864886f70d010702', 'hex'), tlv(0xa0, signed)]));
}
