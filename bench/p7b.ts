// Builds a degenerate PKCS#7 SignedData holding the given certificates (as CAs send .p7b files).
import { explicit, integer, oid, sequence, setOf } from '../electron/services/requests/asn1';

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
