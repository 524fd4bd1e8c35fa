// A small, strict DER reader that keeps byte offsets, so signed parts (tbsCertificate, SPKI, names) are
// used exactly as written. Iterative over siblings and bounded in depth: hostile input cannot hang it or
// blow the stack. Errors are CertDeskError('unreadable').
import { CertDeskError } from '../../../shared/errors';

export interface Tlv {
  /** Full identifier octet (class + constructed bit + low tag number); high tag numbers are refused. */
  tag: number;
  constructed: boolean;
  /** Offsets into `bytes`: the TLV spans [start, end), the contents [contentStart, end). */
  start: number;
  contentStart: number;
  end: number;
  bytes: Buffer;
}

export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PrintableString: 0x13,
  T61String: 0x14,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  UniversalString: 0x1c,
  BMPString: 0x1e,
  VisibleString: 0x1a,
  NumericString: 0x12,
} as const;

export const MAX_DEPTH = 64;

function fail(message: string): never {
  throw new CertDeskError('unreadable', message);
}

/** Reads one TLV at `offset` within [offset, limit). Definite lengths only (DER); indefinite BER is refused. */
export function readTlv(bytes: Buffer, offset = 0, limit = bytes.length): Tlv {
  const h = readHeader(bytes, offset, limit, { tag: 0, contentStart: 0, end: 0 });
  return { tag: h.tag, constructed: (h.tag & 0x20) !== 0, start: offset, contentStart: h.contentStart, end: h.end, bytes };
}

interface Header {
  tag: number;
  contentStart: number;
  end: number;
}

/** The identifier and length octets at `offset`, checked against `limit`, written into `out` (no allocation). */
function readHeader(bytes: Buffer, offset: number, limit: number, out: Header): Header {
  if (offset + 2 > limit) fail('The data ends in the middle of an ASN.1 element (truncated file?).');
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) fail('Unsupported ASN.1 tag number (not a certificate structure).');
  let pos = offset + 1;
  let length = bytes[pos++];
  if (length === 0x80) fail('Indefinite-length (BER) encoding where DER is required.');
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count > 4) fail('ASN.1 length too large.');
    if (pos + count > limit) fail('The data ends in the middle of an ASN.1 length (truncated file?).');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++];
  }
  const end = pos + length;
  if (end > limit) fail('An ASN.1 element is longer than the data that holds it (truncated or corrupt file).');
  out.tag = tag;
  out.contentStart = pos;
  out.end = end;
  return out;
}

/** Parses `bytes` as exactly one TLV (trailing bytes are an error unless `allowTrailing`). */
export function parseDer(bytes: Buffer, allowTrailing = false): Tlv {
  const tlv = readTlv(bytes, 0, bytes.length);
  if (!allowTrailing && tlv.end !== bytes.length) fail('Extra bytes after the ASN.1 structure.');
  return tlv;
}

export function children(tlv: Tlv): Tlv[] {
  if (!tlv.constructed) fail('Expected a constructed ASN.1 element.');
  const out: Tlv[] = [];
  let pos = tlv.contentStart;
  while (pos < tlv.end) {
    const child = readTlv(tlv.bytes, pos, tlv.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/**
 * Calls `visit` for each child in order without building an array (a SET of millions of elements is walked
 * in constant memory). `visit` returns false to stop early.
 */
export function eachChild(tlv: Tlv, visit: (child: Tlv, index: number) => boolean | void): void {
  if (!tlv.constructed) fail('Expected a constructed ASN.1 element.');
  let pos = tlv.contentStart;
  for (let index = 0; pos < tlv.end; index++) {
    const child = readTlv(tlv.bytes, pos, tlv.end);
    if (visit(child, index) === false) return;
    pos = child.end;
  }
}

export function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) fail(`Malformed ${what}.`);
  return tlv;
}

export function content(tlv: Tlv): Buffer {
  return tlv.bytes.subarray(tlv.contentStart, tlv.end);
}

export function whole(tlv: Tlv): Buffer {
  return tlv.bytes.subarray(tlv.start, tlv.end);
}

/** Re-reads a primitive element's contents as a nested DER element (OCTET STRING / BIT STRING wrappers). */
export function inner(tlv: Tlv, skip = 0): Tlv {
  const buf = content(tlv).subarray(skip);
  return parseDer(Buffer.from(buf.buffer, buf.byteOffset, buf.length));
}

export function decodeOid(tlv: Tlv): string {
  const data = content(expect(tlv, Tag.OID, 'object identifier'));
  if (data.length === 0 || data.length > 128) fail('Malformed object identifier.');
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < data.length; i++) {
    value = value * 128 + (data[i] & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 256) fail('Object identifier component too large.');
    if ((data[i] & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    } else if (i === data.length - 1) fail('Malformed object identifier.');
  }
  return parts.join('.');
}

export function decodeInteger(tlv: Tlv): Buffer {
  const data = content(expect(tlv, Tag.INTEGER, 'integer'));
  if (data.length === 0) fail('Malformed integer.');
  return data;
}

export function decodeSmallInt(tlv: Tlv): number {
  const data = decodeInteger(tlv);
  if (data.length > 6) fail('Integer too large.');
  return data.readIntBE(0, data.length);
}

export function decodeBoolean(tlv: Tlv): boolean {
  const data = content(expect(tlv, Tag.BOOLEAN, 'boolean'));
  if (data.length !== 1) fail('Malformed boolean.');
  return data[0] !== 0;
}

/** BIT STRING contents without the unused-bits octet, plus that count. */
export function decodeBitString(tlv: Tlv): { bits: Buffer; unused: number } {
  const data = content(expect(tlv, Tag.BIT_STRING, 'bit string'));
  if (data.length === 0 || data[0] > 7) fail('Malformed bit string.');
  return { bits: data.subarray(1), unused: data[0] };
}

function decodeUcs(data: Buffer, width: 2 | 4): string {
  let out = '';
  for (let i = 0; i + width <= data.length; i += width) {
    const code = width === 2 ? data.readUInt16BE(i) : data.readUInt32BE(i);
    out += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  }
  return out;
}

/** Any ASN.1 string type as text (UTF8, Printable, IA5, BMP, Universal, T61 as Latin-1). */
export function decodeString(tlv: Tlv): string {
  const data = content(tlv);
  switch (tlv.tag) {
    case Tag.UTF8String:
      return data.toString('utf8');
    case Tag.BMPString:
      return decodeUcs(data, 2);
    case Tag.UniversalString:
      return decodeUcs(data, 4);
    case Tag.T61String:
      return data.toString('latin1');
    case Tag.PrintableString:
    case Tag.IA5String:
    case Tag.VisibleString:
    case Tag.NumericString:
      return data.toString('latin1');
    default:
      return data.toString('hex');
  }
}

export function isStringTag(tag: number): boolean {
  return [
    Tag.UTF8String,
    Tag.BMPString,
    Tag.UniversalString,
    Tag.T61String,
    Tag.PrintableString,
    Tag.IA5String,
    Tag.VisibleString,
    Tag.NumericString,
  ].includes(tag as never);
}

export function decodeTime(tlv: Tlv): Date {
  const text = content(tlv).toString('latin1');
  let match: RegExpMatchArray | null;
  if (tlv.tag === Tag.UTCTime) {
    match = text.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/);
    if (!match) fail('Malformed UTCTime.');
    const yy = Number(match[1]);
    return new Date(Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, +match[2] - 1, +match[3], +match[4], +match[5], +(match[6] ?? 0)));
  }
  if (tlv.tag === Tag.GeneralizedTime) {
    match = text.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/);
    if (!match) fail('Malformed GeneralizedTime.');
    return new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +(match[6] ?? 0)));
  }
  fail('Malformed time.');
}

/**
 * Walks a whole tree once to prove it is well formed and not nested beyond MAX_DEPTH. Iterative (a stack of
 * end offsets) and allocation-free per element: it runs over every certificate of a large bundle.
 */
export function assertWellFormed(tlv: Tlv, depth = 0): void {
  if (depth > MAX_DEPTH) fail('ASN.1 nested too deeply.');
  if (!tlv.constructed) return;
  const bytes = tlv.bytes;
  const ends: number[] = [tlv.end];
  const h: Header = { tag: 0, contentStart: 0, end: 0 };
  let pos = tlv.contentStart;
  while (ends.length > 0) {
    const limit = ends[ends.length - 1];
    if (pos >= limit) {
      ends.pop();
      continue;
    }
    if (depth + ends.length > MAX_DEPTH) fail('ASN.1 nested too deeply.');
    readHeader(bytes, pos, limit, h);
    if (h.tag & 0x20) {
      ends.push(h.end);
      pos = h.contentStart;
    } else pos = h.end;
  }
}
