// CryptFormatObject for the Details tab: one entry per extension OID (reference §3), each giving the Field
// name and both forms of the value: `single` (Value column) and `multi` (lower pane, lines joined by \n,
// indentation in steps of 5 spaces, [n] counters 1-based). Adding an extension = adding a row to the table.
// Nothing here throws past formatExtension(): a value that does not decode falls back to the hex form used
// for unknown extensions, so no data is ever dropped.
import {
  decodeAuthorityKeyIdentifier,
  decodeBasicConstraints,
  decodeExtKeyUsage,
  decodeGeneralNames,
  decodeKeyUsage,
  decodeSubjectKeyIdentifier,
  type GeneralName,
} from '../extensions/core';
import {
  decodeAuthorityInfoAccess,
  decodeBitStringValue,
  decodeCaVersion,
  decodeCertificatePolicies,
  decodeCrlDistributionPoints,
  decodeNameConstraints,
  decodeOctetString,
  decodePolicyConstraints,
  decodeSctList,
  decodeSmimeCapabilities,
  decodeStringValue,
  decodeTemplateInformation,
  type PolicyInformation,
  type Subtree,
} from '../extensions/dialog';
import { directoryAddressItems } from './distinguishedNames';
import { formatGeneralName, formatGeneralNames } from './generalNames';
import {
  accessMethodNames,
  crlReasonBits,
  ekuNames,
  extensionName,
  keyUsageBits,
  netscapeCertTypeBits,
  policyNames,
  policyQualifierNames,
  sctHashNames,
  sctSignatureNames,
} from './oids';
import { hex, hexAsciiDump, indent, INFO_NOT_AVAILABLE, lines, longDateTime, spacedHex } from './values';

export interface FormattedExtension {
  single: string;
  multi: string;
}

export interface ExtensionFormatter {
  /** Field column text. */
  name: string;
  /** May throw on malformed input (formatExtension catches). */
  format(value: Buffer): FormattedExtension;
}

const same = (text: string): FormattedExtension => ({ single: text, multi: text });
const notAvailable = (): FormattedExtension => same(INFO_NOT_AVAILABLE);

// ---------------------------------------------------------------- bit strings

/** Names of the set bits then " (" + hex bytes spaced + ")": "Digital Signature, Key Encipherment (a0)". */
function formatKeyUsage(value: Buffer): FormattedExtension {
  const { bytes } = decodeKeyUsage(value);
  const names = keyUsageBits.filter((b) => ((bytes[b.byte] ?? 0) & b.mask) !== 0).flatMap((b) => b.names);
  if (names.length === 0) return notAvailable();
  return same(`${names.join(', ')} (${spacedHex(bytes)})`);
}

function formatNetscapeCertType(value: Buffer): FormattedExtension {
  const bytes = decodeBitStringValue(value);
  const names = netscapeCertTypeBits.filter((b) => ((bytes[0] ?? 0) & b.mask) !== 0).map((b) => b.name);
  if (names.length === 0) return notAvailable();
  return same(`${names.join(', ')} (${spacedHex(bytes)})`);
}

// ---------------------------------------------------------------- simple values

function formatBasicConstraints(value: Buffer): FormattedExtension {
  const bc = decodeBasicConstraints(value);
  const items = [`Subject Type=${bc.ca ? 'CA' : 'End Entity'}`, `Path Length Constraint=${bc.pathLength ?? 'None'}`];
  return { single: items.join(', '), multi: lines(items) };
}

function formatSubjectKeyIdentifier(value: Buffer): FormattedExtension {
  return same(hex(decodeSubjectKeyIdentifier(value)));
}

/**
 * "KeyID=<hex>"; with issuer/serial: "Certificate Issuer:" + indented Directory Address, then
 * "Certificate SerialNumber=<hex>". [Uncertain for Win10: the issuer/serial wording; the Windows-observed
 * `Certificate SerialNumber=` (S14) is used rather than Wine's `Certificate Serial Number=`.]
 */
function formatAuthorityKeyIdentifier(value: Buffer): FormattedExtension {
  const aki = decodeAuthorityKeyIdentifier(value);
  const single: string[] = [];
  const multi: string[] = [];
  if (aki.keyId) {
    single.push(`KeyID=${hex(aki.keyId)}`);
    multi.push(`KeyID=${hex(aki.keyId)}`);
  }
  if (aki.issuer && aki.issuer.length) {
    const names = formatGeneralNames(aki.issuer, 1);
    single.push(`Certificate Issuer: ${names.single}`);
    multi.push('Certificate Issuer:', ...names.multi);
  }
  if (aki.serial) {
    single.push(`Certificate SerialNumber=${hex(aki.serial)}`);
    multi.push(`Certificate SerialNumber=${hex(aki.serial)}`);
  }
  if (single.length === 0) return notAvailable();
  return { single: single.join(', '), multi: lines(multi) };
}

function formatAltNames(value: Buffer): FormattedExtension {
  const names = decodeGeneralNames(value);
  if (names.length === 0) return notAvailable();
  const f = formatGeneralNames(names);
  return { single: f.single, multi: lines(f.multi) };
}

/** "Server Authentication (1.3.6.1.5.5.7.3.1)"; unknown → "Unknown Key Usage (oid)". */
export function ekuText(oid: string): string {
  return `${ekuNames[oid] ?? 'Unknown Key Usage'} (${oid})`;
}

function formatEku(value: Buffer): FormattedExtension {
  const oids = decodeExtKeyUsage(value);
  if (oids.length === 0) return notAvailable();
  const items = oids.map(ekuText);
  return { single: items.join(', '), multi: lines(items) };
}

// ---------------------------------------------------------------- CRL distribution points

function reasonsText(bytes: Buffer): string {
  const names = crlReasonBits.filter((b) => ((bytes[b.byte] ?? 0) & b.mask) !== 0).map((b) => b.name);
  return `${names.join(', ')} (${spacedHex(bytes)})`;
}

function nameList(names: GeneralName[], level: number): { single: string; multi: string[] } {
  return formatGeneralNames(names, level);
}

/**
 * [1]CRL Distribution Point
 *      Distribution Point Name:
 *           Full Name:
 *                URL=http://…
 * Single line: "[1]CRL Distribution Point: Distribution Point Name:Full Name:URL=http://…".
 */
function formatCrlDistributionPoints(value: Buffer): FormattedExtension {
  const points = decodeCrlDistributionPoints(value);
  if (points.length === 0) return notAvailable();
  const single: string[] = [];
  const multi: string[] = [];
  points.forEach((dp, i) => {
    const parts: string[] = [];
    multi.push(`[${i + 1}]CRL Distribution Point`);
    if (dp.fullName) {
      const names = nameList(dp.fullName, 3);
      parts.push(`Distribution Point Name:Full Name:${names.single}`);
      multi.push(`${indent(1)}Distribution Point Name:`, `${indent(2)}Full Name:`, ...names.multi);
    } else if (dp.relativeName) {
      const items = directoryAddressItems(dp.relativeName);
      parts.push(`Distribution Point Name:Name Relative to Issuer:${items.join(', ')}`);
      multi.push(`${indent(1)}Distribution Point Name:`, `${indent(2)}Name Relative to Issuer:`, ...items.map((t) => indent(3) + t));
    }
    if (dp.reasons) {
      parts.push(`CRL Reason Code=${reasonsText(dp.reasons)}`);
      multi.push(`${indent(1)}CRL Reason Code=${reasonsText(dp.reasons)}`);
    }
    if (dp.crlIssuer) {
      const names = nameList(dp.crlIssuer, 2);
      parts.push(`CRL Issuer:${names.single}`);
      multi.push(`${indent(1)}CRL Issuer:`, ...names.multi);
    }
    single.push(`[${i + 1}]CRL Distribution Point: ${parts.join(', ')}`);
  });
  return { single: single.join(', '), multi: lines(multi) };
}

// ---------------------------------------------------------------- authority information access

function accessMethodText(oid: string): string {
  const name = accessMethodNames[oid];
  return name ? `${name} (${oid})` : oid;
}

/**
 * [1]Authority Info Access
 *      Access Method=Certification Authority Issuer (1.3.6.1.5.5.7.48.2)
 *      Alternative Name:
 *           URL=http://…
 */
function formatAuthorityInfoAccess(value: Buffer): FormattedExtension {
  const descriptions = decodeAuthorityInfoAccess(value);
  if (descriptions.length === 0) return notAvailable();
  const single: string[] = [];
  const multi: string[] = [];
  descriptions.forEach((ad, i) => {
    const name = formatGeneralName(ad.location);
    single.push(`[${i + 1}]Authority Info Access: Access Method=${accessMethodText(ad.method)}, Alternative Name=${name.single}`);
    multi.push(
      `[${i + 1}]Authority Info Access`,
      `${indent(1)}Access Method=${accessMethodText(ad.method)}`,
      `${indent(1)}Alternative Name:`,
      ...name.multi.map((l) => indent(2) + l),
    );
  });
  return { single: single.join(', '), multi: lines(multi) };
}

// ---------------------------------------------------------------- policies

function qualifierLines(q: PolicyInformation['qualifiers'][number]): { single: string; multi: string[] } {
  const id = policyQualifierNames[q.id] ?? q.id;
  if (q.text !== undefined) {
    return { single: `Policy Qualifier Id=${id}, Qualifier=${q.text}`, multi: [`Policy Qualifier Id=${id}`, 'Qualifier:', `${indent(1)}${q.text}`] };
  }
  if (q.notice) {
    const inner: string[] = [];
    if (q.notice.organization !== undefined) {
      inner.push(`Organization=${q.notice.organization}`);
      if (q.notice.numbers?.length) inner.push(`Notice Number=${q.notice.numbers.join(', ')}`);
    }
    if (q.notice.explicitText !== undefined) inner.push(`Notice Text=${q.notice.explicitText}`);
    return {
      single: `Policy Qualifier Id=${id}, Qualifier: ${inner.join(', ')}`,
      multi: [`Policy Qualifier Id=${id}`, 'Qualifier:', ...inner.map((l) => indent(1) + l)],
    };
  }
  const raw = q.raw ? spacedHex(q.raw) : '';
  return { single: `Policy Qualifier Id=${id}, Qualifier=${raw}`, multi: [`Policy Qualifier Id=${id}`, 'Qualifier:', `${indent(1)}${raw}`] };
}

/**
 * Certificate Policies and Application Policies (§3). Multi-line as observed (S1, S11):
 * [1]Certificate Policy:
 *      Policy Identifier=2.23.140.1.2.1
 *      [1,1]Policy Qualifier Info:
 *           Policy Qualifier Id=CPS
 *           Qualifier:
 *                https://…
 * Single line [Uncertain in the spec]: the same items with ":" after headings and ", " between items —
 * "[1]Certificate Policy:Policy Identifier=…, [1,1]Policy Qualifier Info:Policy Qualifier Id=CPS, Qualifier=https://…"
 * (the layout .NET's Format(false) returns on Windows 10).
 */
function policyFormatter(heading: string, idText: (oid: string) => string) {
  return (value: Buffer): FormattedExtension => {
    const policies = decodeCertificatePolicies(value);
    if (policies.length === 0) return notAvailable();
    const single: string[] = [];
    const multi: string[] = [];
    policies.forEach((p, i) => {
      single.push(`[${i + 1}]${heading}:Policy Identifier=${idText(p.oid)}`);
      multi.push(`[${i + 1}]${heading}:`, `${indent(1)}Policy Identifier=${idText(p.oid)}`);
      p.qualifiers.forEach((q, j) => {
        const f = qualifierLines(q);
        single.push(`[${i + 1},${j + 1}]Policy Qualifier Info:${f.single}`);
        multi.push(`${indent(1)}[${i + 1},${j + 1}]Policy Qualifier Info:`, ...f.multi.map((l) => indent(2) + l));
      });
    });
    return { single: single.join(', '), multi: lines(multi) };
  };
}

// Certificate Policies show the dotted OID (S1: `Policy Identifier=2.23.140.1.2.1`) except the names Windows
// registers (anyPolicy → "All issuance policies"); Application Policies show EKU names (S11).
const formatCertificatePolicies = policyFormatter('Certificate Policy', (oid) => policyNames[oid] ?? oid);
const formatApplicationPolicies = policyFormatter('Application Certificate Policy', (oid) => ekuNames[oid] ?? oid);

function formatPolicyConstraints(value: Buffer): FormattedExtension {
  const pc = decodePolicyConstraints(value);
  const items: string[] = [];
  if (pc.requireExplicitPolicy !== undefined) items.push(`Required Explicit Policy Skip Certs=${pc.requireExplicitPolicy}`);
  if (pc.inhibitPolicyMapping !== undefined) items.push(`Inhibit Policy Mapping Skip Certs=${pc.inhibitPolicyMapping}`);
  if (items.length === 0) return notAvailable();
  return { single: items.join(', '), multi: lines(items) };
}

/**
 * Permitted
 *      [1]Subtrees (0..Max):
 *           DNS Name=.example.com
 * Excluded=None
 * (certutil layout; single line = the same items ", "-joined.)
 */
function formatNameConstraints(value: Buffer): FormattedExtension {
  const nc = decodeNameConstraints(value);
  const single: string[] = [];
  const multi: string[] = [];
  const section = (label: string, subtrees: Subtree[] | undefined) => {
    if (!subtrees || subtrees.length === 0) {
      single.push(`${label}=None`);
      multi.push(`${label}=None`);
      return;
    }
    multi.push(label);
    const items: string[] = [];
    subtrees.forEach((st, i) => {
      const range = `(${st.minimum}..${st.maximum ?? 'Max'})`;
      const name = formatGeneralName(st.base);
      items.push(`[${i + 1}]Subtrees ${range}:${name.single}`);
      multi.push(`${indent(1)}[${i + 1}]Subtrees ${range}:`, ...name.multi.map((l) => indent(2) + l));
    });
    single.push(`${label}: ${items.join(', ')}`);
  };
  section('Permitted', nc.permitted);
  section('Excluded', nc.excluded);
  return { single: single.join(', '), multi: lines(multi) };
}

// ---------------------------------------------------------------- Microsoft

function formatTemplateInformation(value: Buffer): FormattedExtension {
  const t = decodeTemplateInformation(value);
  const items = [`Template=${t.template}`];
  if (t.major !== undefined) items.push(`Major Version Number=${t.major}`);
  if (t.minor !== undefined) items.push(`Minor Version Number=${t.minor}`);
  return { single: items.join(', '), multi: lines(items) };
}

function formatString(value: Buffer): FormattedExtension {
  return same(decodeStringValue(value));
}

function formatCaVersion(value: Buffer): FormattedExtension {
  const v = decodeCaVersion(value);
  return same(`V${v.certIndex}.${v.keyIndex}`);
}

function formatOctetStringHex(value: Buffer): FormattedExtension {
  return same(hex(decodeOctetString(value)));
}

/**
 * [1]SMIME Capability
 *      Object ID=1.2.840.113549.3.2
 *      Parameters=02 02 00 80
 */
function formatSmimeCapabilities(value: Buffer): FormattedExtension {
  const caps = decodeSmimeCapabilities(value);
  if (caps.length === 0) return notAvailable();
  const single: string[] = [];
  const multi: string[] = [];
  caps.forEach((c, i) => {
    const items = [`Object ID=${c.oid}`];
    if (c.parameters) items.push(`Parameters=${spacedHex(c.parameters)}`);
    single.push(`[${i + 1}]SMIME Capability: ${items.join(', ')}`);
    multi.push(`[${i + 1}]SMIME Capability`, ...items.map((l) => indent(1) + l));
  });
  return { single: single.join(', '), multi: lines(multi) };
}

/**
 * Per SCT (S1, S11): "v1" / log id hex / long local date-time / hash name / signature name / signature hex,
 * a blank line between SCTs. Windows' U+200E marks inside the date are not reproduced. Single line
 * [Uncertain in the spec]: the same items, ", "-joined.
 */
function formatSctList(value: Buffer): FormattedExtension {
  const scts = decodeSctList(value);
  if (scts.length === 0) return notAvailable();
  const blocks = scts.map((s) => [
    `v${s.version + 1}`,
    hex(s.logId),
    longDateTime(s.timestamp),
    sctHashNames[s.hashAlgorithm] ?? String(s.hashAlgorithm),
    sctSignatureNames[s.signatureAlgorithm] ?? String(s.signatureAlgorithm),
    hex(s.signature),
  ]);
  return { single: blocks.flat().join(', '), multi: blocks.map((b) => lines(b)).join('\n\n') };
}

// ---------------------------------------------------------------- the table

const table: Record<string, (value: Buffer) => FormattedExtension> = {
  '2.5.29.15': formatKeyUsage,
  '2.5.29.19': formatBasicConstraints,
  '2.5.29.14': formatSubjectKeyIdentifier,
  '2.5.29.35': formatAuthorityKeyIdentifier,
  '2.5.29.17': formatAltNames,
  '2.5.29.18': formatAltNames,
  '2.5.29.7': formatAltNames,
  '2.5.29.8': formatAltNames,
  '2.5.29.37': formatEku,
  '2.5.29.31': formatCrlDistributionPoints,
  '2.5.29.46': formatCrlDistributionPoints,
  '1.3.6.1.5.5.7.1.1': formatAuthorityInfoAccess,
  '2.5.29.32': formatCertificatePolicies,
  '1.3.6.1.4.1.311.21.10': formatApplicationPolicies,
  '2.5.29.36': formatPolicyConstraints,
  '2.5.29.30': formatNameConstraints,
  '1.3.6.1.4.1.311.21.7': formatTemplateInformation,
  '1.3.6.1.4.1.311.20.2': formatString,
  '1.3.6.1.4.1.311.21.1': formatCaVersion,
  '1.3.6.1.4.1.311.21.2': formatOctetStringHex,
  '1.2.840.113549.1.9.15': formatSmimeCapabilities,
  '1.3.6.1.4.1.11129.2.4.2': formatSctList,
  '2.16.840.1.113730.1.1': formatNetscapeCertType,
  '2.16.840.1.113730.1.2': formatString,
  '2.16.840.1.113730.1.3': formatString,
  '2.16.840.1.113730.1.4': formatString,
  '2.16.840.1.113730.1.7': formatString,
  '2.16.840.1.113730.1.8': formatString,
  '2.16.840.1.113730.1.12': formatString,
  '2.16.840.1.113730.1.13': formatString,
};

/** The formatter table keyed by OID: { name, format }. */
export const extensionFormatters: Record<string, ExtensionFormatter> = Object.fromEntries(
  Object.entries(table).map(([oid, format]) => [oid, { name: extensionName(oid), format }]),
);

/** Unknown extension (or one that did not decode): spaced hex in the list, hex + ASCII dump in the pane. */
export function hexForm(value: Buffer): FormattedExtension {
  return { single: spacedHex(value), multi: hexAsciiDump(value) };
}

/** Field name and both value forms for any extension. Never throws. */
export function formatExtension(oid: string, value: Buffer): { name: string } & FormattedExtension {
  const formatter = extensionFormatters[oid];
  const name = extensionName(oid);
  if (!formatter) return { name, ...hexForm(value) };
  try {
    return { name, ...formatter.format(value) };
  } catch {
    return { name, ...hexForm(value) };
  }
}
