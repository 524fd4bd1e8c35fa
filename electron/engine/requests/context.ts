// The requests context: the database of the data folder, the passphrase provider, the key vault, and guarded().
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { VaultStatus } from '../../../shared/contract/requests';
import { type Db, DB_FILE, databaseStorageError, openDatabase } from './db';
import { dataDir, ensureDataDir } from './paths';
import { type KeyVault, keytarSource, openVault, passphraseSource, vaultModeFromEnv, vaultState } from './vault';

interface Opened {
  dir: string;
  db: Db;
}

let opened: Opened | undefined;
let closeOnExit = false;
let passphraseProvider: () => Promise<string | undefined> = async () => process.env.CERTDESK_PASSPHRASE;

/** The database of the current data folder (CERTDESK_HOME or the OS default), opened once per folder. */
export function database(): Db {
  const dir = ensureDataDir();
  if (opened && opened.dir !== dir) closeDatabase();
  if (!opened) {
    opened = { dir, db: openDatabase(dir) };
    // Closing checkpoints the WAL into the database and removes the -wal/-shm files: a CLI run leaves one
    // file behind, and the next open does not need room for a new shared-memory file on a nearly full disk.
    if (!closeOnExit) process.once('exit', closeDatabase);
    closeOnExit = true;
  }
  return opened.db;
}

export function closeDatabase(): void {
  opened?.db.close();
  opened = undefined;
}

/** Where passphrase mode gets its passphrase (default: CERTDESK_PASSPHRASE); the CLI sets --passphrase-stdin. */
export function setPassphraseProvider(provider: () => Promise<string | undefined>): void {
  passphraseProvider = provider;
}

export async function vault(db: Db): Promise<KeyVault> {
  const source = vaultModeFromEnv() === 'passphrase' ? passphraseSource(db, passphraseProvider) : keytarSource();
  return openVault(db, source);
}

/**
 * vault.status: whether `request.new` could store a key now, and how to fix it when not. A data folder without a
 * database is answered without creating one (`certdesk where` must not make what it reports as "not created yet").
 */
export async function vaultStatus(): Promise<VaultStatus> {
  const db = existsSync(join(dataDir(), DB_FILE)) ? database() : undefined;
  const state = await vaultState(db, process.env, passphraseProvider);
  return {
    available: state.available,
    backend: state.mode === 'passphrase' ? 'passphrase' : 'os-keychain',
    created: state.created,
    detail: state.detail,
    ...(state.fix ? { fix: state.fix } : {}),
    ...(state.code ? { code: state.code } : {}),
  };
}

/**
 * One service operation whose database writes the disk may refuse: SQLITE_FULL, a read-only folder … become
 * `disk-full` / `not-writable` with what to do (the transaction was rolled back; nothing stored is lost).
 */
export function guarded<A extends unknown[], R>(operation: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await operation(...args);
    } catch (error) {
      throw databaseStorageError(error, dataDir()) ?? error;
    }
  };
}
