// summarize() against openssl's own answers for the same certificates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amtHierarchy, Pki } from '../../support/openssl';
import { readContainer } from '../../../electron/engine/pki/read';
import { summarize } from '../../../electron/engine/pki/summary';
import { parseCertificate } from '../../../electron/engine/pki/x509';

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;

beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki);
});
afterAll(() => pki.cleanup());

function opensslText(file: string): string {
  return pki.run(['x509', '-in', file, '-noout', '-text']).toString();
}

describe('summarize', () => {
  it('matches openssl for an AMT leaf', () => {
    const s = summarize(parseCertificate(pki.der(h.leaf.cert)));
    const f = pki.facts(h.leaf.cert);
    expect(s.sha1).toBe(f.sha1);
    expect(s.sha256).toBe(f.sha256);
    expect(s.subject).toBe(f.subject);
    expect(s.serialNumber).toBe(f.serial.toUpperCase());
    expect(s.notBefore).toBe(f.notBefore.toISOString());
    expect(s.notAfter).toBe(f.notAfter.toISOString());
    const issuer = pki.run(['x509', '-in', h.leaf.cert, '-noout', '-issuer', '-nameopt', 'RFC2253']).toString().replace(/^issuer=/, '').trim();
    expect(s.issuer).toBe(issuer);
    expect(s.subjectAttributes.map((a) => a.type)).toEqual(['O', 'OU', 'CN']);
    expect(s.keyAlgorithm).toBe('RSA');
    expect(opensslText(h.leaf.cert)).toContain(`Public-Key: (${s.keySize} bit)`);
    expect(s.signatureHash).toBe('SHA-256');
    expect(opensslText(h.leaf.cert)).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(s.isCA).toBe(false);
    expect(s.selfSigned).toBe(false);
    expect(s.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '2.16.840.1.113741.1.2.3']);
    expect(s.dnsNames).toEqual(['prov.corp.example.com']);
  });

  it('marks a root as CA and self-signed', () => {
    const s = summarize(parseCertificate(pki.der(h.root.cert)));
    expect(s.isCA).toBe(true);
    expect(s.selfSigned).toBe(true);
    expect(s.extendedKeyUsage).toEqual([]);
    expect(s.dnsNames).toEqual([]);
    expect(s.subject).toBe(pki.facts(h.root.cert).subject);
  });

  it('strips the DER sign byte of a high serial, as openssl prints it', () => {
    pki.run(['req', '-x509', '-new', '-key', h.root.key, '-subj', '/CN=serial', '-set_serial', '0xF234567890ABCDEF', '-days', '1', '-out', 'serial.pem']);
    const cert = parseCertificate(pki.der('serial.pem'));
    expect(cert.serialHex.startsWith('00')).toBe(true);
    const s = summarize(cert);
    expect(s.serialNumber).toBe(pki.facts('serial.pem').serial.toUpperCase());
    expect(s.serialNumber).toBe('F234567890ABCDEF');
  });

  it.each([
    ['ec:P-256', 'EC', 'sha256', 'SHA-256'],
    ['ec:P-384', 'EC', 'sha384', 'SHA-384'],
    ['rsa:1024', 'RSA', 'sha1', 'SHA-1'],
    ['rsa:4096', 'RSA', 'sha512', 'SHA-512'],
  ])('key %s signed with %s', (spec, algorithm, hash, hashName) => {
    const name = `k_${spec.replace(':', '_')}_${hash}`;
    const root = pki.root(name, { keySpec: spec, hash });
    const s = summarize(readContainer(pki.read(root.cert)).certificates[0]);
    expect(s.keyAlgorithm).toBe(algorithm);
    const text = opensslText(root.cert);
    expect(text).toContain(`Public-Key: (${s.keySize} bit)`);
    expect(s.signatureHash).toBe(hashName);
    expect(s.selfSigned).toBe(true);
  });

  it('reads the PSS hash from the signature parameters', () => {
    pki.run([
      'req', '-x509', '-new', '-key', h.root.key, '-subj', '/CN=pss', '-days', '1', '-sha384',
      '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-out', 'pss.pem',
    ]);
    const s = summarize(parseCertificate(pki.der('pss.pem')));
    expect(opensslText('pss.pem')).toContain('rsassaPss');
    expect(s.signatureHash).toBe('SHA-384');
    expect(s.selfSigned).toBe(true);
  });
});
