// request.new: an RSA key and its CSR; the key sealed in the vault, both stored in one transaction.
import type { RequestNewInput, RequestNewResult } from '../../../shared/contract/requests';
import { formatRfc4514 } from '../pki/names';
import { parseRequest } from '../pki/pkcs10';
import { summarizeRequest } from '../pki/summary';
import { keySizeWarning } from './amt';
import { assertKeySize, buildCsr, generateRsaKey, sha256Hex } from './csr';
import { database, vault } from './context';
import { audit, getRequest, insertKey, insertRequest } from './db';
import { info, newId } from './records';
import { buildSubject } from './subject';

export async function newRequestOp(input: RequestNewInput): Promise<RequestNewResult> {
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
