// certdesk export-provisioning: openssl-made PFX files judged by rps's and MeshCentral's own rules, and the
// files they take, read back the way each server reads them (openssl for the PFX inside rps's JSON; node-forge,
// the library MeshCentral loads it with, for the MeshCentral entry).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { AMT_OID, AMT_OU, Pki, amtHierarchy, tempDir } from '../../support/openssl';
import { TestCa } from '../requests/support';

const PASSWORD = 'Prov!sioning-Pass 42';
const env = { P: PASSWORD };

// rps DomainPOST (swagger.yaml:1473-1500) plus the optional expirationDate of its postman example.
const RPS_REQUIRED = ['profileName', 'domainSuffix', 'provisioningCertStorageFormat', 'provisioningCert', 'provisioningCertPassword'];
const RPS_ALLOWED = new Set([...RPS_REQUIRED, 'expirationDate']);

let pki: Pki;
let out: ReturnType<typeof tempDir>;
let good: string;
let ouOnly: string;
let noRoot: string;

beforeAll(() => {
  pki = new Pki();
  const { root, intermediate, leaf } = amtHierarchy(pki);
  good = pki.path(pki.pfx('good', leaf, [intermediate, root], { password: PASSWORD }));
  const ouLeaf = pki.issue('ouleaf', intermediate, {
    subject: `/O=corp.example.com/OU=${AMT_OU}/CN=prov2.corp.example.com`,
    extensions: 'basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth',
  });
  ouOnly = pki.path(pki.pfx('ouonly', ouLeaf, [intermediate, root], { password: PASSWORD }));
  noRoot = pki.path(pki.pfx('noroot', leaf, [intermediate], { password: PASSWORD }));
  out = tempDir('certdesk-prov-');
}, 60_000);

afterAll(() => {
  pki?.cleanup();
  out?.cleanup();
});

function decodeWithOpenssl(pfx: Buffer, dir: string): string {
  const file = join(dir, 'decoded.pfx');
  writeFileSync(file, pfx);
  return pki.run(['pkcs12', '-in', file, '-passin', 'env:P', '-nodes', '-info'], undefined, env).toString();
}

describe('export-provisioning --for rps', () => {
  it('writes the domain profile rps takes: its shape, the PFX inside opens with the password, mode 0600', () => {
    const dir = join(out.dir, 'rps-ok');
    const run = runCli(['export-provisioning', good, '--for', 'rps', '--out', dir, '--domain-suffix', 'corp.example.com', '--password-env', 'P', '--json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.accepted).toBe(true);
    expect(result.written).toBe(true);
    expect(run.stdout).not.toContain(PASSWORD);
    const path = result.files[0].path as string;
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const profile = JSON.parse(readFileSync(path, 'utf8'));
    for (const key of RPS_REQUIRED) expect(typeof profile[key]).toBe('string');
    for (const key of Object.keys(profile)) expect(RPS_ALLOWED.has(key)).toBe(true);
    expect(profile.provisioningCertStorageFormat).toBe('raw');
    expect(profile.provisioningCertPassword).toBe(PASSWORD);
    expect(profile.domainSuffix).toBe('corp.example.com');
    expect(profile.profileName).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(new Date(profile.expirationDate).toISOString()).toBe(profile.expirationDate);
    // The PFX as base64 is the file given, and openssl opens it with the password.
    const pfx = Buffer.from(profile.provisioningCert, 'base64');
    expect(pfx.equals(readFileSync(good))).toBe(true);
    const text = decodeWithOpenssl(pfx, dir);
    expect(text).toContain('CN = prov.corp.example.com');
    expect(text).toContain('PRIVATE KEY');
  });

  it('refuses an OU-only certificate the way rps does (amt-oid), and writes nothing', () => {
    const dir = join(out.dir, 'rps-ou');
    const run = runCli(['export-provisioning', ouOnly, '--for', 'rps', '--out', dir, '--password-env', 'P', '--json'], { env });
    expect(run.code).toBe(1);
    const result = run.json();
    expect(result.accepted).toBe(false);
    expect(result.refusedBy).toBe('amt-oid');
    expect(result.written).toBe(false);
    const oid = result.rules.find((r: { id: string }) => r.id === 'amt-oid');
    expect(oid.message).toContain('rps accepts only the OID');
    expect(oid.serverSays).toContain(AMT_OID);
    expect(oid.source).toMatch(/domain\.ts:198-205/);
    expect(existsSync(dir)).toBe(false);
  });

  it('names the first rule rps stops at: a suffix whose last two labels differ from the CN', () => {
    const run = runCli(['export-provisioning', good, '--for', 'rps', '--out', join(out.dir, 'x.json'), '--domain-suffix', 'corp.example.net', '--password-env', 'P'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('rps will refuse this certificate');
    expect(run.stdout).toMatch(/FAIL\s+domain-suffix/);
    expect(run.stdout).toContain('FQDN not associated with provisioning certificate');
    expect(run.stdout).toContain('Nothing was written.');
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('refuses a PFX without its root, and a password over 64 characters', () => {
    const noRootRun = runCli(['export-provisioning', noRoot, '--for', 'rps', '--out', join(out.dir, 'y.json'), '--password-env', 'P', '--json'], { env });
    expect(noRootRun.code).toBe(1);
    expect(noRootRun.json().rules.find((r: { id: string }) => r.id === 'root-present').status).toBe('fail');

    const long = 'L'.repeat(65);
    const longPfx = pki.path(pki.pfx('longpass', { key: 'leaf.key', cert: 'leaf.pem', name: 'leaf' }, [{ key: 'inter.key', cert: 'inter.pem', name: 'inter' }, { key: 'root.key', cert: 'root.pem', name: 'root' }], { password: long }));
    const longRun = runCli(['export-provisioning', longPfx, '--for', 'rps', '--out', join(out.dir, 'z.json'), '--password-env', 'P', '--json'], { env: { P: long } });
    expect(longRun.code).toBe(1);
    expect(longRun.json().refusedBy).toBe('password');
    expect(longRun.stdout).not.toContain(long);
  });

  it('a wrong password is an error (exit 2), not a verdict', () => {
    const run = runCli(['export-provisioning', good, '--for', 'rps', '--out', join(out.dir, 'w.json'), '--password-env', 'P', '--json'], { env: { P: 'nope' } });
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe('wrong-password');
  });
});

describe('export-provisioning --for meshcentral', () => {
  it('writes the PFX and the AmtAcmActivation entry; both load under MeshCentral rules (OU accepted)', () => {
    const dir = join(out.dir, 'mesh-ok');
    const run = runCli(['export-provisioning', ouOnly, '--for', 'meshcentral', '--out', dir, '--name', 'prov2', '--password-env', 'P', '--json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.matchName).toBe('example.com');
    expect(run.stdout).not.toContain(PASSWORD);
    expect(readdirSync(dir).sort()).toEqual(['prov2.meshcentral-config.json', 'prov2.pfx']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);

    const config = JSON.parse(readFileSync(join(dir, 'prov2.meshcentral-config.json'), 'utf8'));
    const entry = config.domains[''].AmtAcmActivation.certs.prov2;
    expect(Object.keys(entry).sort()).toEqual(['certpfx', 'certpfxpass']);
    expect(entry.certpfxpass).toBe(PASSWORD);

    // MeshCentral's loader: node-forge pkcs12FromAsn1 (strict), cert bags + pkcs8ShroudedKeyBag only.
    const bytes = readFileSync(join(dir, entry.certpfx));
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), true, entry.certpfxpass);
    const certs = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]!.map((b) => b.cert!);
    const keys = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]!.map((b) => b.key as forge.pki.rsa.PrivateKey);
    expect(certs.length).toBeGreaterThanOrEqual(2);
    expect(keys).toHaveLength(1);
    expect(certs.some((c) => (c.subject as unknown as { hash: string }).hash === (c.issuer as unknown as { hash: string }).hash)).toBe(true);
    const leaf = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(keys[0].n))!;
    expect(leaf.subject.getField('OU').value).toBe(AMT_OU);
    expect(leaf.subject.getField('CN').value).toBe('prov2.corp.example.com');
  });

  it('refuses a PFX MeshCentral cannot order into a full chain (no root), writes nothing', () => {
    const dir = join(out.dir, 'mesh-noroot');
    const run = runCli(['export-provisioning', noRoot, '--for', 'meshcentral', '--out', dir, '--password-env', 'P', '--json'], { env });
    expect(run.code).toBe(1);
    const result = run.json();
    expect(result.refusedBy).toBe('chain-order');
    expect(result.rules.find((r: { id: string }) => r.id === 'chain-order').serverSays).toContain('Unable to order');
    expect(existsSync(dir)).toBe(false);
  });

  it('never overwrites without --force', () => {
    const dir = join(out.dir, 'mesh-twice');
    const args = ['export-provisioning', good, '--for', 'meshcentral', '--out', dir, '--password-env', 'P', '--json'];
    expect(runCli(args, { env }).code).toBe(0);
    const again = runCli(args, { env });
    expect(again.code).toBe(2);
    expect(again.json().error.code).toBe('exists');
    expect(runCli([...args, '--force'], { env }).code).toBe(0);
  });
});

describe('export-provisioning from a stored request (request new → CA → request complete → export)', () => {
  it('exports the completed request by its id for rps: the key from the vault, the full chain, the PFX opens with openssl', () => {
    const home = tempDir('certdesk-prov-home-');
    const ca = new TestCa();
    try {
      // Passphrase mode: the vault needs no keychain here.
      const vaultEnv = { CERTDESK_HOME: home.dir, CERTDESK_VAULT: 'passphrase', CERTDESK_PASSPHRASE: 'a long vault passphrase', P: PASSWORD };
      const made = runCli(['request', 'new', '--cn', 'stored.corp.example.com', '--org', 'corp.example.com', '--json'], { env: vaultEnv });
      expect(made.code, made.stderr).toBe(0);
      const request = made.json();
      const cert = ca.sign(request.csrPem, 'stored', { dns: 'stored.corp.example.com' });
      const done = runCli(['request', 'complete', ca.reply(cert, 'p7b'), '--json'], { env: vaultEnv });
      expect(done.code, done.stderr).toBe(0);
      expect(done.json().chainComplete).toBe(true);

      const dir = join(out.dir, 'rps-stored');
      const run = runCli(['export-provisioning', request.id, '--for', 'rps', '--out', dir, '--password-env', 'P', '--json'], { env: vaultEnv });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).not.toContain(PASSWORD);
      const profile = JSON.parse(readFileSync(run.json().files[0].path, 'utf8'));
      expect(profile.domainSuffix).toBe('corp.example.com');
      const text = decodeWithOpenssl(Buffer.from(profile.provisioningCert, 'base64'), dir);
      expect(text).toContain('CN = stored.corp.example.com');
      expect(text).toContain('CN = CertDesk Test Issuing CA');
      expect(text).toContain('CN = CertDesk Test Root');
      expect(text).toContain('PRIVATE KEY');
    } finally {
      ca.pki.cleanup();
      home.cleanup();
    }
  });
});
