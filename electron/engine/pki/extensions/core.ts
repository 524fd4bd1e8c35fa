// Structured decoders for the extensions the engine reasons about (SAN, EKU, basic constraints, key usage, key
// identifiers). Every extension decoder lives in this folder: the ones only the dialog shows are in dialog.ts.
// Formatting for display lives in pki/view/; these files only turn DER into data.
import { type Tlv, children, content, decodeBitString, decodeBoolean, decodeOid, decodeSmallInt, expect, parseDer, Tag, whole } from '../der';
import { decodeName } from '../names';
import type { NameAttribute } from '../../../../shared/dto';
import { CertDeskError } from '../../../../shared/errors';
import { type Certificate, type Extension, findExtension } from '../x509';

export const OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

export type GeneralName =
  | { type: 'otherName'; oid: string; value: Buffer }
  | { type: 'rfc822Name' | 'dNSName' | 'uniformResourceIdentifier'; value: string }
  | { type: 'iPAddress'; value: string; raw: Buffer }
  | { type: 'directoryName'; value: NameAttribute[] }
  | { type: 'registeredID'; value: string }
  | { type: 'x400Address' | 'ediPartyName'; value: Buffer };

function der(value: Buffer): Tlv {
  return parseDer(Buffer.from(value));
}

function formatIp(raw: Buffer): string {
  if (raw.length === 4) return Array.from(raw).join('.');
  if (raw.length === 16) {
    const groups: string[] = [];
    // Eight hex groups always make a valid IPv6 text (the dialog's RFC 5952 form is in view/generalNames.ts).
    for (let i = 0; i < 16; i += 2) groups.push(raw.readUInt16BE(i).toString(16));
    return groups.join(':');
  }
  return raw.toString('hex');
}

/** One GeneralName; `undefined` (a SEQUENCE that ends before its name, as in a truncated AIA entry) is malformed. */
export function decodeGeneralName(tlv: Tlv | undefined): GeneralName {
  if (!tlv) throw new CertDeskError('unreadable', 'Missing general name.');
  const number = tlv.tag & 0x1f;
  const bytes = content(tlv);
  switch (number) {
    case 0: {
      const [oidTlv, valueTlv] = children(tlv);
      return { type: 'otherName', oid: decodeOid(oidTlv), value: valueTlv ? Buffer.from(whole(valueTlv)) : Buffer.alloc(0) };
    }
    case 1:
      return { type: 'rfc822Name', value: bytes.toString('latin1') };
    case 2:
      return { type: 'dNSName', value: bytes.toString('latin1') };
    case 3:
      return { type: 'x400Address', value: Buffer.from(bytes) };
    case 4:
      return { type: 'directoryName', value: decodeName(children(tlv)[0]) };
    case 5:
      return { type: 'ediPartyName', value: Buffer.from(bytes) };
    case 6:
      return { type: 'uniformResourceIdentifier', value: bytes.toString('latin1') };
    case 7:
      return { type: 'iPAddress', value: formatIp(bytes), raw: Buffer.from(bytes) };
    case 8:
      return { type: 'registeredID', value: decodeOid({ ...tlv, tag: Tag.OID }) };
    default:
      return { type: 'x400Address', value: Buffer.from(bytes) };
  }
}

export function decodeGeneralNames(value: Buffer): GeneralName[] {
  return children(expect(der(value), Tag.SEQUENCE, 'general names')).map(decodeGeneralName);
}

export interface BasicConstraints {
  ca: boolean;
  pathLength?: number;
}

export function decodeBasicConstraints(value: Buffer): BasicConstraints {
  const parts = children(expect(der(value), Tag.SEQUENCE, 'basic constraints'));
  const result: BasicConstraints = { ca: false };
  for (const part of parts) {
    if (part.tag === Tag.BOOLEAN) result.ca = decodeBoolean(part);
    else if (part.tag === Tag.INTEGER) result.pathLength = decodeSmallInt(part);
  }
  return result;
}

export function decodeExtKeyUsage(value: Buffer): string[] {
  return children(expect(der(value), Tag.SEQUENCE, 'extended key usage')).map(decodeOid);
}

/** Key usage bit string: the raw bytes (as Windows shows them in parentheses) and the unused-bit count. */
export function decodeKeyUsage(value: Buffer): { bytes: Buffer; unused: number } {
  const { bits, unused } = decodeBitString(der(value));
  return { bytes: Buffer.from(bits), unused };
}

export function decodeSubjectKeyIdentifier(value: Buffer): Buffer {
  return Buffer.from(content(expect(der(value), Tag.OCTET_STRING, 'subject key identifier')));
}

export interface AuthorityKeyIdentifier {
  keyId?: Buffer;
  issuer?: GeneralName[];
  serial?: Buffer;
}

export function decodeAuthorityKeyIdentifier(value: Buffer): AuthorityKeyIdentifier {
  const result: AuthorityKeyIdentifier = {};
  for (const part of children(expect(der(value), Tag.SEQUENCE, 'authority key identifier'))) {
    const number = part.tag & 0x1f;
    if (number === 0) result.keyId = Buffer.from(content(part));
    else if (number === 1) result.issuer = children(part).map(decodeGeneralName);
    else if (number === 2) result.serial = Buffer.from(content(part));
  }
  return result;
}

// ---------------------------------------------------------------- convenience over a Certificate (or a request)

/** A certificate, or a PKCS#10 request with the extensions it asks for. */
type WithExtensions = { extensions: Extension[] };

export function basicConstraintsOf(cert: WithExtensions): BasicConstraints | undefined {
  const ext = findExtension(cert, OID.basicConstraints);
  return ext ? decodeBasicConstraints(ext.value) : undefined;
}

/** Basic constraints say CA; false when absent or unreadable. */
export function isCA(cert: WithExtensions): boolean {
  return tryDecode(() => basicConstraintsOf(cert)?.ca) ?? false;
}

export function extKeyUsageOf(cert: WithExtensions): string[] | undefined {
  const ext = findExtension(cert, OID.extKeyUsage);
  return ext ? decodeExtKeyUsage(ext.value) : undefined;
}

function subjectAltNamesOf(cert: WithExtensions): GeneralName[] {
  const ext = findExtension(cert, OID.subjectAltName);
  return ext ? decodeGeneralNames(ext.value) : [];
}

export function dnsNamesOf(cert: WithExtensions): string[] {
  return subjectAltNamesOf(cert).flatMap((n) => (n.type === 'dNSName' ? [n.value] : []));
}

export function subjectKeyIdOf(cert: Certificate): Buffer | undefined {
  const ext = findExtension(cert, OID.subjectKeyIdentifier);
  return ext ? decodeSubjectKeyIdentifier(ext.value) : undefined;
}

export function authorityKeyIdOf(cert: Certificate): Buffer | undefined {
  const ext = findExtension(cert, OID.authorityKeyIdentifier);
  return ext ? decodeAuthorityKeyIdentifier(ext.value).keyId : undefined;
}

/** Decoders never throw past the caller that asked for a best-effort answer. */
export function tryDecode<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
