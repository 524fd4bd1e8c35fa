// Distinguished names as the Windows dialog shows them (§2.2 Issuer/Subject, §3 Directory Address, §4.4).
import type { NameAttribute } from '../../../../shared/dto';
import { nameAttributeKeys } from './oids';

/** Windows X500 key of an attribute: CN, O, OU, L, S, C, E, … else the dotted OID. */
export function attributeKey(attribute: NameAttribute): string {
  return nameAttributeKeys[attribute.oid] ?? attribute.oid;
}

function mostSpecificFirst(attributes: NameAttribute[]): NameAttribute[] {
  return [...attributes].reverse();
}

/**
 * Issuer/Subject list value: RDN values only, most specific first, ", "-joined ("R3, Let's Encrypt, US").
 * Values are not quoted ([Uncertain] in the spec; the lower pane is unquoted in the observed source, and the
 * list column is taken to follow it).
 */
export function nameListValue(attributes: NameAttribute[]): string {
  return mostSpecificFirst(attributes)
    .map((a) => a.value)
    .join(', ');
}

/** Issuer/Subject lower pane: one "KEY = value" line per attribute, most specific first, unquoted. */
export function nameDetailLines(attributes: NameAttribute[]): string[] {
  return mostSpecificFirst(attributes).map((a) => `${attributeKey(a)} = ${a.value}`);
}

/** DN-string quoting (CertNameToStr): values with , + = " < > # ; or edge spaces go in double quotes. */
export function quoteDnValue(value: string): string {
  const needs = /[,+="<>#;\n\r]/.test(value) || /^\s|\s$/.test(value) || value === '';
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

/** "KEY=value" items of a Directory Address, most specific first (Wine order), values DN-quoted. */
export function directoryAddressItems(attributes: NameAttribute[]): string[] {
  return mostSpecificFirst(attributes).map((a) => `${attributeKey(a)}=${quoteDnValue(a.value)}`);
}

/**
 * CertGetNameString(CERT_NAME_SIMPLE_DISPLAY_TYPE): the first of CN, OU, O, E found (each looked up in DER order,
 * as CertFindRDNAttr does); else the first rfc822Name of the alternative-name extension (`rfc822`); else the
 * first attribute in DER order; else "". The fallback order after CN is [Uncertain] in the spec; this is the
 * order Microsoft documents for CERT_NAME_SIMPLE_DISPLAY_TYPE.
 */
export function simpleDisplayName(attributes: NameAttribute[], rfc822?: string): string {
  for (const oid of ['2.5.4.3', '2.5.4.11', '2.5.4.10', '1.2.840.113549.1.9.1']) {
    const found = attributes.find((a) => a.oid === oid && a.value !== '');
    if (found) return found.value;
  }
  if (rfc822) return rfc822;
  return attributes[0]?.value ?? '';
}
