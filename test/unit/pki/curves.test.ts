// EC keys: every named curve openssl knows has its real size and name; an unknown curve gives null with
// its OID (never 0). Keys and certificates are made by openssl at test time.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedCurves } from '../../../electron/engine/pki/curves';
import { parseDer } from '../../../electron/engine/pki/der';
import { readContainer } from '../../../electron/engine/pki/read';
import { summarize, summarizeRequest } from '../../../electron/engine/pki/summary';
import { decodeSpki } from '../../../electron/engine/pki/x509';
import { Pki } from '../../support/openssl';

let pki: Pki;

beforeAll(() => {
  pki = new Pki();
});
afterAll(() => pki.cleanup());

/**
 * openssl's named curves that have an OID, each with a public key (made by node:crypto, whose OpenSSL knows
 * the same curves) and the size openssl prints for it: one `openssl storeutl -text` over all the keys.
 */
function opensslCurves(): Map<string, { bits: number; spki: Buffer }> {
  const names = pki
    .run(['ecparam', '-list_curves'])
    .toString()
    .split('\n')
    .map((line) => /^\s*([A-Za-z0-9_-]+)\s*:/.exec(line)?.[1])
    .filter((name): name is string => !!name && !name.startsWith('Oakley-')); // Oakley-EC2N-3/4: no OID
  const keys = names.map((name) => generateKeyPairSync('ec', { namedCurve: name }).publicKey);
  writeFileSync(pki.path('curves.pem'), keys.map((k) => k.export({ type: 'spki', format: 'pem' })).join(''));
  const text = pki.run(['storeutl', '-text', '-noout', 'curves.pem']).toString();
  const printed = [...text.matchAll(/Public-Key: \((\d+) bit\)[\s\S]*?ASN1 OID: (\S+)/g)];
  expect(printed.map((m) => m[2])).toEqual(names);
  return new Map(names.map((name, i) => [name, { bits: Number(printed[i][1]), spki: keys[i].export({ type: 'spki', format: 'der' }) }]));
}

describe('named curves', () => {
  it('every curve openssl knows: the same size as openssl reports, the curve named, its OID kept', () => {
    const curves = opensslCurves();
    expect(curves.size).toBeGreaterThan(70);
    const seen = new Set<string>();
    for (const [name, facts] of curves) {
      const info = decodeSpki(parseDer(facts.spki));
      expect(info.algorithm, name).toBe('EC');
      const entry = namedCurves[info.curveOid!];
      expect(entry, `${name} (${info.curveOid}) is in curves.ts`).toBeDefined();
      expect(entry.openssl ?? entry.name, name).toBe(name);
      expect(info.bits, name).toBe(facts.bits);
      seen.add(info.curveOid!);
    }
    // The table holds nothing openssl does not know, but FRP256v1 (documented in curves.ts).
    expect(Object.keys(namedCurves).filter((oid) => !seen.has(oid))).toEqual(['1.2.250.1.223.101.256.1']);
  });

  it('a brainpoolP160r1 certificate: keySize 160, curve named, OID given', () => {
    pki.run(['ecparam', '-name', 'brainpoolP160r1', '-genkey', '-noout', '-out', 'bp.key']);
    pki.run(['req', '-x509', '-new', '-key', 'bp.key', '-subj', '/CN=brainpool', '-days', '30', '-out', 'bp.pem']);
    const [cert] = readContainer(pki.read('bp.pem')).certificates;
    const s = summarize(cert);
    expect(s.keyAlgorithm).toBe('EC');
    expect(s.keySize).toBe(160);
    expect(s.curve).toBe('brainpoolP160r1');
    expect(s.curveOid).toBe('1.3.36.3.3.2.8.1.1.1');
    expect(pki.run(['x509', '-in', 'bp.pem', '-noout', '-text']).toString()).toContain('Public-Key: (160 bit)');
  });

  it('P-256 is named P-256; an RSA key has no curve fields', () => {
    pki.run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'p256.key']);
    pki.run(['req', '-x509', '-new', '-key', 'p256.key', '-subj', '/CN=p256', '-days', '30', '-out', 'p256.pem']);
    const s = summarize(readContainer(pki.read('p256.pem')).certificates[0]);
    expect([s.keySize, s.curve, s.curveOid]).toEqual([256, 'P-256', '1.2.840.10045.3.1.7']);
    pki.run(['req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'rsa.key', '-subj', '/CN=rsa', '-days', '30', '-out', 'rsa.pem']);
    const r = summarize(readContainer(pki.read('rsa.pem')).certificates[0]);
    expect(r.keySize).toBe(1024);
    expect('curve' in r || 'curveOid' in r).toBe(false);
  });

  it('a curve CertDesk does not know: keySize null (never 0) with the curve OID', () => {
    const der = pki.der('p256.pem');
    const oid = Buffer.from('06082a8648ce3d030107', 'hex');
    const at = der.indexOf(oid);
    expect(at).toBeGreaterThan(0);
    const patched = Buffer.from(der);
    patched[at + oid.length - 1] = 0x7f; // 1.2.840.10045.3.1.127: no such curve
    const s = summarize(readContainer(patched).certificates[0]);
    expect(s.keyAlgorithm).toBe('EC');
    expect(s.keySize).toBeNull();
    expect(s.curveOid).toBe('1.2.840.10045.3.1.127');
    expect(s.curve).toBeUndefined();
    expect(JSON.parse(JSON.stringify(s)).keySize).toBeNull();
  });

  it('explicit curve parameters: the size of the group order, no name', () => {
    pki.run(['ecparam', '-name', 'brainpoolP160r1', '-genkey', '-noout', '-param_enc', 'explicit', '-out', 'explicit.key']);
    pki.run(['req', '-new', '-key', 'explicit.key', '-subj', '/CN=explicit', '-outform', 'DER', '-out', 'explicit.csr']);
    const request = readContainer(pki.read('explicit.csr')).request!;
    const s = summarizeRequest(request);
    expect(s.keyAlgorithm).toBe('EC');
    expect(s.keySize).toBe(160);
    expect(s.curve).toBeUndefined();
  });
});
