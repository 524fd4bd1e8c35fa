// The vault: the real Secret Service (scripts/with-keyring.sh), its absence (keychain-unavailable, nothing
// written in plaintext), and the opt-in passphrase mode.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../../support/cli';
import { openDatabase } from '../../../electron/engine/requests/db';
import { type DataKeySource, forgetKeychainKey, keytarSource, openVault, vaultId } from '../../../electron/engine/requests/vault';
import { requireKeyring, scanDataDir, tempHome } from './support';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';

const homes: ReturnType<typeof tempHome>[] = [];
function home() {
  const h = tempHome();
  homes.push(h);
  return h.dir;
}

afterAll(() => homes.forEach((h) => h.cleanup()));

function cli(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const run = runCli(args, { env, input, timeoutMs: 60_000 });
  expect(hasStackTrace(run), run.stderr).toBe(false);
  return run;
}

function count(dir: string, table: string): number {
  if (!existsSync(join(dir, 'certdesk.db'))) return 0;
  const db = new Database(join(dir, 'certdesk.db'), { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('keychain vault (Secret Service)', () => {
  beforeAll(() => requireKeyring());

  it('seals with AES-256-GCM under a keychain data key; the record id is bound as associated data', async () => {
    const dir = home();
    const db = openDatabase(dir);
    try {
      const vault = await openVault(db, keytarSource());
      expect(vault.mode).toBe('keychain');
      const secret = Buffer.from('a PKCS#8 stand-in');
      const a = vault.seal('aaaa', secret);
      const b = vault.seal('aaaa', secret);
      expect(a.nonce).toHaveLength(12);
      expect(a.nonce.equals(b.nonce)).toBe(false);
      expect(a.ciphertext.includes(secret)).toBe(false);
      expect(vault.open('aaaa', a).equals(secret)).toBe(true);
      expect(() => vault.open('bbbb', a)).toThrow(/does not decrypt/);
      const tampered = { nonce: a.nonce, ciphertext: Buffer.from(a.ciphertext) };
      tampered.ciphertext[0] ^= 1;
      expect(() => vault.open('aaaa', tampered)).toThrow(/does not decrypt/);
      // A second opening finds the same key in the keychain (verifier passes).
      const again = await openVault(db, keytarSource());
      expect(again.open('aaaa', a).equals(secret)).toBe(true);
      // A replaced keychain entry is detected by the verifier, not by a broken key later.
      const impostor: DataKeySource = { mode: 'keychain', dataKey: async () => Buffer.alloc(32, 7) };
      await expect(openVault(db, impostor)).rejects.toMatchObject({ code: 'wrong-password' });
      await forgetKeychainKey(vaultId(db));
      await expect(openVault(db, keytarSource())).rejects.toMatchObject({ code: 'keychain-unavailable' });
    } finally {
      db.close();
    }
  });
});

describe('no keychain reachable', () => {
  it('request new fails with keychain-unavailable (exit 2), says how to fix it, stores no key', () => {
    const dir = home();
    const env = { CERTDESK_HOME: dir, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/certdesk-no-bus' };
    const run = cli(['request', 'new', '--cn', 'prov.corp.example.com', '--org', 'corp.example.com', '--json'], env);
    expect(run.code).toBe(2);
    const error = run.json().error;
    expect(error.code).toBe('keychain-unavailable');
    expect(error.message).toMatch(/Secret Service|keyring/);
    expect(error.message).toMatch(/CERTDESK_VAULT=passphrase/);
    expect(count(dir, 'keys')).toBe(0);
    expect(count(dir, 'requests')).toBe(0);
    // Only the database (schema, no key material) may exist; no stray key files.
    for (const name of readdirSync(dir)) expect(name).toMatch(/^certdesk\.db(-wal|-shm)?$/);
    const human = cli(['request', 'new', '--cn', 'prov.corp.example.com', '--org', 'corp.example.com'], env);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/\[keychain-unavailable\]$/m);
  });
});

describe('passphrase mode (CERTDESK_VAULT=passphrase)', () => {
  it('works without any keychain, detects a wrong passphrase, takes it from stdin, and keeps its mode', () => {
    const dir = home();
    const noBus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/certdesk-no-bus' };
    const env = { CERTDESK_HOME: dir, CERTDESK_VAULT: 'passphrase', CERTDESK_PASSPHRASE: 'server vault passphrase', ...noBus };
    const first = cli(['request', 'new', '--cn', 'prov.corp.example.com', '--org', 'corp.example.com', '--json'], env);
    expect(first.code, first.stdout).toBe(0);
    const wrong = cli(['request', 'new', '--cn', 'two.corp.example.com', '--org', 'corp.example.com', '--json'], { ...env, CERTDESK_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(2);
    expect(wrong.json().error.code).toBe('wrong-password');
    expect(wrong.json().error.message).toMatch(/passphrase/);
    const missing = cli(['request', 'new', '--cn', 'two.corp.example.com', '--org', 'corp.example.com', '--json'], { ...env, CERTDESK_PASSPHRASE: undefined });
    expect(missing.json().error.code).toBe('usage');
    const stdin = cli(
      ['request', 'new', '--cn', 'two.corp.example.com', '--org', 'corp.example.com', '--passphrase-stdin', '--json'],
      { ...env, CERTDESK_PASSPHRASE: undefined },
      'server vault passphrase\n',
    );
    expect(stdin.code, stdin.stdout).toBe(0);
    const keychain = cli(['request', 'new', '--cn', 'three.corp.example.com', '--org', 'corp.example.com', '--json'], { CERTDESK_HOME: dir });
    expect(keychain.json().error.code, keychain.stdout).toBe('usage');
    expect(keychain.json().error.message).toMatch(/passphrase mode/);
    expect(count(dir, 'keys')).toBe(2);
    // The stored salt and verifier, never the passphrase.
    const db = new Database(join(dir, 'certdesk.db'), { readonly: true });
    const meta = db.prepare('SELECT name, value FROM vault_meta').all() as { name: string; value: Buffer }[];
    db.close();
    expect(meta.map((m) => m.name).sort()).toEqual(['mode', 'scrypt-salt', 'vault-id', 'verifier']);
    for (const m of meta) expect(m.value.includes(Buffer.from('server vault passphrase'))).toBe(false);
    // The scan helper itself finds a planted key (guards the other tests' "nothing found").
    const planted = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(scanDataDir(dir, [createPrivateKey(planted.export({ format: 'pem', type: 'pkcs8' }))])).toEqual([]);
  }, 240_000); // eight CLI runs in a row, each with a vault open: slow on a loaded 2-core machine
});
