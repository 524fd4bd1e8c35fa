// `certdesk setupbin` and `certdesk setupbin show` through the real built CLI: openssl-made roots and chains, the
// corpus (../shared/corpus/setupbin, read in place), password rules, secrets, atomic writes.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasStackTrace, ROOT, runCli } from '../../support/cli';
import { Pki } from '../../support/openssl';

const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'setupbin');
const present = existsSync(join(CORPUS, 'SOURCES.md'));
const NEW = 'N3w-Mebx-Pass!';
const env = { NEW_MEBX: NEW };

let pki: Pki;
let root: string;
let chainPem: string;
let leafOnly: string;
let pfx: string;
let sha1Root: string;

beforeAll(() => {
  pki = new Pki();
  const r = pki.root('corp-root', { subject: '/O=Corp/CN=Corp Internal Root CA' });
  const inter = pki.issue('corp-int', r, { profile: 'intermediate', subject: '/O=Corp/CN=Corp Issuing CA' });
  const leaf = pki.issue('prov', inter, { profile: 'amt', subject: '/OU=Intel(R) Client Setup Certificate/CN=prov.corp.example.com' });
  root = pki.path(r.cert);
  chainPem = pki.path('chain.pem');
  writeFileSync(chainPem, [leaf, inter, r].map((c) => pki.read(c.cert).toString()).join(''));
  leafOnly = pki.path(leaf.cert);
  pfx = pki.path(pki.pfx('prov', leaf, [inter, r], { password: 'pfx-secret' }));
  sha1Root = pki.path(pki.root('old-root', { hash: 'sha1', subject: '/CN=Old SHA1 Root' }).cert);
});
afterAll(() => pki?.cleanup());

const out = (name: string) => join(pki.dir, name);

describe('setupbin: writing the file', () => {
  test('from a root certificate: 0600 file whose hash is the root DER SHA-256, read back by `setupbin show`', () => {
    const file = out('a.bin');
    const run = runCli(['setupbin', '--root', root, '--suffix', 'Corp.Example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', file, '--json'], { env });
    expect(run.code).toBe(0);
    const result = run.json();
    const sha256 = pki.facts('corp-root.pem').sha256;
    expect(result.root).toMatchObject({ sha256, hashName: 'Corp Internal Root CA', subject: 'CN=Corp Internal Root CA,O=Corp' });
    expect(result.suffix).toBe('corp.example.com');
    expect(result.mebx).toEqual({ current: 'factory-default', changesPassword: true });
    expect(result.setupBinBase64).toBeUndefined();
    expect(run.stdout + run.stderr).not.toContain(NEW);
    expect(statSync(file).size).toBe(1024);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const show = runCli(['setupbin', 'show', file, '--json']);
    expect(show.code).toBe(0);
    const view = show.json();
    expect(view.summary.hashes).toEqual([{ algorithm: 'SHA-256', hash: sha256, name: 'Corp Internal Root CA' }]);
    expect(view.summary.pkiDnsSuffix).toBe('corp.example.com');
    expect(view.problems).toEqual([]);
    expect(show.stdout).not.toContain(NEW);
    // --show-secrets is the one way to see the password again.
    const secrets = runCli(['setupbin', 'show', file, '--show-secrets', '--json']);
    expect(secrets.json().records[0].variables.find((v: { key: string }) => v.key === 'new-mebx-password').value).toBe(NEW);
  });

  test('a chain file or a PFX gives its root; --from-check takes the root of `check --json`', () => {
    const sha256 = pki.facts('corp-root.pem').sha256;
    const fromChain = runCli(['setupbin', '--root', chainPem, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('b.bin'), '--json'], { env });
    expect(fromChain.json().root.sha256).toBe(sha256);
    const fromPfx = runCli(['setupbin', '--root', pfx, '--root-password-env', 'PFXPW', '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('c.bin'), '--json'], {
      env: { ...env, PFXPW: 'pfx-secret' },
    });
    expect(fromPfx.json().root.sha256).toBe(sha256);

    const check = runCli(['check', chainPem, '--json', '--trust-root-hash', sha256]);
    const checkFile = out('check.json');
    writeFileSync(checkFile, check.stdout);
    const fromCheck = runCli(['setupbin', '--from-check', checkFile, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('d.bin'), '--json'], { env });
    expect(fromCheck.code).toBe(0);
    expect(fromCheck.json().root.sha256).toBe(sha256);
    // The same bytes whichever way the root was given.
    expect(readFileSync(out('b.bin')).equals(readFileSync(out('d.bin')))).toBe(true);
    expect(readFileSync(out('b.bin')).equals(readFileSync(out('c.bin')))).toBe(true);

    // PowerShell 5.1's `>` writes UTF-16LE with a BOM.
    const utf16 = out('check-utf16.json');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(check.stdout, 'utf16le')]));
    expect(runCli(['setupbin', '--from-check', utf16, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('e.bin'), '--json'], { env }).code).toBe(0);
  });

  test('the new password from stdin; a device whose password was already changed needs no new one', () => {
    const viaStdin = runCli(['setupbin', '--root', root, '--suffix', 'corp.example.com', '--new-mebx-password-stdin', '--out', out('f.bin'), '--json'], { input: `${NEW}\n` });
    expect(viaStdin.code).toBe(0);
    expect(runCli(['setupbin', 'show', out('f.bin'), '--show-secrets', '--json']).json().records[0].variables[1].value).toBe(NEW);

    const kept = runCli(['setupbin', '--root', root, '--suffix', 'corp.example.com', '--mebx-password-env', 'CUR', '--out', out('g.bin'), '--json'], { env: { CUR: 'Old-Pass-1!' } });
    expect(kept.code).toBe(0);
    expect(kept.json().mebx).toEqual({ current: 'given', changesPassword: false });
    const view = runCli(['setupbin', 'show', out('g.bin'), '--json']).json();
    expect(view.summary).toMatchObject({ setsCurrentMebxPassword: true, setsNewMebxPassword: false });
  });

  test('warnings: a SHA-1 root (AMT 16+), a root already in firmware is named', () => {
    const run = runCli(['setupbin', '--root', sha1Root, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('h.bin'), '--json'], { env });
    expect(run.code).toBe(0);
    expect(run.json().warnings.join(' ')).toMatch(/SHA-1.*AMT 16/);
    const human = runCli(['setupbin', '--root', sha1Root, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('h2.bin')], { env });
    expect(human.stdout).toMatch(/^WARN {2}The root signs itself with SHA-1/m);
    expect(human.stdout).toContain('Wrote ');
  });

  test.skipIf(!present)('the corpus custom-root file is re-made byte for byte from its CA certificate', () => {
    const file = out('jclab.bin');
    const run = runCli(
      ['setupbin', '--root', join(CORPUS, 'jclab-intel-vpro-hbased-problem-01-ca.crt'), '--suffix', 'amt-provisioning.test.com', '--hash-name', 'AMT Test CA', '--new-mebx-password-env', 'NEW_MEBX', '--out', file, '--json'],
      { env: { NEW_MEBX: 'P@ssw0rd' } },
    );
    expect(run.code).toBe(0);
    expect(readFileSync(file).equals(readFileSync(join(CORPUS, 'jclab-intel-vpro-hbased-problem-01-setup.bin')))).toBe(true);
  });
});

describe('setupbin: refusals with clear codes, no secret echoed, nothing written', () => {
  const args = (file: string) => ['setupbin', '--root', root, '--suffix', 'corp.example.com', '--out', out(file), '--json'];

  test.each([
    ['short', 'Ab1!'],
    ['no digit', 'Abcdefgh!'],
    ['no symbol', 'Abcdefgh1'],
    ['underscore is no symbol', 'Abcdefg_1'],
    ['no upper case', 'abcdefg1!'],
    ['a colon', 'Abcdef1!:'],
    ['33 characters', `Ab1!${'x'.repeat(29)}`],
  ])('a new MEBx password MEBx would refuse (%s): usage', (_what, password) => {
    const run = runCli([...args('weak.bin'), '--new-mebx-password-env', 'NEW_MEBX'], { env: { NEW_MEBX: password } });
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe('usage');
    expect(run.json().error.message).toMatch(/MEBx would refuse the new password/);
    expect(run.stdout + run.stderr).not.toContain(password);
    expect(existsSync(out('weak.bin'))).toBe(false);
  });

  test('factory "admin" with no new password (no terminal to ask on): usage', () => {
    const run = runCli(args('admin.bin'));
    expect(run.json().error).toMatchObject({ code: 'usage' });
    expect(run.json().error.message).toMatch(/factory MEBx password "admin"/);
  });

  test('a password on the command line is not an option, and is not echoed', () => {
    const run = runCli([...args('argv.bin'), `--new-mebx-password=${NEW}`]);
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe('usage');
    expect(run.stdout + run.stderr).not.toContain(NEW);
  });

  test('an unset environment variable, a bad suffix, no root, both roots', () => {
    expect(runCli([...args('x.bin'), '--new-mebx-password-env', 'NOPE_NOT_SET']).json().error.message).toMatch(/NOPE_NOT_SET.*not set/);
    const suffix = runCli(['setupbin', '--root', root, '--suffix', '.corp..com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('x.bin'), '--json'], { env });
    expect(suffix.json().error).toMatchObject({ code: 'usage' });
    expect(runCli(['setupbin', '--suffix', 'a.com', '--out', out('x.bin'), '--json']).json().error.code).toBe('usage');
    expect(runCli([...args('x.bin'), '--from-check', root]).json().error.code).toBe('usage');
  });

  test('a PFX as --root without its password names --root-password-env', () => {
    const run = runCli(['setupbin', '--root', pfx, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('pfx.bin'), '--json'], { env });
    expect(run.json().error.code).toBe('wrong-password');
    expect(run.json().error.message).toContain('--root-password-env');
  });

  test('a file without a root says which issuer is missing', () => {
    const run = runCli(['setupbin', '--root', leafOnly, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('leaf.bin'), '--json'], { env });
    expect(run.json().error.code).toBe('usage');
    expect(run.json().error.message).toMatch(/no root certificate.*Corp Issuing CA/);
    const check = runCli(['check', leafOnly, '--json']);
    writeFileSync(out('leaf-check.json'), check.stdout);
    const fromCheck = runCli(['setupbin', '--from-check', out('leaf-check.json'), '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('leaf.bin'), '--json'], { env });
    expect(fromCheck.json().error.message).toMatch(/found no root/);
    writeFileSync(out('not-json.json'), 'hello');
    expect(runCli(['setupbin', '--from-check', out('not-json.json'), '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', out('x.bin'), '--json'], { env }).json().error.code).toBe('unsupported-format');
  });

  test('an existing --out is kept unless --force; a folder that cannot be written says so', () => {
    const file = out('exists.bin');
    writeFileSync(file, 'keep me');
    const run = runCli(['setupbin', '--root', root, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', file, '--json'], { env });
    expect(run.json().error.code).toBe('exists');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    const forced = runCli(['setupbin', '--root', root, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', file, '--force', '--json'], { env });
    expect(forced.code).toBe(0);
    expect(statSync(file).size).toBe(1024);

    const missingDir = runCli(['setupbin', '--root', root, '--suffix', 'corp.example.com', '--new-mebx-password-env', 'NEW_MEBX', '--out', join(pki.dir, 'no', 'such', 'dir', 's.bin'), '--json'], { env });
    expect(missingDir.code).toBe(2);
    expect(['not-writable', 'unreadable', 'not-found']).toContain(missingDir.json().error.code);
    expect(hasStackTrace(missingDir)).toBe(false);
  });
});

describe('setupbin show: verdicts and hostile files', () => {
  test.skipIf(!present)('the corpus: clean files exit 0, the MeshCommander re-save exits 1 with header-bytes + module-list', () => {
    for (const name of ['jclab-intel-vpro-hbased-problem-01-setup.bin', 'rgl-intel-amt-notes-Setup-default.bin']) {
      const run = runCli(['setupbin', 'show', join(CORPUS, name), '--json']);
      expect(run.code).toBe(0);
      expect(run.json().ok).toBe(true);
      expect(run.stdout).not.toMatch(/P@ssw0rd|HeyH0Password/);
    }
    const bad = runCli(['setupbin', 'show', join(CORPUS, 'rgl-intel-amt-notes-Setup.bin'), '--json']);
    expect(bad.code).toBe(1);
    expect(bad.json().problems.map((p: { id: string }) => p.id).sort()).toEqual(['header-bytes', 'module-list']);
    const human = runCli(['setupbin', 'show', join(CORPUS, 'rgl-intel-amt-notes-Setup.bin')]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/ERROR {2}header-bytes/);
  });

  test('not a setup.bin: unsupported-format (exit 2); truncated record: exit 1 with file-size', () => {
    const notBin = runCli(['setupbin', 'show', root, '--json']);
    expect(notBin.code).toBe(2);
    expect(notBin.json().error.code).toBe('unsupported-format');
    const good = readFileSync(out('a.bin'));
    writeFileSync(out('cut.bin'), good.subarray(0, 700));
    const cut = runCli(['setupbin', 'show', out('cut.bin'), '--json']);
    expect(cut.code).toBe(1);
    expect(cut.json().problems.map((p: { id: string }) => p.id)).toContain('file-size');
    mkdirSync(out('dir.bin'), { recursive: true });
    expect(runCli(['setupbin', 'show', out('dir.bin'), '--json']).json().error.code).toBe('unreadable');
  });
});
