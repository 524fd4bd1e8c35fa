// Issue [8] item 1: the chain is never lost. A request completed with the issued certificate alone, then given
// the CA's chain (.p7b of CA certificates only, or the reply again with its chain), stores the chain; export-pfx
// and the install path refuse a chain that does not reach a root (incomplete-chain) unless explicitly allowed.
// Real CLI (node bin/certdesk.js, built), the vault in passphrase mode (no keychain needed), openssl as the oracle.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../../support/cli';
import { closeDatabase, exportableRequest } from '../../../electron/engine/requests/service';
import { TestCa, tempHome } from './support';

const ORG = 'corp.example.com';
const PW = 'Chain test password 9!';
let home: ReturnType<typeof tempHome>;
let ca: TestCa;
let caChain: string;

const VAULT = { CERTDESK_VAULT: 'passphrase', CERTDESK_PASSPHRASE: 'chain test vault passphrase' };
const cli = (args: string[]) => {
  const run = runCli(args, { env: { CERTDESK_HOME: home.dir, PFXPW: PW, NO_COLOR: '1', ...VAULT }, timeoutMs: 60_000 });
  expect(hasStackTrace(run), run.stderr).toBe(false);
  return run;
};

function completedWithLeafOnly(cn: string): { id: string; cert: string } {
  const request = cli(['request', 'new', '--cn', cn, '--org', ORG, '--json']).json();
  const cert = ca.sign(request.csrPem, cn.split('.')[0]);
  const done = cli(['request', 'complete', ca.reply(cert, 'pem'), '--json']);
  expect(done.code, done.stderr).toBe(0);
  expect(done.json().chainComplete).toBe(false);
  expect(done.json().request.certificate.chain).toBe('incomplete');
  return { id: request.id, cert };
}

/** Certificates in a PFX, as openssl counts them. */
function pfxCertCount(file: string): number {
  const text = execFileSync('openssl', ['pkcs12', '-in', file, '-nokeys', '-passin', 'env:PFXPW'], { env: { ...process.env, PFXPW: PW }, encoding: 'utf8' });
  return text.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
}

beforeAll(() => {
  home = tempHome();
  ca = new TestCa();
  // The CA's chain alone, as CAs hand it out: issuing CA + root, no leaf.
  ca.pki.run(['crl2pkcs7', '-nocrl', '-certfile', ca.inter.cert, '-certfile', ca.root.cert, '-outform', 'DER', '-out', 'ca-chain.p7b']);
  caChain = ca.pki.path('ca-chain.p7b');
});

afterAll(() => {
  closeDatabase();
  home?.cleanup();
  ca?.cleanup();
});

describe('a request completed with the issued certificate alone', () => {
  let id = '';

  it('says the chain is incomplete and how to fix it (--chain, not the MMC export advice)', () => {
    const request = cli(['request', 'new', '--cn', 'alone.corp.example.com', '--org', ORG, '--json']).json();
    id = request.id;
    const cert = ca.sign(request.csrPem, 'alone');
    const human = cli(['request', 'complete', ca.reply(cert, 'pem')]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/--chain/);
    expect(human.stdout).toMatch(/certdesk request complete <ca-chain\.p7b>/);
    expect(human.stdout).not.toMatch(/Include all certificates/);
  });

  it('is listed with an incomplete chain, not as a green "days left"', () => {
    const listed = cli(['request', 'list', '--json']).json().requests.find((r: { id: string }) => r.id === id);
    expect(listed.certificate.chain).toBe('incomplete');
    expect(listed.certificate.missingIssuer).toBe('CN=CertDesk Test Issuing CA,O=CertDesk Test');
    const human = cli(['request', 'list']);
    expect(human.stdout).toMatch(/^Data folder: /m);
    expect(human.stdout).toContain(home.dir);
    expect(human.stdout).toMatch(new RegExp(`^${id}\\s.*INCOMPLETE`, 'm'));
    expect(cli(['request', 'show', id]).stdout).toMatch(/^Chain\s+INCOMPLETE: the issuer "CN=CertDesk Test Issuing CA,O=CertDesk Test" is missing/m);
  });

  it('export-pfx refuses it with incomplete-chain, naming what is missing and how to add it', () => {
    const out = join(ca.pki.dir, 'alone.pfx');
    const run = cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW', '--json']);
    expect(run.code).toBe(2);
    const error = run.json().error;
    expect(error.code).toBe('incomplete-chain');
    expect(error.message).toContain('CN=CertDesk Test Issuing CA,O=CertDesk Test');
    expect(error.message).toContain('certdesk request complete <ca-chain.p7b>');
    expect(error.message).toContain('--allow-incomplete-chain');
    expect(existsSync(out)).toBe(false);
    const human = cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW']);
    expect(human.stderr).toMatch(/\[incomplete-chain\]$/m);
  });

  it('the install path refuses it too (store import --request, the Install wizard), unless allowed', async () => {
    const before = process.env.CERTDESK_HOME;
    process.env.CERTDESK_HOME = home.dir;
    try {
      await expect(exportableRequest(id)).rejects.toMatchObject({ code: 'incomplete-chain' });
      await expect(exportableRequest(id, { allowIncompleteChain: true })).resolves.toMatchObject({ id });
      const run = cli(['store', 'import', '--request', id, '--password-env', 'PFXPW', '--dry-run', '--json']);
      expect(run.code).toBe(2);
      expect(run.json().error.code).toBe('incomplete-chain');
    } finally {
      if (before === undefined) delete process.env.CERTDESK_HOME;
      else process.env.CERTDESK_HOME = before;
      closeDatabase();
    }
  });

  it('--allow-incomplete-chain exports the leaf alone, and says so', () => {
    const out = join(ca.pki.dir, 'alone-anyway.pfx');
    const run = cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW', '--allow-incomplete-chain', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().chainComplete).toBe(false);
    expect(pfxCertCount(out)).toBe(1);
  });

  it("the CA's chain .p7b given to request complete is added: show lists 3 certificates, export-pfx writes them", () => {
    const run = cli(['request', 'complete', caChain, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.request.id).toBe(id);
    expect(result.alreadyCompleted).toBe(true);
    expect(result.chainAdded).toBe(2);
    expect(result.chainComplete).toBe(true);
    expect(result.request.certificate.chain).toBe('complete');
    const shown = cli(['request', 'show', id, '--json']).json();
    expect(shown.chain.map((c: { subject: string }) => c.subject)).toEqual([
      `CN=alone.corp.example.com,OU=Intel(R) Client Setup Certificate,O=${ORG}`,
      'CN=CertDesk Test Issuing CA,O=CertDesk Test',
      'CN=CertDesk Test Root,O=CertDesk Test',
    ]);
    const out = join(ca.pki.dir, 'alone-full.pfx');
    const exported = cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.json().certificates).toBe(3);
    expect(pfxCertCount(out)).toBe(3);
    // Given again: nothing new, still success, and the human line says so.
    const again = cli(['request', 'complete', caChain]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/added no new chain certificate \(the chain is complete\)/);
  });
});

describe('the same certificate again, this time with its chain', () => {
  it('adds the chain certificates the reply carries and says how many', () => {
    const { id, cert } = completedWithLeafOnly('again.corp.example.com');
    const human = cli(['request', 'complete', ca.reply(cert, 'p7b')]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`Request ${id} was already completed; added 2 chain certificates: the chain now reaches the root\\.`));
    expect(cli(['request', 'show', id, '--json']).json().chain).toHaveLength(3);
  });

  it('--chain with the issued certificate works the same way', () => {
    const { id, cert } = completedWithLeafOnly('withchain.corp.example.com');
    const run = cli(['request', 'complete', ca.reply(cert, 'pem'), '--chain', caChain, '--json']).json();
    expect(run.request.id).toBe(id);
    expect(run.chainAdded).toBe(2);
    expect(run.chainComplete).toBe(true);
  });

  it('a file of unrelated CA certificates is still key-mismatch', () => {
    const other = new TestCa();
    try {
      other.pki.run(['crl2pkcs7', '-nocrl', '-certfile', other.inter.cert, '-certfile', other.root.cert, '-outform', 'DER', '-out', 'other.p7b']);
      const run = cli(['request', 'complete', other.pki.path('other.p7b'), '--json']);
      expect(run.code).toBe(2);
      expect(run.json().error.code).toBe('key-mismatch');
    } finally {
      other.cleanup();
    }
  });
});
