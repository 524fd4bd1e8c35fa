// export.pfx: the key and its full chain as a PFX, read back before it is returned; the exportable-request check.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { ExportPfxInput, ExportPfxWithBytes, RequestInfo } from '../../../shared/contract/requests';
import { CertDeskError } from '../../../shared/errors';
import { catalogueCertificates } from '../amt/roots';
import { buildChain } from '../pki/chain';
import { formatRfc4514 } from '../pki/names';
import { pfxProfile, writePfx } from '../pki/pkcs12/write';
import { readContainer } from '../pki/read';
import { database, vault } from './context';
import { sha256Hex } from './csr';
import { type CertificateRow, type Db, type RequestRow, audit, getKey } from './db';
import { type ChainState, builtState, chainState, incompleteChainError, info, publicEntry, resolveRequest, spkiSha256, storedChain } from './records';

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
export async function exportableRequestOp(idOrThumbprint: string, options: ChainOptions = {}): Promise<RequestInfo> {
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

export async function exportPfxOp(input: ExportPfxInput, options: ChainOptions = {}): Promise<ExportPfxWithBytes> {
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
