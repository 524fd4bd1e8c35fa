// Named elliptic curves by OID: every curve OpenSSL knows by OID (SEC 2 prime and binary curves, ANSI X9.62
// prime and characteristic-two curves, WAP WTLS, Brainpool r1/t1 of RFC 5639, SM2) and ANSSI FRP256v1.
// `name` is the NIST name where there is one (P-256, K-163, B-233), else the name of the curve's standard.
// `bits` is the size of the curve's group order, what OpenSSL reports as "Public-Key: (N bit)" and what
// sets the key's strength (secp160r1: 161; brainpoolP160r1: 160). Generated from `openssl ecparam
// -list_curves` (OpenSSL 3.0): test/unit/pki/curves.test.ts checks every row against openssl again.
// A curve not listed here is reported with its OID and an unknown size (null), never 0.

export interface NamedCurve {
  /** NIST name where there is one, else the standard's name (brainpoolP160r1, secp256k1, sect163r1). */
  name: string;
  /** Bits of the group order (OpenSSL's "Public-Key: (N bit)"). */
  bits: number;
  /** OpenSSL's name when it differs from `name` (prime256v1 for P-256). */
  openssl?: string;
}

export const namedCurves: Readonly<Record<string, NamedCurve>> = {
  // SEC 2 prime curves (1.3.132.0.x; NIST P-224/P-384/P-521 among them)
  '1.3.132.0.6': { name: 'secp112r1', bits: 112 },
  '1.3.132.0.7': { name: 'secp112r2', bits: 110 },
  '1.3.132.0.28': { name: 'secp128r1', bits: 128 },
  '1.3.132.0.29': { name: 'secp128r2', bits: 126 },
  '1.3.132.0.9': { name: 'secp160k1', bits: 161 },
  '1.3.132.0.8': { name: 'secp160r1', bits: 161 },
  '1.3.132.0.30': { name: 'secp160r2', bits: 161 },
  '1.3.132.0.31': { name: 'secp192k1', bits: 192 },
  '1.3.132.0.32': { name: 'secp224k1', bits: 225 },
  '1.3.132.0.33': { name: 'P-224', bits: 224, openssl: 'secp224r1' },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384, openssl: 'secp384r1' },
  '1.3.132.0.35': { name: 'P-521', bits: 521, openssl: 'secp521r1' },
  // ANSI X9.62 prime curves (1.2.840.10045.3.1.x; P-192 and P-256 among them)
  '1.2.840.10045.3.1.1': { name: 'P-192', bits: 192, openssl: 'prime192v1' },
  '1.2.840.10045.3.1.2': { name: 'prime192v2', bits: 192 },
  '1.2.840.10045.3.1.3': { name: 'prime192v3', bits: 192 },
  '1.2.840.10045.3.1.4': { name: 'prime239v1', bits: 239 },
  '1.2.840.10045.3.1.5': { name: 'prime239v2', bits: 239 },
  '1.2.840.10045.3.1.6': { name: 'prime239v3', bits: 239 },
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256, openssl: 'prime256v1' },
  // SEC 2 binary curves (1.3.132.0.x; NIST K-/B- curves among them)
  '1.3.132.0.4': { name: 'sect113r1', bits: 113 },
  '1.3.132.0.5': { name: 'sect113r2', bits: 113 },
  '1.3.132.0.22': { name: 'sect131r1', bits: 131 },
  '1.3.132.0.23': { name: 'sect131r2', bits: 131 },
  '1.3.132.0.1': { name: 'K-163', bits: 163, openssl: 'sect163k1' },
  '1.3.132.0.2': { name: 'sect163r1', bits: 162 },
  '1.3.132.0.15': { name: 'B-163', bits: 163, openssl: 'sect163r2' },
  '1.3.132.0.24': { name: 'sect193r1', bits: 193 },
  '1.3.132.0.25': { name: 'sect193r2', bits: 193 },
  '1.3.132.0.26': { name: 'K-233', bits: 232, openssl: 'sect233k1' },
  '1.3.132.0.27': { name: 'B-233', bits: 233, openssl: 'sect233r1' },
  '1.3.132.0.3': { name: 'sect239k1', bits: 238 },
  '1.3.132.0.16': { name: 'K-283', bits: 281, openssl: 'sect283k1' },
  '1.3.132.0.17': { name: 'B-283', bits: 282, openssl: 'sect283r1' },
  '1.3.132.0.36': { name: 'K-409', bits: 407, openssl: 'sect409k1' },
  '1.3.132.0.37': { name: 'B-409', bits: 409, openssl: 'sect409r1' },
  '1.3.132.0.38': { name: 'K-571', bits: 570, openssl: 'sect571k1' },
  '1.3.132.0.39': { name: 'B-571', bits: 570, openssl: 'sect571r1' },
  // ANSI X9.62 characteristic-two curves (1.2.840.10045.3.0.x)
  '1.2.840.10045.3.0.1': { name: 'c2pnb163v1', bits: 163 },
  '1.2.840.10045.3.0.2': { name: 'c2pnb163v2', bits: 162 },
  '1.2.840.10045.3.0.3': { name: 'c2pnb163v3', bits: 162 },
  '1.2.840.10045.3.0.4': { name: 'c2pnb176v1', bits: 161 },
  '1.2.840.10045.3.0.5': { name: 'c2tnb191v1', bits: 191 },
  '1.2.840.10045.3.0.6': { name: 'c2tnb191v2', bits: 190 },
  '1.2.840.10045.3.0.7': { name: 'c2tnb191v3', bits: 189 },
  '1.2.840.10045.3.0.10': { name: 'c2pnb208w1', bits: 193 },
  '1.2.840.10045.3.0.11': { name: 'c2tnb239v1', bits: 238 },
  '1.2.840.10045.3.0.12': { name: 'c2tnb239v2', bits: 237 },
  '1.2.840.10045.3.0.13': { name: 'c2tnb239v3', bits: 236 },
  '1.2.840.10045.3.0.16': { name: 'c2pnb272w1', bits: 257 },
  '1.2.840.10045.3.0.17': { name: 'c2pnb304w1', bits: 289 },
  '1.2.840.10045.3.0.18': { name: 'c2tnb359v1', bits: 353 },
  '1.2.840.10045.3.0.19': { name: 'c2pnb368w1', bits: 353 },
  '1.2.840.10045.3.0.20': { name: 'c2tnb431r1', bits: 418 },
  // WAP WTLS curves (2.23.43.1.4.x)
  '2.23.43.1.4.1': { name: 'wap-wsg-idm-ecid-wtls1', bits: 112 },
  '2.23.43.1.4.3': { name: 'wap-wsg-idm-ecid-wtls3', bits: 163 },
  '2.23.43.1.4.4': { name: 'wap-wsg-idm-ecid-wtls4', bits: 113 },
  '2.23.43.1.4.5': { name: 'wap-wsg-idm-ecid-wtls5', bits: 163 },
  '2.23.43.1.4.6': { name: 'wap-wsg-idm-ecid-wtls6', bits: 112 },
  '2.23.43.1.4.7': { name: 'wap-wsg-idm-ecid-wtls7', bits: 161 },
  '2.23.43.1.4.8': { name: 'wap-wsg-idm-ecid-wtls8', bits: 113 },
  '2.23.43.1.4.9': { name: 'wap-wsg-idm-ecid-wtls9', bits: 161 },
  '2.23.43.1.4.10': { name: 'wap-wsg-idm-ecid-wtls10', bits: 232 },
  '2.23.43.1.4.11': { name: 'wap-wsg-idm-ecid-wtls11', bits: 233 },
  '2.23.43.1.4.12': { name: 'wap-wsg-idm-ecid-wtls12', bits: 224 },
  // Brainpool, RFC 5639 (1.3.36.3.3.2.8.1.1.x), r1 and t1
  '1.3.36.3.3.2.8.1.1.1': { name: 'brainpoolP160r1', bits: 160 },
  '1.3.36.3.3.2.8.1.1.2': { name: 'brainpoolP160t1', bits: 160 },
  '1.3.36.3.3.2.8.1.1.3': { name: 'brainpoolP192r1', bits: 192 },
  '1.3.36.3.3.2.8.1.1.4': { name: 'brainpoolP192t1', bits: 192 },
  '1.3.36.3.3.2.8.1.1.5': { name: 'brainpoolP224r1', bits: 224 },
  '1.3.36.3.3.2.8.1.1.6': { name: 'brainpoolP224t1', bits: 224 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.8': { name: 'brainpoolP256t1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.9': { name: 'brainpoolP320r1', bits: 320 },
  '1.3.36.3.3.2.8.1.1.10': { name: 'brainpoolP320t1', bits: 320 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.12': { name: 'brainpoolP384t1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
  '1.3.36.3.3.2.8.1.1.14': { name: 'brainpoolP512t1', bits: 512 },
  // SM2, GB/T 32918 (1.2.156.10197.1.301)
  '1.2.156.10197.1.301': { name: 'SM2', bits: 256 },
  // ANSSI FRP256v1 (JORF n°241, 2011-10-16; not in OpenSSL 3.0): a 256-bit prime curve with a 256-bit order.
  '1.2.250.1.223.101.256.1': { name: 'FRP256v1', bits: 256 },
};

/** The named curve with this OID, or undefined when CertDesk does not know it. */
export function curveByOid(oid: string): NamedCurve | undefined {
  return Object.prototype.hasOwnProperty.call(namedCurves, oid) ? namedCurves[oid] : undefined;
}
