// Details tab rows for openssl-made certificates: exact Windows strings (reference §2, §3), data values
// checked against openssl's own output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detailRows } from '../../../../electron/engine/pki/view/details';
import type { Certificate } from '../../../../electron/engine/pki/x509';
import type { DetailRow } from '../../../../shared/dto';
import { AMT_OID, Pki, type Issued } from '../../../support/openssl';
import { expectedLongUtc, load, opensslExtensions, opensslExtHex, spaced } from './fixtures';

process.env.TZ = 'UTC';

const LEAF_EXT = `basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, ${AMT_OID}
subjectAltName = @leaf_alt
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://crl.example.com/ca.crl
authorityInfoAccess = caIssuers;URI:http://ca.example.com/ca.crt, OCSP;URI:http://ocsp.example.com
certificatePolicies = 2.5.29.32.0, @leaf_pol
nsCertType = client, server
nsComment = "CertDesk test comment"
1.2.3.4.5 = critical, ASN1:UTF8String:hello
[ leaf_alt ]
DNS.1 = host.example.com
DNS.2 = alt.example.com
email.1 = admin@example.com
URI.1 = http://www.example.com/
IP.1 = 192.0.2.10
IP.2 = 2001:db8::1
dirName.1 = leaf_dir
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com
RID.1 = 1.2.3.4
[ leaf_dir ]
C = US
O = Example Org
CN = Dir Name
[ leaf_pol ]
policyIdentifier = 1.3.6.1.4.1.99999.1
CPS.1 = "http://cps.example.com/cps"`;

const MS_EXT = `basicConstraints = CA:FALSE
1.3.6.1.4.1.311.20.2 = ASN1:BMPSTRING:DomainController
1.3.6.1.4.1.311.21.7 = ASN1:SEQUENCE:ms_tmpl
1.3.6.1.4.1.311.21.10 = ASN1:SEQUENCE:ms_apps
1.2.840.113549.1.9.15 = ASN1:SEQUENCE:ms_smime
[ ms_tmpl ]
id = OID:1.3.6.1.4.1.311.21.8.1.2
major = INT:100
minor = INT:29
[ ms_apps ]
p1 = SEQUENCE:ms_app1
p2 = SEQUENCE:ms_app2
[ ms_app1 ]
id = OID:clientAuth
[ ms_app2 ]
id = OID:serverAuth
[ ms_smime ]
c1 = SEQUENCE:ms_rc2
c2 = SEQUENCE:ms_aes
[ ms_rc2 ]
o = OID:1.2.840.113549.3.2
p = INT:128
[ ms_aes ]
o = OID:2.16.840.1.101.3.4.1.42`;

const CA_EXT = `basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical, permitted;DNS:.example.com
policyConstraints = requireExplicitPolicy:0`;

let pki: Pki;
let root: Issued;
let inter: Issued;
let leaf: Issued;
let ms: Issued;
let ca86: Issued;
let ecLeaf: Issued;
let leafCert: Certificate;
let rows: DetailRow[];

function row(list: DetailRow[], field: string): DetailRow {
  const found = list.find((r) => r.field === field);
  if (!found) throw new Error(`no row ${field}: ${list.map((r) => r.field).join(' | ')}`);
  return found;
}

beforeAll(() => {
  pki = new Pki();
  root = pki.root('root', { subject: '/O=CertDesk Test/CN=CertDesk Test Root' });
  inter = pki.issue('inter', root, { subject: '/O=CertDesk Test/CN=CertDesk Test Issuing CA', profile: 'intermediate', days: 1800 });
  leaf = pki.issue('leaf', inter, {
    subject: `/C=US/ST=Oregon/L=Hillsboro/O=Example, Inc./OU=Intel(R) Client Setup Certificate/CN=host.example.com/emailAddress=admin@example.com`,
    extensions: LEAF_EXT,
  });
  ms = pki.issue('ms', inter, { subject: '/CN=dc1.example.com', extensions: MS_EXT });
  ca86 = pki.issue('ca86', root, { subject: '/CN=Constrained CA', extensions: CA_EXT });
  const ecRoot = pki.root('ecroot', { subject: '/CN=EC Root', keySpec: 'ec:P-384', hash: 'sha384' });
  ecLeaf = pki.issue('ecleaf', ecRoot, { subject: '/CN=ec.example.com', keySpec: 'ec:P-256', profile: 'server' });
  leafCert = load(pki, leaf);
  rows = detailRows(leafCert, {});
});

afterAll(() => pki?.cleanup());

describe('Details tab: version 1 fields', () => {
  it('lists the Windows field names in <All> order, v1 fields first', () => {
    const v1 = rows.filter((r) => r.v1);
    expect(v1.map((r) => r.field)).toEqual([
      'Version',
      'Serial number',
      'Signature algorithm',
      'Signature hash algorithm',
      'Issuer',
      'Valid from',
      'Valid to',
      'Subject',
      'Public key',
      'Public key parameters',
    ]);
    expect(rows.slice(0, 10)).toEqual(v1);
    expect(v1.every((r) => r.kind === 'field' && !r.critical && r.oid === undefined)).toBe(true);
    expect(row(rows, 'Version').value).toBe('V3');
  });

  it('serial number and thumbprint are lowercase contiguous hex, equal to openssl', () => {
    const facts = pki.facts(leaf.cert);
    const serial = row(rows, 'Serial number');
    expect(serial.value).toBe(facts.serial.toLowerCase().padStart(serial.value.length, '0'));
    expect(serial.value).toMatch(/^[0-9a-f]+$/);
    const thumb = row(rows, 'Thumbprint');
    expect(thumb).toMatchObject({ value: facts.sha1.toLowerCase(), detail: facts.sha1.toLowerCase(), kind: 'property', v1: false });
    expect(rows.at(-1)).toBe(thumb);
  });

  it('signature algorithm and hash', () => {
    expect(row(rows, 'Signature algorithm').value).toBe('sha256RSA');
    expect(row(rows, 'Signature hash algorithm').value).toBe('sha256');
    const ec = detailRows(load(pki, ecLeaf));
    expect(row(ec, 'Signature algorithm').value).toBe('sha256ECDSA');
  });

  it('issuer and subject: values most specific first, lower pane KEY = value with S and E', () => {
    const issuer = row(rows, 'Issuer');
    expect(issuer.value).toBe('CertDesk Test Issuing CA, CertDesk Test');
    expect(issuer.detail).toBe('CN = CertDesk Test Issuing CA\nO = CertDesk Test');
    const subject = row(rows, 'Subject');
    expect(subject.value).toBe('admin@example.com, host.example.com, Intel(R) Client Setup Certificate, Example, Inc., Hillsboro, Oregon, US');
    expect(subject.detail.split('\n')).toEqual([
      'E = admin@example.com',
      'CN = host.example.com',
      'OU = Intel(R) Client Setup Certificate',
      'O = Example, Inc.',
      'L = Hillsboro',
      'S = Oregon',
      'C = US',
    ]);
  });

  it('validity: long date and time in local time (TZ=UTC here), same as openssl', () => {
    const facts = pki.facts(leaf.cert);
    expect(row(rows, 'Valid from').value).toBe(expectedLongUtc(facts.notBefore));
    expect(row(rows, 'Valid to').value).toBe(expectedLongUtc(facts.notAfter));
    expect(row(rows, 'Valid to').detail).toBe(row(rows, 'Valid to').value);
  });

  it('RSA public key: "RSA (2048 Bits)", pane = spaced hex of the RSAPublicKey, parameters 05 00', () => {
    const pub = pki.run(['x509', '-in', leaf.cert, '-noout', '-pubkey']);
    const rsaPublicKey = pki.run(['rsa', '-pubin', '-RSAPublicKey_out', '-outform', 'DER'], pub);
    const key = row(rows, 'Public key');
    expect(key.value).toBe('RSA (2048 Bits)');
    expect(key.detail).toBe(spaced(rsaPublicKey.toString('hex')));
    expect(key.detail.startsWith('30 82 01 0a 02 82 01 01 00 ')).toBe(true);
    expect(row(rows, 'Public key parameters')).toMatchObject({ value: '05 00', detail: '05 00' });
  });

  it('EC public key: "ECC (256 Bits)", parameters ECDSA_P256; the P-384 issuer ECDSA_P384', () => {
    const ec = detailRows(load(pki, ecLeaf));
    const spki = pki.run(['pkey', '-pubin', '-outform', 'DER'], pki.run(['x509', '-in', ecLeaf.cert, '-noout', '-pubkey']));
    expect(row(ec, 'Public key')).toMatchObject({ value: 'ECC (256 Bits)', detail: spaced(spki.subarray(-65).toString('hex')) });
    expect(row(ec, 'Public key parameters')).toMatchObject({ value: 'ECDSA_P256', detail: '06 08 2a 86 48 ce 3d 03 01 07' });
    const ecRoot = detailRows(parseCert('ecroot.pem'));
    expect(row(ecRoot, 'Public key').value).toBe('ECC (384 Bits)');
    expect(row(ecRoot, 'Public key parameters').value).toBe('ECDSA_P384');
    expect(row(ecRoot, 'Signature algorithm').value).toBe('sha384ECDSA');
    expect(row(ecRoot, 'Signature hash algorithm').value).toBe('sha384');
  });
});

function parseCert(file: string): Certificate {
  return load(pki, { cert: file, key: '', name: file });
}

describe('Details tab: extensions', () => {
  it('every extension openssl prints is a row, in certificate order, with its critical flag', () => {
    const expected = opensslExtensions(pki, leaf.cert);
    const ext = rows.filter((r) => r.kind === 'extension');
    expect(ext.length).toBe(expected.length);
    expect(ext.length).toBe(leafCert.extensions.length);
    expect(ext.map((r) => r.critical)).toEqual(expected.map((e) => e.critical));
    expect(ext.map((r) => r.oid)).toEqual(leafCert.extensions.map((e) => e.oid));
    expect(ext.every((r) => !r.v1)).toBe(true);
    // <All> order: fields, extensions, properties.
    const kinds = rows.map((r) => r.kind);
    expect(kinds.join(',')).toMatch(/^(field,)+(extension,)+property$/);
    // Critical Extensions Only: Key Usage and the unknown extension.
    expect(ext.filter((r) => r.critical).map((r) => r.field)).toEqual(['Key Usage', '1.2.3.4.5']);
  });

  it('every extension of the other fixtures is a row too', () => {
    for (const issued of [root, inter, ms, ca86, ecLeaf]) {
      const list = detailRows(load(pki, issued)).filter((r) => r.kind === 'extension');
      expect(list.length, issued.name).toBe(opensslExtensions(pki, issued.cert).length);
      expect(list.map((r) => r.critical), issued.name).toEqual(opensslExtensions(pki, issued.cert).map((e) => e.critical));
    }
  });

  it('Key Usage: names and the bit-string byte', () => {
    expect(row(rows, 'Key Usage')).toMatchObject({
      value: 'Digital Signature, Key Encipherment (a0)',
      detail: 'Digital Signature, Key Encipherment (a0)',
      critical: true,
      oid: '2.5.29.15',
    });
    expect(row(detailRows(load(pki, root)), 'Key Usage').value).toBe('Certificate Signing, Off-line CRL Signing, CRL Signing (06)');
    expect(row(detailRows(load(pki, ca86)), 'Key Usage').value).toBe(
      'Digital Signature, Certificate Signing, Off-line CRL Signing, CRL Signing (86)',
    );
  });

  it('Basic Constraints', () => {
    expect(row(rows, 'Basic Constraints')).toMatchObject({
      value: 'Subject Type=End Entity, Path Length Constraint=None',
      detail: 'Subject Type=End Entity\nPath Length Constraint=None',
      critical: false,
    });
    expect(row(detailRows(load(pki, root)), 'Basic Constraints').value).toBe('Subject Type=CA, Path Length Constraint=None');
    expect(row(detailRows(load(pki, inter)), 'Basic Constraints')).toMatchObject({
      value: 'Subject Type=CA, Path Length Constraint=0',
      detail: 'Subject Type=CA\nPath Length Constraint=0',
      critical: true,
    });
  });

  it('Enhanced Key Usage with the Intel AMT OID', () => {
    expect(row(rows, 'Enhanced Key Usage')).toMatchObject({
      value: `Server Authentication (1.3.6.1.5.5.7.3.1), Unknown Key Usage (${AMT_OID})`,
      detail: `Server Authentication (1.3.6.1.5.5.7.3.1)\nUnknown Key Usage (${AMT_OID})`,
    });
  });

  it('Subject Key Identifier and Authority Key Identifier equal openssl', () => {
    const ski = opensslExtHex(pki, leaf.cert, 'subjectKeyIdentifier');
    expect(ski).toMatch(/^[0-9a-f]{40}$/);
    expect(row(rows, 'Subject Key Identifier')).toMatchObject({ value: ski, detail: ski });
    const interSki = opensslExtHex(pki, inter.cert, 'subjectKeyIdentifier');
    expect(opensslExtHex(pki, leaf.cert, 'authorityKeyIdentifier')).toBe(interSki);
    expect(row(rows, 'Authority Key Identifier')).toMatchObject({ value: `KeyID=${interSki}`, detail: `KeyID=${interSki}` });
  });

  it('Subject Alternative Name with every name type', () => {
    const san = row(rows, 'Subject Alternative Name');
    expect(san.value).toBe(
      'DNS Name=host.example.com, DNS Name=alt.example.com, RFC822 Name=admin@example.com, URL=http://www.example.com/, ' +
        'IP Address=192.0.2.10, IP Address=2001:db8::1, Directory Address:CN=Dir Name, O=Example Org, C=US, ' +
        'Other Name:Principal Name=user@example.com, Registered ID=1.2.3.4',
    );
    expect(san.detail.split('\n')).toEqual([
      'DNS Name=host.example.com',
      'DNS Name=alt.example.com',
      'RFC822 Name=admin@example.com',
      'URL=http://www.example.com/',
      'IP Address=192.0.2.10',
      'IP Address=2001:db8::1',
      'Directory Address:',
      '     CN=Dir Name',
      '     O=Example Org',
      '     C=US',
      'Other Name:',
      '     Principal Name=user@example.com',
      'Registered ID=1.2.3.4',
    ]);
  });

  it('CRL Distribution Points', () => {
    expect(row(rows, 'CRL Distribution Points')).toMatchObject({
      value: '[1]CRL Distribution Point: Distribution Point Name:Full Name:URL=http://crl.example.com/ca.crl',
      detail: [
        '[1]CRL Distribution Point',
        '     Distribution Point Name:',
        '          Full Name:',
        '               URL=http://crl.example.com/ca.crl',
      ].join('\n'),
    });
  });

  it('Authority Information Access (caIssuers + OCSP)', () => {
    expect(row(rows, 'Authority Information Access')).toMatchObject({
      value:
        '[1]Authority Info Access: Access Method=Certification Authority Issuer (1.3.6.1.5.5.7.48.2), Alternative Name=URL=http://ca.example.com/ca.crt, ' +
        '[2]Authority Info Access: Access Method=On-line Certificate Status Protocol (1.3.6.1.5.5.7.48.1), Alternative Name=URL=http://ocsp.example.com',
      detail: [
        '[1]Authority Info Access',
        '     Access Method=Certification Authority Issuer (1.3.6.1.5.5.7.48.2)',
        '     Alternative Name:',
        '          URL=http://ca.example.com/ca.crt',
        '[2]Authority Info Access',
        '     Access Method=On-line Certificate Status Protocol (1.3.6.1.5.5.7.48.1)',
        '     Alternative Name:',
        '          URL=http://ocsp.example.com',
      ].join('\n'),
    });
  });

  it('Certificate Policies with a CPS qualifier', () => {
    const policies = row(rows, 'Certificate Policies');
    expect(policies.detail).toBe(
      [
        '[1]Certificate Policy:',
        '     Policy Identifier=All issuance policies',
        '[2]Certificate Policy:',
        '     Policy Identifier=1.3.6.1.4.1.99999.1',
        '     [2,1]Policy Qualifier Info:',
        '          Policy Qualifier Id=CPS',
        '          Qualifier:',
        '               http://cps.example.com/cps',
      ].join('\n'),
    );
    expect(policies.value).toBe(
      '[1]Certificate Policy:Policy Identifier=All issuance policies, [2]Certificate Policy:Policy Identifier=1.3.6.1.4.1.99999.1, ' +
        '[2,1]Policy Qualifier Info:Policy Qualifier Id=CPS, Qualifier=http://cps.example.com/cps',
    );
  });

  it('Netscape Cert Type and Netscape Comment', () => {
    expect(row(rows, 'Netscape Cert Type').value).toBe('SSL Client Authentication, SSL Server Authentication (c0)');
    expect(row(rows, 'Netscape Comment')).toMatchObject({ value: 'CertDesk test comment', detail: 'CertDesk test comment' });
  });

  it('an unknown extension keeps its OID as Field and shows hex, never dropped', () => {
    const unknown = row(rows, '1.2.3.4.5');
    expect(unknown).toMatchObject({
      kind: 'extension',
      oid: '1.2.3.4.5',
      critical: true,
      v1: false,
      value: '0c 05 68 65 6c 6c 6f',
      detail: '0c 05 68 65 6c 6c 6f     ..hello',
    });
  });

  it('Microsoft extensions: Certificate Template Name / Information, Application Policies, SMIME Capabilities', () => {
    const list = detailRows(load(pki, ms));
    expect(row(list, 'Certificate Template Name')).toMatchObject({ value: 'DomainController', oid: '1.3.6.1.4.1.311.20.2' });
    expect(row(list, 'Certificate Template Information')).toMatchObject({
      value: 'Template=1.3.6.1.4.1.311.21.8.1.2, Major Version Number=100, Minor Version Number=29',
      detail: 'Template=1.3.6.1.4.1.311.21.8.1.2\nMajor Version Number=100\nMinor Version Number=29',
    });
    expect(row(list, 'Application Policies').detail).toBe(
      [
        '[1]Application Certificate Policy:',
        '     Policy Identifier=Client Authentication',
        '[2]Application Certificate Policy:',
        '     Policy Identifier=Server Authentication',
      ].join('\n'),
    );
    expect(row(list, 'SMIME Capabilities').detail).toBe(
      ['[1]SMIME Capability', '     Object ID=1.2.840.113549.3.2', '     Parameters=02 02 00 80', '[2]SMIME Capability', '     Object ID=2.16.840.1.101.3.4.1.42'].join(
        '\n',
      ),
    );
  });

  it('Name Constraints and Policy Constraints', () => {
    const list = detailRows(load(pki, ca86));
    expect(row(list, 'Name Constraints')).toMatchObject({
      critical: true,
      detail: ['Permitted', '     [1]Subtrees (0..Max):', '          DNS Name=.example.com', 'Excluded=None'].join('\n'),
    });
    expect(row(list, 'Policy Constraints').value).toBe('Required Explicit Policy Skip Certs=0');
  });

  it('Friendly name property when set, after the thumbprint', () => {
    const list = detailRows(leafCert, { friendlyName: 'My AMT cert' });
    expect(list.slice(-2).map((r) => [r.field, r.value, r.kind])).toEqual([
      ['Thumbprint', leafCert.sha1.toLowerCase(), 'property'],
      ['Friendly name', 'My AMT cert', 'property'],
    ]);
  });
});
