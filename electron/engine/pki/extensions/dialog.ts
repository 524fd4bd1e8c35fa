// Structured decoders for the extensions that only the dialog shows (CRL DP, AIA, policies, Microsoft and
// Netscape extensions, SCTs, constraints). Data only, no wording: extensionFormatters.ts turns it into text.
// Beside core.ts (the decoders the engine reasons about); only the dialog's formatters use these.
// Every decoder may throw on malformed input; the formatter table catches and falls back to hex.
import {
  type Tlv,
  children,
  content,
  decodeBitString,
  decodeOid,
  decodeSmallInt,
  decodeString,
  expect,
  isStringTag,
  parseDer,
  Tag,
  whole,
} from '../der';
import { decodeGeneralName, type GeneralName } from './core';
import { decodeRdn } from '../names';
import type { NameAttribute } from '../../../../shared/dto';

function der(value: Buffer): Tlv {
  return parseDer(Buffer.from(value));
}

function sequence(value: Buffer, what: string): Tlv[] {
  return children(expect(der(value), Tag.SEQUENCE, what));
}

// ---------------------------------------------------------------- CRL Distribution Points (and Freshest CRL)

export interface DistributionPoint {
  fullName?: GeneralName[];
  relativeName?: NameAttribute[];
  /** ReasonFlags bit-string bytes. */
  reasons?: Buffer;
  crlIssuer?: GeneralName[];
}

export function decodeCrlDistributionPoints(value: Buffer): DistributionPoint[] {
  return sequence(value, 'CRL distribution points').map((dpTlv) => {
    const dp: DistributionPoint = {};
    for (const part of children(expect(dpTlv, Tag.SEQUENCE, 'distribution point'))) {
      const number = part.tag & 0x1f;
      if (number === 0) {
        const nameTlv = children(part)[0];
        if (!nameTlv) continue;
        if ((nameTlv.tag & 0x1f) === 0) dp.fullName = children(nameTlv).map(decodeGeneralName);
        // nameRelativeToCRLIssuer: [1] IMPLICIT SET of AttributeTypeAndValue, one RDN.
        else if ((nameTlv.tag & 0x1f) === 1) dp.relativeName = decodeRdn(nameTlv);
      } else if (number === 1) dp.reasons = Buffer.from(decodeBitString({ ...part, tag: Tag.BIT_STRING }).bits);
      else if (number === 2) dp.crlIssuer = children(part).map(decodeGeneralName);
    }
    return dp;
  });
}

// ---------------------------------------------------------------- Authority Information Access

export interface AccessDescription {
  method: string;
  location: GeneralName;
}

export function decodeAuthorityInfoAccess(value: Buffer): AccessDescription[] {
  return sequence(value, 'authority information access').map((ad) => {
    const [methodTlv, locationTlv] = children(expect(ad, Tag.SEQUENCE, 'access description'));
    return { method: decodeOid(methodTlv), location: decodeGeneralName(locationTlv) };
  });
}

// ---------------------------------------------------------------- Certificate Policies / Application Policies

export interface PolicyQualifier {
  id: string;
  /** CPS URI (or any string qualifier). */
  text?: string;
  /** User notice. */
  notice?: { organization?: string; numbers?: number[]; explicitText?: string };
  /** Anything else: the qualifier DER. */
  raw?: Buffer;
}

export interface PolicyInformation {
  oid: string;
  qualifiers: PolicyQualifier[];
}

function decodeUserNotice(tlv: Tlv): PolicyQualifier['notice'] {
  const notice: NonNullable<PolicyQualifier['notice']> = {};
  for (const part of children(expect(tlv, Tag.SEQUENCE, 'user notice'))) {
    if (part.tag === Tag.SEQUENCE) {
      const [orgTlv, numbersTlv] = children(part);
      notice.organization = decodeString(orgTlv);
      notice.numbers = numbersTlv ? children(numbersTlv).map(decodeSmallInt) : [];
    } else if (isStringTag(part.tag)) notice.explicitText = decodeString(part);
  }
  return notice;
}

/** Certificate Policies (2.5.29.32) and Microsoft Application Policies (1.3.6.1.4.1.311.21.10), same syntax. */
export function decodeCertificatePolicies(value: Buffer): PolicyInformation[] {
  return sequence(value, 'certificate policies').map((pi) => {
    const [oidTlv, qualifiersTlv] = children(expect(pi, Tag.SEQUENCE, 'policy information'));
    const qualifiers: PolicyQualifier[] = qualifiersTlv
      ? children(expect(qualifiersTlv, Tag.SEQUENCE, 'policy qualifiers')).map((q) => {
          const [idTlv, qTlv] = children(expect(q, Tag.SEQUENCE, 'policy qualifier'));
          const id = decodeOid(idTlv);
          if (!qTlv) return { id };
          if (isStringTag(qTlv.tag)) return { id, text: decodeString(qTlv) };
          if (id === '1.3.6.1.5.5.7.2.2' && qTlv.tag === Tag.SEQUENCE) return { id, notice: decodeUserNotice(qTlv) };
          return { id, raw: Buffer.from(whole(qTlv)) };
        })
      : [];
    return { oid: decodeOid(oidTlv), qualifiers };
  });
}

// ---------------------------------------------------------------- Policy Constraints, Name Constraints

export function decodePolicyConstraints(value: Buffer): { requireExplicitPolicy?: number; inhibitPolicyMapping?: number } {
  const out: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number } = {};
  for (const part of sequence(value, 'policy constraints')) {
    const n = decodeSmallInt({ ...part, tag: Tag.INTEGER });
    if ((part.tag & 0x1f) === 0) out.requireExplicitPolicy = n;
    else if ((part.tag & 0x1f) === 1) out.inhibitPolicyMapping = n;
  }
  return out;
}

export interface Subtree {
  base: GeneralName;
  minimum: number;
  maximum?: number;
}

export function decodeNameConstraints(value: Buffer): { permitted?: Subtree[]; excluded?: Subtree[] } {
  const out: { permitted?: Subtree[]; excluded?: Subtree[] } = {};
  for (const part of sequence(value, 'name constraints')) {
    const subtrees = children(part).map((st) => {
      const [baseTlv, ...rest] = children(expect(st, Tag.SEQUENCE, 'general subtree'));
      const subtree: Subtree = { base: decodeGeneralName(baseTlv), minimum: 0 };
      for (const r of rest) {
        const n = decodeSmallInt({ ...r, tag: Tag.INTEGER });
        if ((r.tag & 0x1f) === 0) subtree.minimum = n;
        else subtree.maximum = n;
      }
      return subtree;
    });
    if ((part.tag & 0x1f) === 0) out.permitted = subtrees;
    else if ((part.tag & 0x1f) === 1) out.excluded = subtrees;
  }
  return out;
}

// ---------------------------------------------------------------- Microsoft extensions

export interface TemplateInformation {
  template: string;
  major?: number;
  minor?: number;
}

export function decodeTemplateInformation(value: Buffer): TemplateInformation {
  const [oidTlv, ...rest] = sequence(value, 'certificate template information');
  const info: TemplateInformation = { template: decodeOid(oidTlv) };
  if (rest[0]) info.major = decodeSmallInt(rest[0]);
  if (rest[1]) info.minor = decodeSmallInt(rest[1]);
  return info;
}

/** Any single ASN.1 string (Certificate Template Name BMPString, Netscape Comment IA5String …). */
export function decodeStringValue(value: Buffer): string {
  const tlv = der(value);
  if (!isStringTag(tlv.tag)) throw new Error('not a string');
  return decodeString(tlv);
}

/** CA Version: INTEGER, low 16 bits = certificate index, high 16 bits = key index ("V1.0"). */
export function decodeCaVersion(value: Buffer): { certIndex: number; keyIndex: number } {
  const n = decodeSmallInt(der(value));
  return { certIndex: n & 0xffff, keyIndex: Math.floor(n / 0x10000) & 0xffff };
}

export function decodeOctetString(value: Buffer): Buffer {
  return Buffer.from(content(expect(der(value), Tag.OCTET_STRING, 'octet string')));
}

export function decodeBitStringValue(value: Buffer): Buffer {
  return Buffer.from(decodeBitString(der(value)).bits);
}

export interface SmimeCapability {
  oid: string;
  parameters?: Buffer;
}

export function decodeSmimeCapabilities(value: Buffer): SmimeCapability[] {
  return sequence(value, 'SMIME capabilities').map((c) => {
    const [oidTlv, paramTlv] = children(expect(c, Tag.SEQUENCE, 'SMIME capability'));
    return { oid: decodeOid(oidTlv), parameters: paramTlv ? Buffer.from(whole(paramTlv)) : undefined };
  });
}

// ---------------------------------------------------------------- Signed Certificate Timestamps (RFC 6962 §3.3)

export interface Sct {
  version: number;
  logId: Buffer;
  timestamp: Date;
  extensions: Buffer;
  hashAlgorithm: number;
  signatureAlgorithm: number;
  signature: Buffer;
}

export function decodeSctList(value: Buffer): Sct[] {
  const list = decodeOctetString(value);
  const fail = (): never => {
    throw new Error('Malformed SCT list.');
  };
  if (list.length < 2) fail();
  const total = list.readUInt16BE(0);
  if (total + 2 !== list.length) fail();
  const out: Sct[] = [];
  let pos = 2;
  while (pos < list.length) {
    if (pos + 2 > list.length) fail();
    const len = list.readUInt16BE(pos);
    const end = pos + 2 + len;
    if (end > list.length) fail();
    const sct = list.subarray(pos + 2, end);
    let p = 0;
    const need = (n: number) => {
      if (p + n > sct.length) fail();
    };
    need(1 + 32 + 8 + 2);
    const version = sct[p];
    p += 1;
    const logId = Buffer.from(sct.subarray(p, p + 32));
    p += 32;
    const ms = Number(sct.readBigUInt64BE(p));
    p += 8;
    const extLen = sct.readUInt16BE(p);
    p += 2;
    need(extLen + 4);
    const extensions = Buffer.from(sct.subarray(p, p + extLen));
    p += extLen;
    const hashAlgorithm = sct[p++];
    const signatureAlgorithm = sct[p++];
    const sigLen = sct.readUInt16BE(p);
    p += 2;
    need(sigLen);
    const signature = Buffer.from(sct.subarray(p, p + sigLen));
    out.push({ version, logId, timestamp: new Date(ms), extensions, hashAlgorithm, signatureAlgorithm, signature });
    pos = end;
  }
  return out;
}
