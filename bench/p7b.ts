// Bundles for the PKCS#7 and chain benchmarks: a degenerate PKCS#7 SignedData holding the given
// certificates (as CAs send .p7b files), and the hostile "many self-signed certificates, one name" set.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { explicit, integer, oid, sequence, setOf } from '../electron/engine/pki/der-write';
import type { Pki } from '../test/support/openssl';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_DATA = '1.2.840.113549.1.7.1';

export function buildSignedDataBundle(certificates: Buffer[]): Buffer {
  const signedData = sequence(
    integer(1), // version
    setOf(), // digestAlgorithms: none
    sequence(oid(OID_DATA)), // encapContentInfo: data, no content
    explicit(0, ...certificates), // certificates [0] IMPLICIT SET OF: same encoding as [0] constructed
    setOf(), // signerInfos: none
  );
  return sequence(oid(OID_SIGNED_DATA), explicit(0, signedData));
}

/**
 * `count` self-signed certificates that share one subject name and one key, without key identifiers
 * (nothing but a signature tells them apart), made by one `openssl ca -selfsign` run: one request
 * signed again and again, serials counting up. Chain building that tries every candidate against every
 * certificate does count × (count − 1) signature checks on it (89,700 for 300).
 */
export function sameNameSelfSigned(pki: Pki, count: number, name = 'same-name'): Buffer[] {
  const key = pki.key(name);
  pki.run(['req', '-new', '-key', key, '-subj', '/CN=Same Name', '-out', `${name}.csr`]);
  writeFileSync(pki.path(`${name}.db`), '');
  writeFileSync(pki.path(`${name}.serial`), '1000\n');
  mkdirSync(pki.path(`${name}.out`), { recursive: true });
  writeFileSync(
    pki.path(`${name}.cnf`),
    `[ ca ]\ndefault_ca = tmp\n[ tmp ]\ndatabase = ${name}.db\nserial = ${name}.serial\nnew_certs_dir = ${name}.out\n` +
      'policy = any\nunique_subject = no\ncopy_extensions = none\ndefault_md = sha256\ndefault_days = 30\n[ any ]\ncommonName = optional\n' +
      '[ ext ]\nbasicConstraints = critical, CA:TRUE\nsubjectKeyIdentifier = none\nauthorityKeyIdentifier = none\n',
  );
  pki.run(['ca', '-batch', '-selfsign', '-config', `${name}.cnf`, '-keyfile', key, '-extensions', 'ext', '-notext', '-out', `${name}.pem`, '-infiles', ...Array(count).fill(`${name}.csr`)]);
  return Array.from({ length: count }, (_, i) => {
    const pem = readFileSync(pki.path(`${name}.out/${(0x1000 + i).toString(16).toUpperCase()}.pem`), 'latin1');
    return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  });
}
