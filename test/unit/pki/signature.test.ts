// isSignedBy checks what OpenSSL's X509_verify checks, without an X509Certificate per certificate: every
// (certificate, issuer) pair of openssl-made certificates, and tampered copies, against node:crypto's
// X509Certificate.verify as the oracle.
import { createPublicKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pki } from '../../support/openssl';
import { type Certificate, isSignedBy, parseCertificate, publicKeyObject } from '../../../electron/engine/pki/x509';

let pki: Pki;
const certs: { name: string; der: Buffer }[] = [];

beforeAll(() => {
  pki = new Pki();
  const add = (name: string, file: string) => certs.push({ name, der: pki.der(file) });
  const rsa = pki.root('rsa', { subject: '/CN=RSA Root' });
  add('rsa root', rsa.cert);
  add('rsa sha1 leaf', pki.issue('rsa-sha1', rsa, { hash: 'sha1' }).cert);
  add('rsa sha512 leaf', pki.issue('rsa-sha512', rsa, { hash: 'sha512' }).cert);
  const ec = pki.root('ec', { subject: '/CN=EC Root', keySpec: 'ec:P-384', hash: 'sha384' });
  add('ec root', ec.cert);
  add('ec leaf by ec', pki.issue('ec-leaf', ec, { keySpec: 'ec:P-256' }).cert);
  add('rsa leaf by ec', pki.issue('rsa-by-ec', ec).cert);
  add('ec leaf by rsa', pki.issue('ec-by-rsa', rsa, { keySpec: 'ec:P-256' }).cert);
  // RSASSA-PSS (goes through X509Certificate) and Ed25519.
  pki.run(['req', '-x509', '-new', '-key', rsa.key, '-subj', '/CN=PSS', '-days', '1', '-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-out', 'pss.pem']);
  add('rsa-pss self-signed', 'pss.pem');
  pki.run(['genpkey', '-algorithm', 'ED25519', '-out', 'ed.key']);
  pki.run(['req', '-x509', '-new', '-key', 'ed.key', '-subj', '/CN=Ed25519', '-days', '1', '-out', 'ed.pem']);
  add('ed25519 self-signed', 'ed.pem');
  pki.run(['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:2048', '-out', 'dsa-params.pem']);
  pki.run(['genpkey', '-paramfile', 'dsa-params.pem', '-out', 'dsa.key']);
  pki.run(['req', '-x509', '-new', '-key', 'dsa.key', '-subj', '/CN=DSA', '-days', '1', '-sha256', '-out', 'dsa.pem']);
  add('dsa self-signed', 'dsa.pem');
});
afterAll(() => pki.cleanup());

function oracle(cert: Buffer, issuer: Buffer): boolean {
  try {
    return new X509Certificate(cert).verify(createPublicKey({ key: new X509Certificate(issuer).publicKey.export({ type: 'spki', format: 'der' }), format: 'der', type: 'spki' }));
  } catch {
    return false;
  }
}

/**
 * Positions in a certificate's DER: the outer signature AlgorithmIdentifier's OID's last byte, the tbs
 * one's, the serial number's last byte (inside the signed tbs), the signature's unused-bits octet.
 */
function layout(der: Buffer) {
  /** A DER header at `at`: where the contents start and where the element ends. */
  const tlv = (at: number) => {
    const first = der[at + 1];
    const lengthBytes = first & 0x80 ? first & 0x7f : 0;
    let length = lengthBytes ? 0 : first;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + der[at + 2 + i];
    const contentStart = at + 2 + lengthBytes;
    return { contentStart, end: contentStart + length };
  };
  // AlgorithmIdentifier at `at`: SEQUENCE { OID, parameters }: the OID's last byte.
  const oidLast = (at: number) => tlv(tlv(at).contentStart).end - 1;
  const tbs = tlv(tlv(0).contentStart);
  const algAt = tbs.end;
  const sig = tlv(tlv(algAt).end);
  // Inside the tbs: [0] version, serial INTEGER, then the AlgorithmIdentifier.
  let p = tbs.contentStart;
  if (der[p] === 0xa0) p = tlv(p).end;
  const serialEnd = tlv(p).end;
  return { outerOidLast: oidLast(algAt), innerOidLast: oidLast(serialEnd), serialLast: serialEnd - 1, unusedBits: sig.contentStart };
}

describe('isSignedBy', () => {
  it('agrees with X509Certificate.verify on every pair of certificates', () => {
    let verified = 0;
    for (const c of certs) {
      for (const i of certs) {
        const expected = oracle(c.der, i.der);
        const got = isSignedBy(parseCertificate(c.der), parseCertificate(i.der));
        expect({ pair: `${c.name} by ${i.name}`, got }).toEqual({ pair: `${c.name} by ${i.name}`, got: expected });
        if (expected) verified++;
      }
    }
    // The 5 self-signed ones, the 4 leaves with their issuer, and the pairs that share the RSA root's key
    // (the PSS certificate is self-signed with it): the oracle does not answer "false" throughout.
    expect(verified).toBe(15);
  });

  it('agrees on tampered copies: signature, tbs, inner or outer algorithm, unused bits', () => {
    const rsaRoot = certs.find((c) => c.name === 'rsa root')!.der;
    const ecRoot = certs.find((c) => c.name === 'ec root')!.der;
    for (const [label, der, issuer] of [
      ['rsa sha1 leaf', certs.find((c) => c.name === 'rsa sha1 leaf')!.der, rsaRoot],
      ['ec leaf by ec', certs.find((c) => c.name === 'ec leaf by ec')!.der, ecRoot],
      ['ed25519', certs.find((c) => c.name === 'ed25519 self-signed')!.der, certs.find((c) => c.name === 'ed25519 self-signed')!.der],
    ] as const) {
      const at = layout(der);
      const variants: [string, (b: Buffer) => void][] = [
        ['signature', (b) => (b[b.length - 3] ^= 0x10)],
        ['tbs', (b) => (b[at.serialLast] ^= 0x01)],
        ['inner algorithm', (b) => (b[at.innerOidLast] ^= 0x01)],
        ['outer algorithm', (b) => (b[at.outerOidLast] ^= 0x01)],
        // The signature bytes unchanged, one unused bit declared: OpenSSL refuses it.
        ['unused bits', (b) => (b[at.unusedBits] = 0x01)],
      ];
      const checked: string[] = [];
      expect(isSignedBy(parseCertificate(der), parseCertificate(issuer))).toBe(true);
      for (const [what, tamper] of variants) {
        const bad = Buffer.from(der);
        tamper(bad);
        let cert: Certificate;
        try {
          cert = parseCertificate(bad);
        } catch {
          continue; // the tampering made it unreadable: nothing to verify
        }
        expect({ label, what, got: isSignedBy(cert, parseCertificate(issuer)) }).toEqual({ label, what, got: oracle(bad, issuer) });
        expect({ label, what, got: isSignedBy(cert, parseCertificate(issuer)) }).toEqual({ label, what, got: false });
        checked.push(what);
      }
      // Every tampered copy stays readable DER: each one reaches the signature check.
      expect({ label, checked }).toEqual({ label, checked: variants.map(([what]) => what) });
    }
  });

  it('refuses a certificate whose outer algorithm differs from the signed one, even when the signature fits the outer one', () => {
    // sha1WithRSAEncryption signed; the outer AlgorithmIdentifier swapped for the other SHA-1 RSA OID
    // (1.3.14.3.2.29): the signature still verifies with SHA-1, but X509_verify refuses the mismatch.
    const der = certs.find((c) => c.name === 'rsa sha1 leaf')!.der;
    const issuer = certs.find((c) => c.name === 'rsa root')!.der;
    const cert = parseCertificate(der);
    const [tbsLen, sigStart] = [cert.tbs.length, 4 + cert.tbs.length];
    const algLen = der[sigStart + 1] + 2;
    const signature = der.subarray(sigStart + algLen);
    const otherAlg = Buffer.from('300906052b0e03021d0500', 'hex'); // SEQUENCE { OID 1.3.14.3.2.29, NULL }
    const body = Buffer.concat([cert.tbs, otherAlg, signature]);
    expect(body.length).toBeLessThan(0x10000);
    const swapped = Buffer.concat([Buffer.from([0x30, 0x82, body.length >> 8, body.length & 0xff]), body]);
    expect(tbsLen).toBeGreaterThan(0);
    const parsed = parseCertificate(swapped);
    expect(parsed.signatureOid).toBe('1.3.14.3.2.29');
    expect(oracle(swapped, issuer)).toBe(false);
    expect(isSignedBy(parsed, parseCertificate(issuer))).toBe(false);
  });

  it('makes one key object per public key, an RSA key from its PKCS#1 form', () => {
    const rsa = parseCertificate(certs[0].der);
    const key = publicKeyObject(rsa.publicKey);
    expect(key).not.toBeNull();
    expect(publicKeyObject(rsa.publicKey)).toBe(key);
    expect(key!.asymmetricKeyType).toBe('rsa');
    expect(key!.export({ type: 'spki', format: 'der' }).equals(rsa.publicKey.spki)).toBe(true);
    const ec = parseCertificate(certs.find((c) => c.name === 'ec root')!.der);
    expect(publicKeyObject(ec.publicKey)!.export({ type: 'spki', format: 'der' }).equals(ec.publicKey.spki)).toBe(true);
  });
});
