// Schema 1 → 2 (requests.name): a database made by the previous version (the migrations up to 1, a request
// written with that schema's columns, its key sealed in the keychain vault) is opened by the current build
// through the real CLI. The request is still there, nameless; it completes and exports with the CN as the
// PFX friendly name; new requests in the migrated database keep their name.
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../../support/cli';
import { openssl } from '../../support/openssl';
import { buildCsr, generateRsaKey, sha256Hex } from '../../../electron/engine/requests/csr';
import { DB_FILE, SCHEMA_VERSION, insertKey, migrate, migrations, openDatabase } from '../../../electron/engine/requests/db';
import { formatRfc4514 } from '../../../electron/engine/pki/names';
import { buildSubject } from '../../../electron/engine/requests/subject';
import { forgetKeychainKey, keytarSource, openVault, vaultId } from '../../../electron/engine/requests/vault';
import { TestCa, requireKeyring, scanDataDir, tempHome } from './support';

const CN = 'legacy.corp.example.com';
const ORG = 'corp.example.com';
const PFX_PASSWORD = 'Migrated request export 9!';

let home: ReturnType<typeof tempHome>;
let ca: TestCa;
let oldId: string;
let oldKey: Buffer;

const cli = (args: string[]) => {
  const run = runCli(args, { env: { CERTDESK_HOME: home.dir, PFXPW: PFX_PASSWORD }, timeoutMs: 60_000 });
  expect(hasStackTrace(run), run.stderr).toBe(false);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return run.json();
};

function readOnly<T>(query: (db: Database.Database) => T): T {
  const db = new Database(join(home.dir, DB_FILE), { readonly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

/** A data folder as the previous version left it: schema 1 and one pending request (real key, real CSR). */
async function previousVersionDatabase(): Promise<void> {
  const previous = SCHEMA_VERSION - 1;
  expect(migrations.find((m) => m.version === SCHEMA_VERSION)?.name).toMatch(/name/);
  const db = new Database(join(home.dir, DB_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, previous);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: previous });
    const columns = (db.pragma('table_info(requests)') as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('name');

    const subject = buildSubject({ cn: CN, org: ORG });
    const key = await generateRsaKey(2048);
    oldKey = Buffer.from(key.pkcs8);
    const csr = buildCsr(subject, key.spki, key.privateKey, CN);
    const vault = await openVault(db, keytarSource());
    oldId = 'a1b2c3d4e5f6';
    const sealed = vault.seal(oldId, key.pkcs8);
    key.pkcs8.fill(0);
    const now = new Date().toISOString();
    db.transaction(() => {
      insertKey(db, { id: oldId, spki_sha256: sha256Hex(key.spki), algorithm: 'RSA', key_size: 2048, vault_mode: 'keychain', nonce: sealed.nonce, sealed: sealed.ciphertext, created: now });
      // Schema 1's columns, as the previous build's insertRequest wrote them.
      db.prepare(
        `INSERT INTO requests (id, created, status, cn, org, ou, country, state, locality, subject, key_size, key_id, spki_sha256, csr_pem, csr_sha256)
         VALUES (?, ?, 'pending', ?, ?, ?, NULL, NULL, NULL, ?, 2048, ?, ?, ?, ?)`,
      ).run(oldId, now, CN, ORG, 'Intel(R) Client Setup Certificate', formatRfc4514(subject), oldId, sha256Hex(key.spki), csr.pem, sha256Hex(csr.der));
    })();
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  requireKeyring();
  home = tempHome();
  ca = new TestCa();
  await previousVersionDatabase();
});

afterAll(async () => {
  // Leave no CertDesk entry in the keychain. The last test made the file unopenable by openDatabase.
  if (home && existsSync(join(home.dir, DB_FILE))) {
    const db = new Database(join(home.dir, DB_FILE));
    await forgetKeychainKey(vaultId(db)).catch(() => undefined);
    db.close();
  }
  home?.cleanup();
  ca?.cleanup();
});

describe('migration 2: requests.name', () => {
  it('keeps the previous version\'s request, with name NULL, and records the new schema version', () => {
    const listed = cli(['request', 'list', '--json']).requests;
    expect(listed.map((r: { id: string }) => r.id)).toEqual([oldId]);
    expect(listed[0]).toMatchObject({ id: oldId, cn: CN, status: 'pending' });
    expect(listed[0]).not.toHaveProperty('name');
    readOnly((db) => {
      expect((db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual(
        migrations.map((m) => m.version),
      );
      expect(db.prepare('SELECT name FROM requests WHERE id = ?').get(oldId)).toEqual({ name: null });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  });

  it('opening again applies nothing twice', () => {
    const db = openDatabase(home.dir);
    try {
      migrate(db);
      expect(db.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: migrations.length });
    } finally {
      db.close();
    }
  });

  it('completes and exports the old request, the CN being the PFX friendly name', () => {
    const cert = ca.sign(cli(['request', 'show', oldId, '--json']).csrPem, 'legacy', { dns: CN });
    const completed = cli(['request', 'complete', ca.reply(cert, 'p7b'), '--json']);
    expect(completed.request.id).toBe(oldId);
    expect(completed.request).not.toHaveProperty('name');
    const out = join(ca.pki.dir, 'legacy.pfx');
    expect(cli(['export-pfx', oldId, '--out', out, '--password-env', 'PFXPW', '--json']).friendlyName).toBe(CN);
    const info = execFileSync('openssl', ['pkcs12', '-info', '-in', out, '-passin', 'env:PFXPW', '-nokeys'], {
      env: { ...process.env, PFXPW: PFX_PASSWORD },
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    expect(info).toContain(`friendlyName: ${CN}`);
  });

  it('stores the name of a request made after the migration, and the export carries it', () => {
    const created = cli(['request', 'new', '--cn', 'fresh.corp.example.com', '--org', ORG, '--name', 'Fresh provisioning cert', '--json']);
    expect(created.name).toBe('Fresh provisioning cert');
    readOnly((db) => expect(db.prepare('SELECT name FROM requests WHERE id = ?').get(created.id)).toEqual({ name: 'Fresh provisioning cert' }));
    const cert = ca.sign(created.csrPem, 'fresh', { dns: 'fresh.corp.example.com' });
    expect(cli(['request', 'complete', ca.reply(cert, 'p7b'), '--json']).request.name).toBe('Fresh provisioning cert');
    const out = join(ca.pki.dir, 'fresh.pfx');
    expect(cli(['export-pfx', created.id, '--out', out, '--password-env', 'PFXPW', '--json']).friendlyName).toBe('Fresh provisioning cert');
    const info = execFileSync('openssl', ['pkcs12', '-info', '-in', out, '-passin', 'env:PFXPW', '-nokeys'], {
      env: { ...process.env, PFXPW: PFX_PASSWORD },
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // The leaf's bag (-nokeys shows certificates only; the chain certificates carry no name) and the key's bag.
    expect(info.match(/friendlyName: .*$/gm)).toEqual(['friendlyName: Fresh provisioning cert']);
    const keyPem = openssl(['pkcs12', '-info', '-in', out, '-passin', 'env:PFXPW', '-nocerts', '-nodes'], { env: { PFXPW: PFX_PASSWORD } }).toString();
    expect(keyPem.match(/friendlyName: .*$/gm)).toEqual(['friendlyName: Fresh provisioning cert']);
    const freshKey = createPrivateKey(keyPem.slice(keyPem.indexOf('-----BEGIN PRIVATE KEY'))).export({ format: 'der', type: 'pkcs8' }) as Buffer;
    // Neither key is anywhere in the data folder in the clear.
    expect(scanDataDir(home.dir, [oldKey, freshKey])).toEqual([]);
  });

  it('refuses a database from a newer schema than this build knows', () => {
    const db = new Database(join(home.dir, DB_FILE));
    db.prepare('INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)').run(SCHEMA_VERSION + 1, 'future', new Date().toISOString());
    db.close();
    expect(() => openDatabase(home.dir)).toThrow(/newer version/);
    const run = runCli(['request', 'list', '--json'], { env: { CERTDESK_HOME: home.dir } });
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe('unsupported-format');
  });
});
