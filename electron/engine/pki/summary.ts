// CertSummary / RequestSummary: the public JSON shapes of shared/dto.ts, from the engine's decoded forms.
import type { CertSummary, RequestSummary } from '../../../shared/dto';
import { signatureHashName } from './algorithms';
import { curveByOid } from './curves';
import { isSelfSigned } from './chain';
import { dnsNamesOf, extKeyUsageOf, isCA, tryDecode } from './extensions/core';
import { formatRfc4514 } from './names';
import type { CertificationRequest } from './types';
import type { Certificate, PublicKeyInfo } from './x509';

/** Serial as Windows and openssl show it: uppercase hex of the DER INTEGER, the 00 sign byte removed. */
export function formatSerial(serialHex: string): string {
  const hex = serialHex.toUpperCase();
  if (hex.length > 2 && hex.startsWith('00') && parseInt(hex[2], 16) >= 8) return hex.slice(2);
  return hex;
}

/** keySize (null when unknown, never 0) and, for EC keys on a named curve, the curve's name and OID. */
export function keyFields(key: PublicKeyInfo): { keySize: number | null; curve?: string; curveOid?: string } {
  const fields: { keySize: number | null; curve?: string; curveOid?: string } = { keySize: key.bits > 0 ? key.bits : null };
  if (key.curveOid) {
    const name = curveByOid(key.curveOid)?.name;
    if (name) fields.curve = name;
    fields.curveOid = key.curveOid;
  }
  return fields;
}

export function summarize(cert: Certificate): CertSummary {
  return {
    subject: formatRfc4514(cert.subject),
    issuer: formatRfc4514(cert.issuer),
    subjectAttributes: cert.subject.map((a) => ({ ...a })),
    serialNumber: formatSerial(cert.serialHex),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha1: cert.sha1.toUpperCase(),
    sha256: cert.sha256.toUpperCase(),
    keyAlgorithm: cert.publicKey.algorithm,
    ...keyFields(cert.publicKey),
    signatureHash: signatureHashName(cert.signatureOid, cert.signatureParameters),
    isCA: isCA(cert),
    selfSigned: isSelfSigned(cert),
    extendedKeyUsage: tryDecode(() => extKeyUsageOf(cert)) ?? [],
    dnsNames: tryDecode(() => dnsNamesOf(cert)) ?? [],
  };
}

export function summarizeRequest(req: CertificationRequest): RequestSummary {
  return {
    subject: formatRfc4514(req.subject),
    subjectAttributes: req.subject.map((a) => ({ ...a })),
    keyAlgorithm: req.publicKey.algorithm,
    ...keyFields(req.publicKey),
    signatureValid: req.signatureValid,
    signatureHash: signatureHashName(req.signatureOid, req.signatureParameters ?? Buffer.alloc(0)),
    dnsNames: tryDecode(() => dnsNamesOf(req)) ?? [],
    extendedKeyUsage: tryDecode(() => extKeyUsageOf(req)) ?? [],
  };
}
