// Pure parts of the requests feature: subject rules, the DER CSR, the PKCS#12 writer, iCalendar text,
// the data folder. openssl is the oracle for the encodings.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readContainer } from '../../../electron/engine/pki/read';
import { parseRequest } from '../../../electron/engine/pki/pkcs10';
import { oid as encodeOid, setOf, utf8String, printableString, directoryString } from '../../../electron/engine/pki/der-write';
import { buildCsr, csrPem } from '../../../electron/engine/requests/csr';
import { escapeText, expiringCalendar, foldLine } from '../../../electron/engine/requests/ics';
import { dataDir, defaultDataDir } from '../../../electron/engine/requests/paths';
import { writePfx } from '../../../electron/engine/pki/pkcs12/write';
import { AMT_SETUP_OU, buildSubject, normalizeFqdn } from '../../../electron/engine/requests/subject';
import { Pki } from '../../support/openssl';

const pki = new Pki();
afterAll(() => pki.cleanup());

function keypair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, spki: publicKey.export({ format: 'der', type: 'spki' }) as Buffer, pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer };
}

describe('subject rules', () => {
  it('accepts host FQDNs and normalises them', () => {
    expect(normalizeFqdn('Prov.Corp.Example.COM.')).toBe('prov.corp.example.com');
    expect(normalizeFqdn('a-1.b2.example')).toBe('a-1.b2.example');
  });

  it.each([
    ['', /empty/],
    ['prov', /fully qualified/],
    ['*.corp.example.com', /wildcard/],
    ['-a.example.com', /valid host name/],
    ['a_b.example.com', /valid host name/],
    ['a..example.com', /valid host name/],
    ['10.0.0.1', /IP address/],
    [`${'a'.repeat(60)}.example.com`, /64/],
  ])('refuses %j', (cn, message) => {
    expect(() => normalizeFqdn(cn)).toThrow(message);
  });

  it('always puts the AMT OU, in the order C, ST, L, O, OU, CN; country is validated', () => {
    const subject = buildSubject({ cn: 'p.example.com', org: 'example.com', country: 'de', state: 'Bayern', locality: 'München' });
    expect(subject.map((a) => a.type)).toEqual(['C', 'ST', 'L', 'O', 'OU', 'CN']);
    expect(subject.find((a) => a.type === 'OU')!.value).toBe(AMT_SETUP_OU);
    expect(subject[0].value).toBe('DE');
    expect(() => buildSubject({ cn: 'p.example.com', org: 'example.com', country: 'Germany' })).toThrow(/two-letter/);
    expect(() => buildSubject({ cn: 'p.example.com', org: ' ' })).toThrow(/organization/);
  });
});

describe('DER encoding', () => {
  it('encodes OIDs, sorts SET OF, picks PrintableString when allowed', () => {
    expect(encodeOid('2.16.840.1.113741.1.2.3').toString('hex')).toBe('060a6086480186f84d010203');
    expect(setOf(Buffer.from([0x02, 0x01, 0x05]), Buffer.from([0x02, 0x01, 0x01])).toString('hex')).toBe('3106020101020105');
    expect(directoryString('Intel(R) Client Setup Certificate')).toEqual(printableString('Intel(R) Client Setup Certificate'));
    expect(directoryString('München')).toEqual(utf8String('München'));
    expect(directoryString('a&b')).toEqual(utf8String('a&b'));
  });
});

describe('CSR', () => {
  it('is a PKCS#10 openssl verifies, with the extensionRequest, and our reader agrees', () => {
    const { privateKey, spki } = keypair();
    const subject = buildSubject({ cn: 'prov.example.com', org: 'example.com', country: 'DE', locality: 'München' });
    const { der, pem } = buildCsr(subject, spki, privateKey, 'prov.example.com');
    expect(pem).toBe(csrPem(der));
    const file = pki.path('unit.csr');
    writeFileSync(file, pem);
    execFileSync('openssl', ['req', '-in', file, '-verify', '-noout'], { stdio: 'pipe' });
    expect(execFileSync('openssl', ['req', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253']).toString().trim()).toBe(
      'subject=CN=prov.example.com,OU=Intel(R) Client Setup Certificate,O=example.com,L=M\\C3\\BCnchen,C=DE',
    );
    // L with a non-ASCII letter is a UTF8String; the others PrintableString.
    const asn1 = execFileSync('openssl', ['asn1parse', '-in', file]).toString();
    expect(asn1).toMatch(/UTF8STRING\s+:M/);
    expect(asn1).toMatch(/PRINTABLESTRING\s+:Intel\(R\) Client Setup Certificate/);
    const parsed = parseRequest(der);
    expect(parsed.signatureValid).toBe(true);
    expect(parsed.extensions.map((e) => e.oid).sort()).toEqual(['2.5.29.17', '2.5.29.37']);
  });
});

describe('PKCS#12 writer', () => {
  const root = pki.root('pfxroot');
  const leaf = pki.issue('pfxleaf', root, { subject: '/O=example.com/OU=Intel(R) Client Setup Certificate/CN=p.example.com', profile: 'amt' });
  // openssl 3.0 `pkey -outform DER` writes PKCS#1 for RSA; the writer takes PKCS#8 (as the vault stores it).
  const keyDer = () => createPrivateKey(pki.read(leaf.key)).export({ format: 'der', type: 'pkcs8' }) as Buffer;

  for (const legacy of [false, true]) {
    it(`${legacy ? 'legacy (3DES/SHA-1)' : 'modern (AES-256/SHA-256)'} opens in openssl and in the engine's reader`, () => {
      const password = 'pässwörd ✓';
      const pfx = writePfx({ pkcs8: keyDer(), leaf: pki.der(leaf.cert), chain: [pki.der(root.cert)], password, friendlyName: 'Provisioning', legacy });
      const file = pki.path(`unit-${legacy}.pfx`);
      writeFileSync(file, pfx);
      const out = execFileSync('sh', ['-c', `openssl pkcs12 ${legacy ? '-legacy ' : ''}-info -in "${file}" -passin env:PW -nodes 2>&1`], {
        env: { ...process.env, PW: password },
      }).toString();
      expect(out).toMatch(legacy ? /MAC: sha1/ : /MAC: sha256/);
      expect(out.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
      expect(out).toMatch(/friendlyName: Provisioning/);
      expect(out).toMatch(/-----BEGIN PRIVATE KEY-----/);
      const container = readContainer(pfx, password);
      expect(container.privateKeys).toHaveLength(1);
      expect(container.certificates.map((c) => c.sha256)).toEqual([pki.facts(leaf.cert).sha256, pki.facts(root.cert).sha256]);
      expect(() => readContainer(pfx, 'wrong')).toThrow(/password/);
    });
  }

  it('refuses an empty password', () => {
    expect(() => writePfx({ pkcs8: keyDer(), leaf: pki.der(leaf.cert), chain: [], password: '' })).toThrow(/empty/);
  });
});

describe('iCalendar', () => {
  it('escapes TEXT and folds at 75 octets without splitting UTF-8', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const line = 'DESCRIPTION:' + 'é'.repeat(100);
    const folded = foldLine(line).split('\r\n');
    for (const part of folded) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    const ics = expiringCalendar(
      [{ sha1: 'A'.repeat(40), sha256: 'B'.repeat(64), subject: 'CN=p.example.com', issuer: 'CN=CA', role: 'leaf', notAfter: '2027-01-31T12:00:00.000Z', daysLeft: 10, requestIds: ['abc'] }],
      { now: new Date('2027-01-01T00:00:00Z'), alarmDays: 14 },
    );
    expect(ics).toContain('\r\nDTEND:20270131T120000Z\r\n');
    expect(ics).toContain('\r\nTRIGGER;RELATED=END:-P14D\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20270101T000000Z\r\n');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});

describe('data folder', () => {
  it('is CERTDESK_HOME when set, else the OS per-user app-data folder', () => {
    expect(dataDir({ CERTDESK_HOME: '/x/y' })).toBe('/x/y');
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux')).toBe('/xdg/certdesk');
    expect(defaultDataDir({}, 'linux')).toMatch(/\.local\/share\/certdesk$/);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\a\\AppData\\Roaming', 'CertDesk'));
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/CertDesk$/);
  });
});
