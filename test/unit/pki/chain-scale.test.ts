// Chain building on files built to hurt and on big bundles: the chain result, and how many signatures
// were checked (counted at isSignedBy, the one place a signature is verified), never a timing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { amtHierarchy, Pki } from '../../support/openssl';
import { buildChain, isSelfSigned } from '../../../electron/services/pki/chain';
import { readContainer } from '../../../electron/services/pki/read';
import { summarize } from '../../../electron/services/pki/summary';
import * as x509 from '../../../electron/services/pki/x509';
import { type Certificate, parseCertificate } from '../../../electron/services/pki/x509';

const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../electron/services/pki/x509', async (importOriginal) => {
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
 * `count` self-signed certificates that share one subject name and one key, made by one `openssl ca
 * -selfsign` run (one request signed again and again, serials counting up). `extensions` is the
 * extension section: with or without key identifiers.
 */
function sameNameSelfSigned(name: string, count: number, extensions: string): Certificate[] {
  const key = pki.key(name);
  pki.run(['req', '-new', '-key', key, '-subj', '/CN=Same Name', '-out', `${name}.csr`]);
  writeFileSync(pki.path(`${name}.db`), '');
  writeFileSync(pki.path(`${name}.serial`), '1000\n');
  mkdirOut(name);
  writeFileSync(
    pki.path(`${name}.cnf`),
    `[ ca ]\ndefault_ca = tmp\n[ tmp ]\ndatabase = ${name}.db\nserial = ${name}.serial\nnew_certs_dir = ${name}.out\n` +
      `policy = any\nunique_subject = no\ncopy_extensions = none\ndefault_md = sha256\ndefault_days = 30\n` +
      `[ any ]\ncommonName = optional\n[ ext ]\n${extensions}\n`,
  );
  pki.run(['ca', '-batch', '-selfsign', '-config', `${name}.cnf`, '-keyfile', key, '-extensions', 'ext', '-notext', '-out', `${name}.pem`, '-infiles', ...Array(count).fill(`${name}.csr`)]);
  const serials = Array.from({ length: count }, (_, i) => (0x1000 + i).toString(16).toUpperCase());
  return serials.map((s) => parseCertificate(derOf(`${name}.out/${s}.pem`)));
}

/** The DER of a PEM certificate file that openssl wrote (no openssl run per certificate). */
function derOf(file: string): Buffer {
  const pem = readFileSync(pki.path(file), 'latin1');
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function mkdirOut(name: string): void {
  mkdirSync(pki.path(`${name}.out`), { recursive: true });
}

describe('many certificates that share one subject name', () => {
  it.each([
    ['without key identifiers', 'same-noids', 'basicConstraints = critical, CA:TRUE'],
    ['with key identifiers', 'same-ids', 'basicConstraints = critical, CA:TRUE\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always'],
  ])('300 self-signed, one name, one key (%s): one link, a handful of signature checks', (_label, name, extensions) => {
    const certs = sameNameSelfSigned(name, 300, extensions);
    expect(new Set(certs.map((c) => c.sha256)).size).toBe(300);
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
    const key = pki.key('same-b');
    pki.run(['req', '-new', '-key', key, '-subj', '/CN=Same Name', '-out', 'same-b.csr']);
    writeFileSync(pki.path('same-b.db'), '');
    writeFileSync(pki.path('same-b.serial'), '2000\n');
    mkdirOut('same-b');
    writeFileSync(
      pki.path('same-b.cnf'),
      '[ ca ]\ndefault_ca = tmp\n[ tmp ]\ndatabase = same-b.db\nserial = same-b.serial\nnew_certs_dir = same-b.out\npolicy = any\n' +
        'unique_subject = no\ncopy_extensions = none\ndefault_md = sha256\ndefault_days = 30\n[ any ]\ncommonName = optional\n[ ext ]\nbasicConstraints = CA:TRUE\n',
    );
    pki.run(['ca', '-batch', '-config', 'same-b.cnf', '-cert', signer.cert, '-keyfile', signer.key, '-extensions', 'ext', '-notext', '-out', 'same-b.pem', '-infiles', ...Array(300).fill('same-b.csr')]);
    const certs = Array.from({ length: 300 }, (_, i) => parseCertificate(derOf(`same-b.out/${(0x2000 + i).toString(16).toUpperCase()}.pem`)));

    const r = buildChain(certs, []);
    expect(r.complete).toBe(false);
    expect(r.chain.length).toBeLessThanOrEqual(32);
    expect(r.chain.some((l) => !l.signatureValid)).toBe(true);
    // At most 32 links, each trying its own signature and at most 8 candidates.
    expect(verifications.count).toBeLessThanOrEqual(32 * 9);

    // With the real signer in the file, the chain reaches it.
    verifications.count = 0;
    const signerCert = parseCertificate(pki.der(signer.cert));
    const withSigner = buildChain([signerCert, ...certs.slice(0, 5)], []);
    expect(withSigner.complete).toBe(true);
    expect(withSigner.chain.map((l) => l.cert.sha256)).toEqual([withSigner.leaf!.sha256, signerCert.sha256]);
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
