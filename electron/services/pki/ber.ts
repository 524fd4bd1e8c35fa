// BER → DER for container layers: some tools (NSS pk12util, older Java and Windows exports) write PKCS#12
// and PKCS#7 with indefinite lengths. Re-encodes every element with a definite length; constructed string
// chunks are kept as they are (the readers concatenate them). Bounded in depth like der.ts; DER input comes
// back byte for byte identical, so certificates inside keep their signatures.
import { CertDeskError } from '../../../shared/errors';
import { MAX_DEPTH } from './der';

function fail(message: string): never {
  throw new CertDeskError('unreadable', message);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

interface Walk {
  bytes: Buffer;
  /** The DER output in order; a constructed element's header is filled in once its size is known. */
  out: Buffer[];
}

/** Re-encodes the element at `offset` into `walk.out`; returns its DER size and the offset after it. */
function element(walk: Walk, offset: number, limit: number, depth: number): { size: number; end: number } {
  const { bytes, out } = walk;
  if (depth > MAX_DEPTH) fail('ASN.1 nested too deeply.');
  if (offset + 2 > limit) fail('The data ends in the middle of an ASN.1 element (truncated file?).');
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) fail('Unsupported ASN.1 tag number.');
  let pos = offset + 1;
  let length = bytes[pos++];
  const constructed = (tag & 0x20) !== 0;
  const indefinite = length === 0x80;
  let end = limit;
  if (indefinite) {
    if (!constructed) fail('Indefinite length on a primitive ASN.1 element.');
  } else {
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count > 4) fail('ASN.1 length too large.');
      if (pos + count > limit) fail('The data ends in the middle of an ASN.1 length (truncated file?).');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++];
    }
    end = pos + length;
    if (end > limit) fail('An ASN.1 element is longer than the data that holds it (truncated or corrupt file).');
    if (!constructed) {
      out.push(bytes.subarray(offset, end));
      return { size: end - offset, end };
    }
  }
  const headAt = out.length;
  out.push(Buffer.alloc(0));
  let size = 0;
  for (;;) {
    if (indefinite) {
      if (pos + 2 > limit) fail('Missing end-of-contents in an indefinite-length element (truncated file?).');
      if (bytes[pos] === 0 && bytes[pos + 1] === 0) {
        pos += 2;
        break;
      }
    } else if (pos >= end) break;
    const child = element(walk, pos, end, depth + 1);
    size += child.size;
    pos = child.end;
  }
  const head = Buffer.concat([Buffer.from([tag]), encodeLength(size)]);
  out[headAt] = head;
  return { size: head.length + size, end: pos };
}

/** True when the bytes hold an indefinite length somewhere a DER reader stopped on. */
export function hasIndefiniteLength(error: unknown): boolean {
  return error instanceof CertDeskError && /Indefinite-length/.test(error.message);
}

/** Re-encodes one BER element as DER (bytes after it are ignored). */
export function berToDer(bytes: Buffer): Buffer {
  const walk: Walk = { bytes, out: [] };
  const top = element(walk, 0, bytes.length, 0);
  return Buffer.concat(walk.out, top.size);
}
