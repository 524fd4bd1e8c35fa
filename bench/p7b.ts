// Builds a degenerate PKCS#7 SignedData holding the given certificates (as CAs send .p7b files).
function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const OID_SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex');
const OID_DATA = Buffer.from('06092a864886f70d010701', 'hex');

export function buildSignedDataBundle(certificates: Buffer[]): Buffer {
  const signedData = tlv(
    0x30,
    Buffer.from('020101', 'hex'), // version 1
    tlv(0x31), // digestAlgorithms: none
    tlv(0x30, OID_DATA), // encapContentInfo: data, no content
    tlv(0xa0, ...certificates), // certificates [0] IMPLICIT
    tlv(0x31), // signerInfos: none
  );
  return tlv(0x30, OID_SIGNED_DATA, tlv(0xa0, signedData));
}
