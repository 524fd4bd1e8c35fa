// Distinguished names: attribute types by OID; RFC 4514 text (most specific first) from shared/rfc4514.ts.
import type { NameAttribute } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { formatRfc4514 } from '../../../shared/rfc4514';
import { type Tlv, children, decodeOid, decodeString, expect, isStringTag, Tag, content } from './der';

/** Short names: RFC 4514 where it defines one, else OpenSSL's. */
export const attributeTypes: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
  '2.5.4.15': 'businessCategory',
};

/** Decodes a Name (SEQUENCE OF RDN SET OF AttributeTypeAndValue) in DER order. */
export function decodeName(tlv: Tlv): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(expect(tlv, Tag.SEQUENCE, 'name'))) decodeRdn(expect(rdn, Tag.SET, 'relative distinguished name'), out);
  return out;
}

/**
 * The AttributeTypeAndValues of one RDN, appended to `out`. The tag is not checked: a CRL distribution point's
 * nameRelativeToCRLIssuer is the same SET under [1] IMPLICIT.
 */
export function decodeRdn(rdn: Tlv, out: NameAttribute[] = []): NameAttribute[] {
  for (const atv of children({ ...rdn, constructed: true })) {
    const [typeTlv, valueTlv] = children(expect(atv, Tag.SEQUENCE, 'name attribute'));
    if (!valueTlv) throw new CertDeskError('unreadable', 'Malformed name attribute.');
    const oid = decodeOid(typeTlv);
    const value = isStringTag(valueTlv.tag) ? decodeString(valueTlv) : '#' + content(valueTlv).toString('hex');
    out.push({ type: attributeTypes[oid] ?? oid, oid, value });
  }
  return out;
}

/** RFC 4514 string, most specific RDN first: shared/rfc4514.ts (the app's subject preview prints it the same way). */
export { formatRfc4514 };
