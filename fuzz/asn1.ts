// A tolerant TLV tree for the ASN.1-aware mutators: parse a seed's DER into nodes (descending into OCTET
// STRING / BIT STRING contents that hold DER, as extension values, SPKIs and PKCS#12 safes do), edit the
// tree, and write it back with lengths recomputed, so one edit deep inside stays a well-framed file unless
// the edit itself breaks framing on purpose. Independent of the engine's der.ts: the fuzzer must not share
// the parser's assumptions.

export type LengthForm =
  | { kind: 'minimal' }
  /** Non-minimal long form: 0x84 and four length octets. */
  | { kind: 'long' }
  /** BER indefinite length: 0x80, the contents, then 00 00. */
  | { kind: 'indefinite' }
  /** A wrong length (the real one plus this delta, clamped at 0). */
  | { kind: 'off-by'; delta: number }
  /** A length that is read as is: huge, zero, over four octets. */
  | { kind: 'raw'; octets: number[] };

export interface Node {
  tag: number;
  /** Constructed contents, or the DER encapsulated in a primitive string (after `prefix`). */
  children?: Node[];
  /** Bytes before the encapsulated DER (the BIT STRING unused-bits octet). */
  prefix?: Buffer;
  /** Primitive contents (when `children` is absent). */
  content?: Buffer;
  length?: LengthForm;
}

const MAX_TREE_DEPTH = 48;

/** Every TLV in `bytes` (they must fill it exactly), or null when it is not a clean DER sequence of elements. */
export function parseTree(bytes: Buffer, depth = 0): Node[] | null {
  if (depth > MAX_TREE_DEPTH) return null;
  const nodes: Node[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 2 > bytes.length) return null;
    const tag = bytes[pos];
    if ((tag & 0x1f) === 0x1f) return null;
    let length = bytes[pos + 1];
    let at = pos + 2;
    if (length === 0x80) return null;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count > 4 || at + count > bytes.length) return null;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[at++];
    }
    if (at + length > bytes.length) return null;
    const body = bytes.subarray(at, at + length);
    nodes.push(parseNode(tag, body, depth));
    pos = at + length;
  }
  return nodes;
}

function parseNode(tag: number, body: Buffer, depth: number): Node {
  if (tag & 0x20) {
    const children = parseTree(body, depth + 1);
    return children ? { tag, children } : { tag, content: Buffer.from(body) };
  }
  // Encapsulated DER: an OCTET STRING, or a BIT STRING with no unused bits, whose contents are one constructed element.
  const skip = tag === 0x03 ? 1 : 0;
  if ((tag === 0x04 || (tag === 0x03 && body[0] === 0)) && body.length > skip + 2 && (body[skip] & 0x20)) {
    const children = parseTree(body.subarray(skip), depth + 1);
    if (children && children.length === 1) return { tag, prefix: Buffer.from(body.subarray(0, skip)), children };
  }
  return { tag, content: Buffer.from(body) };
}

function minimalLength(length: number): number[] {
  if (length < 0x80) return [length];
  const octets: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) octets.unshift(v & 0xff);
  return [0x80 | octets.length, ...octets];
}

function lengthOctets(form: LengthForm | undefined, length: number): number[] {
  switch (form?.kind ?? 'minimal') {
    case 'long':
      return [0x84, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff];
    case 'indefinite':
      return [0x80];
    case 'off-by':
      return minimalLength(Math.max(0, length + (form as { delta: number }).delta));
    case 'raw':
      return (form as { octets: number[] }).octets;
    default:
      return minimalLength(length);
  }
}

export function encodeNode(node: Node): Buffer {
  const body = node.children ? Buffer.concat([node.prefix ?? Buffer.alloc(0), ...node.children.map(encodeNode)]) : (node.content ?? Buffer.alloc(0));
  const head = Buffer.from([node.tag, ...lengthOctets(node.length, body.length)]);
  const tail = node.length?.kind === 'indefinite' ? Buffer.from([0, 0]) : Buffer.alloc(0);
  return Buffer.concat([head, body, tail]);
}

export function encodeTree(nodes: Node[]): Buffer {
  return Buffer.concat(nodes.map(encodeNode));
}

export function cloneNode(node: Node): Node {
  return {
    tag: node.tag,
    ...(node.children ? { children: node.children.map(cloneNode) } : {}),
    ...(node.prefix ? { prefix: Buffer.from(node.prefix) } : {}),
    ...(node.content ? { content: Buffer.from(node.content) } : {}),
    ...(node.length ? { length: node.length } : {}),
  };
}

/** A node with the list that holds it and its index there (for drop, duplicate, swap, replace). */
export interface Placed {
  node: Node;
  siblings: Node[];
  index: number;
}

/** Every node of the tree in document order (pre-order). */
export function flatten(nodes: Node[]): Placed[] {
  const out: Placed[] = [];
  const visit = (list: Node[]) => {
    list.forEach((node, index) => {
      out.push({ node, siblings: list, index });
      if (node.children) visit(node.children);
    });
  };
  visit(nodes);
  return out;
}
