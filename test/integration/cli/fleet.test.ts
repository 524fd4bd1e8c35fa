// certdesk check DIR: a folder of openssl-made exports (several servers), one table, JSON and CSV, exit codes.
import { mkdirSync, copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { AMT_OID, AMT_OU, Pki, amtHierarchy, tempDir } from '../../support/openssl';

let pki: Pki;
let folder: ReturnType<typeof tempDir>;
let rootSha256: string;
const env = { P: 'fleet-pass' };

beforeAll(() => {
  pki = new Pki();
  const { root, intermediate, leaf } = amtHierarchy(pki);
  rootSha256 = pki.facts(root.cert).sha256;
  const soon = pki.issue('soon', intermediate, {
    subject: `/OU=${AMT_OU}/CN=prov.lab.example.net`,
    days: 20,
    extensions: `basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth, ${AMT_OID}`,
  });
  folder = tempDir('certdesk-fleet-');
  mkdirSync(join(folder.dir, 'site-a'));
  mkdirSync(join(folder.dir, 'site-b', 'old'), { recursive: true });
  copyFileSync(pki.path(pki.pfx('a', leaf, [intermediate, root], { password: 'fleet-pass' })), join(folder.dir, 'site-a', 'prov.pfx'));
  copyFileSync(pki.path(pki.pfx('b', soon, [intermediate, root], { password: 'fleet-pass' })), join(folder.dir, 'site-b', 'lab.pfx'));
  copyFileSync(pki.path(pki.pfx('c', leaf, [intermediate, root], { password: 'another' })), join(folder.dir, 'site-b', 'old', 'other.pfx'));
  writeFileSync(join(folder.dir, 'README.txt'), 'not a certificate');
  symlinkSync(join(folder.dir, 'site-a', 'prov.pfx'), join(folder.dir, 'link.pfx'));
}, 60_000);

afterAll(() => {
  pki?.cleanup();
  folder?.cleanup();
});

describe('check DIR', () => {
  it('one row per certificate file; another password is "needs a password"; symlinks not followed; exit 1', () => {
    const run = runCli(['check', folder.dir, '--password-env', 'P', '--trust-root-hash', rootSha256, '--json'], { env });
    expect(run.code).toBe(1);
    const result = run.json();
    expect(result.rows.map((r: { file: string }) => r.file)).toEqual(['site-a/prov.pfx', 'site-b/lab.pfx', 'site-b/old/other.pfx']);
    const [a, b, c] = result.rows;
    expect(a.status).toBe('ready');
    expect(a.serverCn).toBe('prov.corp.example.com');
    expect(a.suffixes).toContain('corp.example.com');
    expect(a.generations.map((g: { name: string }) => g.name)).toEqual(['AMT 11', 'AMT 12–15', 'AMT 16 and later']);
    expect(b.expiryWarning).toBe('30-days');
    expect(b.daysLeft).toBeLessThanOrEqual(20);
    expect(c.status).toBe('needs-password');
    expect(result.totals).toMatchObject({ files: 3, ready: 2, needsPassword: 1, expiring: { within30: 1 } });
    expect(result.skipped).toMatchObject({ symlinks: 1, otherFiles: 1 });
    expect(run.stdout).not.toContain('fleet-pass');
  });

  it('exit 0 when every file is ready; the table names the columns and the warning', () => {
    const dir = join(folder.dir, 'site-a');
    const ok = runCli(['check', join(folder.dir, 'site-b'), '--password-env', 'P', '--trust-root-hash', rootSha256], { env });
    expect(ok.code).toBe(1); // other.pfx needs a password
    expect(ok.stdout).toMatch(/FILE\s+SERVER CN\s+SUFFIXES SERVED\s+EXPIRES\s+AMT 11\s+AMT 12-15\s+AMT 16\+\s+STATUS\s+WHAT TO DO/);
    expect(ok.stdout).toContain('!30d');
    expect(ok.stdout).toContain('NEEDS A PASSWORD');
    const ready = runCli(['check', dir, '--password-env', 'P', '--trust-root-hash', rootSha256], { env });
    expect(ready.code).toBe(0);
  });

  it('without the root trusted: not ready, with the first failing check as what to do', () => {
    const run = runCli(['check', join(folder.dir, 'site-a'), '--password-env', 'P', '--json'], { env });
    expect(run.code).toBe(1);
    const row = run.json().rows[0];
    expect(row.status).toBe('not-ready');
    expect(row.failing).toBe('root-hash-trusted');
    expect(row.todo.length).toBeGreaterThan(0);
  });

  it('--csv: a header and one line per file', () => {
    const run = runCli(['check', folder.dir, '--password-env', 'P', '--csv'], { env });
    const lines = run.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('file,server_cn,suffixes,not_after,days_left,expiry_warning,amt_11,amt_12_15,amt_16,status,todo');
    expect(lines).toHaveLength(4);
  });

  it('usage errors exit 2', () => {
    const both = runCli(['check', folder.dir, '--json', '--csv']);
    expect(both.code).toBe(2);
    const empty = tempDir('certdesk-empty-');
    try {
      const none = runCli(['check', empty.dir, '--json']);
      expect(none.code).toBe(2);
      expect(none.json().error.code).toBe('not-found');
    } finally {
      empty.cleanup();
    }
  });
});
