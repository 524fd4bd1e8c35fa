// The requests helpers: request rows as RequestInfo, chain state, certificate rows, ids and the stored chain.
import { createPublicKey, randomBytes } from 'node:crypto';
import type { RequestInfo } from '../../../shared/contract/requests';
import { CertDeskError } from '../../../shared/errors';
import { catalogueCertificates } from '../amt/roots';
import { buildChain } from '../pki/chain';
import { formatRfc4514 } from '../pki/names';
import { parseRequest } from '../pki/pkcs10';
import type { PrivateKeyEntry } from '../pki/types';
import { type Certificate, parseCertificate } from '../pki/x509';
import { sha256Hex } from './csr';
import { type CertificateRow, type Db, type RequestRow, chainOf, getCertificate, getRequest } from './db';

export const DAY = 24 * 60 * 60 * 1000;

export function daysLeft(notAfter: string, now = new Date()): number {
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

export function info(db: Db, row: RequestRow): RequestInfo {
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

export interface ChainState {
  /** The chain reaches a root (stored, or from the AMT root catalogue) and every signature verifies. */
  complete: boolean;
  /** RFC 4514 name of the issuer the chain stops short of (when incomplete). */
  missingIssuer?: string;
  /** RFC 4514 name of the certificate the chain stops at (when incomplete). */
  top?: string;
}

/** Does the stored chain (leaf first) reach a root? Built as export-pfx builds it: stored certificates plus the catalogue. */
export function chainState(stored: Certificate[]): ChainState {
  if (!stored.length) return { complete: false };
  return builtState(buildChain(stored, [publicEntry(stored[0].publicKey.spki)], catalogueCertificates()));
}

export function builtState(built: ReturnType<typeof buildChain>): ChainState {
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
export function resolveRequest(db: Db, idOrPrefix: string): RequestRow {
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

export function certificateRow(cert: Certificate, role: 'leaf' | 'chain', now: string): CertificateRow {
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
export function publicEntry(spki: Buffer): PrivateKeyEntry {
  return { pkcs8: Buffer.alloc(0), spki };
}

export function newId(db: Db): string {
  for (;;) {
    const id = randomBytes(6).toString('hex');
    if (!getRequest(db, id)) return id;
  }
}

export function storedChain(db: Db, row: RequestRow): Certificate[] {
  if (!row.leaf_sha256) return [];
  const leaf = getCertificate(db, row.leaf_sha256);
  if (!leaf) return [];
  return [leaf, ...chainOf(db, row.id)].map((c) => parseCertificate(c.der));
}
