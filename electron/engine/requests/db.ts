// The CertDesk database (better-sqlite3): pending requests, sealed keys, certificates linked to their key by
// public key, and an audit log. WAL, foreign keys, secure_delete, numbered migrations recorded in
// schema_version. Every multi-step change runs in one transaction (db.transaction), so a crash or kill -9
// leaves either the whole change or none of it.
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CertDeskError } from '../../../shared/errors';
import { storageError } from './storage';

export type Db = Database.Database;

export const DB_FILE = 'certdesk.db';

/** Numbered migrations: append, never edit one that has shipped. */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'requests, keys, certificates, audit log, vault metadata',
    sql: `
      CREATE TABLE vault_meta (
        name  TEXT PRIMARY KEY,
        value BLOB NOT NULL
      );
      CREATE TABLE keys (
        id           TEXT PRIMARY KEY,
        spki_sha256  TEXT NOT NULL UNIQUE,
        algorithm    TEXT NOT NULL,
        key_size     INTEGER NOT NULL,
        vault_mode   TEXT NOT NULL CHECK (vault_mode IN ('keychain', 'passphrase')),
        nonce        BLOB NOT NULL,
        sealed       BLOB NOT NULL,
        created      TEXT NOT NULL
      );
      CREATE TABLE requests (
        id           TEXT PRIMARY KEY,
        created      TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('pending', 'completed')),
        cn           TEXT NOT NULL,
        org          TEXT NOT NULL,
        ou           TEXT NOT NULL,
        country      TEXT,
        state        TEXT,
        locality     TEXT,
        subject      TEXT NOT NULL,
        key_size     INTEGER NOT NULL,
        key_id       TEXT NOT NULL REFERENCES keys(id),
        spki_sha256  TEXT NOT NULL,
        csr_pem      TEXT NOT NULL,
        csr_sha256   TEXT NOT NULL,
        completed    TEXT,
        leaf_sha256  TEXT REFERENCES certificates(sha256)
      );
      CREATE INDEX requests_spki ON requests(spki_sha256);
      CREATE TABLE certificates (
        sha256       TEXT PRIMARY KEY,
        sha1         TEXT NOT NULL,
        der          BLOB NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('leaf', 'chain')),
        subject      TEXT NOT NULL,
        issuer       TEXT NOT NULL,
        serial       TEXT NOT NULL,
        not_before   TEXT NOT NULL,
        not_after    TEXT NOT NULL,
        spki_sha256  TEXT NOT NULL,
        added        TEXT NOT NULL
      );
      CREATE INDEX certificates_spki ON certificates(spki_sha256);
      CREATE INDEX certificates_sha1 ON certificates(sha1);
      CREATE TABLE request_chain (
        request_id   TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        cert_sha256  TEXT NOT NULL REFERENCES certificates(sha256),
        PRIMARY KEY (request_id, position)
      );
      CREATE TABLE audit_log (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        time         TEXT NOT NULL,
        action       TEXT NOT NULL,
        subject      TEXT,
        thumbprint   TEXT,
        result       TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'requests.name: the friendly name given at request new',
    sql: `
      ALTER TABLE requests ADD COLUMN name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 64);
    `,
  },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1].version;

/** Applies the migrations not yet recorded, up to `target` (default: all; tests stop earlier to build an old database). */
export function migrate(db: Db, target: number = SCHEMA_VERSION): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new CertDeskError(
      'unsupported-format',
      `The CertDesk database is from a newer version (schema ${current}, this build knows ${SCHEMA_VERSION}); update CertDesk.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

/**
 * `disk-full` / `not-writable` for a write the disk refused in the database of `dir` (SQLITE_FULL,
 * SQLITE_READONLY, a file that cannot be created there, ENOSPC …); undefined for any other failure.
 * The failed transaction was rolled back by SQLite: what was stored before is intact.
 */
export function databaseStorageError(error: unknown, dir: string): CertDeskError | undefined {
  return storageError(error, { kind: 'database', path: join(dir, DB_FILE), folder: dir });
}

/**
 * Opens (creating and migrating when needed) the database in `dir`. On a disk CertDesk cannot write (a
 * read-only mount, a backup, another user's folder) an existing, current database is opened read-only
 * instead: list, show and expiring work, and any write fails as `not-writable` with what to do.
 */
export function openDatabase(dir: string): Db {
  try {
    return openForWriting(dir);
  } catch (error) {
    const readOnly = error instanceof CertDeskError && error.code === 'not-writable' ? openReadOnly(dir) : undefined;
    if (readOnly) return readOnly;
    throw error;
  }
}

/**
 * The database as a read-only snapshot, when its folder cannot be written; undefined when that cannot be
 * done faithfully. SQLite cannot open a WAL-mode file read-only without creating its -shm file, so the bytes
 * are opened in memory instead, with header bytes 18-19 changed from WAL (2) to rollback journal (1), which an
 * in-memory database needs. Only when no -wal file holds commits that are not in the file yet (a CLI run
 * checkpoints on exit) and the schema needs no migration.
 */
function openReadOnly(dir: string): Db | undefined {
  const path = join(dir, DB_FILE);
  try {
    if (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size) return undefined;
    const bytes = readFileSync(path);
    if (bytes.length < 100 || bytes.toString('latin1', 0, 16) !== 'SQLite format 3\0') return undefined;
    bytes[18] = 1;
    bytes[19] = 1;
    const db = new Database(bytes, { readonly: true });
    const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v;
    if (current === SCHEMA_VERSION) return db;
    db.close();
  } catch {
    // Unreadable too, or not a database of this version: the write error stands.
  }
  return undefined;
}

function openForWriting(dir: string): Db {
  const path = join(dir, DB_FILE);
  const isNew = !existsSync(path);
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw databaseStorageError(error, dir) ?? new CertDeskError('unreadable', `Cannot open the CertDesk database ${path}: ${(error as Error).message}`);
  }
  try {
    if (isNew && process.platform !== 'win32') chmodSync(path, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Deleted rows (sealed keys) are overwritten with zeros, not left in free pages.
    db.pragma('secure_delete = ON');
    db.pragma('synchronous = FULL');
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof CertDeskError) throw error;
    throw databaseStorageError(error, dir) ?? new CertDeskError('unreadable', `The CertDesk database ${path} cannot be used: ${(error as Error).message}`);
  }
  return db;
}

export type AuditAction =
  | 'request.new'
  | 'request.delete'
  | 'request.complete'
  | 'export.pfx'
  | 'vault.create'
  | 'windows.store.import'
  | 'windows.acl.grant'
  | 'windows.association.launch';

/** One audit line. Never secrets: action, subject or thumbprint, result. */
export function audit(db: Db, action: AuditAction, result: string, subject?: string | null, thumbprint?: string | null): void {
  db.prepare('INSERT INTO audit_log (time, action, subject, thumbprint, result) VALUES (?, ?, ?, ?, ?)').run(
    new Date().toISOString(),
    action,
    subject ?? null,
    thumbprint ?? null,
    result,
  );
}

// ---------------------------------------------------------------- rows

export interface KeyRow {
  id: string;
  spki_sha256: string;
  algorithm: string;
  key_size: number;
  vault_mode: 'keychain' | 'passphrase';
  nonce: Buffer;
  sealed: Buffer;
  created: string;
}

export interface RequestRow {
  id: string;
  created: string;
  status: 'pending' | 'completed';
  cn: string;
  org: string;
  ou: string;
  country: string | null;
  state: string | null;
  locality: string | null;
  subject: string;
  key_size: number;
  key_id: string;
  spki_sha256: string;
  csr_pem: string;
  csr_sha256: string;
  completed: string | null;
  leaf_sha256: string | null;
  /** Schema 2: the friendly name (null for requests made before, or made without one). */
  name: string | null;
}

export interface CertificateRow {
  sha256: string;
  sha1: string;
  der: Buffer;
  role: 'leaf' | 'chain';
  subject: string;
  issuer: string;
  serial: string;
  not_before: string;
  not_after: string;
  spki_sha256: string;
  added: string;
}

export function insertKey(db: Db, row: KeyRow): void {
  db.prepare(
    'INSERT INTO keys (id, spki_sha256, algorithm, key_size, vault_mode, nonce, sealed, created) VALUES (@id, @spki_sha256, @algorithm, @key_size, @vault_mode, @nonce, @sealed, @created)',
  ).run(row);
}

export function insertRequest(db: Db, row: Omit<RequestRow, 'completed' | 'leaf_sha256' | 'status' | 'name'> & { name?: string | null }): void {
  db.prepare(
    `INSERT INTO requests (id, created, status, name, cn, org, ou, country, state, locality, subject, key_size, key_id, spki_sha256, csr_pem, csr_sha256)
     VALUES (@id, @created, 'pending', @name, @cn, @org, @ou, @country, @state, @locality, @subject, @key_size, @key_id, @spki_sha256, @csr_pem, @csr_sha256)`,
  ).run({ ...row, name: row.name ?? null });
}

/** Inserts a certificate unless it is already stored (same SHA-256). A stored chain cert can become a leaf. */
export function upsertCertificate(db: Db, row: CertificateRow): void {
  db.prepare(
    `INSERT INTO certificates (sha256, sha1, der, role, subject, issuer, serial, not_before, not_after, spki_sha256, added)
     VALUES (@sha256, @sha1, @der, @role, @subject, @issuer, @serial, @not_before, @not_after, @spki_sha256, @added)
     ON CONFLICT(sha256) DO UPDATE SET role = CASE WHEN excluded.role = 'leaf' THEN 'leaf' ELSE certificates.role END`,
  ).run(row);
}

export function getRequest(db: Db, id: string): RequestRow | undefined {
  return db.prepare('SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
}

export function listRequests(db: Db): RequestRow[] {
  return db.prepare('SELECT * FROM requests ORDER BY created, id').all() as RequestRow[];
}

export function getKey(db: Db, id: string): KeyRow | undefined {
  return db.prepare('SELECT * FROM keys WHERE id = ?').get(id) as KeyRow | undefined;
}

export function getCertificate(db: Db, sha256: string): CertificateRow | undefined {
  return db.prepare('SELECT * FROM certificates WHERE sha256 = ?').get(sha256) as CertificateRow | undefined;
}

export function chainOf(db: Db, requestId: string): CertificateRow[] {
  return db
    .prepare('SELECT c.* FROM request_chain rc JOIN certificates c ON c.sha256 = rc.cert_sha256 WHERE rc.request_id = ? ORDER BY rc.position')
    .all(requestId) as CertificateRow[];
}

export function vaultMeta(db: Db, name: string): Buffer | undefined {
  return (db.prepare('SELECT value FROM vault_meta WHERE name = ?').get(name) as { value: Buffer } | undefined)?.value;
}

export function setVaultMeta(db: Db, name: string, value: Buffer): void {
  db.prepare('INSERT INTO vault_meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value);
}
