// BER → DER for container layers. PKCS#12 and PKCS#7 as written by 1999-era tools, NSS pk12util, older
// Java and Windows exports use indefinite lengths and constructed (chunked) OCTET STRINGs at any level:
// the outer PFX, the authSafe content, SafeContents, bags, encrypted content, the plaintext inside.
//
// normalizeBer re-encodes one element in two linear passes over a compact element table (typed arrays,
// about 22 bytes per element, no object per element):
//   1. read every element once (iteratively, bounded depth), work out each one's DER size bottom-up;
//   2. write the DER into one buffer of exactly that size.
// Definite lengths replace indefinite ones, and a constructed string (OCTET STRING, or a character string
// sent in chunks) becomes one primitive string of its concatenated chunks. A subtree that needs no change
// is copied byte for byte, so DER input comes back identical and certificates keep their signatures.
// Every element is charged to the read's budget (budget.ts), and the table never holds more elements than
// the budget pays for: millions of empty chunks are refused as too much work instead of filling memory.
import { CertDeskError } from '../../../shared/errors';
import { type Budget, chargeElements, createBudget, elementsAffordable } from './budget';
import { MAX_DEPTH, parseDer, type Tlv } from './der';

function fail(message: string): never {
  throw new CertDeskError('unreadable', message);
}

/**
 * Constructed forms that are strings: OCTET STRING and the character strings (X.690 8.23: their chunks are
 * OCTET STRINGs). They are flattened into one primitive string. BIT STRING chunks are left as they are.
 */
const STRING_TAGS = new Set([0x24, 0x2c, 0x32, 0x33, 0x34, 0x35, 0x36, 0x3a, 0x3c, 0x3e]);

const CONSTRUCTED = 1;
/** The element's DER differs from its input bytes (it or a descendant must be re-encoded). */
const CHANGED = 2;
/** A constructed string, written as one primitive string. */
const FLATTEN = 4;
/** A chunk inside a flattened string: only its contents are written, into the string's. */
const CHUNK = 8;
const INDEFINITE = 16;

/** The element table: one row per element in pre-order, in typed arrays. */
interface Table {
  count: number;
  tag: Uint8Array;
  flags: Uint8Array;
  start: Int32Array;
  contentStart: Int32Array;
  end: Int32Array;
  /** DER content length, or for a flattened string (and its chunks) the string's data length. */
  size: Int32Array;
  /** The index after this element's subtree (pre-order). */
  next: Int32Array;
}

/**
 * A table of `capacity` rows in one uninitialised allocation (no zero fill: every field is written before
 * it is read), laid out as five Int32 columns then two byte columns.
 */
function newTable(capacity: number): Table {
  const memory = Buffer.allocUnsafeSlow(capacity * 22).buffer;
  const column = (k: number) => new Int32Array(memory, k * capacity * 4, capacity);
  return {
    count: 0,
    start: column(0),
    contentStart: column(1),
    end: column(2),
    size: column(3),
    next: column(4),
    tag: new Uint8Array(memory, 20 * capacity, capacity),
    flags: new Uint8Array(memory, 21 * capacity, capacity),
  };
}

function headerLength(length: number): number {
  return length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : length < 0x1000000 ? 5 : 6;
}

/** The size this element takes in the output (for a chunk: the data it adds to its string). */
function outputSize(t: Table, i: number): number {
  const flags = t.flags[i];
  if (flags & CHUNK) return flags & CONSTRUCTED ? t.size[i] : t.end[i] - t.contentStart[i];
  if (!(flags & CHANGED)) return t.end[i] - t.start[i];
  return headerLength(t.size[i]) + t.size[i];
}

/** Pass 1: the element table of the element at `offset`. One iteration per element or end of one. */
function scan(bytes: Buffer, offset: number, limit: number, budget: Budget): Table {
  // At most one element per two bytes, and no more than the budget pays for. The table is allocated once at
  // that size, uninitialised: only the rows written are ever touched, and the loop never leaves for a copy.
  const allowed = elementsAffordable(budget);
  const capacity = Math.min(((limit - offset) >> 1) + 1, allowed + 1);
  const t = newTable(capacity);
  const { tag: tags, flags: flagsOf, start: starts, contentStart: contentStarts, end: ends, size: sizes, next: nexts } = t;
  // The open constructed elements, innermost on top, and the limit their children must stay within.
  const open = new Int32Array(MAX_DEPTH + 1);
  const limits = new Int32Array(MAX_DEPTH + 1);
  let depth = 0;
  let count = 0;
  let pos = offset;

  for (;;) {
    const parent = depth > 0 ? open[depth - 1] : -1;
    const within = depth > 0 ? limits[depth - 1] : limit;
    if (parent >= 0) {
      // The end of the innermost open element: its end-of-contents octets, or its definite end.
      let closing = false;
      if (flagsOf[parent] & INDEFINITE) {
        if (pos + 2 > within) fail('Missing end-of-contents in an indefinite-length element (truncated file?).');
        if (bytes[pos] === 0 && bytes[pos + 1] === 0) {
          pos += 2;
          ends[parent] = pos;
          closing = true;
        }
      } else closing = pos === ends[parent];
      if (closing) {
        nexts[parent] = count;
        depth--;
        if (depth === 0) break;
        const up = open[depth - 1];
        if (flagsOf[parent] & CHANGED) flagsOf[up] |= CHANGED;
        t.count = count;
        sizes[up] += outputSize(t, parent);
        continue;
      }
    } else if (count > 0) break;

    // One element header at `pos`.
    if (depth >= MAX_DEPTH) fail('ASN.1 nested too deeply.');
    if (pos + 2 > within) fail('The data ends in the middle of an ASN.1 element (truncated file?).');
    // One more element than the budget pays for: charging them all now refuses the file.
    if (count === allowed) chargeElements(budget, count + 1);
    if (count === capacity) throw new Error('BER element table is full');
    const tag = bytes[pos];
    if ((tag & 0x1f) === 0x1f) fail('Unsupported ASN.1 tag number.');
    const i = count++;
    tags[i] = tag;
    starts[i] = pos;
    let p = pos + 1;
    const first = bytes[p++];
    const constructed = (tag & 0x20) !== 0;
    let flags = constructed ? CONSTRUCTED : 0;
    if (parent >= 0 && flagsOf[parent] & (FLATTEN | CHUNK)) {
      // A chunk of a constructed string: an OCTET STRING (X.690 8.7.3.2, 8.23.6), or the string's own tag.
      const base = tag & 0xdf;
      if (base !== 0x04 && base !== (tags[parent] & 0xdf)) fail('A constructed string holds something other than string chunks.');
      flags |= CHUNK;
    } else if (constructed && STRING_TAGS.has(tag)) flags |= FLATTEN | CHANGED;
    let end: number;
    if (first === 0x80) {
      if (!constructed) fail('Indefinite length on a primitive ASN.1 element.');
      flags |= INDEFINITE | CHANGED;
      end = within;
    } else {
      let length = first;
      if (first & 0x80) {
        const octets = first & 0x7f;
        if (octets > 8) fail('ASN.1 length too large.');
        // BER allows leading zero octets; the DER reader takes at most four length octets: write it anew.
        if (octets > 4) flags |= CHANGED;
        if (p + octets > within) fail('The data ends in the middle of an ASN.1 length (truncated file?).');
        length = 0;
        for (let k = 0; k < octets; k++) {
          length = length * 256 + bytes[p++];
          if (length > within) fail('An ASN.1 element is longer than the data that holds it (truncated or corrupt file).');
        }
      }
      end = p + length;
      if (end > within) fail('An ASN.1 element is longer than the data that holds it (truncated or corrupt file).');
    }
    flagsOf[i] = flags;
    contentStarts[i] = p;
    ends[i] = end;
    sizes[i] = 0;
    if (!constructed) {
      sizes[i] = end - p;
      nexts[i] = count;
      // Its share of the parent: a chunk adds its data, any other primitive is copied as written (or, with
      // an over-long length, written anew).
      if (parent >= 0) {
        sizes[parent] += flags & CHUNK ? end - p : flags & CHANGED ? headerLength(end - p) + end - p : end - pos;
        if (flags & CHANGED) flagsOf[parent] |= CHANGED;
      }
      pos = end;
      if (parent < 0) break;
      continue;
    }
    open[depth] = i;
    limits[depth] = end;
    depth++;
    pos = p;
  }
  chargeElements(budget, count);
  t.count = count;
  return t;
}

function writeHeader(out: Buffer, at: number, tag: number, length: number): number {
  out[at++] = tag;
  if (length < 0x80) {
    out[at++] = length;
    return at;
  }
  const octets = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
  out[at++] = 0x80 | octets;
  for (let k = octets - 1; k >= 0; k--) out[at++] = (length / 2 ** (8 * k)) & 0xff;
  return at;
}

/** Pass 2: the DER of the table's root into one buffer. */
function write(bytes: Buffer, t: Table): Buffer {
  const out = Buffer.allocUnsafe(outputSize(t, 0));
  let at = 0;
  let i = 0;
  while (i < t.count) {
    const flags = t.flags[i];
    if (!(flags & CHANGED)) {
      at += bytes.copy(out, at, t.start[i], t.end[i]);
      i = t.next[i];
    } else if (flags & FLATTEN) {
      at = writeHeader(out, at, t.tag[i] & 0xdf, t.size[i]);
      for (let j = i + 1; j < t.next[i]; j++) {
        if (!(t.flags[j] & CONSTRUCTED)) at += bytes.copy(out, at, t.contentStart[j], t.end[j]);
      }
      i = t.next[i];
    } else if (flags & CONSTRUCTED) {
      at = writeHeader(out, at, t.tag[i], t.size[i]);
      i++;
    } else {
      at = writeHeader(out, at, t.tag[i], t.size[i]);
      at += bytes.copy(out, at, t.contentStart[i], t.end[i]);
      i++;
    }
  }
  if (at !== out.length) throw new Error(`BER re-encoding wrote ${at} bytes, expected ${out.length}`);
  return out;
}

/**
 * Re-encodes the BER element at the start of `bytes` as DER. `der` is `bytes` itself (not a copy) when it
 * already was DER-shaped; `end` is where the element ended in `bytes` (what follows is the caller's).
 */
export function normalizeBer(bytes: Buffer, budget: Budget = createBudget()): { der: Buffer; end: number; changed: boolean } {
  const t = scan(bytes, 0, bytes.length, budget);
  const end = t.end[0];
  if (!(t.flags[0] & CHANGED)) return { der: end === bytes.length ? bytes : bytes.subarray(0, end), end, changed: false };
  return { der: write(bytes, t), end, changed: true };
}

/** Re-encodes one BER element as DER (bytes after it are ignored). */
export function berToDer(bytes: Buffer, budget: Budget = createBudget()): Buffer {
  return normalizeBer(bytes, budget).der;
}

/**
 * Exactly one element, BER or DER, as a DER Tlv: for nested encodings (an OCTET STRING's payload, a
 * decrypted plaintext). Trailing bytes are an error.
 */
export function parseBer(bytes: Buffer, budget: Budget): Tlv {
  const { der, end } = normalizeBer(bytes, budget);
  if (end !== bytes.length) fail('Extra bytes after the ASN.1 structure.');
  return parseDer(der);
}

/** True when the bytes hold an indefinite length somewhere a DER reader stopped on. */
export function hasIndefiniteLength(error: unknown): boolean {
  return error instanceof CertDeskError && /Indefinite-length/.test(error.message);
}
