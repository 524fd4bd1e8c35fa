// certdesk repair-chain (issue [10] item 3), the built CLI on openssl-made files: a leaf under an intermediate under
// a SHA-256 root B, B cross-signed by a SHA-1 root A, the file carrying both paths (rpc-go #413 / deployment #268).
// What is written is read back with openssl itself: exactly the chosen certificates, and the key.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { AMT_OU, type Issued, Pki, tempDir } from '../../support/openssl';

const PASSWORD = 'Repair!chain pass 1';
const NEW_PASSWORD = 'Another pass for the repaired PFX 2';
const env = { P: PASSWORD, NEWP: NEW_PASSWORD };
const CA_EXT = 'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always';
const LEAF_EXT = 'basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always';

let pki: Pki;
let out: ReturnType<typeof tempDir>;
let leaf: Issued;
let sha: Record<'A' | 'B' | 'cross' | 'inter' | 'leaf', string>;
let trust: string[];

const fingerprint = (file: string) => createHash('sha256').update(pki.der(file)).digest('hex').toUpperCase();

/** SHA-256 of each certificate openssl finds in a PFX (or .p7b), in file order. */
function opensslCerts(file: string, kind: 'pfx' | 'p7b', password = PASSWORD): string[] {
  const pem =
    kind === 'pfx'
      ? pki.run(['pkcs12', '-in', file, '-nokeys', '-passin', 'env:PW'], undefined, { PW: password }).toString()
      : pki.run(['pkcs7', '-in', file, '-inform', 'DER', '-print_certs']).toString();
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => createHash('sha256').update(Buffer.from(b.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')).digest('hex').toUpperCase());
}

const trustArgs = () => trust.flatMap((h) => ['--trust-root-hash', h]);

beforeAll(() => {
  pki = new Pki();
  const A = pki.root('rootA', { subject: '/O=CertDesk Test/CN=Old Root A', hash: 'sha1' });
  const B = pki.root('rootB', { subject: '/O=CertDesk Test/CN=New Root B' });
  const cross = pki.issue('crossB', A, { key: B.key, subject: '/O=CertDesk Test/CN=New Root B', extensions: CA_EXT, days: 3000 });
  const inter = pki.issue('inter', B, { subject: '/O=CertDesk Test/CN=CertDesk Test Issuing CA', profile: 'intermediate', days: 1800 });
  leaf = pki.issue('leaf', inter, { subject: `/O=corp.example.com/OU=${AMT_OU}/CN=prov.corp.example.com`, extensions: LEAF_EXT });
  sha = { A: fingerprint(A.cert), B: fingerprint(B.cert), cross: fingerprint(cross.cert), inter: fingerprint(inter.cert), leaf: fingerprint(leaf.cert) };
  trust = [sha.A, sha.B];
  pki.pfx('five', leaf, [inter, cross, A, B], { password: PASSWORD });
  pki.pfx('four', leaf, [inter, cross, A], { password: PASSWORD });
  pki.pfx('nointer', leaf, [B], { password: PASSWORD });
  writeFileSync(pki.path('certs.pem'), [leaf, inter, cross, A, B].map((i) => readFileSync(pki.path(i.cert), 'utf8')).join(''));
  out = tempDir('certdesk-repair-');
}, 120_000);

afterAll(() => {
  pki?.cleanup();
  out?.cleanup();
});

describe('repair-chain', () => {
  it('writes a PFX with the key and exactly leaf → intermediate → B, which openssl reads', () => {
    const target = join(out.dir, 'five-repaired.pfx');
    const run = runCli(['repair-chain', pki.path('five.pfx'), '--password-env', 'P', ...trustArgs(), '--out', target, '--json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.written).toBe(target);
    expect(result.output.sha256s).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(result.asIs.ready).toBe(false);
    expect(result.repaired.ready).toBe(true);
    expect(result.repair.alternatives).toHaveLength(1);
    expect(result.repair.alternatives[0].reason).toMatch(/cross-signed "New Root B" ends at "Old Root A", which signs itself with SHA-1: AMT 16 and later refuse it/);
    expect(result.repair.dropped.map((d: { sha256: string }) => d.sha256).sort()).toEqual([sha.A, sha.cross].sort());
    expect(result.fileBase64).toBeUndefined();
    expect(run.stdout).not.toContain(PASSWORD);
    expect(statSync(target).mode & 0o777).toBe(0o600);

    // openssl: the file opens with the file's own password (the default), MAC and all.
    pki.run(['pkcs12', '-in', target, '-info', '-noout', '-passin', 'env:PW'], undefined, { PW: PASSWORD });
    expect(opensslCerts(target, 'pfx')).toEqual([sha.leaf, sha.inter, sha.B]);
    // …and the key in it is the leaf's.
    const key = pki.run(['pkcs12', '-in', target, '-nocerts', '-nodes', '-passin', 'env:PW'], undefined, { PW: PASSWORD });
    const keyPub = pki.run(['pkey', '-pubout'], key).toString();
    const leafPub = pki.run(['x509', '-in', leaf.cert, '-noout', '-pubkey']).toString();
    expect(keyPub).toBe(leafPub);

    // And CertDesk's own check of the written file: ready, no chain repair to offer any more.
    const check = runCli(['check', target, '--password-env', 'P', ...trustArgs(), '--json'], { env });
    expect(check.code).toBe(0);
    expect(check.json().amt.chainRepair).toBeUndefined();
  });

  it('human output names what is dropped and why; --out-password-env sets the new password', () => {
    const target = join(out.dir, 'five-newpass.pfx');
    const run = runCli(['repair-chain', pki.path('five.pfx'), '--password-env', 'P', '--out-password-env', 'NEWP', ...trustArgs(), '--out', target], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^READY with the chosen path/);
    expect(run.stdout).toContain('drop "New Root B" (the cross-signed copy, issued by CN=Old Root A,O=CertDesk Test)');
    expect(run.stdout).toContain('drop "Old Root A"');
    expect(run.stdout).toContain('(Intel KB 000090051)');
    expect(run.stdout).toContain(`Wrote ${target}: private key + 3 certificates`);
    expect(run.stdout + run.stderr).not.toContain(NEW_PASSWORD);
    expect(opensslCerts(target, 'pfx', NEW_PASSWORD)).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(() => opensslCerts(target, 'pfx', PASSWORD)).toThrow();
  });

  it('a CA bundle supplying the missing intermediate fixes an incomplete chain', () => {
    const check = runCli(['check', pki.path('nointer.pfx'), '--password-env', 'P', ...trustArgs(), '--ca-bundle', pki.path('inter.pem'), '--json'], { env });
    expect(check.code).toBe(1); // the file itself is still incomplete: the verdict judges what it presents
    const doc = check.json();
    expect(doc.amt.checks.find((c: { id: string }) => c.id === 'chain-complete').status).toBe('fail');
    expect(doc.amt.chainRepair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(doc.amt.chainRepair.added.map((a: { sha256: string }) => a.sha256)).toEqual([sha.inter]);

    const target = join(out.dir, 'nointer-repaired.pfx');
    const run = runCli(['repair-chain', pki.path('nointer.pfx'), '--password-env', 'P', ...trustArgs(), '--ca-bundle', pki.path('inter.pem'), '--out', target, '--json'], { env });
    expect(run.code).toBe(0);
    expect(run.json().repair.added[0].reason).toContain('from the CA bundle');
    expect(opensslCerts(target, 'pfx')).toEqual([sha.leaf, sha.inter, sha.B]);
  });

  it('a CA bundle supplies the SHA-2 root the file lacks', () => {
    const target = join(out.dir, 'four-repaired.pfx');
    const run = runCli(['repair-chain', pki.path('four.pfx'), '--password-env', 'P', ...trustArgs(), '--ca-bundle', pki.path('rootB.pem'), '--out', target, '--json'], { env });
    expect(run.code).toBe(0);
    expect(opensslCerts(target, 'pfx')).toEqual([sha.leaf, sha.inter, sha.B]);
  });

  it('no path to a root: incomplete-chain, nothing written', () => {
    const target = join(out.dir, 'never.pfx');
    const run = runCli(['repair-chain', pki.path('nointer.pfx'), '--password-env', 'P', ...trustArgs(), '--out', target, '--json'], { env });
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe('incomplete-chain');
    expect(existsSync(target)).toBe(false);
  });

  it('--dry-run lists the paths and writes nothing', () => {
    const target = join(out.dir, 'dry.pfx');
    const run = runCli(['repair-chain', pki.path('five.pfx'), '--password-env', 'P', ...trustArgs(), '--out', target, '--dry-run', '--json'], { env });
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.repair.chosen.certificates).toEqual([sha.leaf, sha.inter, sha.B]);
    expect(result.command).toContain('certdesk repair-chain');
    expect(existsSync(target)).toBe(false);
    const text = runCli(['repair-chain', pki.path('five.pfx'), '--password-env', 'P', '--amt-version', '16', ...trustArgs(), '--dry-run'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Dry run: nothing written.');
  });

  it('a keyless file: a .pfx is refused with usage, a .p7b of the path is written', () => {
    const refused = runCli(['repair-chain', pki.path('certs.pem'), ...trustArgs(), '--out', join(out.dir, 'certs.pfx'), '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json().error).toMatchObject({ code: 'usage' });
    expect(refused.json().error.message).toMatch(/no private key.*\.p7b/);
    const target = join(out.dir, 'certs-repaired.p7b');
    const run = runCli(['repair-chain', pki.path('certs.pem'), ...trustArgs(), '--out', target, '--json']);
    expect(run.code).toBe(0);
    expect(run.json().output.format).toBe('p7b');
    expect(opensslCerts(target, 'p7b')).toEqual([sha.leaf, sha.inter, sha.B]);
  });

  it('usage: --out or --dry-run; an existing --out without --force', () => {
    const none = runCli(['repair-chain', pki.path('five.pfx'), '--password-env', 'P', '--json'], { env });
    expect(none.code).toBe(2);
    expect(none.json().error.code).toBe('usage');
    const existing = join(out.dir, 'exists.pfx');
    writeFileSync(existing, 'x');
    const run = runCli(['repair-chain', pki.path('five.pfx'), '--password-env', 'P', '--out', existing, '--json'], { env });
    expect(run.json().error.code).toBe('exists');
    expect(readFileSync(existing, 'utf8')).toBe('x');
  });

  it('--password on the command line is not an option', () => {
    const run = runCli(['repair-chain', pki.path('five.pfx'), `--password=${PASSWORD}`, '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain(PASSWORD);
  });
});
