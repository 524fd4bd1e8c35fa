// PKCS#7 / CMS SignedData as used for certificate bundles (.p7b, .p7c, CA replies): the certificates
// [0] IMPLICIT SET. Signatures and content are ignored (a "degenerate" SignedData has none). Linear: each
// distinct certificate is parsed once (repeats share the parsed object), and charged to the read's budget.
import { CertDeskError } from '../../../shared/errors';
import { type Budget, chargeCertificate, chargeElements, createBudget } from './budget';
import { type Tlv, children, decodeOid, expect, parseDer, readTlv, Tag, whole } from './der';
import { type Certificate, parseCertificate } from './x509';

export const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';
export const OID_PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_PKCS7_ENVELOPED_DATA = '1.2.840.113549.1.7.3';
export const OID_PKCS7_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';

const contentTypeNames: Record<string, string> = {
  [OID_PKCS7_DATA]: 'data',
  [OID_PKCS7_ENVELOPED_DATA]: 'enveloped (encrypted) data',
  '1.2.840.113549.1.7.4': 'signed and enveloped data',
  '1.2.840.113549.1.7.5': 'digested data',
  [OID_PKCS7_ENCRYPTED_DATA]: 'encrypted data',
  '1.2.840.113549.1.9.16.1.2': 'authenticated data',
};

/** ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY OPTIONAL }. */
export function readContentInfo(tlv: Tlv): { contentType: string; content?: Tlv } {
  const [typeTlv, explicit] = children(expect(tlv, Tag.SEQUENCE, 'PKCS#7 content info'));
  const contentType = decodeOid(typeTlv);
  if (!explicit) return { contentType };
  if (explicit.tag !== 0xa0) throw new CertDeskError('unreadable', 'Malformed PKCS#7 content info.');
  const inner = children(explicit);
  return { contentType, content: inner[0] };
}

/** True when `top` is a ContentInfo (OID + [0]); the caller decides what it supports. */
export function isContentInfo(top: Tlv): boolean {
  if (top.tag !== Tag.SEQUENCE) return false;
  try {
    const parts = children(top);
    return parts.length >= 1 && parts.length <= 2 && parts[0].tag === Tag.OID && (parts.length === 1 || parts[1].tag === 0xa0);
  } catch {
    return false;
  }
}

/**
 * The certificates of a SignedData ContentInfo (DER). Non-X.509 certificate choices are skipped. Each item of
 * the certificate set is charged as an ASN.1 element and each distinct certificate as a certificate, as the
 * PEM and PKCS#12 readers charge theirs: a bundle past the budget is refused with unsupported-format.
 */
export function parsePkcs7(der: Buffer, budget: Budget = createBudget()): Certificate[] {
  const top = parseDer(der, true);
  const { contentType, content } = readContentInfo(top);
  if (contentType !== OID_PKCS7_SIGNED_DATA) {
    const name = contentTypeNames[contentType] ?? contentType;
    throw new CertDeskError('unsupported-format', `This PKCS#7 file holds ${name}, not a certificate bundle (signed data).`);
  }
  if (!content) return [];
  const fields = children(expect(content, Tag.SEQUENCE, 'PKCS#7 signed data'));
  const certificates: Certificate[] = [];
  const parseOnce = onceByBytes(budget);
  for (const field of fields) {
    if (field.tag !== 0xa0) continue;
    // [0] IMPLICIT SET OF CertificateChoices: iterate siblings without building an intermediate array.
    let pos = field.contentStart;
    while (pos < field.end) {
      const item = readTlv(field.bytes, pos, field.end);
      chargeElements(budget, 1);
      pos = item.end;
      if (item.tag === Tag.SEQUENCE) certificates.push(parseOnce(whole(item)));
    }
  }
  return certificates;
}

/**
 * parseCertificate, once per distinct DER: bundles often repeat certificates (the same intermediates in
 * every chain), and a repeated one is the same Certificate object. Buckets are keyed by the length and
 * the bytes around the serial number and the end of the signature; a hit is confirmed byte for byte.
 */
function onceByBytes(budget: Budget): (der: Buffer) => Certificate {
  const seen = new Map<string, Certificate[]>();
  return (der) => {
    const key = `${der.length}:${der.toString('latin1', 0, 48)}:${der.toString('latin1', der.length - 16)}`;
    const bucket = seen.get(key);
    const hit = bucket?.find((c) => c.der.equals(der));
    if (hit) return hit;
    chargeCertificate(budget, der.length);
    const cert = parseCertificate(der);
    if (bucket) bucket.push(cert);
    else seen.set(key, [cert]);
    return cert;
  };
}
