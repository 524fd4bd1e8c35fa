// The requests feature: new (key + CSR, key sealed in the vault), list/show/delete, complete (the CA's reply,
// matched to its request by public key), PFX export, expiring certificates. One transaction per change.
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ExpiringCertificate,
  ExpiringInput,
  ExpiringResult,
  ExportPfxInput,
  ExportPfxWithBytes,
  RequestCompleteInput,
  RequestCompleteResult,
  RequestDeleteResult,
  RequestInfo,
  RequestListResult,
  RequestNewInput,
  RequestNewResult,
  RequestShowResult,
  VaultStatus,
} from '../../../shared/contract/requests';
import { CertDeskError } from '../../../shared/errors';
import { catalogueCertificates } from '../amt/roots';
import { buildChain } from '../pki/chain';
import { formatRfc4514 } from '../pki/names';
import { parseRequest } from '../pki/pkcs10';
import { readContainer } from '../pki/read';
import { summarize, summarizeRequest } from '../pki/summary';
import type { PrivateKeyEntry } from '../pki/types';
import { type Certificate, parseCertificate } from '../pki/x509';
import { assessChain } from '../assess-chain';
import { completedReport, keySizeWarning } from './amt';
import { assertKeySize, buildCsr, generateRsaKey, sha256Hex } from './csr';
import {
  type CertificateRow,
  type Db,
  type RequestRow,
  audit,
  chainOf,
  getCertificate,
  getKey,
  getRequest,
  insertKey,
  insertRequest,
  DB_FILE,
  databaseStorageError,
  listRequests,
  openDatabase,
  upsertCertificate,
} from './db';
import { expiringCalendar } from './ics';
import { dataDir, ensureDataDir } from './paths';
import { pfxProfile, writePfx } from '../pki/pkcs12/write';
import { buildSubject } from './subject';
import { type KeyVault, keytarSource, openVault, passphraseSource, vaultModeFromEnv, vaultState } from './vault';

// ---------------------------------------------------------------- context

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

async function vault(db: Db): Promise<KeyVault> {
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
function guarded<A extends unknown[], R>(operation: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await operation(...args);
    } catch (error) {
      throw databaseStorageError(error, dataDir()) ?? error;
    }
  };
}

// ---------------------------------------------------------------- helpers

const DAY = 24 * 60 * 60 * 1000;

function daysLeft(notAfter: string, now = new Date()): number {
  return Math.floor((new Date(notAfter).getTime() - now.getTime()) / DAY);
}

/** SHA-256 of the SPKI as node:crypto encodes it (the same bytes generateKeyPair exported at `request new`). */
export function spkiSha256(spki: Buffer): string {
  try {
    return sha256Hex(createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' }));
  } catch {
    return sha256Hex(spki);
  }
}

function info(db: Db, row: RequestRow): RequestInfo {
  const csr = parseRequest(pemBody(row.csr_pem));
  const out: RequestInfo = {
    id: row.id,
    created: row.created,
    status: row.status,
    ...(row.name ? { name: row.name } : {}),
    subject: row.subject,
    subjectAttributes: csr.subject,
    cn: row.cn,
    org: row.org,
    keySize: row.key_size,
    csrSha256: row.csr_sha256,
    spkiSha256: row.spki_sha256,
  };
  if (row.completed) out.completed = row.completed;
  if (row.leaf_sha256) {
    const leaf = getCertificate(db, row.leaf_sha256);
    if (leaf) {
      const state = chainState(storedChain(db, row));
      out.certificate = {
        sha1: leaf.sha1,
        sha256: leaf.sha256,
        notAfter: leaf.not_after,
        daysLeft: daysLeft(leaf.not_after),
        issuer: leaf.issuer,
        chain: state.complete ? 'complete' : 'incomplete',
        ...(state.missingIssuer ? { missingIssuer: state.missingIssuer } : {}),
      };
    }
  }
  return out;
}

interface ChainState {
  /** The chain reaches a root (stored, or from the AMT root catalogue) and every signature verifies. */
  complete: boolean;
  /** RFC 4514 name of the issuer the chain stops short of (when incomplete). */
  missingIssuer?: string;
  /** RFC 4514 name of the certificate the chain stops at (when incomplete). */
  top?: string;
}

/** Does the stored chain (leaf first) reach a root? Built as export-pfx builds it: stored certificates plus the catalogue. */
function chainState(stored: Certificate[]): ChainState {
  if (!stored.length) return { complete: false };
  return builtState(buildChain(stored, [publicEntry(stored[0].publicKey.spki)], catalogueCertificates()));
}

function builtState(built: ReturnType<typeof buildChain>): ChainState {
  if (built.complete) return { complete: true };
  const top = built.chain[built.chain.length - 1].cert;
  return { complete: false, missingIssuer: formatRfc4514(top.issuer), top: formatRfc4514(top.subject) };
}

/** `incomplete-chain`: what is missing, what to do, and the explicit way to go on without it. */
export function incompleteChainError(row: { id: string; cn: string }, state: ChainState, action: string, override: string): CertDeskError {
  return new CertDeskError(
    'incomplete-chain',
    `The chain of request ${row.id} (${row.cn}) does not reach a root: it stops at "${state.top}", whose issuer "${state.missingIssuer}" ` +
      `is not stored and is not one of the AMT roots CertDesk knows. ${action} without it hands the provisioning server a certificate ` +
      `whose chain AMT cannot verify (rpc-go/RPS refuse a PFX without its root). ` +
      `Add the CA chain (the issuing CA and root certificates, e.g. the CA's .p7b): certdesk request complete <ca-chain.p7b>. ` +
      `To go on anyway: ${override}.`,
  );
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** A request by its id or a unique prefix (at least 4 characters). */
function resolveRequest(db: Db, idOrPrefix: string): RequestRow {
  const id = idOrPrefix.trim().toLowerCase();
  const exact = getRequest(db, id);
  if (exact) return exact;
  if (id.length >= 4) {
    const rows = db.prepare("SELECT * FROM requests WHERE id LIKE ? || '%' ORDER BY id").all(id) as RequestRow[];
    if (rows.length === 1) return rows[0];
    if (rows.length > 1) throw new CertDeskError('usage', `"${idOrPrefix}" matches ${rows.length} requests (${rows.map((r) => r.id).join(', ')}); give more characters.`);
  }
  throw new CertDeskError('not-found', `No request with id ${idOrPrefix}. \`certdesk request list\` shows them.`);
}

function certificateRow(cert: Certificate, role: 'leaf' | 'chain', now: string): CertificateRow {
  return {
    sha256: cert.sha256.toUpperCase(),
    sha1: cert.sha1.toUpperCase(),
    der: cert.der,
    role,
    subject: formatRfc4514(cert.subject),
    issuer: formatRfc4514(cert.issuer),
    serial: cert.serialHex.toUpperCase(),
    not_before: cert.notBefore.toISOString(),
    not_after: cert.notAfter.toISOString(),
    spki_sha256: spkiSha256(cert.publicKey.spki),
    added: now,
  };
}

/** A public-only key entry: the chain builder links keys to certificates by SPKI alone. */
function publicEntry(spki: Buffer): PrivateKeyEntry {
  return { pkcs8: Buffer.alloc(0), spki };
}

function newId(db: Db): string {
  for (;;) {
    const id = randomBytes(6).toString('hex');
    if (!getRequest(db, id)) return id;
  }
}

// ---------------------------------------------------------------- request.new

async function newRequestOp(input: RequestNewInput): Promise<RequestNewResult> {
  const keySize = input.keySize ?? 2048;
  assertKeySize(keySize);
  const subject = buildSubject(input);
  const cn = subject.find((a) => a.type === 'CN')!.value;
  const db = database();
  // The vault first: without a data key nothing is generated and nothing is written.
  const keyVault = await vault(db);
  const key = await generateRsaKey(keySize);
  try {
    const csr = buildCsr(subject, key.spki, key.privateKey, cn);
    const id = newId(db);
    const sealed = keyVault.seal(id, key.pkcs8);
    const now = new Date().toISOString();
    const spkiHash = sha256Hex(key.spki);
    const subjectText = formatRfc4514(subject);
    const csrSha256 = sha256Hex(csr.der);
    db.transaction(() => {
      insertKey(db, {
        id,
        spki_sha256: spkiHash,
        algorithm: 'RSA',
        key_size: keySize,
        vault_mode: keyVault.mode,
        nonce: sealed.nonce,
        sealed: sealed.ciphertext,
        created: now,
      });
      insertRequest(db, {
        id,
        created: now,
        name: input.name?.trim() || null,
        cn,
        org: subject.find((a) => a.type === 'O')!.value,
        ou: subject.find((a) => a.type === 'OU')!.value,
        country: subject.find((a) => a.type === 'C')?.value ?? null,
        state: subject.find((a) => a.type === 'ST')?.value ?? null,
        locality: subject.find((a) => a.type === 'L')?.value ?? null,
        subject: subjectText,
        key_size: keySize,
        key_id: id,
        spki_sha256: spkiHash,
        csr_pem: csr.pem,
        csr_sha256: csrSha256,
      });
      audit(db, 'request.new', 'ok', subjectText, csrSha256);
    })();
    const result: RequestNewResult = { ...info(db, getRequest(db, id)!), csrPem: csr.pem };
    if (keySize !== 2048) {
      result.keySizeWarning = keySizeWarning(summarizeRequest(parseRequest(csr.der)));
    }
    return result;
  } finally {
    key.pkcs8.fill(0);
  }
}

// ---------------------------------------------------------------- list / show / delete

async function listAllOp(): Promise<RequestListResult> {
  const db = database();
  return { requests: listRequests(db).map((row) => info(db, row)) };
}

function storedChain(db: Db, row: RequestRow): Certificate[] {
  if (!row.leaf_sha256) return [];
  const leaf = getCertificate(db, row.leaf_sha256);
  if (!leaf) return [];
  return [leaf, ...chainOf(db, row.id)].map((c) => parseCertificate(c.der));
}

async function showRequestOp(id: string): Promise<RequestShowResult> {
  const db = database();
  const row = resolveRequest(db, id);
  return { ...info(db, row), csrPem: row.csr_pem, chain: storedChain(db, row).map(summarize) };
}

async function deleteRequestOp(id: string): Promise<RequestDeleteResult> {
  const db = database();
  const row = resolveRequest(db, id);
  let removed = 0;
  db.transaction(() => {
    const chain = chainOf(db, row.id).map((c) => c.sha256);
    db.prepare('DELETE FROM request_chain WHERE request_id = ?').run(row.id);
    db.prepare('DELETE FROM requests WHERE id = ?').run(row.id);
    db.prepare('DELETE FROM keys WHERE id = ?').run(row.key_id);
    const candidates = [...(row.leaf_sha256 ? [row.leaf_sha256] : []), ...chain];
    for (const sha of new Set(candidates)) {
      const used =
        db.prepare('SELECT 1 FROM requests WHERE leaf_sha256 = ? LIMIT 1').get(sha) ??
        db.prepare('SELECT 1 FROM request_chain WHERE cert_sha256 = ? LIMIT 1').get(sha);
      if (!used) removed += db.prepare('DELETE FROM certificates WHERE sha256 = ?').run(sha).changes;
    }
    audit(db, 'request.delete', 'ok', row.subject, row.csr_sha256);
  })();
  // secure_delete zeroes the freed pages; a truncating checkpoint also empties the WAL of the old pages.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { id: row.id, deleted: true, certificatesRemoved: removed };
}

// ---------------------------------------------------------------- request.complete

function readReplyFile(file: { fileName: string; contentBase64: string }): Certificate[] {
  const container = readContainer(Buffer.from(file.contentBase64, 'base64'));
  if (container.format === 'pkcs10') {
    throw new CertDeskError('unsupported-format', `${file.fileName} is a certificate request, not the CA's reply: give the certificate the CA issued (.cer, .crt or .p7b).`);
  }
  if (!container.certificates.length) throw new CertDeskError('unreadable', `${file.fileName} holds no certificate.`);
  return container.certificates;
}

/** The result of request.complete for `row`, whose chain was built as `built` (leaf first). */
function completionResult(
  db: Db,
  row: RequestRow,
  built: ReturnType<typeof buildChain>,
  facts: { alreadyCompleted: boolean; chainAdded: number; alsoUpdated?: string[]; dnsSuffixes?: string[] },
): RequestCompleteResult {
  const chainFacts = assessChain(built);
  const summaries = chainFacts.chain;
  const amt = completedReport({ ...chainFacts, leaf: summaries[0], dnsSuffixes: facts.dnsSuffixes });
  return {
    request: info(db, getRequest(db, row.id)!),
    leaf: summaries[0],
    chain: summaries,
    alreadyCompleted: facts.alreadyCompleted,
    chainAdded: facts.chainAdded,
    chainComplete: built.complete,
    ...(facts.alsoUpdated?.length ? { alsoUpdated: facts.alsoUpdated } : {}),
    amt,
  };
}

/** Replaces the stored chain of `row` (everything after the leaf) with `chain`, inside the caller's transaction. */
function storeChain(db: Db, row: RequestRow, chain: Certificate[], now: string): void {
  db.prepare('DELETE FROM request_chain WHERE request_id = ?').run(row.id);
  chain.forEach((cert, i) => {
    upsertCertificate(db, certificateRow(cert, 'chain', now));
    db.prepare('INSERT INTO request_chain (request_id, position, cert_sha256) VALUES (?, ?, ?)').run(row.id, i + 1, cert.sha256.toUpperCase());
  });
}

interface ChainExtension {
  row: RequestRow;
  built: ReturnType<typeof buildChain>;
  added: Certificate[];
}

/** What `certs` add to the stored chain of the completed request `row` (added is empty when nothing is new). */
function extendChain(db: Db, row: RequestRow, certs: Certificate[]): ChainExtension {
  const stored = storedChain(db, row);
  const [leaf] = stored;
  const built = buildChain([leaf, ...stored.slice(1), ...certs], [publicEntry(leaf.publicKey.spki)], catalogueCertificates());
  const before = new Set(stored.map((c) => c.sha256.toUpperCase()));
  const added = built.chain.map((l) => l.cert).filter((c) => !before.has(c.sha256.toUpperCase()));
  return { row, built, added };
}

function saveExtension(db: Db, ext: ChainExtension, now: string): void {
  storeChain(db, ext.row, ext.built.chain.slice(1).map((l) => l.cert), now);
  audit(db, 'request.complete', `ok (chain: ${ext.added.length} certificate(s) added)`, ext.row.subject, ext.built.chain[0].cert.sha1.toUpperCase());
}

/**
 * A reply that carries no certificate for any stored key: a file of CA certificates (the CA's chain .p7b) given
 * for requests completed earlier with the issued certificate alone. The chain certificates are added to every
 * completed request whose chain they extend; undefined when they extend none and belong to none.
 */
function completeWithChainOnly(db: Db, certs: Certificate[], dnsSuffixes?: string[]): RequestCompleteResult | undefined {
  const completed = listRequests(db).filter((r) => r.status === 'completed' && r.leaf_sha256);
  const extensions = completed.map((row) => extendChain(db, row, certs));
  const useful = extensions.filter((e) => e.added.length > 0);
  const now = new Date().toISOString();
  if (useful.length) {
    db.transaction(() => useful.forEach((e) => saveExtension(db, e, now)))();
    // The most recently completed request is the one reported; the others are named.
    const [main, ...others] = [...useful].sort((a, b) => (b.row.completed ?? '').localeCompare(a.row.completed ?? ''));
    return completionResult(db, main.row, main.built, {
      alreadyCompleted: true,
      chainAdded: main.added.length,
      alsoUpdated: others.map((o) => o.row.id),
      dnsSuffixes,
    });
  }
  // Given again: the certificates are already on a stored chain. Nothing to do, and that is not an error.
  const given = new Set(certs.map((c) => c.sha256.toUpperCase()));
  const holder = extensions.find((e) => e.built.chain.slice(1).some((l) => given.has(l.cert.sha256.toUpperCase())));
  if (holder) return completionResult(db, holder.row, holder.built, { alreadyCompleted: true, chainAdded: 0, dnsSuffixes });
  return undefined;
}

async function completeRequestOp(input: RequestCompleteInput): Promise<RequestCompleteResult> {
  const certs = readReplyFile(input);
  const extra = input.chain ? readReplyFile(input.chain) : [];
  const db = database();

  // The leaf is the certificate whose public key belongs to a stored request; no id needed.
  const byKey = new Map<string, RequestRow[]>();
  for (const row of listRequests(db)) byKey.set(row.spki_sha256, [...(byKey.get(row.spki_sha256) ?? []), row]);
  const matches = certs
    .map((cert) => ({ cert, rows: byKey.get(spkiSha256(cert.publicKey.spki)) ?? [] }))
    .filter((m) => m.rows.length > 0);
  if (!matches.length) {
    const chainOnly = completeWithChainOnly(db, [...certs, ...extra], input.dnsSuffixes);
    if (chainOnly) return chainOnly;
    const pending = [...byKey.values()].flat().filter((r) => r.status === 'pending').length;
    const names = certs.map((c) => formatRfc4514(c.subject)).join('; ');
    audit(db, 'request.complete', 'key-mismatch', names, certs[0]?.sha256);
    throw new CertDeskError(
      'key-mismatch',
      `The certificate's public key matches none of the ${pending} pending request(s) in this CertDesk (${names}), ` +
        'and it is not an issuer on the chain of a completed request. ' +
        'It was issued for another key: complete it where its request was made, or send this CertDesk\'s CSR to the CA.',
    );
  }
  const { cert: leafCert, rows } = matches[0];
  const row = rows.find((r) => r.status === 'pending') ?? rows[0];
  const leafSha = leafCert.sha256.toUpperCase();
  const alreadyCompleted = row.status === 'completed' && row.leaf_sha256 === leafSha;
  const now = new Date().toISOString();

  if (alreadyCompleted) {
    // The same certificate again, perhaps with more of its chain (a .p7b after the bare .cer): keep what is new.
    const ext = extendChain(db, row, [...certs, ...extra]);
    if (ext.added.length) db.transaction(() => saveExtension(db, ext, now))();
    return completionResult(db, row, ext.built, { alreadyCompleted: true, chainAdded: ext.added.length, dnsSuffixes: input.dnsSuffixes });
  }

  // A completed request matched by a different certificate (the CA re-issued for the same CSR): the new
  // certificate becomes the request's leaf; the old one stays stored (expiring still lists it).
  const result = buildChain([leafCert, ...certs, ...extra], [publicEntry(leafCert.publicKey.spki)], catalogueCertificates());
  const chain = result.chain.map((l) => l.cert);
  db.transaction(() => {
    upsertCertificate(db, certificateRow(leafCert, 'leaf', now));
    storeChain(db, row, chain.slice(1), now);
    db.prepare("UPDATE requests SET status = 'completed', completed = ?, leaf_sha256 = ? WHERE id = ?").run(now, leafSha, row.id);
    audit(db, 'request.complete', 'ok', row.subject, leafCert.sha1.toUpperCase());
  })();
  return completionResult(db, row, result, { alreadyCompleted: false, chainAdded: 0, dnsSuffixes: input.dnsSuffixes });
}

// ---------------------------------------------------------------- export.pfx

const HEX = /^[0-9A-F]+$/;

/** The completed request for an id (or prefix) or for its leaf's SHA-1 / SHA-256 thumbprint. */
function resolveForExport(db: Db, idOrThumbprint: string): RequestRow {
  const compact = idOrThumbprint.replace(/[\s:]/g, '').toUpperCase();
  if (HEX.test(compact) && (compact.length === 40 || compact.length === 64)) {
    const cert = db.prepare(`SELECT * FROM certificates WHERE ${compact.length === 40 ? 'sha1' : 'sha256'} = ?`).get(compact) as CertificateRow | undefined;
    if (!cert) throw new CertDeskError('not-found', `No stored certificate has the thumbprint ${compact}.`);
    const row = db.prepare('SELECT * FROM requests WHERE spki_sha256 = ? ORDER BY completed DESC LIMIT 1').get(cert.spki_sha256) as RequestRow | undefined;
    if (!row) throw new CertDeskError('not-found', `CertDesk has no private key for the certificate ${compact} (it is a chain certificate or its request was deleted).`);
    return row;
  }
  return resolveRequest(db, idOrThumbprint);
}

export interface PfxExpectation {
  /** SHA-256 of the key's SubjectPublicKeyInfo (uppercase hex). */
  spkiSha256: string;
  /** Every certificate the file must hold, and no other. */
  sha256s: string[];
}

/** Reads a PFX back with the engine's reader: the key is there and matches the leaf, every certificate is there. */
export function verifyPfx(bytes: Buffer, password: string, expected: PfxExpectation): void {
  const container = readContainer(bytes, password);
  const problems: string[] = [];
  if (container.format !== 'pkcs12') problems.push(`it reads as ${container.format}`);
  if (container.privateKeys.length !== 1) problems.push(`${container.privateKeys.length} private keys`);
  else if (spkiSha256(container.privateKeys[0].spki) !== expected.spkiSha256) problems.push('the key is not the request\'s key');
  const present = new Set(container.certificates.map((c) => c.sha256.toUpperCase()));
  const missing = expected.sha256s.filter((s) => !present.has(s.toUpperCase()));
  if (missing.length) problems.push(`${missing.length} certificate(s) missing`);
  if (container.certificates.length !== expected.sha256s.length) problems.push(`${container.certificates.length} certificates instead of ${expected.sha256s.length}`);
  if (problems.length) throw new CertDeskError('internal', `The PFX written did not verify (${problems.join(', ')}); nothing was saved.`);
}

function completedForExport(db: Db, idOrThumbprint: string): RequestRow {
  const row = resolveForExport(db, idOrThumbprint);
  if (row.status !== 'completed' || !row.leaf_sha256) {
    throw new CertDeskError('usage', `Request ${row.id} is still pending: complete it with the CA's certificate first (certdesk request complete FILE).`);
  }
  return row;
}

/**
 * The completed request export.pfx would use for `idOrThumbprint`, without opening its key or writing to the
 * audit log (what a dry run of "export, then import" checks); the same errors as exportPfx otherwise.
 */
async function exportableRequestOp(idOrThumbprint: string, options: ChainOptions = {}): Promise<RequestInfo> {
  const db = database();
  const row = completedForExport(db, idOrThumbprint);
  requireCompleteChain(row, chainState(storedChain(db, row)), options, 'Installing it');
  return info(db, row);
}

export interface ChainOptions {
  /** Go on with a chain that does not reach a root (the user said so explicitly). */
  allowIncompleteChain?: boolean;
}

/** incomplete-chain unless the caller allowed it; every export and install path goes through here. */
function requireCompleteChain(row: RequestRow, state: ChainState, options: ChainOptions, action: string): void {
  if (state.complete || options.allowIncompleteChain) return;
  throw incompleteChainError(row, state, action, '--allow-incomplete-chain (in the app: "Export anyway")');
}

async function exportPfxOp(input: ExportPfxInput, options: ChainOptions = {}): Promise<ExportPfxWithBytes> {
  if (!input.password) throw new CertDeskError('usage', 'An empty PFX password is refused.');
  const db = database();
  const row = completedForExport(db, input.idOrThumbprint);
  const keyRow = getKey(db, row.key_id);
  if (!keyRow) throw new CertDeskError('not-found', `The private key of request ${row.id} is gone.`);
  const [leaf, ...stored] = storedChain(db, row);
  const built = buildChain([leaf, ...stored], [publicEntry(leaf.publicKey.spki)], catalogueCertificates());
  const chain = built.chain.map((l) => l.cert).slice(1);
  requireCompleteChain(row, builtState(built), { allowIncompleteChain: input.allowIncompleteChain || options.allowIncompleteChain }, 'A PFX');
  // The name given at `request new` (IIS's friendly name), else the CN.
  const friendlyName = input.friendlyName ?? row.name ?? row.cn;
  const sha256s = [leaf, ...chain].map((c) => c.sha256.toUpperCase());

  const keyVault = await vault(db);
  const pkcs8 = keyVault.open(keyRow.id, { nonce: keyRow.nonce, ciphertext: keyRow.sealed });
  let pfx: Buffer;
  try {
    const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    if (sha256Hex(spki) !== row.spki_sha256) throw new CertDeskError('internal', `The stored key of request ${row.id} does not match its request.`);
    pfx = writePfx({ pkcs8, leaf: leaf.der, chain: chain.map((c) => c.der), password: input.password, friendlyName, legacy: input.legacy });
    verifyPfx(pfx, input.password, { spkiSha256: row.spki_sha256, sha256s });
  } finally {
    pkcs8.fill(0);
  }
  audit(db, 'export.pfx', input.legacy ? 'ok (legacy)' : 'ok', row.subject, leaf.sha1.toUpperCase());
  return {
    requestId: row.id,
    leaf: { sha1: leaf.sha1.toUpperCase(), sha256: leaf.sha256.toUpperCase(), subject: formatRfc4514(leaf.subject) },
    certificates: 1 + chain.length,
    sha256s,
    spkiSha256: row.spki_sha256,
    chainComplete: built.complete,
    friendlyName,
    encryption: pfxProfile(input.legacy).encryption,
    cn: row.cn,
    pfxBase64: pfx.toString('base64'),
  };
}

// ---------------------------------------------------------------- expiring

async function expiringOp(input: ExpiringInput): Promise<ExpiringResult> {
  const days = input.days ?? 60;
  const now = new Date();
  const db = database();
  const limit = new Date(now.getTime() + days * DAY).toISOString();
  const rows = db.prepare('SELECT * FROM certificates WHERE not_after <= ? ORDER BY not_after, sha256').all(limit) as CertificateRow[];
  const certificates: ExpiringCertificate[] = rows.map((c) => {
    const ids = db
      .prepare('SELECT id FROM requests WHERE leaf_sha256 = ? UNION SELECT request_id FROM request_chain WHERE cert_sha256 = ? ORDER BY 1')
      .all(c.sha256, c.sha256) as { id: string }[];
    return {
      sha1: c.sha1,
      sha256: c.sha256,
      subject: c.subject,
      issuer: c.issuer,
      role: c.role,
      notAfter: c.not_after,
      daysLeft: daysLeft(c.not_after, now),
      requestIds: ids.map((r) => r.id),
    };
  });
  const result: ExpiringResult = { days, now: now.toISOString(), certificates };
  if (input.ics) result.ics = expiringCalendar(certificates, { now, alarmDays: input.alarmDays });
  return result;
}

// ---------------------------------------------------------------- the operations, as the handlers call them

export const newRequest = guarded(newRequestOp);
export const listAll = guarded(listAllOp);
export const showRequest = guarded(showRequestOp);
export const deleteRequest = guarded(deleteRequestOp);
export const completeRequest = guarded(completeRequestOp);
export const exportableRequest = guarded(exportableRequestOp);
export const exportPfx = guarded(exportPfxOp);
export const expiring = guarded(expiringOp);
