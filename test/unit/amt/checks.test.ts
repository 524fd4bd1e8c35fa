import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertSummary, CheckId, CheckResult } from '../../../shared/dto';
import { AMT_SETUP_OU, CHECK_IDS, runChecks } from '../../../electron/engine/amt/checks';
import { catalogueCertificates } from '../../../electron/engine/amt/roots';
import { parseRequest } from '../../../electron/engine/pki/pkcs10';
import { summarize, summarizeRequest } from '../../../electron/engine/pki/summary';
import { AMT_OID, Pki, amtHierarchy, type Issued } from '../../support/openssl';
import { fakeCert, pfxInput, summaryOf } from './helpers';

const ORDER: CheckId[] = [
  'private-key',
  'setup-ou-or-oid',
  'server-auth-eku',
  'key-type-size',
  'signature-hash',
  'validity',
  'chain-complete',
  'root-hash-trusted',
  'dns-suffix',
];

function check(report: { checks: CheckResult[] }, id: CheckId): CheckResult {
  const r = report.checks.find((c) => c.id === id);
  if (!r) throw new Error(`no ${id}`);
  return r;
}

let pki: Pki;
let root: Issued;
let inter: Issued;
let leaf: Issued;
let good: CertSummary[];
let rootSha256: string;

/** A leaf signed by the test intermediate, with a UTF-8 subject (openssl -utf8) and the given extension section. */
function utf8Leaf(name: string, subject: string, section = 'server'): CertSummary {
  pki.key(name);
  pki.run(['req', '-new', '-utf8', '-config', 'ext.cnf', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
  pki.run([
    'x509', '-req', '-in', `${name}.csr`, '-CA', inter.cert, '-CAkey', inter.key, '-set_serial', String(5000 + name.length),
    '-sha256', '-days', '365', '-extfile', 'ext.cnf', '-extensions', section, '-out', `${name}.pem`,
  ]);
  return summaryOf(pki, `${name}.pem`);
}

function chainWith(leafSummary: CertSummary): CertSummary[] {
  return [leafSummary, good[1], good[2]];
}

beforeAll(() => {
  pki = new Pki();
  ({ root, intermediate: inter, leaf } = amtHierarchy(pki));
  good = [summaryOf(pki, leaf.cert), summaryOf(pki, inter.cert), summaryOf(pki, root.cert)];
  rootSha256 = pki.facts(root.cert).sha256;
});
afterAll(() => pki.cleanup());

describe('report shape', () => {
  it('always returns the nine ids in order, ready when nothing fails', () => {
    expect(CHECK_IDS).toEqual(ORDER);
    const report = runChecks(pfxInput(good, { dnsSuffixes: ['corp.example.com'], trustRootHashes: [rootSha256] }));
    expect(report.checks.map((c) => c.id)).toEqual(ORDER);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.ready).toBe(true);
  });

  it('gives every non-pass a fix, and is not ready when any check fails', () => {
    const report = runChecks(pfxInput(good, { hasPrivateKey: false, keyMatchesLeaf: undefined, format: 'x509-pem' }));
    for (const c of report.checks) if (c.status !== 'pass') expect(c.fix, c.id).toBeTruthy();
    expect(check(report, 'root-hash-trusted').status).toBe('fail');
    expect(report.ready).toBe(false);
  });

  it('fails every check of an empty file but still lists all nine', () => {
    const report = runChecks(pfxInput([], { leaf: null, hasPrivateKey: false, chainComplete: false }));
    expect(report.checks.map((c) => c.id)).toEqual(ORDER);
    expect(report.checks.every((c) => c.status === 'fail')).toBe(true);
  });

  it('refuses malformed suffixes and root hashes as usage errors', () => {
    expect(() => runChecks(pfxInput(good, { dnsSuffixes: ['bad..suffix'] }))).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(() => runChecks(pfxInput(good, { trustRootHashes: ['xyz'] }))).toThrow(expect.objectContaining({ code: 'usage' }));
  });
});

describe('private-key', () => {
  it('passes when the key matches the leaf', () => {
    expect(check(runChecks(pfxInput(good)), 'private-key').status).toBe('pass');
  });
  it('says the key is in the vault for a completed request, not in a file', () => {
    const r = check(runChecks(pfxInput(good, { format: 'x509-der', keySource: 'vault' })), 'private-key');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('key vault');
    expect(r.message).not.toContain('The file holds');
  });
  it('fails when the key belongs to another certificate', () => {
    const r = check(runChecks(pfxInput(good, { keyMatchesLeaf: false })), 'private-key');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('does not belong');
  });
  it('warns for a certificate-only file, and the file is not ready: the certificate is fit, the key is missing', () => {
    const withKey = runChecks(pfxInput(good, { trustRootHashes: [rootSha256] }));
    expect(withKey.ready).toBe(true);
    const report = runChecks(pfxInput(good, { format: 'x509-der', hasPrivateKey: false, keyMatchesLeaf: undefined, trustRootHashes: [rootSha256] }));
    const r = check(report, 'private-key');
    expect(r.status).toBe('warn');
    expect(r.fix).toContain('certdesk request complete');
    expect(r.fix).toContain('Yes, export the private key');
    expect(report.ready).toBe(false);
    expect(report.generations.filter((g) => g.asked).every((g) => !g.ready && g.failing.join() === 'private-key')).toBe(true);
    expect(report.summary).toMatch(/^Not ready for AMT .*: the file has no private key; the certificate itself fails no other check/);
    expect(report.checks.filter((c) => c.id !== 'private-key').every((c) => c.status !== 'fail')).toBe(true);
  });

  it('a certificate-only file that also fails a certificate check names both, without claiming the certificate is fit', () => {
    const report = runChecks(pfxInput(good, { format: 'x509-der', hasPrivateKey: false, keyMatchesLeaf: undefined }));
    expect(report.ready).toBe(false);
    expect(report.summary).toContain('the file has no private key');
    expect(report.summary).toContain('the root is not in AMT firmware');
    expect(report.summary).not.toContain('fails no other check');
  });
});

describe('setup-ou-or-oid', () => {
  it('passes with the exact OU and the OID (real certificate)', () => {
    const r = check(runChecks(pfxInput(good)), 'setup-ou-or-oid');
    expect(r.status).toBe('pass');
  });

  it('warns with the OU only: firmware accepts it, rps refuses it (sources disagree; real certificate)', () => {
    const s = utf8Leaf('ouonly', `/O=corp.example.com/OU=${AMT_SETUP_OU}/CN=prov.corp.example.com`, 'server');
    expect(s.extendedKeyUsage).not.toContain(AMT_OID);
    const report = runChecks(pfxInput(chainWith(s)));
    const r = check(report, 'setup-ou-or-oid');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('rps accepts only the OID');
    expect(r.message).toContain('MeshCentral accept');
    expect(r.fix).toContain(AMT_OID);
  });

  it('fails an OU with ® (U+00AE), showing the character and the exact text to use (real certificate)', () => {
    const s = utf8Leaf('registered', '/O=corp.example.com/OU=Intel® Client Setup Certificate/CN=prov.corp.example.com', 'server');
    expect(s.subjectAttributes.find((a) => a.type === 'OU')?.value).toBe('Intel® Client Setup Certificate');
    const r = check(runChecks(pfxInput(chainWith(s))), 'setup-ou-or-oid');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('"Intel® Client Setup Certificate"');
    expect(r.message).toContain('"®" character (U+00AE)');
    expect(r.fix).toContain('OU is exactly "Intel(R) Client Setup Certificate"');
  });

  const near: [string, string][] = [
    ['intel(r) client setup certificate', 'capitalisation differs'],
    ['Intel(R) Client Setup certificate', 'capitalisation differs'],
    ['Intel(R)  Client Setup Certificate', 'extra spaces'],
    [' Intel(R) Client Setup Certificate', 'extra spaces'],
    ['Intel(R)Client Setup Certificate', 'spacing differs'],
    ['Intel(R) Client Setup Certificate.', 'ends with a period'],
    ['Intel Client Setup Certificate', '"(R)" is missing'],
  ];
  for (const [ou, why] of near) {
    it(`fails the near-miss OU ${JSON.stringify(ou)} (${why})`, () => {
      const s = fakeCert({ names: [['OU', ou], ['CN', 'prov.corp.example.com']], extendedKeyUsage: ['1.3.6.1.5.5.7.3.1'] });
      const r = check(runChecks(pfxInput([s, good[1], good[2]])), 'setup-ou-or-oid');
      expect(r.status).toBe('fail');
      expect(r.message).toContain(why);
      expect(r.message).toContain(JSON.stringify(ou));
      expect(r.fix).toContain(`"${AMT_SETUP_OU}"`);
    });
  }

  it('passes with the OID even when the OU is a near miss, and says so', () => {
    const s = fakeCert({ names: [['OU', 'Intel® Client Setup Certificate'], ['CN', 'prov.corp.example.com']] });
    const r = check(runChecks(pfxInput([s])), 'setup-ou-or-oid');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('OID alone is enough');
  });

  it('fails with neither OU nor OID (real certificate)', () => {
    const s = utf8Leaf('plain', '/O=corp.example.com/OU=IT/CN=prov.corp.example.com', 'server');
    const r = check(runChecks(pfxInput(chainWith(s))), 'setup-ou-or-oid');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('"IT"');
  });
});

describe('server-auth-eku', () => {
  it('fails a client-authentication-only certificate (real certificate)', () => {
    const s = summaryOf(pki, pki.issue('client', inter, { profile: 'client', subject: '/CN=prov.corp.example.com' }).cert);
    const r = check(runChecks(pfxInput(chainWith(s))), 'server-auth-eku');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('Client Authentication');
  });
  it('fails a certificate without any EKU extension (real certificate)', () => {
    const s = summaryOf(pki, pki.issue('noeku', inter, { extensions: 'basicConstraints = CA:FALSE\nkeyUsage = digitalSignature, keyEncipherment' }).cert);
    expect(s.extendedKeyUsage).toEqual([]);
    const r = check(runChecks(pfxInput(chainWith(s))), 'server-auth-eku');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('no Enhanced Key Usage extension');
  });
});

describe('key-type-size', () => {
  const keyCase = (spec: string) => summaryOf(pki, pki.issue(`k${spec.replace(/\W/g, '')}`, inter, { profile: 'amt', keySpec: spec }).cert);
  it('passes RSA 2048', () => expect(check(runChecks(pfxInput(good)), 'key-type-size').status).toBe('pass'));
  it('fails RSA 1024 (real certificate)', () => {
    const r = check(runChecks(pfxInput(chainWith(keyCase('rsa:1024')))), 'key-type-size');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('1024');
  });
  it('warns RSA 4096: SCS 3.x accepts at most 2048 (real certificate)', () => {
    const r = check(runChecks(pfxInput(chainWith(keyCase('rsa:4096')))), 'key-type-size');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('at most 2048');
  });
  it('fails an EC key (real certificate)', () => {
    const r = check(runChecks(pfxInput(chainWith(keyCase('ec:P-256')))), 'key-type-size');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('only RSA');
  });
  it('fails a 1024-bit CA key in the chain', () => {
    const weakCa = fakeCert({ names: [['CN', 'Old CA']], keySize: 1024, isCA: true });
    const r = check(runChecks(pfxInput([good[0], weakCa, good[2]])), 'key-type-size');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('"Old CA" (RSA 1024-bit)');
  });
});

describe('signature-hash', () => {
  it('fails a SHA-1 signed leaf and names it (real certificate)', () => {
    const s = summaryOf(pki, pki.issue('sha1leaf', inter, { profile: 'amt', hash: 'sha1', subject: '/CN=sha1.corp.example.com' }).cert);
    expect(s.signatureHash).toBe('SHA-1');
    const r = check(runChecks(pfxInput(chainWith(s))), 'signature-hash');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('"sha1.corp.example.com" is signed with SHA-1');
    expect(r.message).toContain('By firmware: AMT 11–15 warn, AMT 16 and later fail');
  });
  it('fails a SHA-1 self-signed root: the root counts too (real certificates)', () => {
    const oldRoot = pki.root('oldroot', { hash: 'sha1', subject: '/CN=Old SHA1 Root' });
    const l = pki.issue('underold', oldRoot, { profile: 'amt' });
    const chain = [summaryOf(pki, l.cert), summaryOf(pki, oldRoot.cert)];
    const r = check(runChecks(pfxInput(chain)), 'signature-hash');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the root "Old SHA1 Root" signs itself with SHA-1');
  });
  it('passes an all-SHA-256 chain', () => expect(check(runChecks(pfxInput(good)), 'signature-hash').status).toBe('pass'));
});

describe('validity', () => {
  it('fails an expired leaf, naming it and the date (real certificate)', () => {
    const s = summaryOf(pki, pki.issue('expired', inter, { profile: 'amt', notBefore: '20200101000000Z', notAfter: '20210101000000Z' }).cert);
    const r = check(runChecks(pfxInput(chainWith(s))), 'validity');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('"expired" expired on 2021-01-01');
  });
  it('fails a not-yet-valid leaf (real certificate)', () => {
    const s = summaryOf(pki, pki.issue('future', inter, { profile: 'amt', notBefore: '20400101000000Z', notAfter: '20410101000000Z' }).cert);
    const r = check(runChecks(pfxInput(chainWith(s))), 'validity');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('not valid until 2040-01-01');
  });
  it('warns when fewer than 30 days are left (real certificate)', () => {
    const s = summaryOf(pki, pki.issue('soon', inter, { profile: 'amt', days: 10 }).cert);
    const r = check(runChecks(pfxInput(chainWith(s))), 'validity');
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/"soon" expires on .* \((9|10) days left\)/);
  });
  it('judges at the given time', () => {
    const r = check(runChecks(pfxInput(good, { now: new Date('2100-01-01T00:00:00Z') })), 'validity');
    expect(r.status).toBe('fail');
  });
});

describe('chain-complete', () => {
  it('passes a full chain in the file', () => expect(check(runChecks(pfxInput(good)), 'chain-complete').status).toBe('pass'));
  it('warns when the root came from the catalogue (rpc-go error 126)', () => {
    const r = check(runChecks(pfxInput(good, { rootFromCatalogue: true })), 'chain-complete');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('126');
    expect(r.fix).toContain('full chain');
  });
  it('fails a broken signature, naming both certificates', () => {
    const r = check(runChecks(pfxInput(good, { chainComplete: false, brokenSignatureAt: 0 })), 'chain-complete');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('"prov.corp.example.com"');
    expect(r.message).toContain('"CertDesk Test Issuing CA"');
  });
  it('fails when the issuer of the top certificate is missing', () => {
    const r = check(runChecks(pfxInput(good.slice(0, 2), { chainComplete: false })), 'chain-complete');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('The issuer of "CertDesk Test Issuing CA"');
  });
});

describe('root-hash-trusted', () => {
  it('fails a private root that is not in firmware, with the MEBx/USB fix', () => {
    const r = check(runChecks(pfxInput(good)), 'root-hash-trusted');
    expect(r.status).toBe('fail');
    expect(r.message).toContain(rootSha256);
    expect(r.fix).toContain('MEBx');
    expect(r.fix).toContain('USB setup.bin');
    expect(r.fix).toContain(rootSha256);
  });
  it('passes a custom root added with --trust-root-hash (SHA-1, lower case, colons)', () => {
    const sha1 = pki.facts(root.cert).sha1.toLowerCase().match(/../g)!.join(':');
    const r = check(runChecks(pfxInput(good, { trustRootHashes: [sha1] })), 'root-hash-trusted');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('added with a trusted root hash (a custom root entered in MEBx or a USB setup.bin)');
  });
  it('passes a catalogue root from AMT 12 on and names the entry; fails it on AMT 11 (rps #1108: not in AMT 11 firmware)', () => {
    const g2 = catalogueCertificates().map(summarize).find((s) => s.subject.includes('DigiCert Global Root G2'))!;
    const on12 = check(runChecks(pfxInput([good[0], good[1], g2], { amtVersions: ['12', '16'] })), 'root-hash-trusted');
    expect(on12.status).toBe('pass');
    expect(on12.message).toContain('"DigiCert Global Root G2"');
    const all = runChecks(pfxInput([good[0], good[1], g2]));
    const r = check(all, 'root-hash-trusted');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('is in the firmware of AMT 12 and later only, so AMT 11 devices refuse it');
    expect(r.message).toContain('By firmware: AMT 11 fail, AMT 12 and later pass');
    expect(all.generations.find((g) => g.id === 'amt-11')!.failing).toContain('root-hash-trusted');
  });
  it('counts hashes known only by their firmware label as trusted', () => {
    const top = fakeCert({ selfSigned: true, isCA: true, sha256: '7224395222CD588C4F2683716922ADDB41E39B581AC34FA87B39EFA896FBB39E' });
    const r = check(runChecks(pfxInput([good[0], top], { amtVersions: ['16'] })), 'root-hash-trusted');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('GlobalSign NP ECC CA 2018');
  });
  it('cannot tell when the root is missing', () => {
    const r = check(runChecks(pfxInput(good.slice(0, 2), { chainComplete: false, trustRootHashes: [rootSha256] })), 'root-hash-trusted');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('Cannot tell');
  });
});

describe('dns-suffix', () => {
  it('passes a suffix the CN ends with (real certificate)', () => {
    const r = check(runChecks(pfxInput(good, { dnsSuffixes: ['corp.example.com'] })), 'dns-suffix');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('corp.example.com matches prov.corp.example.com');
  });
  it('reports a match only by the second-level-domain rule', () => {
    const r = check(runChecks(pfxInput(good, { dnsSuffixes: ['lab.example.com'] })), 'dns-suffix');
    expect(r.status).toBe('pass');
    expect(r.message).toContain("by AMT's second-level-domain rule");
  });
  it('fails when any suffix is not served, naming it', () => {
    const r = check(runChecks(pfxInput(good, { dnsSuffixes: ['corp.example.com', 'badexample.com'] })), 'dns-suffix');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('badexample.com');
    expect(r.fix).toContain('provisioning.badexample.com');
  });
  it('warns without suffixes, listing what the certificate can serve', () => {
    const r = check(runChecks(pfxInput(good)), 'dns-suffix');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('corp.example.com');
    expect(r.message).toContain('any suffix under example.com');
  });
  it('judges the CN only: a SAN DNS name that would match is a note, not a pass (KB 000100444, rps, MeshCentral)', () => {
    const s = fakeCert({ names: [['CN', 'other.example.net']], dnsNames: ['prov.lab.example.org'] });
    const r = check(runChecks(pfxInput([s], { dnsSuffixes: ['lab.example.org'] })), 'dns-suffix');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('Its SAN DNS name prov.lab.example.org would serve it, but AMT matches the CN');
    expect(r.message).toContain('KB 000100444');
  });
  it('fails a certificate whose only DNS name is in the SAN (no CN)', () => {
    const s = fakeCert({ names: [['O', 'corp']], dnsNames: ['prov.lab.example.org'] });
    const r = check(runChecks(pfxInput([s], { dnsSuffixes: ['lab.example.org'] })), 'dns-suffix');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('has no common name (CN)');
    expect(r.message).toContain('prov.lab.example.org');
  });
  it('passes on the CN and lists other SAN names as not judged', () => {
    const s = fakeCert({ names: [['CN', 'prov.corp.example.com']], dnsNames: ['prov.corp.example.com', 'alias.elsewhere.net'] });
    const r = check(runChecks(pfxInput([s])), 'dns-suffix');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('SAN DNS names (alias.elsewhere.net) are not judged');
    expect(r.message).not.toContain('elsewhere.net, and');
  });
});

describe('PKCS#10 request', () => {
  it('judges OU/OID, EKU, key, signature and suffix; the rest applies once issued (real request)', () => {
    pki.key('req');
    pki.run([
      'req', '-new', '-config', 'ext.cnf', '-key', 'req.key', '-subj', `/O=corp.example.com/OU=${AMT_SETUP_OU}/CN=prov.corp.example.com`,
      '-addext', `extendedKeyUsage=serverAuth,${AMT_OID}`, '-sha256', '-out', 'req.csr',
    ]);
    const request = summarizeRequest(parseRequest(pki.run(['req', '-in', 'req.csr', '-outform', 'DER'])));
    const report = runChecks({
      format: 'pkcs10', leaf: null, chain: [], request, hasPrivateKey: false, chainComplete: false, rootFromCatalogue: false,
      dnsSuffixes: ['corp.example.com'], trustRootHashes: [], now: new Date(),
    });
    expect(report.checks.map((c) => c.id)).toEqual(ORDER);
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      'private-key': 'warn',
      'setup-ou-or-oid': 'pass',
      'server-auth-eku': 'warn',
      'key-type-size': 'pass',
      'signature-hash': 'warn',
      validity: 'warn',
      'chain-complete': 'warn',
      'root-hash-trusted': 'warn',
      'dns-suffix': 'pass',
    });
    expect(check(report, 'validity').message).toContain('applies once the CA has issued the certificate');
    expect(check(report, 'private-key').message).toContain('stays with whoever made the request');
    expect(check(report, 'server-auth-eku').message).toMatch(/^Note: the request asks for Server Authentication/);
    expect(report.ready).toBe(true);
    expect(report.subject).toBe('request');
    expect(report.summary).toBe('Ready to send to the CA (AMT 11 and later)');
  });

  it('is not fit to send when it asks for neither the setup OU nor the AMT OID (exit 1 in the CLI)', () => {
    pki.key('plainreq');
    pki.run(['req', '-new', '-config', 'ext.cnf', '-key', 'plainreq.key', '-subj', '/O=corp.example.com/CN=prov.corp.example.com', '-sha256', '-out', 'plainreq.csr']);
    const request = summarizeRequest(parseRequest(pki.run(['req', '-in', 'plainreq.csr', '-outform', 'DER'])));
    const report = runChecks({
      format: 'pkcs10', leaf: null, chain: [], request, hasPrivateKey: false, chainComplete: false, rootFromCatalogue: false,
      dnsSuffixes: [], trustRootHashes: [], now: new Date(),
    });
    expect(check(report, 'setup-ou-or-oid').status).toBe('fail');
    expect(report.ready).toBe(false);
    expect(report.summary).toContain('Not ready to send to the CA');
    expect(report.summary).toContain('neither the setup OU nor the AMT OID is requested');
  });

  it('is not fit to send when its own signature does not verify', () => {
    const request = {
      subject: 'CN=prov.corp.example.com',
      subjectAttributes: [
        { type: 'OU', oid: '2.5.4.11', value: AMT_SETUP_OU },
        { type: 'CN', oid: '2.5.4.3', value: 'prov.corp.example.com' },
      ],
      keyAlgorithm: 'RSA' as const,
      keySize: 2048,
      signatureValid: false,
      signatureHash: 'SHA-256',
    };
    const report = runChecks({
      format: 'pkcs10', leaf: null, chain: [], request, hasPrivateKey: false, chainComplete: false, rootFromCatalogue: false,
      dnsSuffixes: [], trustRootHashes: [], now: new Date(),
    });
    expect(check(report, 'signature-hash').status).toBe('fail');
    expect(check(report, 'signature-hash').message).toContain('does not verify');
    expect(report.ready).toBe(false);
  });

  it('fails a request with a near-miss OU and a small key', () => {
    const request = {
      subject: 'CN=prov.corp.example.com,OU=Intel® Client Setup Certificate',
      subjectAttributes: [
        { type: 'OU', oid: '2.5.4.11', value: 'Intel® Client Setup Certificate' },
        { type: 'CN', oid: '2.5.4.3', value: 'prov.corp.example.com' },
      ],
      keyAlgorithm: 'RSA' as const,
      keySize: 1024,
      signatureValid: true,
      signatureHash: 'SHA-256',
    };
    const report = runChecks({
      format: 'pkcs10', leaf: null, chain: [], request, hasPrivateKey: false, chainComplete: false, rootFromCatalogue: false,
      dnsSuffixes: [], trustRootHashes: [], now: new Date(),
    });
    expect(check(report, 'setup-ou-or-oid').status).toBe('fail');
    expect(check(report, 'key-type-size').status).toBe('fail');
    expect(check(report, 'server-auth-eku').status).toBe('warn');
    expect(report.ready).toBe(false);
  });
});
