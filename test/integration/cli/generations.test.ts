// `certdesk check` end to end with firmware generations, device hash lists and CSR verdicts (issue [6]).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AMT_OID, AMT_OU, Pki } from '../../support/openssl';
import { hasStackTrace, runCli } from '../../support/cli';

let pki: Pki;
let sha1RootChain: string;
let certOnlyChain: string;
let rootSha256: string;

const LEAF_EXT = `basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth, ${AMT_OID}\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always`;

beforeAll(() => {
  pki = new Pki();
  const root = pki.root('root1', { subject: '/CN=Legacy SHA1 Root', hash: 'sha1' });
  const leaf = pki.issue('leaf1', root, { subject: `/O=corp.example.com/OU=${AMT_OU}/CN=prov.corp.example.com`, extensions: LEAF_EXT });
  sha1RootChain = pki.path('chain.pem');
  // With the leaf's key: a file without it is never ready (the server cannot use it), whatever the generation.
  writeFileSync(sha1RootChain, Buffer.concat([pki.read(leaf.cert), pki.read(leaf.key), pki.read(root.cert)]));
  rootSha256 = pki.facts(root.cert).sha256;
  certOnlyChain = pki.path('cert-only.pem');
  writeFileSync(certOnlyChain, Buffer.concat([pki.read(leaf.cert), pki.read(root.cert)]));
});
afterAll(() => pki.cleanup());

describe('check --amt-version', () => {
  const base = () => ['check', sha1RootChain, '--dns-suffix', 'corp.example.com', '--trust-root-hash', rootSha256];

  test('default: every generation in service, the strictest; the verdict line comes first', () => {
    const json = runCli([...base(), '--json']);
    expect(json.code).toBe(1);
    const doc = json.json();
    expect(doc.amt.summary).toBe('Ready for AMT 11–15, not for 16 and later: the root "Legacy SHA1 Root" signs itself with SHA-1');
    expect(doc.amt.generations.map((g: { name: string; ready: boolean }) => [g.name, g.ready])).toEqual([
      ['AMT 11', true],
      ['AMT 12–15', true],
      ['AMT 16 and later', false],
      ['AMT 22 (proposed)', false],
    ]);
    const human = runCli(base());
    expect(human.code).toBe(1);
    expect(human.stdout.split('\n')[0]).toBe('NOT READY: Ready for AMT 11–15, not for 16 and later: the root "Legacy SHA1 Root" signs itself with SHA-1');
    expect(human.stdout).toContain('By AMT firmware generation');
  });

  test('the exit code follows the versions asked for', () => {
    expect(runCli([...base(), '--amt-version', '12', '--json']).code).toBe(0);
    expect(runCli([...base(), '--amt-version', '11', '--amt-version', '15', '--json']).code).toBe(0);
    expect(runCli([...base(), '--amt-version', '16', '--json']).code).toBe(1);
    expect(runCli([...base(), '--amt-version', '12', '--amt-version', '19', '--json']).code).toBe(1);
  });

  test('a version that is not one is a usage error with a stable code, never a stack trace', () => {
    for (const bad of ['sixteen', '9', '16;x']) {
      const run = runCli([...base(), '--amt-version', bad, '--json']);
      expect(run.code).toBe(2);
      expect(run.json().error.code).toBe('usage');
      expect(hasStackTrace(run)).toBe(false);
    }
  });
});

describe('check --device-hashes', () => {
  test('a plain list that holds the root passes root-hash-trusted; one that lacks it fails', () => {
    const has = pki.path('has.txt');
    writeFileSync(has, `# AMT device 42\n${rootSha256.toLowerCase()}\n`);
    const ok = runCli(['check', sha1RootChain, '--dns-suffix', 'corp.example.com', '--amt-version', '12', '--device-hashes', has, '--json']);
    expect(ok.code).toBe(0);
    const trusted = ok.json().amt.checks.find((c: { id: string }) => c.id === 'root-hash-trusted');
    expect(trusted.status).toBe('pass');
    expect(trusted.message).toContain('has.txt');
    const lacks = pki.path('lacks.txt');
    writeFileSync(lacks, `${'AB'.repeat(32)}\n`);
    const no = runCli(['check', sha1RootChain, '--dns-suffix', 'corp.example.com', '--amt-version', '12', '--device-hashes', lacks, '--json']);
    expect(no.code).toBe(1);
    expect(no.json().amt.checks.find((c: { id: string }) => c.id === 'root-hash-trusted').status).toBe('fail');
  });

  test('a list saved by Windows PowerShell 5.1 (UTF-16LE with a BOM) reads the same', () => {
    const utf16 = pki.path('ps51.txt');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`# from a PowerShell pipe\r\n${rootSha256}\r\n`, 'utf16le')]));
    const run = runCli(['check', sha1RootChain, '--dns-suffix', 'corp.example.com', '--amt-version', '12', '--device-hashes', utf16, '--json']);
    expect(run.code).toBe(0);
    expect(run.json().amt.deviceHashes.active).toBe(1);
  });

  test('an unreadable hash list is a clear error (exit 2), not a verdict', () => {
    const bad = pki.path('bad.txt');
    writeFileSync(bad, 'not a hash\n');
    const run = runCli(['check', sha1RootChain, '--device-hashes', bad, '--json']);
    expect(run.code).toBe(2);
    expect(['usage', 'unreadable']).toContain(run.json().error.code);
    const missing = runCli(['check', sha1RootChain, '--device-hashes', join(pki.path('.'), 'nope.json'), '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json().error.code).toBe('not-found');
  });
});

describe('check on a CSR: fit to send to the CA', () => {
  test('without the setup OU or the AMT OID: not ready, exit 1', () => {
    pki.key('plain');
    pki.run(['req', '-new', '-config', 'ext.cnf', '-key', 'plain.key', '-subj', '/O=corp.example.com/CN=prov.corp.example.com', '-out', 'plain.csr']);
    const run = runCli(['check', pki.path('plain.csr'), '--json']);
    expect(run.code).toBe(1);
    const doc = run.json();
    expect(doc.amt.subject).toBe('request');
    expect(doc.amt.summary).toMatch(/^Not ready to send to the CA/);
  });

  test('with the OU: ready to send, exit 0, and the CA-decided checks are notes', () => {
    pki.key('amt');
    pki.run(['req', '-new', '-config', 'ext.cnf', '-key', 'amt.key', '-subj', `/O=corp.example.com/OU=${AMT_OU}/CN=prov.corp.example.com`, '-out', 'amt.csr']);
    const run = runCli(['check', pki.path('amt.csr'), '--json']);
    expect(run.code).toBe(0);
    const doc = run.json();
    expect(doc.amt.summary).toMatch(/^Ready to send to the CA/);
    expect(doc.amt.checks.find((c: { id: string }) => c.id === 'server-auth-eku').message).toMatch(/^Note:/);
    const human = runCli(['check', pki.path('amt.csr')]);
    expect(human.stdout.split('\n')[0]).toMatch(/^READY: Ready to send to the CA/);
  });
});

describe('check on a certificate without its private key', () => {
  test('not ready (exit 1): the first line names the missing key and says the certificate itself fails nothing else', () => {
    const args = ['check', certOnlyChain, '--dns-suffix', 'corp.example.com', '--trust-root-hash', rootSha256, '--amt-version', '12'];
    const human = runCli(args);
    expect(human.code).toBe(1);
    expect(human.stdout.split('\n')[0]).toBe('NOT READY: Not ready for AMT 12–15: the file has no private key; the certificate itself fails no other check');
    const json = runCli([...args, '--json']);
    expect(json.code).toBe(1);
    const doc = json.json();
    expect(doc.amt.ready).toBe(false);
    const key = doc.amt.checks.find((c: { id: string }) => c.id === 'private-key');
    expect(key.status).toBe('warn');
    expect(key.fix).toContain('certdesk request complete');
    expect(doc.amt.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
    // The same chain with its key is ready: the key is the only difference.
    expect(runCli(['check', sha1RootChain, '--dns-suffix', 'corp.example.com', '--trust-root-hash', rootSha256, '--amt-version', '12']).code).toBe(0);
  });
});
