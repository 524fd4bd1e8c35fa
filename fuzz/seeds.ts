// Seed files made at run time by the real openssl (the test suite's Pki helper), one temporary folder per
// run: every container CertDesk reads, in the variants seen in the wild. The mutators start from these.
import { writeFileSync } from 'node:fs';
import { amtHierarchy, Pki } from '../test/support/openssl';

export type SeedKind = 'pfx' | 'pem' | 'der' | 'p7b' | 'csr';

export interface Seed {
  name: string;
  kind: SeedKind;
  /** The file as openssl wrote it. */
  raw: Buffer;
  /** The password that opens it (PFX, encrypted PEM keys). */
  password?: string;
  /** The DER structures in the file: the file itself for DER, each block for PEM. */
  blocks: { label: string; der: Buffer }[];
  /** True when `raw` is PEM text (mutated blocks are armoured again). */
  pem: boolean;
}

export const SEED_PASSWORD = 'secret';

/** PEM blocks of a text file, with their labels (a plain scan: the seeds are openssl's own output). */
function pemBlocks(text: string): { label: string; der: Buffer }[] {
  const out: { label: string; der: Buffer }[] = [];
  const re = /-----BEGIN ([^-]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2].split(/\r?\n/).filter((line) => line && !line.includes(':'));
    out.push({ label: m[1], der: Buffer.from(body.join(''), 'base64') });
  }
  return out;
}

/** A Signed Certificate Timestamp list (RFC 6962 TLS encoding) with one SCT, for the SCT formatter. */
function sctListExtension(): string {
  const sct = Buffer.concat([
    Buffer.from([0]), // v1
    Buffer.alloc(32, 0xab), // log id
    Buffer.from([0, 0, 0x01, 0x8d, 0x2a, 0x3b, 0x4c, 0x5d]), // timestamp (ms)
    Buffer.from([0, 0]), // no extensions
    Buffer.from([4, 3]), // SHA-256, ECDSA
    Buffer.from([0, 4, 0x30, 0x02, 0x02, 0x00]), // signature
  ]);
  const one = Buffer.concat([Buffer.from([sct.length >> 8, sct.length & 0xff]), sct]);
  const list = Buffer.concat([Buffer.from([one.length >> 8, one.length & 0xff]), one]);
  return `DER:04${list.length.toString(16).padStart(2, '0')}${list.toString('hex')}`;
}

/** Extensions the view formatters decode: every GeneralName form, policies with qualifiers, CRL DP, AIA, MS ones. */
const RICH_EXTENSIONS = [
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, encipherOnly',
  'extendedKeyUsage = serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning, 2.16.840.1.113741.1.2.3, 1.2.3.4.5',
  'subjectAltName = DNS:prov.corp.example.com, DNS:*.corp.example.com, IP:10.0.0.1, IP:2001:db8::1, email:admin@corp.example.com, URI:https://corp.example.com/x, RID:1.2.3.4, dirName:dir_sect, otherName:1.3.6.1.4.1.311.20.2.3;UTF8:admin@corp.example.com',
  'issuerAltName = DNS:ca.example.com, email:ca@example.com',
  'crlDistributionPoints = URI:http://crl.example.com/ca.crl, URI:ldap://ldap.example.com/cn=ca',
  'authorityInfoAccess = OCSP;URI:http://ocsp.example.com, caIssuers;URI:http://ca.example.com/ca.cer',
  'certificatePolicies = 2.5.29.32.0, @policy_sect',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always, issuer:always',
  'nsCertType = server, client, email, objsign',
  'nsComment = "fuzz seed"',
  'tlsfeature = status_request',
  // Microsoft: certificate template information, CA version, application policies (raw DER).
  '1.3.6.1.4.1.311.21.7 = ASN1:SEQUENCE:template_sect',
  '1.3.6.1.4.1.311.21.1 = ASN1:INTEGER:65537',
  '1.3.6.1.4.1.311.20.2 = ASN1:BMPSTRING:WebServer',
  '1.2.840.113549.1.9.15 = ASN1:SEQUENCE:smime_sect',
  `1.3.6.1.4.1.11129.2.4.2 = ${sctListExtension()}`,
  '',
  '[ dir_sect ]',
  'C = US',
  'O = Fuzz Org',
  'CN = Fuzz Dir Name',
  '[ policy_sect ]',
  'policyIdentifier = 1.2.3.4.5.6',
  'CPS.1 = "https://example.com/cps"',
  'userNotice.1 = @notice_sect',
  '[ notice_sect ]',
  'explicitText = "Fuzz notice"',
  'organization = "Fuzz Org"',
  'noticeNumbers = 1, 2, 3',
  '[ template_sect ]',
  'template = OID:1.3.6.1.4.1.311.21.8.1.2.3',
  'major = INTEGER:100',
  'minor = INTEGER:3',
  '[ smime_sect ]',
  'rc2 = SEQUENCE:smime_rc2',
  'aes = SEQUENCE:smime_aes',
  '[ smime_rc2 ]',
  'algorithm = OID:1.2.840.113549.3.2',
  'bits = INTEGER:128',
  '[ smime_aes ]',
  'algorithm = OID:2.16.840.1.101.3.4.1.42',
].join('\n');

const CSR_CONFIG = `[ req ]
distinguished_name = dn
prompt = no
req_extensions = ext
[ dn ]
O = corp.example.com
OU = Intel(R) Client Setup Certificate
CN = prov.corp.example.com
[ ext ]
extendedKeyUsage = serverAuth, 2.16.840.1.113741.1.2.3
subjectAltName = DNS:prov.corp.example.com
keyUsage = digitalSignature, keyEncipherment
`;

/** Makes every seed with openssl in a fresh temporary folder; `cleanup` removes it. */
export function makeSeeds(): { seeds: Seed[]; dir: string; cleanup: () => void } {
  const pki = new Pki();
  const seeds: Seed[] = [];
  const add = (name: string, kind: SeedKind, raw: Buffer, password?: string) => {
    const text = raw.toString('latin1');
    const pem = text.includes('-----BEGIN ');
    const blocks = pem ? pemBlocks(text) : [{ label: kind === 'csr' ? 'CERTIFICATE REQUEST' : kind === 'p7b' ? 'PKCS7' : 'CERTIFICATE', der: raw }];
    seeds.push({ name, kind, raw, ...(password !== undefined ? { password } : {}), blocks, pem });
  };
  const { root, intermediate, leaf } = amtHierarchy(pki);
  const chainPem = [leaf, intermediate, root].map((c) => pki.read(c.cert).toString()).join('');
  writeFileSync(pki.path('chain.pem'), chainPem);

  // PKCS#12 in every protection seen in the wild.
  const pfx = (name: string, variant: 'aes' | 'legacy' | 'rc2' | 'nomac', password = SEED_PASSWORD, extra = [intermediate, root]) => {
    try {
      add(name, 'pfx', pki.read(pki.pfx(name, leaf, extra, { password, variant, friendlyName: 'fuzz seed' })), password);
    } catch (error) {
      // RC2 needs openssl's legacy provider; without it that seed is skipped, not the run.
      console.warn(`fuzz: seed ${name} skipped (${(error as Error).message.split('\n')[0]})`);
    }
  };
  pfx('pfx-aes', 'aes');
  pfx('pfx-legacy-3des', 'legacy');
  pfx('pfx-rc2-40', 'rc2');
  pfx('pfx-nomac', 'nomac');
  pfx('pfx-empty-password', 'aes', '');
  pfx('pfx-non-ascii-password', 'legacy', 'pässwörd €');
  // Plain bags and no MAC: mutations inside reach the bag and certificate parsers instead of stopping at the MAC.
  pki.run(['pkcs12', '-export', '-inkey', leaf.key, '-in', leaf.cert, '-certfile', 'chain.pem', '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac', '-passout', 'pass:', '-out', 'plain.pfx'], undefined);
  add('pfx-plain-nomac', 'pfx', pki.read('plain.pfx'), '');
  // Several certificates, one unrelated to the key.
  const client = pki.issue('client', intermediate, { profile: 'client', keySpec: 'rsa:1024', hash: 'sha1' });
  pfx('pfx-several-certs', 'aes', SEED_PASSWORD, [intermediate, root, client]);

  // Certificates: DER, PEM chain with text around and CRLF, EC, SHA-1, rich in extensions, TRUSTED CERTIFICATE.
  add('der-leaf', 'der', pki.der(leaf.cert));
  const crlfChain = `Bag Attributes\r\n    friendlyName: fuzz\r\nsubject=/CN=leaf\r\n${chainPem.replace(/\n/g, '\r\n')}trailing text\r\n`;
  add('pem-chain-crlf', 'pem', Buffer.from(crlfChain));
  const ec = pki.issue('ec', intermediate, { keySpec: 'ec:P-256', subject: '/O=corp.example.com/CN=ec.corp.example.com' });
  add('der-ec', 'der', pki.der(ec.cert));
  const rich = pki.issue('rich', intermediate, { key: leaf.key, extensions: RICH_EXTENSIONS, subject: '/C=US/ST=Oregon/L=Hillsboro/O=corp.example.com/OU=Intel(R) Client Setup Certificate/CN=rich.corp.example.com/emailAddress=a@corp.example.com' });
  add('der-rich-extensions', 'der', pki.der(rich.cert));
  add('pem-rich-extensions', 'pem', pki.read(rich.cert));
  add('der-root', 'der', pki.der(root.cert));
  const trusted = pki.run(['x509', '-in', root.cert, '-trustout', '-addtrust', 'serverAuth', '-addreject', 'emailProtection', '-setalias', 'fuzz root']);
  add('pem-trusted-certificate', 'pem', trusted);
  // Key and certificate in one PEM: plain PKCS#8, encrypted PKCS#8 and a legacy Proc-Type encrypted RSA key.
  const encrypted = pki.run(['pkcs8', '-topk8', '-in', leaf.key, '-v2', 'aes-256-cbc', '-passout', `pass:${SEED_PASSWORD}`]);
  add('pem-encrypted-key-and-cert', 'pem', Buffer.concat([encrypted, pki.read(leaf.cert)]), SEED_PASSWORD);
  const legacyKey = pki.run(['rsa', '-in', leaf.key, '-aes128', '-traditional', '-passout', `pass:${SEED_PASSWORD}`]);
  add('pem-legacy-encrypted-key', 'pem', Buffer.concat([legacyKey, pki.read(leaf.cert)]), SEED_PASSWORD);
  add('pem-key-and-cert', 'pem', Buffer.concat([pki.read(leaf.key), pki.read(ec.key), pki.read(leaf.cert)]));

  // PKCS#7 bundles, PEM and DER.
  add('p7b-pem', 'p7b', pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem']));
  add('p7b-der', 'p7b', pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER']));

  // PKCS#10 requests, PEM and DER, with the AMT extensions asked for.
  writeFileSync(pki.path('csr.cnf'), CSR_CONFIG);
  add('csr-pem', 'csr', pki.run(['req', '-new', '-key', leaf.key, '-config', 'csr.cnf']));
  add('csr-der', 'csr', pki.run(['req', '-new', '-key', leaf.key, '-config', 'csr.cnf', '-outform', 'DER']));
  add('csr-ec-der', 'csr', pki.run(['req', '-new', '-key', ec.key, '-config', 'csr.cnf', '-outform', 'DER']));

  return { seeds, dir: pki.dir, cleanup: () => pki.cleanup() };
}
