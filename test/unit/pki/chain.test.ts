// buildChain over openssl-made hierarchies: ordering, leaf choice, others, completion from the catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amtHierarchy, Pki } from '../../support/openssl';
import { buildChain, isSelfSigned } from '../../../electron/engine/pki/chain';
import { keyMatchesCertificate, spkiOfPrivateKey } from '../../../electron/engine/pki/keys';
import { readContainer } from '../../../electron/engine/pki/read';
import { type Certificate, parseCertificate } from '../../../electron/engine/pki/x509';
import type { PrivateKeyEntry } from '../../../electron/engine/pki/types';

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;
let leaf: Certificate;
let inter: Certificate;
let root: Certificate;
let key: PrivateKeyEntry;

beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki);
  [leaf, inter, root] = [h.leaf, h.intermediate, h.root].map((i) => parseCertificate(pki.der(i.cert)));
  const pkcs8 = pki.run(['pkcs8', '-topk8', '-nocrypt', '-in', h.leaf.key, '-outform', 'DER']);
  key = { pkcs8, spki: spkiOfPrivateKey(pkcs8) };
});
afterAll(() => pki.cleanup());

const order = (certs: Certificate[]) => certs.map((c) => c.sha256);

describe('buildChain', () => {
  it('orders a shuffled chain leaf → intermediate → root, with and without the key', () => {
    for (const keys of [[key], []]) {
      const r = buildChain([root, leaf, inter], keys);
      expect(order(r.chain.map((l) => l.cert))).toEqual(order([leaf, inter, root]));
      expect(r.leaf?.sha256).toBe(leaf.sha256);
      expect(r.complete).toBe(true);
      expect(r.chain.every((l) => l.signatureValid && !l.fromCatalogue)).toBe(true);
      expect(r.others).toEqual([]);
      expect(r.keyMatchesLeaf).toBe(keys.length ? true : undefined);
    }
    expect(order(buildChain([inter, root, leaf], []).chain.map((l) => l.cert))).toEqual(order([leaf, inter, root]));
  });

  it('dedupes by sha256', () => {
    const r = buildChain([leaf, leaf, inter, root, inter], [key]);
    expect(r.chain).toHaveLength(3);
    expect(r.others).toEqual([]);
  });

  it('leaf only: incomplete', () => {
    const r = buildChain([leaf], [key]);
    expect(order(r.chain.map((l) => l.cert))).toEqual([leaf.sha256]);
    expect(r.complete).toBe(false);
    expect(r.chain[0].signatureValid).toBe(false);
    expect(r.keyMatchesLeaf).toBe(true);
  });

  it('an unrelated certificate goes to others', () => {
    const stranger = parseCertificate(pki.der(pki.root('stranger').cert));
    const r = buildChain([stranger, leaf, inter, root], []);
    expect(r.leaf?.sha256).toBe(leaf.sha256);
    expect(order(r.others)).toEqual([stranger.sha256]);
  });

  it('missing intermediate: incomplete, root in others', () => {
    const r = buildChain([leaf, root], [key]);
    expect(order(r.chain.map((l) => l.cert))).toEqual([leaf.sha256]);
    expect(r.complete).toBe(false);
    expect(order(r.others)).toEqual([root.sha256]);
  });

  it('completes the top from extraRoots (fromCatalogue)', () => {
    const r = buildChain([leaf, inter], [key], [parseCertificate(pki.der(pki.root('other-root').cert)), root]);
    expect(order(r.chain.map((l) => l.cert))).toEqual(order([leaf, inter, root]));
    expect(r.chain.map((l) => l.fromCatalogue)).toEqual([false, false, true]);
    expect(r.complete).toBe(true);
    expect(r.others).toEqual([]);
  });

  it('the key picks the leaf even when another end entity is present', () => {
    const other = pki.issue('other-leaf', h.intermediate, { subject: '/CN=other.corp.example.com' });
    const otherCert = parseCertificate(pki.der(other.cert));
    const r = buildChain([otherCert, root, inter, leaf], [key]);
    expect(r.leaf?.sha256).toBe(leaf.sha256);
    expect(order(r.others)).toEqual([otherCert.sha256]);
    expect(r.keyMatchesLeaf).toBe(true);
    // A key that matches nothing: keyMatchesLeaf false.
    const otherPkcs8 = pki.run(['pkcs8', '-topk8', '-nocrypt', '-in', h.root.key, '-outform', 'DER']);
    const rootKey = { pkcs8: otherPkcs8, spki: spkiOfPrivateKey(otherPkcs8) };
    expect(keyMatchesCertificate(rootKey, root)).toBe(true);
    expect(keyMatchesCertificate(rootKey, leaf)).toBe(false);
    const s = buildChain([leaf, inter], [{ ...rootKey, spki: spkiOfPrivateKey(pki.run(['pkcs8', '-topk8', '-nocrypt', '-in', other.key, '-outform', 'DER'])) }]);
    expect(s.keyMatchesLeaf).toBe(false);
  });

  it('only CA certificates: the lowest of the longest path is the leaf', () => {
    const r = buildChain([root, inter], []);
    expect(r.leaf?.sha256).toBe(inter.sha256);
    expect(order(r.chain.map((l) => l.cert))).toEqual(order([inter, root]));
    expect(r.complete).toBe(true);
  });

  it('prefers the issuer whose signature verifies when two CAs share a name', () => {
    // Same subject as the intermediate, different key: name matches but the signature does not.
    const impostor = pki.issue('impostor', h.root, { subject: '/O=CertDesk Test/CN=CertDesk Test Issuing CA', profile: 'intermediate' });
    const fake = parseCertificate(pki.der(impostor.cert));
    for (const certs of [[leaf, fake, inter, root], [leaf, inter, fake, root]]) {
      const r = buildChain(certs, [key]);
      expect(order(r.chain.map((l) => l.cert))).toEqual(order([leaf, inter, root]));
      expect(r.complete).toBe(true);
      expect(order(r.others)).toEqual([fake.sha256]);
    }
  });

  it('a bad signature on the way: incomplete', () => {
    // An intermediate with the right name but not the issuer's key, and no real one: the name matches,
    // AKI/SKI differ, so it is not accepted as the issuer.
    const impostor = pki.issue('impostor2', h.root, { subject: '/O=CertDesk Test/CN=CertDesk Test Issuing CA', profile: 'intermediate' });
    const r = buildChain([leaf, parseCertificate(pki.der(impostor.cert)), root], [key]);
    expect(r.complete).toBe(false);
    expect(r.chain[0].cert.sha256).toBe(leaf.sha256);
  });

  it('cycle-safe: two CAs cross-signing each other', () => {
    // A and B, each certified by the other's key with the other's name as issuer.
    const a = pki.root('cycA', { subject: '/CN=Cycle A' });
    const b = pki.root('cycB', { subject: '/CN=Cycle B' });
    pki.run(['req', '-new', '-key', a.key, '-subj', '/CN=Cycle A', '-out', 'cycA.csr']);
    pki.run(['req', '-new', '-key', b.key, '-subj', '/CN=Cycle B', '-out', 'cycB.csr']);
    pki.run(['x509', '-req', '-in', 'cycA.csr', '-CA', b.cert, '-CAkey', b.key, '-set_serial', '7', '-days', '1', '-extfile', 'ext.cnf', '-extensions', 'root', '-out', 'cycAbyB.pem']);
    pki.run(['x509', '-req', '-in', 'cycB.csr', '-CA', a.cert, '-CAkey', a.key, '-set_serial', '8', '-days', '1', '-extfile', 'ext.cnf', '-extensions', 'root', '-out', 'cycBbyA.pem']);
    const certs = ['cycAbyB.pem', 'cycBbyA.pem'].map((f) => parseCertificate(pki.der(f)));
    // No time bound: a walk round the cycle would hit the test timeout; speed is `npm run bench`'s job.
    const r = buildChain(certs, []);
    expect(r.chain.length).toBeLessThanOrEqual(2);
    expect(r.complete).toBe(false);
  });

  it('isSelfSigned', () => {
    expect(isSelfSigned(root)).toBe(true);
    expect(isSelfSigned(inter)).toBe(false);
    expect(isSelfSigned(leaf)).toBe(false);
  });

  it('works on a PFX read end to end', () => {
    const file = pki.pfx('c', h.leaf, [h.root, h.intermediate], { password: 'pw' });
    const c = readContainer(pki.read(file), 'pw');
    const r = buildChain(c.certificates, c.privateKeys);
    expect(order(r.chain.map((l) => l.cert))).toEqual(order([leaf, inter, root]));
  });
});
