// What "nothing is lost, nothing is half there" means for a CertDesk data folder, checked after every kill -9,
// disk-full or read-only run (crash-safety and disk tests): the database opens through the app's own code
// (migrations run), SQLite's own checks pass, every request is whole (key + request + audit line, and for a
// completed one its certificate, chain and audit line), every request a successful command reported is
// there with its key decryptable through the real keychain. openssl is the oracle for PFX files.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { expect } from 'vitest';
import { openDatabase, SCHEMA_VERSION, type KeyRow, type RequestRow } from '../../../electron/engine/requests/db';
import { keytarSource, openVault } from '../../../electron/engine/requests/vault';

/** A request some successful command reported: it must never disappear. */
export interface KnownRequest {
  id: string;
  spkiSha256: string;
  /** Set once `request complete` reported it completed with this leaf (SHA-256, uppercase hex). */
  leafSha256?: string;
}

export interface FolderState {
  requests: RequestRow[];
  /** The private keys (PKCS#8 DER), opened with the real vault: for the key-leak scan. */
  keys: Buffer[];
}

const spkiOf = (pkcs8: Buffer): string =>
  createHash('sha256')
    .update(createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .toUpperCase();

/** Every check above on the data folder `dir`; `what` names the run in failure messages. */
export async function checkDataFolder(dir: string, known: Iterable<KnownRequest>, what: string): Promise<FolderState> {
  const db = openDatabase(dir);
  try {
    expect(db.pragma('integrity_check', { simple: true }), what).toBe('ok');
    expect(db.pragma('foreign_key_check'), what).toEqual([]);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_version').get(), what).toEqual({ v: SCHEMA_VERSION });
    const requests = db.prepare('SELECT * FROM requests ORDER BY id').all() as RequestRow[];
    const keyRows = db.prepare('SELECT * FROM keys ORDER BY id').all() as KeyRow[];
    const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

    // request new: key row + request row + audit line, all or nothing.
    expect(keyRows.map((k) => k.id), `${what}: one key per request`).toEqual(requests.map((r) => r.key_id).sort());
    expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'request.new' AND result = 'ok'"), `${what}: request.new audit lines`).toBe(requests.length);

    // request complete: status, date, leaf, chain and audit line together, or none of them.
    const completed = requests.filter((r) => r.status === 'completed');
    for (const r of requests) {
      const chain = count('SELECT COUNT(*) AS n FROM request_chain WHERE request_id = ?', r.id);
      if (r.status === 'completed') {
        expect(r.completed && r.leaf_sha256, `${what}: completed request ${r.id} has its date and leaf`).toBeTruthy();
        expect(count('SELECT COUNT(*) AS n FROM certificates WHERE sha256 = ? AND spki_sha256 = ?', r.leaf_sha256, r.spki_sha256), `${what}: leaf of ${r.id}`).toBe(1);
        expect(chain, `${what}: chain of ${r.id} (issuing CA + root)`).toBe(2);
      } else {
        expect([r.completed, r.leaf_sha256, chain], `${what}: pending request ${r.id} has no completion`).toEqual([null, null, 0]);
      }
    }
    expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'request.complete' AND result = 'ok'"), `${what}: request.complete audit lines`).toBe(completed.length);

    // Every key opens with the keychain's data key and is the request's key.
    const keys: Buffer[] = [];
    if (keyRows.length) {
      const vault = await openVault(db, keytarSource());
      for (const k of keyRows) {
        const pkcs8 = vault.open(k.id, { nonce: k.nonce, ciphertext: k.sealed });
        expect(spkiOf(pkcs8), `${what}: key ${k.id} matches its request`).toBe(requests.find((r) => r.key_id === k.id)!.spki_sha256);
        keys.push(pkcs8);
      }
    }

    // Nothing a successful command reported is lost.
    const byId = new Map(requests.map((r) => [r.id, r]));
    for (const k of known) {
      const row = byId.get(k.id);
      expect(row, `${what}: reported request ${k.id} is still there`).toBeDefined();
      expect(row!.spki_sha256, `${what}: ${k.id} keeps its key`).toBe(k.spkiSha256);
      if (k.leafSha256) expect([row!.status, row!.leaf_sha256], `${what}: ${k.id} keeps its certificate`).toEqual(['completed', k.leafSha256]);
    }
    return { requests, keys };
  } finally {
    db.close();
  }
}

/**
 * openssl's reading of a PFX with the password in `env[passwordVar]`: the private key's SPKI SHA-256 and the
 * number of certificates. Throws when openssl cannot read it (truncated, wrong password, damaged).
 */
export function opensslReadPfx(file: string, password: string): { spkiSha256: string; certificates: number } {
  const env = { ...process.env, CERTDESK_TEST_PFX_PW: password };
  const pem = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'env:CERTDESK_TEST_PFX_PW', '-nodes'], { env, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem);
  if (!key) throw new Error(`openssl found no private key in ${file}`);
  const spki = createPublicKey(createPrivateKey(key[0])).export({ format: 'der', type: 'spki' });
  return {
    spkiSha256: createHash('sha256').update(spki).digest('hex').toUpperCase(),
    certificates: (pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length,
  };
}
