// Keys at rest (docs/keys-at-rest.md). A private key (PKCS#8 DER) is sealed with AES-256-GCM under a
// 256-bit data key, a fresh 12-byte nonce per record and the record id as associated data (a sealed blob
// moved to another row does not open). The data key comes from a DataKeySource:
//   - keychain (default): a random key kept in the OS keychain through keytar (service "CertDesk");
//   - passphrase (opt-in, CERTDESK_VAULT=passphrase): scrypt over a passphrase and a stored random salt.
// Either way a verifier record in vault_meta proves the data key is the one the vault was made with, so a
// wrong passphrase or a replaced keychain entry is a clear error, not a broken key later. There is no
// plaintext fallback: without a data key nothing is sealed and nothing is written.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { CertDeskError } from '../../../shared/errors';
import { type Db, audit, setVaultMeta, vaultMeta } from './db';

export type VaultMode = 'keychain' | 'passphrase';

export interface Sealed {
  nonce: Buffer;
  /** AES-256-GCM ciphertext followed by the 16-byte tag. */
  ciphertext: Buffer;
}

export interface KeyVault {
  readonly mode: VaultMode;
  seal(id: string, plaintext: Buffer): Sealed;
  open(id: string, sealed: Sealed): Buffer;
}

/** Where the 32-byte data key comes from. `create` is true only when the vault is new (no verifier yet). */
export interface DataKeySource {
  readonly mode: VaultMode;
  /** Returns the data key, or null when it does not exist yet and `create` is false. */
  dataKey(vaultId: string, create: boolean): Promise<Buffer | null>;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const VERIFIER_ID = 'certdesk-vault-verifier';
const VERIFIER_TEXT = Buffer.from('CertDesk vault v1', 'ascii');

export function sealWith(key: Buffer, id: string, plaintext: Buffer): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(id, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, ciphertext };
}

export function openWith(key: Buffer, id: string, sealed: Sealed): Buffer {
  if (sealed.nonce.length !== NONCE_BYTES || sealed.ciphertext.length < TAG_BYTES) {
    throw new CertDeskError('unreadable', 'A stored key record is damaged.');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(id, 'utf8'));
  decipher.setAuthTag(sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new CertDeskError('unreadable', `The stored key ${id} does not decrypt with the vault's data key (the record is damaged or was moved).`);
  }
}

/** A KeyVault over a data key held in memory for the life of one operation. */
export function aesGcmVault(mode: VaultMode, key: Buffer): KeyVault {
  if (key.length !== 32) throw new CertDeskError('internal', 'The vault data key must be 256 bits.');
  return {
    mode,
    seal: (id, plaintext) => sealWith(key, id, plaintext),
    open: (id, sealed) => openWith(key, id, sealed),
  };
}

// ---------------------------------------------------------------- keychain (keytar)

export const KEYCHAIN_SERVICE = 'CertDesk';
const KEYCHAIN_TIMEOUT_MS = 15_000;

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYCHAIN_HELP =
  process.platform === 'linux'
    ? 'Start a Secret Service provider (gnome-keyring or KeePassXC) in your desktop session and unlock its keyring; ' +
      'on a headless server run inside `dbus-run-session` with `gnome-keyring-daemon --unlock`, ' +
      'or opt in to passphrase mode: CERTDESK_VAULT=passphrase with CERTDESK_PASSPHRASE or --passphrase-stdin.'
    : process.platform === 'darwin'
      ? 'Unlock the login keychain (Keychain Access), or opt in to passphrase mode: CERTDESK_VAULT=passphrase with CERTDESK_PASSPHRASE or --passphrase-stdin.'
      : 'Sign in interactively so Windows Credential Manager is available, or opt in to passphrase mode: CERTDESK_VAULT=passphrase with CERTDESK_PASSPHRASE or --passphrase-stdin.';

function unavailable(detail: string): CertDeskError {
  return new CertDeskError('keychain-unavailable', `The OS keychain is not reachable (${detail}). ${KEYCHAIN_HELP}`);
}

function loadKeytar(): Keytar {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('keytar') as Keytar;
  } catch (error) {
    throw unavailable(`keytar failed to load: ${(error as Error).message.split('\n')[0]}`);
  }
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(`${what} did not answer within ${KEYCHAIN_TIMEOUT_MS / 1000} s`)), KEYCHAIN_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    if (error instanceof CertDeskError) throw error;
    throw unavailable(`${what}: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The keychain account holding the data key of the vault `vaultId` (one per data folder). */
const keychainAccount = (vaultId: string): string => `data-key-${vaultId}`;

/** The data key in the OS keychain: service "CertDesk", account "data-key-<vault id>" (one per data folder). */
export function keytarSource(keytar: () => Keytar = loadKeytar): DataKeySource {
  return {
    mode: 'keychain',
    async dataKey(vaultId, create) {
      const kt = keytar();
      const account = keychainAccount(vaultId);
      const stored = await withTimeout(kt.getPassword(KEYCHAIN_SERVICE, account), 'reading the keychain');
      if (stored) {
        const key = Buffer.from(stored, 'base64');
        if (key.length !== 32) throw new CertDeskError('unreadable', `The keychain entry ${KEYCHAIN_SERVICE}/${account} is not a CertDesk data key.`);
        return key;
      }
      if (!create) return null;
      const fresh = randomBytes(32);
      await withTimeout(kt.setPassword(KEYCHAIN_SERVICE, account, fresh.toString('base64')), 'writing to the keychain');
      const back = await withTimeout(kt.getPassword(KEYCHAIN_SERVICE, account), 'reading the keychain');
      if (back !== fresh.toString('base64')) throw unavailable('the keychain did not keep the data key');
      return fresh;
    },
  };
}

/** Removes this data folder's data key from the keychain (tests, and a future "forget vault"). */
export async function forgetKeychainKey(vaultId: string, keytar: () => Keytar = loadKeytar): Promise<void> {
  await withTimeout(keytar().deletePassword(KEYCHAIN_SERVICE, keychainAccount(vaultId)), 'writing to the keychain');
}

// ---------------------------------------------------------------- passphrase (scrypt)

/** scrypt N=2^17, r=8, p=1 (128 MiB, ~0.3 s): OWASP's minimum for scrypt is N=2^17. */
export const SCRYPT = { N: 1 << 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } as const;

function scrypt(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize('NFC'), salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Passphrase mode: the data key is scrypt(passphrase, salt); the salt is random and kept in vault_meta. */
export function passphraseSource(db: Db, passphrase: () => Promise<string | undefined>): DataKeySource {
  return {
    mode: 'passphrase',
    async dataKey(_vaultId, create) {
      const secret = await passphrase();
      if (secret === undefined) {
        throw new CertDeskError('usage', 'Passphrase mode (CERTDESK_VAULT=passphrase) needs the passphrase: set CERTDESK_PASSPHRASE or use --passphrase-stdin.');
      }
      if (secret.length < 8) throw new CertDeskError('usage', 'The vault passphrase must be at least 8 characters.');
      let salt = vaultMeta(db, 'scrypt-salt');
      if (!salt) {
        if (!create) return null;
        salt = randomBytes(16);
        setVaultMeta(db, 'scrypt-salt', salt);
      }
      return scrypt(secret, salt);
    },
  };
}

// ---------------------------------------------------------------- vault for a data folder

export function vaultModeFromEnv(env: NodeJS.ProcessEnv = process.env): VaultMode {
  const value = (env.CERTDESK_VAULT ?? '').trim().toLowerCase();
  if (value === '' || value === 'keychain') return 'keychain';
  if (value === 'passphrase') return 'passphrase';
  throw new CertDeskError('usage', `CERTDESK_VAULT must be "keychain" (default) or "passphrase", not "${env.CERTDESK_VAULT}".`);
}

/** The id of this data folder's vault (random, made once; names the keychain entry). */
export function vaultId(db: Db): string {
  let id = vaultMeta(db, 'vault-id');
  if (!id) {
    id = Buffer.from(randomBytes(8).toString('hex'), 'ascii');
    db.prepare('INSERT OR IGNORE INTO vault_meta (name, value) VALUES (?, ?)').run('vault-id', id);
    id = vaultMeta(db, 'vault-id')!;
  }
  return id.toString('ascii');
}

/**
 * Opens the vault of the database `db` with `source`. A new vault records its mode and a verifier; an
 * existing one must be opened in the same mode and with the same data key.
 */
export async function openVault(db: Db, source: DataKeySource): Promise<KeyVault> {
  const id = vaultId(db);
  const storedMode = vaultMeta(db, 'mode')?.toString('ascii') as VaultMode | undefined;
  if (storedMode && storedMode !== source.mode) {
    throw new CertDeskError(
      'usage',
      storedMode === 'passphrase'
        ? 'This CertDesk vault was created in passphrase mode: set CERTDESK_VAULT=passphrase and give the passphrase.'
        : 'This CertDesk vault keeps its data key in the OS keychain; unset CERTDESK_VAULT (passphrase mode applies to new data folders only).',
    );
  }
  const verifier = vaultMeta(db, 'verifier');
  const key = await source.dataKey(id, !verifier);
  if (!key) {
    throw new CertDeskError(
      source.mode === 'keychain' ? 'keychain-unavailable' : 'wrong-password',
      source.mode === 'keychain'
        ? `The keychain has no CertDesk data key for this data folder (${KEYCHAIN_SERVICE}/${keychainAccount(id)}); the stored keys cannot be opened. Restore the keychain entry, or use a new CERTDESK_HOME.`
        : 'The passphrase vault has lost its salt; the stored keys cannot be opened.',
    );
  }
  if (verifier) {
    const nonce = verifier.subarray(0, NONCE_BYTES);
    try {
      const text = openWith(key, VERIFIER_ID, { nonce, ciphertext: verifier.subarray(NONCE_BYTES) });
      if (!timingSafeEqual(text, VERIFIER_TEXT)) throw new Error('verifier');
    } catch {
      throw new CertDeskError(
        'wrong-password',
        source.mode === 'passphrase'
          ? 'Wrong vault passphrase (CERTDESK_PASSPHRASE / --passphrase-stdin): it does not open this CertDesk vault.'
          : `The keychain's CertDesk data key (${KEYCHAIN_SERVICE}/${keychainAccount(id)}) does not open this vault: the entry was replaced.`,
      );
    }
  } else {
    const sealed = sealWith(key, VERIFIER_ID, VERIFIER_TEXT);
    db.transaction(() => {
      setVaultMeta(db, 'mode', Buffer.from(source.mode, 'ascii'));
      setVaultMeta(db, 'verifier', Buffer.concat([sealed.nonce, sealed.ciphertext]));
      audit(db, 'vault.create', `ok (${source.mode})`);
    })();
  }
  return aesGcmVault(source.mode, key);
}

// ---------------------------------------------------------------- status (is the vault usable now?)

/** The keychain of this platform, as its users know it. */
export const KEYCHAIN_NAME =
  process.platform === 'win32'
    ? 'Windows Credential Manager'
    : process.platform === 'darwin'
      ? 'the macOS login keychain'
      : 'the login keyring (Secret Service: GNOME Keyring, KWallet or KeePassXC)';

/** How to make the keychain usable, for the app and the CLI alike (KEYCHAIN_HELP is the CLI error's longer form). */
export const KEYCHAIN_FIX =
  process.platform === 'win32'
    ? 'Sign in to Windows interactively (not as a service or a scheduled task without a profile) so Credential Manager is available, then check again. ' +
      'Or start CertDesk with CERTDESK_VAULT=passphrase and the vault passphrase in CERTDESK_PASSPHRASE.'
    : process.platform === 'darwin'
      ? 'Unlock your login keychain (Keychain Access), then check again. Or start CertDesk with CERTDESK_VAULT=passphrase and the vault passphrase in CERTDESK_PASSPHRASE.'
      : 'Unlock your login keyring (GNOME Keyring or KWallet: sign in to a desktop session, or unlock "Login" in Passwords and Keys), then check again. ' +
        'On a server without a desktop, run CertDesk inside dbus-run-session with gnome-keyring-daemon --unlock, ' +
        'or start it with CERTDESK_VAULT=passphrase and the vault passphrase in CERTDESK_PASSPHRASE (the CLI also takes --passphrase-stdin).';

const PASSPHRASE_FIX =
  'Passphrase mode takes the vault passphrase from the CERTDESK_PASSPHRASE environment variable of the CertDesk process (the CLI also takes --passphrase-stdin): ' +
  'set it before starting CertDesk, or unset CERTDESK_VAULT to keep keys under the OS keychain.';

export interface VaultState {
  available: boolean;
  mode: VaultMode;
  created: boolean;
  detail: string;
  fix?: string;
  code?: CertDeskError['code'];
}

/**
 * Writes, reads back and deletes a throw-away entry: what `request.new` does first on a new vault, without
 * leaving a data key behind. A locked keyring that cannot prompt fails here, not at the last wizard step.
 */
async function probeKeychainWrite(keytar: () => Keytar): Promise<void> {
  const kt = keytar();
  const account = `probe-${randomBytes(8).toString('hex')}`;
  const value = randomBytes(16).toString('base64');
  await withTimeout(kt.setPassword(KEYCHAIN_SERVICE, account, value), 'writing to the keychain');
  try {
    const back = await withTimeout(kt.getPassword(KEYCHAIN_SERVICE, account), 'reading the keychain');
    if (back !== value) throw unavailable('the keychain did not keep a test entry');
  } finally {
    await withTimeout(kt.deletePassword(KEYCHAIN_SERVICE, account), 'writing to the keychain').catch(() => undefined);
  }
}

/**
 * Whether a key could be stored (and the stored ones opened) now, checked without creating the vault:
 * an existing vault is opened (data key + verifier, no writes); for a new one the keychain is written to
 * with a throw-away entry, or the passphrase is checked for presence and length. `db` is undefined when the
 * data folder has no database yet (nothing is created to answer).
 */
export async function vaultState(
  db: Db | undefined,
  env: NodeJS.ProcessEnv,
  passphrase: () => Promise<string | undefined>,
  keytar: () => Keytar = loadKeytar,
): Promise<VaultState> {
  let mode: VaultMode = 'keychain';
  const created = Boolean(db && vaultMeta(db, 'verifier'));
  try {
    mode = vaultModeFromEnv(env);
    if (db && created) {
      await openVault(db, mode === 'passphrase' ? passphraseSource(db, passphrase) : keytarSource(keytar));
    } else if (mode === 'keychain') {
      await probeKeychainWrite(keytar);
    } else {
      const secret = await passphrase();
      if (secret === undefined) throw new CertDeskError('usage', 'Passphrase mode (CERTDESK_VAULT=passphrase) is on, but no vault passphrase was given.');
      if (secret.length < 8) throw new CertDeskError('usage', 'The vault passphrase (CERTDESK_PASSPHRASE) is shorter than 8 characters.');
    }
  } catch (error) {
    const code = error instanceof CertDeskError ? error.code : 'internal';
    const message = error instanceof Error ? error.message : String(error);
    // The error's own how-to (KEYCHAIN_HELP) is replaced by the fix below, said once.
    const detail = message.replace(KEYCHAIN_HELP, '').trim();
    const storedMode = db ? (vaultMeta(db, 'mode')?.toString('ascii') as VaultMode | undefined) : undefined;
    const fix =
      storedMode && storedMode !== mode
        ? storedMode === 'passphrase'
          ? 'Start CertDesk with CERTDESK_VAULT=passphrase and the vault passphrase in CERTDESK_PASSPHRASE: this data folder was made in passphrase mode.'
          : 'Unset CERTDESK_VAULT: this data folder keeps its data key in the OS keychain.'
        : mode === 'passphrase' || /CERTDESK_VAULT must be/.test(message)
          ? PASSPHRASE_FIX
          : code === 'keychain-unavailable' && created && /has no CertDesk data key/.test(message)
            ? `Restore the keychain entry ${KEYCHAIN_SERVICE}/data-key-… from a backup of your keyring, or set CERTDESK_HOME to a new data folder (the keys stored here cannot be opened without it).`
            : KEYCHAIN_FIX;
    return { available: false, mode, created, detail, fix, code };
  }
  const detail =
    mode === 'passphrase'
      ? created
        ? 'Passphrase mode (CERTDESK_VAULT=passphrase): the passphrase in CERTDESK_PASSPHRASE opens this vault.'
        : 'Passphrase mode (CERTDESK_VAULT=passphrase): keys will be sealed under a key derived from the passphrase in CERTDESK_PASSPHRASE.'
      : created
        ? `Keys are sealed under a data key kept in ${KEYCHAIN_NAME}; it answered and holds this data folder's key.`
        : `Keys will be sealed under a data key kept in ${KEYCHAIN_NAME}; it answered and can store the key.`;
  return { available: true, mode, created, detail };
}
