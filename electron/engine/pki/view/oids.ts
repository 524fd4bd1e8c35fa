// Friendly-name tables of the Windows certificate dialog (CryptFindOIDInfo), en-US.
// Source: /work/shared/reference/windows-cert-dialog.md sections 1.2 and 4. A missing name is shown as the
// dotted OID by the callers (never invented here).

/** Enhanced Key Usage purpose names (Details tab EKU value, Application Policies, General tab fallback). §4.1 The
 * table lives in shared/eku-names.ts (one table for the dialog, the checks and the CLI). */
export { EKU_NAMES as ekuNames } from '../../../../shared/eku-names';

/** Issuance policy names (Certificate Policies, General tab bullets). §4.1 */
export const policyNames: Record<string, string> = {
  '2.5.29.32.0': 'All issuance policies',
};

/**
 * General tab bullets per EKU OID (§1.2): the purpose *description*, not the EKU name. Code Signing gives two
 * bullets. OIDs not listed fall back to the EKU name (§4.1), then to the dotted OID.
 */
export const purposeBullets: Record<string, string[]> = {
  '1.3.6.1.5.5.7.3.1': ['Ensures the identity of a remote computer'],
  '1.3.6.1.5.5.7.3.2': ['Proves your identity to a remote computer'],
  '1.3.6.1.5.5.7.3.3': ['Ensures software came from software publisher', 'Protects software from alteration after publication'],
  '1.3.6.1.5.5.7.3.4': ['Protects e-mail messages'],
  '1.3.6.1.5.5.7.3.5': ['Allows secure communication over the Internet'],
  '1.3.6.1.5.5.7.3.6': ['Allows secure communication over the Internet'],
  '1.3.6.1.5.5.7.3.7': ['Allows secure communication over the Internet'],
  '1.3.6.1.5.5.7.3.8': ['Allows data to be signed with the current time'],
  '1.3.6.1.4.1.311.10.3.1': ['Allows you to digitally sign a certificate trust list'],
  '1.3.6.1.4.1.311.10.3.4': ['Allows data on disk to be encrypted'],
  '1.3.6.1.4.1.311.10.3.4.1': ['File Recovery'],
  '1.3.6.1.4.1.311.20.2.1': ['Certificate Request Agent'],
  '1.3.6.1.4.1.311.20.2.2': ['Smart Card Logon'],
  '1.3.6.1.4.1.311.21.6': ['Key Recovery Agent'],
  '1.3.6.1.4.1.311.10.3.12': ['Document Signing'],
  '1.3.6.1.4.1.311.10.3.13': ['Lifetime Signing'],
  // §4.1: 1.3.6.1.4.1.311.21.5 is listed as "Private Key Archival" on the General tab.
  '1.3.6.1.4.1.311.21.5': ['Private Key Archival'],
};

/** The General tab bullet when there is no EKU extension (§1.2; Windows 10 list Uncertain). */
export const ALL_APPLICATION_POLICIES = 'All application policies';

/** Signature algorithms: the "Signature algorithm" text and the "Signature hash algorithm" text. §4.2 */
export const signatureAlgorithms: Record<string, { name: string; hash?: string }> = {
  '1.2.840.113549.1.1.5': { name: 'sha1RSA', hash: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1RSA', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256RSA', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384RSA', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512RSA', hash: 'sha512' },
  '1.2.840.113549.1.1.4': { name: 'md5RSA', hash: 'md5' },
  '1.2.840.113549.1.1.2': { name: 'md2RSA', hash: 'md2' },
  // [Uncertain] name; the hash comes from the PSS parameters (details.ts).
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
  '1.2.840.10045.4.3.2': { name: 'sha256ECDSA', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'sha384ECDSA', hash: 'sha384' },
  // [Uncertain] by analogy with the two above.
  '1.2.840.10045.4.3.4': { name: 'sha512ECDSA', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'sha1ECDSA', hash: 'sha1' },
  '1.2.840.10040.4.3': { name: 'sha1DSA', hash: 'sha1' },
};

/** Hash algorithm OIDs (RSASSA-PSS parameters, SMIME). */
export const hashAlgorithms: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.840.113549.2.5': 'md5',
};

/** Public key algorithm names ("RSA (2048 Bits)"). §4.2 */
export const publicKeyAlgorithms: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.10045.2.1': 'ECC',
  '1.2.840.10040.4.1': 'DSA',
  '1.2.840.10046.2.1': 'DH',
};

/** EC named curves as "Public key parameters" shows them. §4.2 (P-384/P-521 by analogy: Uncertain). */
export const curveNames: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'ECDSA_P256',
  '1.3.132.0.34': 'ECDSA_P384',
  '1.3.132.0.35': 'ECDSA_P521',
};

/** Extension names for the Field column. §4.3 */
export const extensionNames: Record<string, string> = {
  '2.5.29.35': 'Authority Key Identifier',
  '2.5.29.1': 'Authority Key Identifier',
  '2.5.29.2': 'Key Attributes',
  '2.5.29.4': 'Key Usage Restriction',
  '2.5.29.17': 'Subject Alternative Name',
  '2.5.29.7': 'Subject Alternative Name',
  '2.5.29.18': 'Issuer Alternative Name',
  '2.5.29.8': 'Issuer Alternative Name',
  '2.5.29.19': 'Basic Constraints',
  '2.5.29.10': 'Basic Constraints',
  '2.5.29.15': 'Key Usage',
  '2.5.29.32': 'Certificate Policies',
  '2.5.29.14': 'Subject Key Identifier',
  '2.5.29.21': 'CRL Reason Code',
  '2.5.29.31': 'CRL Distribution Points',
  '2.5.29.37': 'Enhanced Key Usage',
  '1.3.6.1.5.5.7.1.1': 'Authority Information Access',
  '2.5.29.30': 'Name Constraints',
  '2.5.29.33': 'Policy Mappings',
  '2.5.29.36': 'Policy Constraints',
  '2.5.29.46': 'Freshest CRL',
  '2.5.29.16': 'Private Key Usage Period',
  '1.3.6.1.4.1.311.21.7': 'Certificate Template Information',
  '1.3.6.1.4.1.311.21.10': 'Application Policies',
  '1.3.6.1.4.1.311.21.1': 'CA Version',
  '1.3.6.1.4.1.311.21.2': 'Previous CA Certificate Hash',
  '1.3.6.1.4.1.311.20.2': 'Certificate Template Name',
  '1.2.840.113549.1.9.15': 'SMIME Capabilities',
  '1.3.6.1.4.1.11129.2.4.2': 'SCT List',
  // [Uncertain] (S32).
  '1.3.6.1.5.5.7.48.1.5': 'OCSP No Revocation Checking',
  '2.16.840.1.113730.1.1': 'Netscape Cert Type',
  '2.16.840.1.113730.1.2': 'Netscape Base URL',
  '2.16.840.1.113730.1.3': 'Netscape Revocation URL',
  '2.16.840.1.113730.1.4': 'Netscape CA Revocation URL',
  '2.16.840.1.113730.1.7': 'Netscape Cert Renewal URL',
  '2.16.840.1.113730.1.8': 'Netscape CA Policy URL',
  '2.16.840.1.113730.1.12': 'Netscape SSL ServerName',
  '2.16.840.1.113730.1.13': 'Netscape Comment',
};

/** Authority Information Access methods, as Windows names them (§3; not Wine's "CA Issuers"/"OCSP"). */
export const accessMethodNames: Record<string, string> = {
  '1.3.6.1.5.5.7.48.1': 'On-line Certificate Status Protocol',
  '1.3.6.1.5.5.7.48.2': 'Certification Authority Issuer',
};

/** Policy qualifier ids in Certificate Policies. */
export const policyQualifierNames: Record<string, string> = {
  '1.3.6.1.5.5.7.2.1': 'CPS',
  '1.3.6.1.5.5.7.2.2': 'User Notice',
};

/** otherName type names inside GeneralNames (§3 GeneralName table). */
export const otherNameNames: Record<string, string> = {
  '1.3.6.1.4.1.311.20.2.3': 'Principal Name',
  '1.3.6.1.4.1.311.25.1': 'DS Object Guid',
};

/**
 * Name attribute short names of the Windows dialog (CertNameToStr X500 keys, §4.4): `S` not `ST`, `E` for
 * emailAddress. Unknown attribute → dotted OID.
 */
export const nameAttributeKeys: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.6': 'C',
  '1.2.840.113549.1.9.1': 'E',
  '2.5.4.9': 'STREET',
  '2.5.4.12': 'T',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.4': 'SN',
  '0.9.2342.19200300.100.1.25': 'DC',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.17': 'PostalCode',
  '2.5.4.13': 'Description',
  '2.5.4.18': 'POBox',
  '2.5.4.20': 'Phone',
};

/** Key Usage bits, byte 0 MSB first (§3): cRLSign maps to two names. Byte 1 bit 0x80 = Decipher Only. */
export const keyUsageBits: { byte: number; mask: number; names: string[] }[] = [
  { byte: 0, mask: 0x80, names: ['Digital Signature'] },
  { byte: 0, mask: 0x40, names: ['Non-Repudiation'] },
  { byte: 0, mask: 0x20, names: ['Key Encipherment'] },
  { byte: 0, mask: 0x10, names: ['Data Encipherment'] },
  { byte: 0, mask: 0x08, names: ['Key Agreement'] },
  { byte: 0, mask: 0x04, names: ['Certificate Signing'] },
  { byte: 0, mask: 0x02, names: ['Off-line CRL Signing', 'CRL Signing'] },
  { byte: 0, mask: 0x01, names: ['Encipher Only'] },
  { byte: 1, mask: 0x80, names: ['Decipher Only'] },
];

/** Netscape Cert Type bits (§3). */
export const netscapeCertTypeBits: { mask: number; name: string }[] = [
  { mask: 0x80, name: 'SSL Client Authentication' },
  { mask: 0x40, name: 'SSL Server Authentication' },
  { mask: 0x20, name: 'S/MIME' },
  { mask: 0x10, name: 'Signature' },
  { mask: 0x04, name: 'SSL CA' },
  { mask: 0x02, name: 'S/MIME CA' },
  { mask: 0x01, name: 'Signature CA' },
];

/** CRL reason flags (CRL Distribution Points `reasons`), bit order of RFC 5280 ReasonFlags. */
export const crlReasonBits: { byte: number; mask: number; name: string }[] = [
  { byte: 0, mask: 0x40, name: 'Key Compromise' },
  { byte: 0, mask: 0x20, name: 'CA Compromise' },
  { byte: 0, mask: 0x10, name: 'Affiliation Changed' },
  { byte: 0, mask: 0x08, name: 'Superseded' },
  { byte: 0, mask: 0x04, name: 'Operation Ceased' },
  { byte: 0, mask: 0x02, name: 'Certificate Hold' },
];

/** SCT hash / signature algorithm codes (RFC 5246 §7.4.1.4.1) as Windows prints them (§3, S11). */
export const sctHashNames: Record<number, string> = { 1: 'MD5', 2: 'SHA1', 3: 'SHA224', 4: 'SHA256', 5: 'SHA384', 6: 'SHA512' };
export const sctSignatureNames: Record<number, string> = { 1: 'RSA', 2: 'DSA', 3: 'ECDSA' };

/** Extension Field column text: friendly name, else the dotted OID. */
export function extensionName(oid: string): string {
  return extensionNames[oid] ?? oid;
}
