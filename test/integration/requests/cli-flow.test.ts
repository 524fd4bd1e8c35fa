// The whole request flow through the real CLI (node bin/certdesk.js after `npm run build`), the real Secret
// Service (scripts/with-keyring.sh), SQLite on disk and openssl as the oracle. After every test the data
// folder is scanned for any encoding of the generated private keys.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../../support/cli';
import { openssl } from '../../support/openssl';
import { closeDatabase } from '../../../electron/engine/requests/service';
import { openDatabase } from '../../../electron/engine/requests/db';
import { forgetKeychainKey, keytarSource, openVault, vaultId } from '../../../electron/engine/requests/vault';
import { TestCa, opensslModulus, requireKeyring, scanDataDir, tempHome } from './support';

const CN = 'prov.corp.example.com';
const ORG = 'corp.example.com';
const SUBJECT = `CN=${CN},OU=Intel(R) Client Setup Certificate,O=${ORG}`;
const PFX_PASSWORD = 'Correct horse battery staple 7!';

let home: ReturnType<typeof tempHome>;
let ca: TestCa;
const env = () => ({ CERTDESK_HOME: home.dir, PFXPW: PFX_PASSWORD });
const cli = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const run = runCli(args, { input: options.input, env: { ...env(), ...options.env }, timeoutMs: 60_000 });
  expect(hasStackTrace(run), run.stderr).toBe(false);
  return run;
};

/** Every key in the vault, opened in this process (the test's view only). */
async function vaultKeys(): Promise<Buffer[]> {
  if (!existsSync(join(home.dir, 'certdesk.db'))) return [];
  const db = openDatabase(home.dir);
  try {
    const rows = db.prepare('SELECT id, nonce, sealed FROM keys').all() as { id: string; nonce: Buffer; sealed: Buffer }[];
    if (!rows.length) return [];
    const vault = await openVault(db, keytarSource());
    return rows.map((r) => vault.open(r.id, { nonce: r.nonce, ciphertext: r.sealed }));
  } finally {
    db.close();
  }
}

const exportedKeys: Buffer[] = [];

function newRequest(cn = CN, extra: string[] = []) {
  const run = cli(['request', 'new', '--cn', cn, '--org', ORG, ...extra, '--json']);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return run.json();
}

function dbCount(table: string): number {
  const db = new Database(join(home.dir, 'certdesk.db'), { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(() => {
  requireKeyring();
  home = tempHome();
  ca = new TestCa();
});

afterEach(async () => {
  const keys = [...(await vaultKeys()), ...exportedKeys];
  expect(keys.length).toBeGreaterThan(0);
  expect(scanDataDir(home.dir, keys)).toEqual([]);
});

afterAll(async () => {
  // Leave no CertDesk entry behind in the keychain (matters when run under a real desktop keyring).
  if (home && existsSync(join(home.dir, 'certdesk.db'))) {
    const db = openDatabase(home.dir);
    await forgetKeychainKey(vaultId(db)).catch(() => undefined);
    db.close();
  }
  closeDatabase();
  home?.cleanup();
  ca?.cleanup();
});

describe('certdesk request new', () => {
  it('writes a CSR openssl verifies, with exactly the AMT subject and PEM as CAs expect', () => {
    const out = join(ca.pki.dir, 'new.csr');
    const result = newRequest(CN, ['--out', out]);
    expect(result.id).toMatch(/^[0-9a-f]{12}$/);
    expect(result.subject).toBe(SUBJECT);
    expect(result.keySize).toBe(2048);
    expect(result.keySizeWarning).toBeUndefined();
    const pem = readFileSync(out, 'utf8');
    expect(pem).toBe(result.csrPem);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n(?:[A-Za-z0-9+/]{64}\n)*[A-Za-z0-9+/]{1,63}={0,2}\n-----END CERTIFICATE REQUEST-----\n$/);
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\n/g, ''), 'base64');
    expect(result.csrSha256).toBe(createHash('sha256').update(der).digest('hex').toUpperCase());
    const verify = execFileSync('openssl', ['req', '-in', out, '-verify', '-noout'], { stdio: ['pipe', 'pipe', 'pipe'], encoding: 'utf8' });
    expect(verify).not.toMatch(/fail/i);
    expect(openssl(['req', '-in', out, '-noout', '-subject', '-nameopt', 'RFC2253']).toString().trim()).toBe(`subject=${SUBJECT}`);
    const text = openssl(['req', '-in', out, '-noout', '-text']).toString();
    expect(text).toMatch(/sha256WithRSAEncryption/);
    expect(text).toMatch(/TLS Web Server Authentication, 2\.16\.840\.1\.113741\.1\.2\.3/);
    expect(text).toMatch(/DNS:prov\.corp\.example\.com/);
    // The human form prints the id and the CSR hash.
    const again = cli(['request', 'new', '--cn', CN, '--org', ORG, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*\[exists\]/);
  });

  it('prints the id and CSR SHA-256 for people, warns for 4096, refuses 1024 and wildcards', () => {
    const run = cli(['request', 'new', '--cn', 'big.corp.example.com', '--org', ORG, '--key-size', '4096']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Request\s+[0-9a-f]{12}$/m);
    expect(run.stdout).toMatch(/^CSR SHA-256\s+[0-9A-F]{64}$/m);
    expect(run.stdout).toMatch(/WARN {2}.*4096/);
    const small = cli(['request', 'new', '--cn', CN, '--org', ORG, '--key-size', '1024', '--json']);
    expect(small.code).toBe(2);
    expect(small.json().error.code).toBe('usage');
    expect(small.json().error.message).toMatch(/16/);
    const wild = cli(['request', 'new', '--cn', '*.corp.example.com', '--org', ORG, '--json']);
    expect(wild.json().error.code).toBe('usage');
    const bare = cli(['request', 'new', '--cn', 'prov', '--org', ORG, '--json']);
    expect(bare.json().error.message).toMatch(/fully qualified/);
  });

  it('stores --name (trimmed) and shows it; refuses control characters, empty and over-long names before any key is made', () => {
    const keysBefore = dbCount('keys');
    for (const bad of ['bad\u0007bell', 'line\nbreak', 'rtl\u202eoverride', '   ', 'x'.repeat(65)]) {
      const run = cli(['request', 'new', '--cn', 'named.corp.example.com', '--org', ORG, '--name', bad, '--json']);
      expect(run.code, bad).toBe(2);
      expect(run.json().error.code).toBe('usage');
      expect(run.json().error.message).toMatch(/name/);
    }
    expect(dbCount('keys')).toBe(keysBefore);
    // 64 characters (code points) is the limit, not 64 UTF-16 units.
    expect(newRequest('long.corp.example.com', ['--name', 'é'.repeat(32) + '😀'.repeat(32)]).name).toBe('é'.repeat(32) + '😀'.repeat(32));
    const created = newRequest('named.corp.example.com', ['--name', '  Provisioning server 2026  ']);
    expect(created.name).toBe('Provisioning server 2026');
    expect(cli(['request', 'show', created.id, '--json']).json().name).toBe('Provisioning server 2026');
    expect(cli(['request', 'show', created.id]).stdout).toMatch(/^Name\s+Provisioning server 2026$/m);
    const listed = cli(['request', 'list', '--json']).json().requests.find((r: { id: string }) => r.id === created.id);
    expect(listed.name).toBe('Provisioning server 2026');
    // A request made without --name has no name at all (not null, not the CN).
    expect(cli(['request', 'list', '--json']).json().requests.find((r: { cn: string }) => r.cn === 'big.corp.example.com')).not.toHaveProperty('name');
  });
});

describe('certdesk request complete and export-pfx', () => {
  const completed: Record<string, string> = {};

  for (const form of ['pem', 'der', 'p7b'] as const) {
    it(`completes a pending request with the CA's ${form.toUpperCase()} reply, found by public key`, () => {
      const cn = `${form}.corp.example.com`;
      // The DER one has a name: it survives completion and becomes the PFX friendly name.
      const request = newRequest(cn, form === 'der' ? ['--name', 'AMT provisioning (DER)'] : []);
      const cert = ca.sign(request.csrPem, `reply-${form}`, { dns: cn });
      const args = ['request', 'complete', ca.reply(cert, form)];
      if (form === 'pem') args.push('--chain', ca.reply(cert, 'bundle'));
      const run = cli([...args, '--json']);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const result = run.json();
      expect(result.request.id).toBe(request.id);
      expect(result.request.status).toBe('completed');
      if (form === 'der') expect(result.request.name).toBe('AMT provisioning (DER)');
      else expect(result.request).not.toHaveProperty('name');
      expect(result.leaf.subject).toBe(`CN=${cn},OU=Intel(R) Client Setup Certificate,O=${ORG}`);
      expect(result.chain.map((c: { subject: string }) => c.subject)).toEqual(
        form === 'der'
          ? [result.leaf.subject]
          : [result.leaf.subject, 'CN=CertDesk Test Issuing CA,O=CertDesk Test', 'CN=CertDesk Test Root,O=CertDesk Test'],
      );
      expect(result.amt.checks.map((c: { id: string }) => c.id)).toContain('setup-ou-or-oid');
      expect(result.amt.checks.find((c: { id: string }) => c.id === 'private-key').status).toBe('pass');
      completed[form] = request.id;
      // Completing again with the same certificate changes nothing.
      const again = cli([...args, '--json']).json();
      expect(again.alreadyCompleted).toBe(true);
      // People get the checks.
      const human = cli(['request', 'show', request.id]);
      expect(human.stdout).toMatch(/completed/);
    });
  }

  it('refuses a certificate issued for another key: key-mismatch, exit 2, nothing stored', () => {
    const before = { certs: dbCount('certificates'), requests: JSON.stringify(cli(['request', 'list', '--json']).json()) };
    const other = ca.pki.issue('stranger', ca.inter, { subject: `/O=${ORG}/OU=Intel(R) Client Setup Certificate/CN=${CN}`, profile: 'amt' });
    const run = cli(['request', 'complete', ca.pki.path(other.cert), '--json']);
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe('key-mismatch');
    expect(dbCount('certificates')).toBe(before.certs);
    expect(JSON.stringify(cli(['request', 'list', '--json']).json())).toBe(before.requests);
    const human = cli(['request', 'complete', ca.pki.path(other.cert)]);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/\[key-mismatch\]$/m);
  });

  it('exports key + leaf + chain as a PFX openssl opens (AES-256/PBKDF2-SHA256/SHA-256 MAC), key matching the CSR', () => {
    const id = completed.p7b;
    const out = join(ca.pki.dir, 'modern.pfx');
    const run = cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = run.json();
    expect(result.pfxBase64).toBeUndefined();
    expect(result.certificates).toBe(3);
    expect(result.chainComplete).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const info = execFileSync('openssl', ['pkcs12', '-info', '-in', out, '-passin', 'env:PFXPW', '-nokeys'], { env: { ...process.env, PFXPW: PFX_PASSWORD }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(info.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(info).toMatch(/friendlyName: p7b\.corp\.example\.com/);
    const stderr = execFileSync('sh', ['-c', `openssl pkcs12 -info -in "${out}" -passin env:PFXPW -noout 2>&1`], { env: { ...process.env, PFXPW: PFX_PASSWORD }, encoding: 'utf8' });
    expect(stderr).toMatch(/MAC: sha256, Iteration 2048/);
    expect(stderr).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    expect(stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    const keyPem = openssl(['pkcs12', '-in', out, '-passin', 'env:PFXPW', '-nocerts', '-nodes'], { env: { PFXPW: PFX_PASSWORD } }).toString();
    const keyFile = join(ca.pki.dir, 'modern.key');
    writeFileSync(keyFile, keyPem.slice(keyPem.indexOf('-----BEGIN')));
    exportedKeys.push(createPrivateKey(keyPem.slice(keyPem.indexOf('-----BEGIN'))).export({ format: 'der', type: 'pkcs8' }) as Buffer);
    const csrFile = join(ca.pki.dir, 'p7b.csr');
    writeFileSync(csrFile, cli(['request', 'show', id, '--json']).json().csrPem);
    expect(opensslModulus('rsa', keyFile)).toBe(opensslModulus('req', csrFile));
    // No overwrite without --force; --force replaces.
    const clash = cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW', '--json']);
    expect(clash.code).toBe(2);
    expect(clash.json().error.code).toBe('exists');
    expect(cli(['export-pfx', id, '--out', out, '--password-env', 'PFXPW', '--force', '--json']).code).toBe(0);
  });

  it('exports --legacy (3DES, SHA-1 MAC) by thumbprint with the password on stdin; openssl -legacy opens it', () => {
    const shown = cli(['request', 'show', completed.pem, '--json']).json();
    const out = join(ca.pki.dir, 'legacy.pfx');
    const run = cli(['export-pfx', shown.certificate.sha1, '--out', out, '--password-stdin', '--legacy', '--json'], { input: `${PFX_PASSWORD}\n` });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.json().encryption).toBe('3des/mac-sha1');
    const text = execFileSync('sh', ['-c', `openssl pkcs12 -legacy -info -in "${out}" -passin env:PFXPW -nodes 2>&1`], { env: { ...process.env, PFXPW: PFX_PASSWORD }, encoding: 'utf8' });
    expect(text).toMatch(/MAC: sha1, Iteration 2048/);
    expect(text).toMatch(/PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
    expect(text).toMatch(/Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
    expect(text.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    const key = text.slice(text.indexOf('-----BEGIN PRIVATE KEY-----'), text.indexOf('-----END PRIVATE KEY-----') + 25);
    exportedKeys.push(createPrivateKey(key).export({ format: 'der', type: 'pkcs8' }) as Buffer);
    const keyFile = join(ca.pki.dir, 'legacy.key');
    writeFileSync(keyFile, key + '\n');
    const csrFile = join(ca.pki.dir, 'pem.csr');
    writeFileSync(csrFile, shown.csrPem);
    expect(opensslModulus('rsa', keyFile)).toBe(opensslModulus('req', csrFile));
  });

  it("uses the request's name as the PFX friendly name by default; --friendly-name overrides it", () => {
    const pkcs12 = (file: string, what: string[]) =>
      execFileSync('openssl', ['pkcs12', '-info', '-in', file, '-passin', 'env:PFXPW', ...what], { env: { ...process.env, PFXPW: PFX_PASSWORD }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    const names = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('friendlyName:')).map((l) => l.trim());
    /** The friendly names of the certificate bags (-nokeys) and of the key bag (-nocerts), and the key. */
    const friendly = (file: string) => {
      const keyText = pkcs12(file, ['-nocerts', '-nodes']);
      exportedKeys.push(createPrivateKey(keyText.slice(keyText.indexOf('-----BEGIN PRIVATE KEY'))).export({ format: 'der', type: 'pkcs8' }) as Buffer);
      return { certificates: names(pkcs12(file, ['-nokeys'])), key: names(keyText) };
    };
    const named = join(ca.pki.dir, 'named.pfx');
    const run = cli(['export-pfx', completed.der, '--out', named, '--password-env', 'PFXPW', '--allow-incomplete-chain', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.json().friendlyName).toBe('AMT provisioning (DER)');
    // On the leaf (the DER reply brought no chain) and on the key.
    expect(friendly(named)).toEqual({ certificates: ['friendlyName: AMT provisioning (DER)'], key: ['friendlyName: AMT provisioning (DER)'] });
    const override = join(ca.pki.dir, 'override.pfx');
    expect(cli(['export-pfx', completed.der, '--out', override, '--password-env', 'PFXPW', '--friendly-name', 'Other', '--allow-incomplete-chain', '--json']).json().friendlyName).toBe('Other');
    expect(friendly(override)).toEqual({ certificates: ['friendlyName: Other'], key: ['friendlyName: Other'] });
  });

  it('refuses exports without a usable password and never takes one on the command line', () => {
    const out = join(ca.pki.dir, 'nopw.pfx');
    const none = cli(['export-pfx', completed.p7b, '--out', out, '--json']);
    expect(none.code).toBe(2);
    expect(none.json().error.code).toBe('usage');
    const empty = cli(['export-pfx', completed.p7b, '--out', out, '--password-env', 'EMPTY', '--json'], { env: { EMPTY: '' } });
    expect(empty.json().error.code).toBe('usage');
    const argv = cli(['export-pfx', completed.p7b, '--out', out, '--password', 'x', '--json']);
    expect(argv.code).toBe(2);
    expect(argv.json().error.code).toBe('usage');
    const pending = newRequest('pending.corp.example.com');
    const notYet = cli(['export-pfx', pending.id, '--out', out, '--password-env', 'PFXPW', '--json']);
    expect(notYet.json().error.message).toMatch(/pending/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('certdesk request list/show/delete and expiring', () => {
  it('leaves only the database file behind: the WAL is checkpointed and removed when the CLI exits', () => {
    cli(['request', 'list', '--json']);
    expect(readdirSync(home.dir).sort()).toEqual(['certdesk.db']);
  });

  it('lists requests aligned and as JSON', () => {
    const json = cli(['request', 'list', '--json']).json();
    expect(json.requests.length).toBeGreaterThanOrEqual(5);
    const lines = cli(['request', 'list']).stdout.split('\n');
    expect(lines[0]).toMatch(/^Data folder: .+ \(CERTDESK_HOME\)$/);
    const human = lines.slice(lines.findIndex((l) => l.startsWith('ID ')));
    expect(human[0]).toMatch(/^ID\s+STATUS\s+CREATED\s+KEY\s+COMMON NAME\s+NAME\s+CHAIN\s+EXPIRES$/);
    const col = human[0].indexOf('COMMON NAME');
    for (const line of human.slice(1).filter(Boolean)) expect(line.slice(col - 2, col)).toBe('  ');
    const nameCol = human[0].indexOf('NAME', col + 'COMMON NAME'.length);
    const named = human.find((l) => l.includes('named.corp.example.com'))!;
    expect(named.slice(nameCol)).toMatch(/^Provisioning server 2026/);
  });

  it('lists expiring certificates and writes an RFC 5545 calendar', () => {
    const ics = join(ca.pki.dir, 'expiring.ics');
    const run = cli(['expiring', '--days', '400', '--ics', ics, '--json']);
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.certificates.filter((c: { role: string }) => c.role === 'leaf').length).toBe(3);
    expect(cli(['expiring', '--json']).json().certificates).toEqual([]);
    const text = readFileSync(ics);
    const lines = text.toString('utf8').split('\r\n');
    expect(text.toString('utf8').endsWith('\r\n')).toBe(true);
    expect(text.toString('utf8').replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(result.certificates.length);
    // Three reminders per certificate: 60, 30 and 1 day before it expires.
    expect(lines.filter((l) => l === 'BEGIN:VALARM')).toHaveLength(3 * result.certificates.length);
    expect(new Set(lines.filter((l) => l.startsWith('TRIGGER')))).toEqual(new Set(['TRIGGER;RELATED=END:-P60D', 'TRIGGER;RELATED=END:-P30D', 'TRIGGER;RELATED=END:-P1D']));
    expect(lines.filter((l) => l.startsWith('UID:'))).toHaveLength(result.certificates.length);
    expect(lines.filter((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l))).toHaveLength(result.certificates.length);
    expect(cli(['expiring', '--ics', ics, '--json']).json().error.code).toBe('exists');
  });

  it('deletes a request and its key for good, only when confirmed', () => {
    const request = newRequest('gone.corp.example.com');
    const keysBefore = dbCount('keys');
    const ro = new Database(join(home.dir, 'certdesk.db'), { readonly: true });
    const sealed = (ro.prepare('SELECT sealed FROM keys WHERE id = ?').get(request.id) as { sealed: Buffer }).sealed;
    ro.close();
    const refused = cli(['request', 'delete', request.id, '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json().error.code).toBe('usage');
    expect(dbCount('keys')).toBe(keysBefore);
    const run = cli(['request', 'delete', request.id, '--yes', '--json']);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ id: request.id, deleted: true });
    expect(dbCount('keys')).toBe(keysBefore - 1);
    expect(cli(['request', 'show', request.id, '--json']).json().error.code).toBe('not-found');
    // The sealed blob is gone from the database file and the WAL (secure_delete + truncating checkpoint).
    for (const file of ['certdesk.db', 'certdesk.db-wal']) {
      if (existsSync(join(home.dir, file))) expect(readFileSync(join(home.dir, file)).includes(sealed.subarray(16, 80))).toBe(false);
    }
  });
});
