// request.complete: the CA's reply matched to its request by public key, or CA certificates added to stored chains.
import type { RequestCompleteInput, RequestCompleteResult } from '../../../shared/contract/requests';
import { CertDeskError } from '../../../shared/errors';
import { catalogueCertificates } from '../amt/roots';
import { assessChain } from '../assess-chain';
import { buildChain } from '../pki/chain';
import { formatRfc4514 } from '../pki/names';
import { readContainer } from '../pki/read';
import type { Certificate } from '../pki/x509';
import { completedReport } from './amt';
import { database } from './context';
import { type Db, type RequestRow, audit, getRequest, listRequests, upsertCertificate } from './db';
import { certificateRow, info, publicEntry, spkiSha256, storedChain } from './records';

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

export async function completeRequestOp(input: RequestCompleteInput): Promise<RequestCompleteResult> {
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
