// A small DER encoder (X.690): the writing half of pki/der.ts, for the CSR and the PKCS#12 writer.
// Every function returns the complete TLV as a Buffer; composition is plain function calls.

function lengthOctets(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a single-octet identifier. */
export function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthOctets(value.length), value]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));

/** SET OF: DER requires the encodings sorted as octet strings (X.690 11.6). */
export function setOf(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
}

export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const octetString = (value: Buffer): Buffer => tlv(0x04, value);
export const bitString = (value: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), value]));
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
export const printableString = (text: string): Buffer => tlv(0x13, Buffer.from(text, 'latin1'));

/** BMPString (UCS-2 big endian), as PKCS#12 friendlyName requires. */
export function bmpString(text: string): Buffer {
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return tlv(0x1e, out);
}

/** Context-specific constructed [n] (EXPLICIT tagging, or IMPLICIT over a constructed type). */
export const explicit = (n: number, ...items: Buffer[]): Buffer => tlv(0xa0 | n, Buffer.concat(items));
/** Context-specific primitive [n] IMPLICIT (e.g. encryptedContent [0] IMPLICIT OCTET STRING). */
export const implicitPrimitive = (n: number, value: Buffer): Buffer => tlv(0x80 | n, value);

/** INTEGER from a non-negative safe integer. */
export function integer(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('integer: non-negative safe integers only');
  const bytes: number[] = [];
  let n = value;
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isSafeInteger(p) || p < 0)) throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  const push = (value: number) => {
    const chunk: number[] = [value & 0x7f];
    for (let n = Math.floor(value / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    out.push(...chunk);
  };
  push(parts[0] * 40 + parts[1]);
  for (const p of parts.slice(2)) push(p);
  return tlv(0x06, Buffer.from(out));
}

/** AlgorithmIdentifier { algorithm, parameters } (parameters omitted when undefined). */
export function algorithm(dotted: string, parameters?: Buffer): Buffer {
  return parameters ? sequence(oid(dotted), parameters) : sequence(oid(dotted));
}

/** PrintableString's alphabet (X.680 41.4). */
export function isPrintable(text: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
}

/** DirectoryString: PrintableString where the text allows it, else UTF8String (RFC 5280 4.1.2.4). */
export function directoryString(text: string): Buffer {
  return isPrintable(text) ? printableString(text) : utf8String(text);
}
