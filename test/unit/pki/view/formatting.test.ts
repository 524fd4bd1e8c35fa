// Value formats (dates in the local time zone, hex, dumps) and extension formatting edge cases: decode failures
// fall back to hex, SCT lists, otherName / URL / IPv6 forms, AKI with issuer and serial, unusual algorithms.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatExtension } from '../../../../electron/engine/pki/view/extensionFormatters';
import { detailRows } from '../../../../electron/engine/pki/view/details';
import { formatGeneralName } from '../../../../electron/engine/pki/view/generalNames';
import { directoryAddressItems, simpleDisplayName } from '../../../../electron/engine/pki/view/distinguishedNames';
import { hexAsciiDump, longDateTime, shortDate, spacedHex } from '../../../../electron/engine/pki/view/values';
import { parseCertificate } from '../../../../electron/engine/pki/x509';
import type { DetailRow } from '../../../../shared/dto';
import { Pki } from '../../../support/openssl';
import { load, opensslExtHex } from './fixtures';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz ?? 'UTC';
});

function row(list: DetailRow[], field: string): DetailRow | undefined {
  return list.find((r) => r.field === field);
}

describe('dates', () => {
  it('long date-time in the process time zone (UTC+8 example of the spec)', () => {
    process.env.TZ = 'Asia/Shanghai';
    expect(longDateTime(new Date(Date.UTC(2024, 10, 18, 0, 0, 0)))).toBe('Monday, November 18, 2024 8:00:00 AM');
    expect(longDateTime(new Date(Date.UTC(2025, 1, 16, 23, 59, 59)))).toBe('Monday, February 17, 2025 7:59:59 AM');
    expect(shortDate(new Date(Date.UTC(2024, 10, 18, 0, 0, 0)))).toBe('11/18/2024');
    expect(shortDate(new Date(Date.UTC(2025, 1, 16, 23, 59, 59)))).toBe('2/17/2025');
  });

  it('follows a time zone change and never emits U+202F, U+00A0 or U+200E', () => {
    const d = new Date(Date.UTC(2024, 10, 18, 22, 27, 35));
    process.env.TZ = 'UTC';
    const utc = longDateTime(d);
    expect(utc).toBe('Monday, November 18, 2024 10:27:35 PM');
    process.env.TZ = 'America/New_York';
    expect(longDateTime(d)).toBe('Monday, November 18, 2024 5:27:35 PM');
    for (const text of [utc, longDateTime(d), shortDate(d)]) expect(text).not.toMatch(/[\u202f\u00a0\u200e\u200f]/);
  });
});

describe('hex', () => {
  it('spaced pairs and the 8-byte hex + ASCII dump', () => {
    const bytes = Buffer.from('3003010101ff41424344', 'hex');
    expect(spacedHex(bytes)).toBe('30 03 01 01 01 ff 41 42 43 44');
    expect(hexAsciiDump(bytes)).toBe('30 03 01 01 01 ff 41 42  0.....AB\n43 44                    CD');
    expect(hexAsciiDump(Buffer.alloc(0))).toBe('');
  });
});

describe('extension formatting never loses data', () => {
  it('a known OID whose value does not decode falls back to the hex form, keeping the name', () => {
    const garbage = Buffer.from('0c0568656c6c6f', 'hex');
    for (const oid of ['2.5.29.31', '2.5.29.15', '2.5.29.17', '1.3.6.1.5.5.7.1.1', '2.5.29.32', '1.3.6.1.4.1.11129.2.4.2', '2.5.29.35']) {
      const f = formatExtension(oid, garbage);
      expect(f.single, oid).toBe('0c 05 68 65 6c 6c 6f');
      expect(f.multi, oid).toBe('0c 05 68 65 6c 6c 6f     ..hello');
    }
    expect(formatExtension('2.5.29.31', garbage).name).toBe('CRL Distribution Points');
  });

  it('truncated and empty values do not throw', () => {
    for (const oid of ['2.5.29.19', '2.5.29.37', '2.5.29.14', '1.2.840.113549.1.9.15', '2.16.840.1.113730.1.1', '9.9.9']) {
      expect(() => formatExtension(oid, Buffer.from('3082ffff', 'hex'))).not.toThrow();
      expect(() => formatExtension(oid, Buffer.alloc(0))).not.toThrow();
    }
  });

  it('a CRL distribution point named relative to the CRL issuer ([1] SET, one RDN), also when long', () => {
    const tlv = (tag: number, body: Buffer) => {
      const n = body.length;
      const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
      return Buffer.concat([Buffer.from([tag, ...len]), body]);
    };
    const rdn = (values: string[]) =>
      values.map((v, i) => tlv(0x30, Buffer.concat([Buffer.from(i ? '0603550403' : '060355040b', 'hex'), tlv(0x0c, Buffer.from(v))])));
    const crlDp = (values: string[]) => tlv(0x30, tlv(0x30, tlv(0xa0, tlv(0xa1, Buffer.concat(rdn(values))))));

    const short = formatExtension('2.5.29.31', crlDp(['Unit', 'CRL1']));
    expect(short.single).toBe('[1]CRL Distribution Point: Distribution Point Name:Name Relative to Issuer:CN=CRL1, OU=Unit');
    expect(short.multi).toBe(
      ['[1]CRL Distribution Point', '     Distribution Point Name:', '          Name Relative to Issuer:', '               CN=CRL1', '               OU=Unit'].join('\n'),
    );
    const longValue = 'x'.repeat(300);
    expect(formatExtension('2.5.29.31', crlDp(['Unit', longValue])).single).toBe(
      `[1]CRL Distribution Point: Distribution Point Name:Name Relative to Issuer:CN=${longValue}, OU=Unit`,
    );
  });

  it('an empty list is "Information Not Available"', () => {
    expect(formatExtension('2.5.29.37', Buffer.from('3000', 'hex')).single).toBe('Information Not Available');
    expect(formatExtension('2.5.29.17', Buffer.from('3000', 'hex')).multi).toBe('Information Not Available');
  });
});

describe('SCT List', () => {
  it('one block per SCT with the local long date, blank line between', () => {
    process.env.TZ = 'UTC';
    const sct = (logByte: number, ms: number) => {
      const body = Buffer.concat([
        Buffer.from([0]),
        Buffer.alloc(32, logByte),
        (() => {
          const t = Buffer.alloc(8);
          t.writeBigUInt64BE(BigInt(ms));
          return t;
        })(),
        Buffer.from([0, 0, 4, 3, 0, 4]),
        Buffer.from('30020100', 'hex'),
      ]);
      return Buffer.concat([Buffer.from([body.length >> 8, body.length & 0xff]), body]);
    };
    const ms = Date.UTC(2024, 10, 18, 22, 27, 35);
    const list = Buffer.concat([sct(0x11, ms), sct(0x22, ms)]);
    const tls = Buffer.concat([Buffer.from([list.length >> 8, list.length & 0xff]), list]);
    const value = Buffer.concat([Buffer.from([0x04, 0x81, tls.length]), tls]);
    const f = formatExtension('1.3.6.1.4.1.11129.2.4.2', value);
    expect(f.name).toBe('SCT List');
    const block = (b: string) => ['v1', b.repeat(32), 'Monday, November 18, 2024 10:27:35 PM', 'SHA256', 'ECDSA', '30020100'].join('\n');
    expect(f.multi).toBe(`${block('11')}\n\n${block('22')}`);
  });
});

describe('GeneralName forms', () => {
  it('URL with spaces gets the escaped form in parentheses', () => {
    expect(formatGeneralName({ type: 'uniformResourceIdentifier', value: 'http://x/CA 5.crl' }).single).toBe('URL=http://x/CA 5.crl (http://x/CA%205.crl)');
  });

  it('IPv6 compressed, name-constraint IPv4 with mask', () => {
    const v6 = Buffer.from('fe800000000000000000000000000001', 'hex');
    expect(formatGeneralName({ type: 'iPAddress', value: '', raw: v6 }).single).toBe('IP Address=fe80::1');
    const masked = Buffer.from([10, 0, 0, 0, 255, 255, 255, 0]);
    expect(formatGeneralName({ type: 'iPAddress', value: '', raw: masked })).toEqual({
      single: 'IP Address=10.0.0.0/255.255.255.0',
      multi: ['IP Address=10.0.0.0', 'Mask=255.255.255.0'],
    });
  });

  it('otherName other than UPN: friendly name or OID, hex of the value', () => {
    const guid = Buffer.from('a01204100123456789abcdef0123456789abcdef', 'hex');
    expect(formatGeneralName({ type: 'otherName', oid: '1.3.6.1.4.1.311.25.1', value: guid }).multi).toEqual([
      'Other Name:',
      '     DS Object Guid=04 10 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef',
    ]);
    expect(formatGeneralName({ type: 'otherName', oid: '1.2.3', value: Buffer.from('a003020101', 'hex') }).single).toBe('Other Name:1.2.3=02 01 01');
  });
});

describe('certificates with unusual parts', () => {
  let pki: Pki;
  beforeAll(() => {
    pki = new Pki();
  });
  afterAll(() => pki?.cleanup());

  it('Valid from/to of a certificate made with fixed dates, shown in UTC+8', () => {
    const root = pki.root('r1');
    const leaf = pki.issue('fixed', root, { notBefore: '20241118000000Z', notAfter: '20250216235959Z' });
    process.env.TZ = 'Asia/Shanghai';
    const rows = detailRows(load(pki, leaf));
    expect(row(rows, 'Valid from')?.value).toBe('Monday, November 18, 2024 8:00:00 AM');
    expect(row(rows, 'Valid to')?.value).toBe('Monday, February 17, 2025 7:59:59 AM');
  });

  it('Authority Key Identifier with issuer and serial', () => {
    const root = pki.root('r2', { subject: '/O=CertDesk Test/CN=AKI Root' });
    const leaf = pki.issue('aki', root, { extensions: 'authorityKeyIdentifier = keyid:always, issuer:always' });
    const rootSki = opensslExtHex(pki, root.cert, 'subjectKeyIdentifier');
    const rootSerial = parseCertificate(pki.der(root.cert)).serialHex.toLowerCase();
    const aki = row(detailRows(load(pki, leaf)), 'Authority Key Identifier');
    expect(aki?.value).toBe(`KeyID=${rootSki}, Certificate Issuer: Directory Address:CN=AKI Root, O=CertDesk Test, Certificate SerialNumber=${rootSerial}`);
    expect(aki?.detail.split('\n')).toEqual([
      `KeyID=${rootSki}`,
      'Certificate Issuer:',
      '     Directory Address:',
      '          CN=AKI Root',
      '          O=CertDesk Test',
      `Certificate SerialNumber=${rootSerial}`,
    ]);
  });

  it('RSASSA-PSS signature: name and the hash from the parameters', () => {
    pki.key('pss');
    pki.run([
      'req', '-x509', '-new', '-key', 'pss.key', '-subj', '/CN=PSS', '-sha384', '-sigopt', 'rsa_padding_mode:pss',
      '-config', 'ext.cnf', '-extensions', 'root', '-out', 'pss.pem',
    ]);
    const rows = detailRows(load(pki, { cert: 'pss.pem', key: 'pss.key', name: 'pss' }));
    expect(row(rows, 'Signature algorithm')?.value).toBe('RSASSA-PSS');
    expect(row(rows, 'Signature hash algorithm')?.value).toBe('sha384');
  });

  it('Ed25519: unknown to Windows, dotted OIDs, no invented rows', () => {
    pki.run(['genpkey', '-algorithm', 'ED25519', '-out', 'ed.key']);
    pki.run(['req', '-x509', '-new', '-key', 'ed.key', '-subj', '/CN=Ed', '-config', 'ext.cnf', '-extensions', 'root', '-out', 'ed.pem']);
    const rows = detailRows(load(pki, { cert: 'ed.pem', key: 'ed.key', name: 'ed' }));
    expect(row(rows, 'Signature algorithm')?.value).toBe('1.3.101.112');
    expect(row(rows, 'Signature hash algorithm')).toBeUndefined();
    expect(row(rows, 'Public key')?.value).toBe('1.3.101.112 (256 Bits)');
    expect(row(rows, 'Public key parameters')).toBeUndefined();
  });

  it('version 1 certificate', () => {
    pki.key('v1');
    pki.run(['req', '-new', '-key', 'v1.key', '-subj', '/CN=V1', '-config', 'ext.cnf', '-out', 'v1.csr']);
    pki.run(['x509', '-req', '-in', 'v1.csr', '-signkey', 'v1.key', '-days', '30', '-out', 'v1.pem']);
    const rows = detailRows(load(pki, { cert: 'v1.pem', key: 'v1.key', name: 'v1' }));
    expect(row(rows, 'Version')?.value).toBe('V1');
    expect(rows.filter((r) => r.kind === 'extension')).toEqual([]);
    expect(rows.map((r) => r.kind).filter((k) => k === 'field').length).toBe(10);
  });
});

describe('names', () => {
  const attr = (oid: string, type: string, value: string) => ({ oid, type, value });

  it('simple display name: CN, else OU, O, E, SAN e-mail, first attribute', () => {
    const c = attr('2.5.4.6', 'C', 'US');
    const o = attr('2.5.4.10', 'O', 'Example Org');
    const ou = attr('2.5.4.11', 'OU', 'Unit');
    const cn = attr('2.5.4.3', 'CN', 'Host');
    const e = attr('1.2.840.113549.1.9.1', 'emailAddress', 'a@example.com');
    expect(simpleDisplayName([c, o, ou, cn])).toBe('Host');
    expect(simpleDisplayName([c, o, ou])).toBe('Unit');
    expect(simpleDisplayName([c, o, e])).toBe('Example Org');
    expect(simpleDisplayName([c, e])).toBe('a@example.com');
    expect(simpleDisplayName([c], 'san@example.com')).toBe('san@example.com');
    expect(simpleDisplayName([c])).toBe('US');
    expect(simpleDisplayName([])).toBe('');
  });

  it('Directory Address items: most specific first, Windows keys, DN quoting', () => {
    expect(
      directoryAddressItems([
        attr('2.5.4.8', 'ST', 'Oregon'),
        attr('2.5.4.11', 'OU', 'Microsoft Ireland Operations Limited'),
        attr('2.5.4.5', 'serialNumber', '229879+500176'),
        attr('1.3.6.1.4.1.311.60.2.1.3', 'jurisdictionC', 'US'),
      ]),
    ).toEqual(['1.3.6.1.4.1.311.60.2.1.3=US', 'SERIALNUMBER="229879+500176"', 'OU=Microsoft Ireland Operations Limited', 'S=Oregon']);
  });
});
