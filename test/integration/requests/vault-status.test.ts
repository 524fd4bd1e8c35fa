// vault.status (issue [8] item 7): the Request wizard and `certdesk where` ask it on entry. Checked against the
// real Secret Service (scripts/with-keyring.sh), against no keychain at all (a child process whose session bus
// points nowhere, as the other vault tests do), and in passphrase mode. What it says must agree with what
// request.new then does, it must create nothing, and it must never carry the data key or the passphrase.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/operations/dispatch';
import { closeDatabase, database } from '../../../electron/engine/requests/service';
import { KEYCHAIN_SERVICE, forgetKeychainKey, vaultId } from '../../../electron/engine/requests/vault';
import type { VaultStatus } from '../../../shared/contract/requests';
import { hasStackTrace, runCli } from '../../support/cli';
import { requireKeyring, tempHome } from './support';

const NO_BUS = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/certdesk-no-bus' };
const homes: ReturnType<typeof tempHome>[] = [];
function home(): string {
  const h = tempHome();
  homes.push(h);
  return h.dir;
}

const savedHome = process.env.CERTDESK_HOME;
afterAll(() => {
  closeDatabase();
  process.env.CERTDESK_HOME = savedHome;
  homes.forEach((h) => h.cleanup());
});

async function status(): Promise<VaultStatus> {
  const reply = await dispatch('vault.status', {});
  if (!reply.ok) throw new Error(`vault.status failed: ${reply.error.code} ${reply.error.message}`);
  return reply.result as VaultStatus;
}

function where(env: NodeJS.ProcessEnv): { json: { exists: boolean; vaultStatus: VaultStatus }; text: string } {
  const json = runCli(['where', '--json'], { env, timeoutMs: 60_000 });
  expect(json.code, json.stderr).toBe(0);
  const text = runCli(['where'], { env, timeoutMs: 60_000 });
  expect(text.code, text.stderr).toBe(0);
  expect(hasStackTrace(text), text.stderr).toBe(false);
  return { json: json.json(), text: text.stdout };
}

function requestNew(env: NodeJS.ProcessEnv, cn = 'prov.corp.example.com') {
  return runCli(['request', 'new', '--cn', cn, '--org', 'corp.example.com', '--json'], { env, timeoutMs: 60_000 });
}

interface KeytarFull {
  getPassword(service: string, account: string): Promise<string | null>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const keytar = () => require('keytar') as KeytarFull;

describe('vault.status against the real keychain (Secret Service)', () => {
  beforeAll(() => requireKeyring());

  it('a new data folder: ready, nothing created (no database, no keychain entry left behind)', async () => {
    const dir = home();
    process.env.CERTDESK_HOME = dir;
    const before = (await keytar().findCredentials(KEYCHAIN_SERVICE)).map((c) => c.account);
    const s = await status();
    expect(s).toMatchObject({ available: true, backend: 'os-keychain', created: false });
    expect(s.fix).toBeUndefined();
    expect(s.code).toBeUndefined();
    expect(s.detail).toMatch(/keyring|keychain/i);
    expect(existsSync(join(dir, 'certdesk.db'))).toBe(false);
    // The write probe removed its throw-away entry.
    expect((await keytar().findCredentials(KEYCHAIN_SERVICE)).map((c) => c.account).sort()).toEqual(before.sort());
  });

  it('after the first key: created, ready, never the data key; a lost keychain entry is reported with its fix, as request.new fails', async () => {
    const dir = home();
    process.env.CERTDESK_HOME = dir;
    const made = await dispatch('request.new', { cn: 'prov.corp.example.com', org: 'corp.example.com' });
    expect(made.ok, JSON.stringify(made)).toBe(true);
    const s = await status();
    expect(s).toMatchObject({ available: true, backend: 'os-keychain', created: true });

    const id = vaultId(database());
    const dataKey = await keytar().getPassword(KEYCHAIN_SERVICE, `data-key-${id}`);
    expect(dataKey).toBeTruthy();
    const wire = JSON.stringify(s);
    for (const form of [dataKey!, Buffer.from(dataKey!, 'base64').toString('hex'), Buffer.from(dataKey!, 'base64').toString('base64url')]) {
      expect(wire).not.toContain(form);
    }

    await forgetKeychainKey(id);
    const lost = await status();
    expect(lost).toMatchObject({ available: false, backend: 'os-keychain', created: true, code: 'keychain-unavailable' });
    expect(lost.detail).toMatch(/no CertDesk data key/);
    expect(lost.fix).toMatch(/Restore the keychain entry/);
    const refused = await dispatch('request.new', { cn: 'two.corp.example.com', org: 'corp.example.com' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } });
  });

  it('certdesk where prints the vault line (text and --json) in the keyring session', () => {
    const dir = home();
    const { json, text } = where({ CERTDESK_HOME: dir });
    expect(json.exists).toBe(false);
    expect(json.vaultStatus).toMatchObject({ available: true, backend: 'os-keychain', created: false });
    expect(text).toMatch(/^Vault state\s+ready: /m);
    expect(text).not.toMatch(/^Fix/m);
    expect(existsSync(join(dir, 'certdesk.db'))).toBe(false);
  });
});

describe('vault.status with no keychain reachable (session bus points nowhere)', () => {
  it('says the vault cannot store keys and how to fix it, and request.new fails the same way', () => {
    const dir = home();
    const env = { CERTDESK_HOME: dir, ...NO_BUS };
    const { json, text } = where(env);
    expect(json.vaultStatus).toMatchObject({ available: false, backend: 'os-keychain', created: false, code: 'keychain-unavailable' });
    expect(json.vaultStatus.detail).toMatch(/not reachable/);
    if (process.platform === 'linux') expect(json.vaultStatus.fix).toMatch(/^Unlock your login keyring/);
    expect(json.vaultStatus.fix).toMatch(/CERTDESK_VAULT=passphrase/);
    expect(json.vaultStatus.fix).toMatch(/CERTDESK_PASSPHRASE/);
    expect(text).toMatch(/^Vault state\s+cannot store keys: The OS keychain is not reachable/m);
    expect(text).toMatch(/^Fix\s+Unlock your login keyring/m);
    // The check made nothing; request.new, which the status predicts, is refused for the same reason.
    expect(existsSync(join(dir, 'certdesk.db'))).toBe(false);
    const run = requestNew(env);
    expect(run.code).toBe(2);
    expect(run.json().error.code).toBe(json.vaultStatus.code);
  });
});

describe('vault.status in passphrase mode (CERTDESK_VAULT=passphrase, no keychain)', () => {
  it('missing, short, right and wrong passphrases; a mode mismatch; the passphrase never appears', () => {
    const dir = home();
    const base = { CERTDESK_HOME: dir, CERTDESK_VAULT: 'passphrase', CERTDESK_PASSPHRASE: undefined, ...NO_BUS };
    const missing = where(base).json.vaultStatus;
    expect(missing).toMatchObject({ available: false, backend: 'passphrase', created: false, code: 'usage' });
    expect(missing.fix).toMatch(/CERTDESK_PASSPHRASE/);

    const short = where({ ...base, CERTDESK_PASSPHRASE: 'short' }).json.vaultStatus;
    expect(short).toMatchObject({ available: false, code: 'usage' });
    expect(short.detail).toMatch(/shorter than 8/);

    const secret = 'vault status passphrase';
    const ready = where({ ...base, CERTDESK_PASSPHRASE: secret });
    expect(ready.json.vaultStatus).toMatchObject({ available: true, backend: 'passphrase', created: false });
    expect(ready.text).toMatch(/^Vault state\s+ready: Passphrase mode/m);

    expect(requestNew({ ...base, CERTDESK_PASSPHRASE: secret }).code).toBe(0);
    const opened = where({ ...base, CERTDESK_PASSPHRASE: secret });
    expect(opened.json.vaultStatus).toMatchObject({ available: true, created: true });
    expect(JSON.stringify(opened.json) + opened.text).not.toContain(secret);

    const wrongSecret = 'not the vault passphrase';
    const wrong = where({ ...base, CERTDESK_PASSPHRASE: wrongSecret });
    expect(wrong.json.vaultStatus).toMatchObject({ available: false, created: true, code: 'wrong-password' });
    expect(JSON.stringify(wrong.json) + wrong.text).not.toContain(wrongSecret);
    expect(requestNew({ ...base, CERTDESK_PASSPHRASE: wrongSecret }, 'two.corp.example.com').json().error.code).toBe('wrong-password');

    const keychainMode = where({ CERTDESK_HOME: dir, ...NO_BUS }).json.vaultStatus;
    expect(keychainMode).toMatchObject({ available: false, backend: 'os-keychain', created: true, code: 'usage' });
    expect(keychainMode.fix).toMatch(/CERTDESK_VAULT=passphrase/);
  });
});
