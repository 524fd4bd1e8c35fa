// Linking a private key to its certificate: byte compare, key material (RSA modulus, EC x coordinate),
// then node:crypto's normalised encoding (a compressed EC point in the certificate, odd parameters).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pki } from '../../support/openssl';
import { buildChain } from '../../../electron/engine/pki/chain';
import { keyMatchesCertificate, spkiOfPrivateKey } from '../../../electron/engine/pki/keys';
import { readContainer } from '../../../electron/engine/pki/read';
import type { PrivateKeyEntry } from '../../../electron/engine/pki/types';
import { parseCertificate } from '../../../electron/engine/pki/x509';

let pki: Pki;
beforeAll(() => {
  pki = new Pki();
});
afterAll(() => pki.cleanup());

function entry(keyFile: string): PrivateKeyEntry {
  const pkcs8 = pki.run(['pkcs8', '-topk8', '-nocrypt', '-in', keyFile, '-outform', 'DER']);
  return { pkcs8, spki: spkiOfPrivateKey(pkcs8) };
}

describe('keyMatchesCertificate', () => {
  it('a certificate that carries its EC key as a compressed point matches the key (and only that key)', () => {
    pki.key('ec-plain', 'ec:P-256');
    pki.run(['ec', '-in', 'ec-plain.key', '-conv_form', 'compressed', '-out', 'ec-compressed.key']);
    pki.run(['req', '-x509', '-new', '-key', 'ec-compressed.key', '-subj', '/CN=compressed', '-days', '1', '-out', 'compressed.pem']);
    const text = pki.run(['x509', '-in', 'compressed.pem', '-noout', '-text']).toString();
    expect(text).toMatch(/pub:\s*\n\s*0[23]:/);
    const cert = parseCertificate(pki.der('compressed.pem'));
    expect([0x02, 0x03]).toContain(cert.publicKey.keyBytes[0]);

    // The same key read from its uncompressed form: the SPKI bytes differ, and node:crypto keeps the
    // certificate's point compressed when it re-encodes it, so only the key material links them.
    const key = entry('ec-plain.key');
    expect(key.spki.equals(cert.publicKey.spki)).toBe(false);
    expect(keyMatchesCertificate(key, cert)).toBe(true);
    expect(keyMatchesCertificate(entry('ec-compressed.key'), cert)).toBe(true);
    expect(keyMatchesCertificate(entry(pki.key('ec-other', 'ec:P-256')), cert)).toBe(false);
    expect(keyMatchesCertificate(entry(pki.key('rsa-other')), cert)).toBe(false);

    // End to end: a PFX of that certificate and key (openssl pkcs12 -export checks that they match); the
    // key picks the leaf among others.
    const other = pki.root('ec-stranger', { keySpec: 'ec:P-256' });
    const file = 'compressed.pfx';
    pki.run(['pkcs12', '-export', '-inkey', 'ec-plain.key', '-in', 'compressed.pem', '-certfile', other.cert, '-out', file, '-passout', 'pass:pw']);
    const c = readContainer(pki.read(file), 'pw');
    const r = buildChain(c.certificates, c.privateKeys);
    expect(r.leaf?.sha256).toBe(cert.sha256);
    expect(r.keyMatchesLeaf).toBe(true);
  });

  it('RSA: the modulus decides; a key never matches another key\'s certificate', () => {
    const a = pki.root('rsa-a');
    const b = pki.root('rsa-b');
    const [certA, certB] = [a, b].map((i) => parseCertificate(pki.der(i.cert)));
    const keyA = entry(a.key);
    expect(keyMatchesCertificate(keyA, certA)).toBe(true);
    expect(keyMatchesCertificate(keyA, certB)).toBe(false);
    // 200 certificates of other keys and one of the key: only that one is the leaf.
    const strangers = Array.from({ length: 200 }, () => certB);
    const r = buildChain([...strangers, certA], [keyA]);
    expect(r.leaf?.sha256).toBe(certA.sha256);
    expect(r.keyMatchesLeaf).toBe(true);
  });
});
