// Chain building on files built to hurt and on big bundles: the chain result, and how many signatures
// were checked (counted at isSignedBy, the one place a signature is verified), never a timing.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { amtHierarchy, Pki } from '../../support/openssl';
import { buildChain, isSelfSigned } from '../../../electron/engine/pki/chain';
import { readContainer } from '../../../electron/engine/pki/read';
import { summarize } from '../../../electron/engine/pki/summary';
import * as x509 from '../../../electron/engine/pki/x509';
import { type Certificate, parseCertificate } from '../../../electron/engine/pki/x509';

const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../electron/engine/pki/x509', async (importOriginal) => {
  const actual = await importOriginal<typeof x509>();
  return {
    ...actual,
    isSignedBy: (cert: Certificate, issuer: Certificate) => {
      verifications.count++;
      return actual.isSignedBy(cert, issuer);
    },
  };
});

const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'real-world');

let pki: Pki;
beforeAll(() => {
  pki = new Pki();
});
afterAll(() => pki.cleanup());
beforeEach(() => {
  verifications.count = 0;
});

/**
 * `count` certificates named "CN=Same Name" with the key `keyFile`, made by one `openssl ca` run (one
 * request signed again and again, serials counting up from `first`): self-signed (`-selfsign`) when no
 * signer is given, else signed by `signer`. `extensions` is the extension section.
 */
function sameName(name: string, count: number, keyFile: string, extensions: string, signer?: { cert: string; key: string }, first = 0x1000): Certificate[] {
  pki.run(['req', '-new', '-key', keyFile, '-subj', '/CN=Same Name', '-out', `${name}.csr`]);
  writeFileSync(pki.path(`${name}.db`), '');
  writeFileSync(pki.path(`${name}.serial`), `${first.toString(16)}\n`);
  mkdirSync(pki.path(`${name}.out`), { recursive: true });
  writeFileSync(
    pki.path(`${name}.cnf`),
    `[ ca ]\ndefault_ca = tmp\n[ tmp ]\ndatabase = ${name}.db\nserial = ${name}.serial\nnew_certs_dir = ${name}.out\n` +
      `policy = any\nunique_subject = no\ncopy_extensions = none\ndefault_md = sha256\ndefault_days = 30\n` +
      `[ any ]\ncommonName = optional\n[ ext ]\n${extensions}\n`,
  );
  const signing = signer ? ['-cert', signer.cert, '-keyfile', signer.key] : ['-selfsign', '-keyfile', keyFile];
  pki.run(['ca', '-batch', '-config', `${name}.cnf`, ...signing, '-extensions', 'ext', '-notext', '-out', `${name}.pem`, '-infiles', ...Array(count).fill(`${name}.csr`)]);
  return Array.from({ length: count }, (_, i) => parseCertificate(derOf(`${name}.out/${(first + i).toString(16).toUpperCase()}.pem`)));
}

/** OpenSSL 3 adds key identifiers by default; this section asks for none. */
const NO_KEY_IDS = 'subjectKeyIdentifier = none\nauthorityKeyIdentifier = none';

const hasKeyIds = (c: Certificate) => c.extensions.some((e) => e.oid === '2.5.29.14' || e.oid === '2.5.29.35');

/** The DER of a PEM certificate file that openssl wrote (no openssl run per certificate). */
function derOf(file: string): Buffer {
  const pem = readFileSync(pki.path(file), 'latin1');
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

describe('many certificates that share one subject name', () => {
  it.each([
    ['without key identifiers', 'same-noids', `basicConstraints = critical, CA:TRUE\n${NO_KEY_IDS}`],
    ['with key identifiers', 'same-ids', 'basicConstraints = critical, CA:TRUE\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always'],
  ])('300 self-signed, one name, one key (%s): one link, a handful of signature checks', (_label, name, extensions) => {
    const certs = sameName(name, 300, pki.key(name), extensions);
    expect(new Set(certs.map((c) => c.sha256)).size).toBe(300);
    expect(certs.every((c) => hasKeyIds(c) === name.endsWith('-ids'))).toBe(true);
    // openssl agrees they are self-signed: the first verifies against itself.
    const first = pki.path(`${name}.out/1000.pem`);
    expect(pki.run(['verify', '-CAfile', first, first]).toString()).toMatch(/OK/);

    verifications.count = 0;
    const r = buildChain(certs, []);
    // Every pair verifies (one key): checking candidates against each other would be 300 × 299 checks.
    expect(verifications.count).toBeLessThanOrEqual(2);
    expect(r.chain).toHaveLength(1);
    expect(r.leaf).toBe(r.chain[0].cert);
    expect(certs).toContain(r.leaf);
    expect(r.chain[0].signatureValid).toBe(true);
    expect(r.chain[0].issuerMissing).toBe(false);
    expect(r.complete).toBe(true);
    expect(r.others).toHaveLength(299);
    expect(r.others).not.toContain(r.leaf);
    // The summaries call every one of them self-signed, without a signature check each.
    expect(certs.every((c) => summarize(c).selfSigned)).toBe(true);
    expect(verifications.count).toBeLessThanOrEqual(2);
  });

  it('300 same-name certificates that are not self-signed: the walk is bounded, the chain incomplete', () => {
    // A CA "CN=Same Name" (key A) signs 300 certificates named "CN=Same Name" with key B: each names
    // itself as issuer but none verifies with its own key, and the real signer is absent.
    const signer = pki.root('same-signer', { subject: '/CN=Same Name' });
    const certs = sameName('same-b', 300, pki.key('same-b'), `basicConstraints = CA:TRUE\n${NO_KEY_IDS}`, signer, 0x2000);
    // Signed by the signer, not by their own key (node:crypto as the oracle; `openssl verify` itself
    // takes a same-name certificate without key identifiers for self-signed and stops there).
    const signerX509 = new X509Certificate(pki.read(signer.cert));
    expect(new X509Certificate(pki.read('same-b.out/2000.pem')).verify(signerX509.publicKey)).toBe(true);
    expect(new X509Certificate(pki.read('same-b.out/2000.pem')).verify(new X509Certificate(pki.read('same-b.out/2001.pem')).publicKey)).toBe(false);
    expect(certs.some(hasKeyIds)).toBe(false);

    const r = buildChain(certs, []);
    // Nothing tells the certificates apart: the walk goes as far as it may, and every link fails.
    expect(r.complete).toBe(false);
    expect(r.chain).toHaveLength(32);
    expect(r.chain.every((l) => !l.signatureValid)).toBe(true);
    // At most 32 links, each trying at most 8 candidates; but every candidate carries the one key B, and a
    // signature is checked once per (certificate, issuer key): one check per link, not nine.
    expect(verifications.count).toBe(32);

    // With the real signer in the file, the chain reaches it.
    verifications.count = 0;
    const signerCert = parseCertificate(pki.der(signer.cert));
    const withSigner = buildChain([signerCert, ...certs.slice(0, 5)], []);
    expect(withSigner.complete).toBe(true);
    expect(withSigner.chain.map((l) => l.cert.sha256)).toEqual([withSigner.leaf!.sha256, signerCert.sha256]);
  });

  it('40 same-name certificates with a 3,000-bit RSA public exponent (20 ms a check): the check budget ends the walk', () => {
    // Exponentiation by a 3,000-bit exponent makes each check cost like a private-key operation: 32
    // links × 9 tries would be seconds. openssl makes such a key (any odd exponent for ≤ 3072-bit keys).
    const exponent = (BigInt(1) << BigInt(2999)) + BigInt('0x' + 'a5'.repeat(300)) * BigInt(2) + BigInt(1);
    pki.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072', '-pkeyopt', `rsa_keygen_pubexp:${exponent}`, '-out', 'huge-e.key']);
    expect(pki.run(['pkey', '-in', 'huge-e.key', '-pubout', '-text_pub', '-noout']).toString()).toMatch(/Exponent:\s*\n\s+00:/);
    // A 3072-bit signer: its signatures have the length of the huge-exponent key, so a check really
    // exponentiates (a shorter signature is refused before any arithmetic).
    const signer = pki.root('huge-e-signer', { subject: '/CN=Same Name', keySpec: 'rsa:3072' });
    // 40 is enough: the walk may take 32 links and try 9 signatures on each.
    const certs = sameName('huge-e', 40, 'huge-e.key', `basicConstraints = CA:TRUE\n${NO_KEY_IDS}`, signer, 0x3000);
    expect(certs.some(hasKeyIds)).toBe(false);

    const r = buildChain(certs, []);
    expect(r.complete).toBe(false);
    expect(r.chain.every((l) => !l.signatureValid)).toBe(true);
    // 200 ms of checks at ≈ 22,000 µs each: 9 checks, where the walk would try 288 (5 s).
    expect(verifications.count).toBeGreaterThan(0);
    expect(verifications.count).toBeLessThanOrEqual(10);
  });
});

describe('big bundles: signatures are checked on the returned chain only', () => {
  it('1,000 leaves of one CA with the CA and the root: the leaf chain verifies with 3 checks', () => {
    const h = amtHierarchy(pki);
    const base = pki.der(h.leaf.cert);
    // Distinct leaves: the serial rewritten (their signatures no longer verify: a leaf chosen from them
    // shows a broken signature, which is what the chain must say).
    const serial = Buffer.from(pki.facts(h.leaf.cert).serial.padStart(4, '0'), 'hex');
    const at = base.indexOf(Buffer.concat([Buffer.from([0x02, 0x02]), serial])) + 2;
    const leaves = Array.from({ length: 1000 }, (_, i) => {
      const der = Buffer.from(base);
      der.writeUInt16BE(0x4000 + i, at);
      return parseCertificate(der);
    });
    const inter = parseCertificate(pki.der(h.intermediate.cert));
    const root = parseCertificate(pki.der(h.root.cert));
    const r = buildChain([...leaves, inter, root], []);
    expect(r.chain.map((l) => l.cert.sha256)).toEqual([leaves[0].sha256, inter.sha256, root.sha256]);
    expect(r.chain.map((l) => l.signatureValid)).toEqual([false, true, true]);
    expect(r.complete).toBe(false);
    expect(r.others).toHaveLength(999);
    expect(verifications.count).toBe(3);
  });

  it('the Mozilla root bundle (121 roots): one signature check, for the root that is shown as the chain', () => {
    const c = readContainer(readFileSync(join(CORPUS, 'mozilla-certifi-bundle.pem')));
    expect(c.certificates.length).toBe(121);
    const r = buildChain(c.certificates, []);
    expect(r.chain).toHaveLength(1);
    expect(r.complete).toBe(true);
    expect(r.others).toHaveLength(120);
    expect(c.certificates.every((cert) => isSelfSigned(cert))).toBe(true);
    expect(verifications.count).toBe(1);
  });
});
