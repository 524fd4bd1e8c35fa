// PKCS#10 certification requests (RFC 2986): subject, public key, the extensions asked for in the PKCS#9
// extensionRequest attribute, and the proof-of-possession signature checked with node:crypto.
import { CertDeskError } from '../../../shared/errors';
import { verifySignature } from './algorithms';
import { children, decodeBitString, decodeOid, decodeSmallInt, expect, parseDer, assertWellFormed, Tag, whole } from './der';
import { decodeName } from './names';
import type { CertificationRequest } from './types';
import { type Extension, decodeExtensions, decodeSpki, publicKeyObject } from './x509';

export const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
/** Microsoft's pre-standard extension request attribute (certreq.exe). */
const OID_MS_EXTENSION_REQUEST = '1.3.6.1.4.1.311.2.1.14';

/** Decodes a DER CertificationRequest. Throws CertDeskError('unreadable') on malformed input. */
export function parseRequest(input: Buffer): CertificationRequest {
  const der = Buffer.from(input);
  const root = parseDer(der);
  assertWellFormed(root);
  const [infoTlv, algTlv, sigTlv] = children(expect(root, Tag.SEQUENCE, 'certificate request'));
  const info = children(expect(infoTlv, Tag.SEQUENCE, 'certificate request info'));
  if (info.length < 3) throw new CertDeskError('unreadable', 'Malformed certificate request info.');
  const version = decodeSmallInt(info[0]);
  if (version !== 0) throw new CertDeskError('unsupported-format', `Unsupported certificate request version ${version + 1}.`);
  const subject = decodeName(info[1]);
  const publicKey = decodeSpki(info[2]);
  const extensions: Extension[] = [];
  const attributes = info[3];
  if (attributes && attributes.tag === 0xa0) {
    for (const attribute of children(attributes)) {
      const [typeTlv, valuesTlv] = children(expect(attribute, Tag.SEQUENCE, 'request attribute'));
      const type = decodeOid(typeTlv);
      if ((type === OID_EXTENSION_REQUEST || type === OID_MS_EXTENSION_REQUEST) && valuesTlv) {
        for (const value of children(expect(valuesTlv, Tag.SET, 'request attribute values'))) extensions.push(...decodeExtensions(value));
      }
    }
  }
  const [sigOidTlv, sigParamTlv] = children(expect(algTlv, Tag.SEQUENCE, 'signature algorithm'));
  const signatureOid = decodeOid(sigOidTlv);
  const signatureParameters = sigParamTlv ? whole(sigParamTlv) : Buffer.alloc(0);
  const { bits: signature } = decodeBitString(expect(sigTlv, Tag.BIT_STRING, 'request signature'));
  const key = publicKeyObject(publicKey);
  const signatureValid = key ? verifySignature(signatureOid, signatureParameters, whole(infoTlv), signature, key) : false;
  return { der, subject, publicKey, signatureOid, signatureParameters: Buffer.from(signatureParameters), signatureValid, extensions };
}
