// request.list, request.show and request.delete.
import type { RequestDeleteResult, RequestListResult, RequestShowResult } from '../../../shared/contract/requests';
import { summarize } from '../pki/summary';
import { database } from './context';
import { audit, chainOf, listRequests } from './db';
import { info, resolveRequest, storedChain } from './records';

export async function listAllOp(): Promise<RequestListResult> {
  const db = database();
  return { requests: listRequests(db).map((row) => info(db, row)) };
}

export async function showRequestOp(id: string): Promise<RequestShowResult> {
  const db = database();
  const row = resolveRequest(db, id);
  return { ...info(db, row), csrPem: row.csr_pem, chain: storedChain(db, row).map(summarize) };
}

export async function deleteRequestOp(id: string): Promise<RequestDeleteResult> {
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
