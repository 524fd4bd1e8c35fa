// fast-check arbitraries for fuzz inputs. An input is described by a plain record (which seed, which
// ASN.1 edits, which byte edits, how it is encoded, which password), so fast-check can shrink a failure to
// fewer and smaller edits and replay it from its seed and path. Three sources: openssl seeds mutated
// (tree edits, then byte edits), random TLV trees, and random PEM armour.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { digestAlgorithms } from '../electron/engine/pki/algorithms';
import { bmpPasswordForms, pkcs12Kdf } from '../electron/engine/pki/pkcs12/kdf';
import { cloneNode, encodeNode, encodeTree, flatten, type LengthForm, type Node, parseTree } from './asn1';
import type { Seed, SeedKind } from './seeds';
import type { FuzzInput } from './types';

// ---------------------------------------------------------------- edits

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, 0x30, 0x31, 0xa0, 0x04, 0x05, 0x1f, 0x20, 0x0a, 0x2d];
const INTERESTING_TAGS = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x17, 0x18, 0x1e, 0x1f, 0x24, 0x30, 0x31, 0x80, 0x81, 0x82, 0x86, 0x87, 0xa0, 0xa1, 0xa3, 0xa4, 0xbf, 0xff];

export type ByteEdit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'truncate'; at: number }
  | { op: 'splice'; at: number; other: number; otherAt: number };

export type TreeEdit =
  | { op: 'length'; at: number; form: LengthForm }
  | { op: 'tag'; at: number; tag: number }
  | { op: 'drop'; at: number }
  | { op: 'duplicate'; at: number; times: number }
  | { op: 'swap'; at: number }
  | { op: 'nest'; at: number; depth: number; tag: number }
  | { op: 'content'; at: number; content: number[] }
  | { op: 'graft'; at: number; from: number; fromAt: number }
  | { op: 'generated'; at: number; node: Node };

export type Encoding = 'as-seed' | 'der' | 'pem' | 'pem-noisy' | 'base64' | 'utf16-pem';

export type PasswordChoice = { kind: 'right' } | { kind: 'none' } | { kind: 'wrong' } | { kind: 'text'; text: string };

export type Source =
  | { kind: 'seed'; seed: number; block: number; tree: TreeEdit[]; fixMac: boolean; encoding: Encoding; label: string }
  | { kind: 'tree'; nodes: Node[] }
  | { kind: 'armor'; blocks: { label: string; endLabel: string; headers: string[]; body: string }[]; before: string; between: string; crlf: boolean; bom: boolean };

export interface FuzzCase {
  source: Source;
  bytes: ByteEdit[];
  password: PasswordChoice;
  dnsSuffixes: string[];
  trustRootHashes: string[];
  json: boolean;
}

const at = fc.nat();
const interestingContent = fc.oneof(
  fc.constantFrom<number[]>([], [0x00], [0xff], [0x80], [0x7f], [0x00, 0x80], Array(9).fill(0xff), Array(9).fill(0x00), Array(300).fill(0x41)),
  fc.constantFrom(
    // Times, OIDs and text the decoders parse further.
    '991231235959Z', '491231235959Z', '20501231235959Z', '99999999999999Z', '000000000000Z', '2024010100Z', 'Z', '20240230000000.5Z',
    '\u0000\u001b[31m', '*.example.com', 'xn--', 'é',
  ).map((text) => [...Buffer.from(text, 'utf8')]),
  fc.constantFrom('2a864886f70d010101', '2a864886f70d01010b', '551d11', '551d20', '2b0601050507010b', '8fffffffffffffffff7f', '80', '00').map((hex) => [...Buffer.from(hex, 'hex')]),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
);

const lengthForm: fc.Arbitrary<LengthForm> = fc.oneof(
  fc.constant<LengthForm>({ kind: 'long' }),
  fc.constant<LengthForm>({ kind: 'indefinite' }),
  fc.integer({ min: -3, max: 3 }).map((delta): LengthForm => ({ kind: 'off-by', delta })),
  fc.constantFrom<number[]>([0x80], [0x00], [0x84, 0xff, 0xff, 0xff, 0xff], [0x85, 0, 0, 0, 0, 1], [0x81, 0x01], [0x82, 0xff, 0xff], [0xff]).map((octets): LengthForm => ({ kind: 'raw', octets })),
);

const primitiveNode: fc.Arbitrary<Node> = fc.record({ tag: fc.constantFrom(...INTERESTING_TAGS.filter((t) => !(t & 0x20))), content: interestingContent.map((c) => Buffer.from(c)) });

/** Random TLV trees, a few levels deep. */
export const generatedNode: fc.Arbitrary<Node> = fc.letrec<{ node: Node; constructed: Node }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, primitiveNode, tie('constructed')),
  constructed: fc
    .record({
      tag: fc.constantFrom(0x30, 0x31, 0xa0, 0xa1, 0xa3, 0x24, 0x23),
      children: fc.array(tie('node'), { maxLength: 5 }),
      length: fc.option(lengthForm, { nil: undefined, freq: 8 }),
    })
    .map(({ length, ...node }) => (length ? { ...node, length } : node)),
})).node;

const treeEdit: fc.Arbitrary<TreeEdit> = fc.oneof(
  fc.record({ op: fc.constant('length' as const), at, form: lengthForm }),
  fc.record({ op: fc.constant('tag' as const), at, tag: fc.constantFrom(...INTERESTING_TAGS) }),
  fc.record({ op: fc.constant('drop' as const), at }),
  fc.record({ op: fc.constant('duplicate' as const), at, times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('swap' as const), at }),
  fc.record({ op: fc.constant('nest' as const), at, depth: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 60, max: 200 })), tag: fc.constantFrom(0x30, 0x31, 0xa0, 0x24) }),
  fc.record({ op: fc.constant('content' as const), at, content: interestingContent }),
  fc.record({ op: fc.constant('graft' as const), at, from: fc.nat(), fromAt: fc.nat() }),
  fc.record({ op: fc.constant('generated' as const), at, node: generatedNode }),
);

export const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at, value: fc.constantFrom(...INTERESTING_BYTES) }),
  fc.record({ op: fc.constant('insert' as const), at, bytes: fc.oneof(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }), interestingContent) }),
  fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 256 }), to: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('splice' as const), at, other: fc.nat(), otherAt: fc.nat() }),
);

// ---------------------------------------------------------------- applying edits

/** One byte edit; `splice` takes the tail of another seed's raw bytes. */
export function applyByteEdit(bytes: Buffer, edit: ByteEdit, seeds: readonly Pick<Seed, 'raw'>[]): Buffer {
  const n = bytes.length;
  const pos = n === 0 ? 0 : edit.at % (n + 1);
  switch (edit.op) {
    case 'flip':
      if (n === 0) return bytes;
      bytes[edit.at % n] ^= 1 << edit.bit;
      return bytes;
    case 'set':
      if (n === 0) return bytes;
      bytes[edit.at % n] = edit.value;
      return bytes;
    case 'insert':
      return Buffer.concat([bytes.subarray(0, pos), Buffer.from(edit.bytes), bytes.subarray(pos)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, pos), bytes.subarray(pos + edit.length)]);
    case 'duplicate': {
      const range = bytes.subarray(pos, pos + edit.length);
      const to = edit.to % (n + 1);
      return Buffer.concat([bytes.subarray(0, to), range, bytes.subarray(to)]);
    }
    case 'truncate':
      return bytes.subarray(0, pos);
    case 'splice': {
      const other = seeds[edit.other % seeds.length].raw;
      return Buffer.concat([bytes.subarray(0, pos), other.subarray(edit.otherAt % (other.length + 1))]);
    }
  }
}

function applyTreeEdit(nodes: Node[], edit: TreeEdit, trees: readonly (Node[] | null)[]): void {
  const placed = flatten(nodes);
  if (placed.length === 0) return;
  const { node, siblings, index } = placed[edit.at % placed.length];
  switch (edit.op) {
    case 'length':
      node.length = edit.form;
      return;
    case 'tag':
      node.tag = edit.tag;
      return;
    case 'drop':
      siblings.splice(index, 1);
      return;
    case 'duplicate':
      siblings.splice(index + 1, 0, ...Array.from({ length: edit.times }, () => cloneNode(node)));
      return;
    case 'swap': {
      const other = index + 1 < siblings.length ? index + 1 : index - 1;
      if (other < 0) return;
      [siblings[index], siblings[other]] = [siblings[other], siblings[index]];
      return;
    }
    case 'nest': {
      let wrapped = node;
      for (let i = 0; i < edit.depth; i++) wrapped = { tag: edit.tag, children: [wrapped] };
      siblings[index] = wrapped;
      return;
    }
    case 'content':
      delete node.children;
      delete node.prefix;
      node.content = Buffer.from(edit.content);
      return;
    case 'graft': {
      const donors = trees.filter((t): t is Node[] => t !== null);
      const donor = flatten(donors[edit.from % donors.length]);
      siblings[index] = cloneNode(donor[edit.fromAt % donor.length].node);
      return;
    }
    case 'generated':
      siblings[index] = cloneNode(edit.node);
      return;
  }
}

/**
 * PFX: recompute the MAC over the (edited) authSafe with the seed's password, so edits inside reach the bag
 * and certificate parsers instead of all ending at "wrong password". Skipped when the shape is not a PFX.
 */
function fixPfxMac(top: Node, password: string): void {
  const [, authSafe, macData] = top.children ?? [];
  const octets = authSafe?.children?.[1]?.children?.[0];
  const digestInfo = macData?.children?.[0];
  const [salt, iterations] = [macData?.children?.[1], macData?.children?.[2]];
  const algorithm = digestInfo?.children?.[0]?.children?.[0];
  const value = digestInfo?.children?.[1];
  if (!octets || octets.tag !== 0x04 || !salt?.content || !iterations?.content || !algorithm?.content || !value) return;
  const digest = digestAlgorithms[oidText(algorithm.content)];
  const size = iterations.content.length;
  const count = size >= 1 && size <= 3 ? iterations.content.readUIntBE(0, size) : 0;
  if (!digest || count < 1 || count > 10_000) return;
  const body = octets.children ? encodeTree(octets.children) : (octets.content ?? Buffer.alloc(0));
  const key = pkcs12Kdf(digest, bmpPasswordForms(password)[0], salt.content, 3, count, digest.size);
  delete value.children;
  value.content = createHmac(digest.digest, key).update(body).digest();
}

function oidText(bytes: Buffer): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(Math.min(2, Math.floor(value / 40)), value - Math.min(2, Math.floor(value / 40)) * 40);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

function wrap64(base64: string, eol: string): string {
  return (base64.match(/.{1,64}/g) ?? []).join(eol);
}

function armor(label: string, der: Buffer, eol = '\n'): string {
  return `-----BEGIN ${label}-----${eol}${wrap64(der.toString('base64'), eol)}${eol}-----END ${label}-----${eol}`;
}

/** The seed's PEM text with block `index` re-encoded from `der` (headers, text around and line ends kept). */
function replacePemBlock(seed: Seed, index: number, der: Buffer): Buffer {
  const text = seed.raw.toString('latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let n = 0;
  const out = text.replace(/(-----BEGIN ([^-]+)-----\r?\n)([\s\S]*?)(-----END \2-----)/g, (whole, begin: string, _label: string, body: string, end: string) => {
    if (n++ !== index) return whole;
    const lines = body.split(/\r?\n/);
    const headers = lines.filter((line) => line.includes(':'));
    const headerText = headers.length ? headers.join(eol) + eol + eol : '';
    return `${begin}${headerText}${wrap64(der.toString('base64'), eol)}${eol}${end}`;
  });
  return Buffer.from(out, 'latin1');
}

function encodeSeedSource(source: Extract<Source, { kind: 'seed' }>, seeds: readonly Seed[], trees: readonly (Node[] | null)[][]): Buffer {
  const seed = seeds[source.seed % seeds.length];
  const blockIndex = source.block % seed.blocks.length;
  const block = seed.blocks[blockIndex];
  let der = block.der;
  const tree = trees[source.seed % seeds.length][blockIndex];
  if (tree && (source.tree.length > 0 || source.fixMac)) {
    const nodes = tree.map(cloneNode);
    for (const edit of source.tree) applyTreeEdit(nodes, edit, trees.flat());
    if (source.fixMac && seed.kind === 'pfx' && seed.password !== undefined && nodes[0]) fixPfxMac(nodes[0], seed.password);
    der = encodeTree(nodes);
  }
  switch (source.encoding) {
    case 'as-seed':
      if (der === block.der) return Buffer.from(seed.raw);
      return seed.pem ? replacePemBlock(seed, blockIndex, der) : der;
    case 'der':
      return Buffer.from(der);
    case 'pem':
      return Buffer.from(armor(block.label, der));
    case 'pem-noisy':
      return Buffer.from(`\ufeffsubject=whatever\r\n${armor(source.label, der, '\r\n')}\r\n${armor(block.label, der)}trailer`, 'utf8');
    case 'base64':
      return Buffer.from(wrap64(der.toString('base64'), '\n'));
    case 'utf16-pem':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(armor(block.label, der, '\r\n'), 'utf16le')]);
  }
}

function encodeArmor(source: Extract<Source, { kind: 'armor' }>): Buffer {
  const eol = source.crlf ? '\r\n' : '\n';
  const blocks = source.blocks.map(
    (b) => `-----BEGIN ${b.label}-----${eol}${b.headers.length ? b.headers.join(eol) + eol + eol : ''}${b.body}${eol}-----END ${b.endLabel}-----${eol}`,
  );
  return Buffer.from(`${source.bom ? '\ufeff' : ''}${source.before}${blocks.join(source.between)}`, 'utf8');
}

/** The bytes and options a case stands for. Pure: the same case always makes the same input. */
export function buildInput(fuzzCase: FuzzCase, seeds: readonly Seed[], trees: readonly (Node[] | null)[][]): FuzzInput {
  const { source } = fuzzCase;
  let bytes =
    source.kind === 'seed' ? encodeSeedSource(source, seeds, trees) : source.kind === 'tree' ? encodeTree(source.nodes) : encodeArmor(source);
  for (const edit of fuzzCase.bytes) bytes = applyByteEdit(Buffer.from(bytes), edit, seeds);
  const seedPassword = source.kind === 'seed' ? seeds[source.seed % seeds.length].password : undefined;
  const password = {
    right: seedPassword,
    none: undefined,
    wrong: 'wrong password',
    text: fuzzCase.password.kind === 'text' ? fuzzCase.password.text : undefined,
  }[fuzzCase.password.kind];
  return {
    bytes,
    ...(password !== undefined ? { password } : {}),
    dnsSuffixes: fuzzCase.dnsSuffixes,
    trustRootHashes: fuzzCase.trustRootHashes,
    json: fuzzCase.json,
  };
}

/** Each seed block's tree, parsed once per run (grafts take subtrees from any of them). */
export function seedTrees(seeds: readonly Seed[]): (Node[] | null)[][] {
  return seeds.map((seed) => seed.blocks.map((block) => parseTree(block.der)));
}

// ---------------------------------------------------------------- the case arbitrary

const PEM_LABELS = ['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE', 'PKCS7', 'CMS', 'CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'X509 CRL', 'PUBLIC KEY'];

const pemLabel = fc.oneof({ arbitrary: fc.constantFrom(...PEM_LABELS), weight: 4 }, { arbitrary: fc.string({ maxLength: 20 }), weight: 1 });

const armorSource: fc.Arbitrary<Source> = fc.record({
  kind: fc.constant('armor' as const),
  blocks: fc.array(
    fc.record({
      label: pemLabel,
      endLabel: pemLabel,
      headers: fc.oneof(fc.constant<string[]>([]), fc.constant<string[]>(['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF']), fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 })),
      body: fc.oneof(
        generatedNode.map((node) => wrap64(encodeNode(node).toString('base64'), '\n')),
        fc.base64String({ maxLength: 200 }),
        fc.string({ maxLength: 120 }),
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  before: fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), fc.constant('-----BEGIN ')),
  between: fc.oneof(fc.constant(''), fc.constant('\n'), fc.string({ maxLength: 20 })),
  crlf: fc.boolean(),
  bom: fc.boolean(),
});

const treeSource: fc.Arbitrary<Source> = fc.record({ kind: fc.constant('tree' as const), nodes: fc.array(generatedNode, { minLength: 1, maxLength: 3 }) });

const password: fc.Arbitrary<PasswordChoice> = fc.oneof(
  { arbitrary: fc.constant<PasswordChoice>({ kind: 'right' }), weight: 6 },
  { arbitrary: fc.constant<PasswordChoice>({ kind: 'none' }), weight: 2 },
  { arbitrary: fc.constant<PasswordChoice>({ kind: 'wrong' }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12, unit: 'binary' }).map((text): PasswordChoice => ({ kind: 'text', text })), weight: 1 },
);

const dnsSuffix = fc.oneof({ arbitrary: fc.constantFrom('corp.example.com', 'example.com', 'lab.example.net'), weight: 4 }, { arbitrary: fc.domain(), weight: 1 }, { arbitrary: fc.string({ maxLength: 20 }), weight: 1 });
const rootHash = fc.oneof(fc.stringMatching(/^[0-9A-F]{64}$/), fc.stringMatching(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/), fc.string({ maxLength: 70 }));

/** Fuzz cases for a target: its focus seed kinds most of the time, every seed and the generated sources too. */
export function fuzzCases(seeds: readonly Seed[], focus: readonly SeedKind[]): fc.Arbitrary<FuzzCase> {
  const all = seeds.map((_, i) => i);
  const focused = all.filter((i) => focus.includes(seeds[i].kind));
  const seedIndex = fc.oneof({ arbitrary: fc.constantFrom(...(focused.length ? focused : all)), weight: 3 }, { arbitrary: fc.constantFrom(...all), weight: 1 });
  const seedSource: fc.Arbitrary<Source> = fc.record({
    kind: fc.constant('seed' as const),
    seed: seedIndex,
    block: fc.nat(),
    tree: fc.array(treeEdit, { maxLength: 3 }),
    fixMac: fc.boolean(),
    encoding: fc.oneof({ arbitrary: fc.constant<Encoding>('as-seed'), weight: 6 }, { arbitrary: fc.constantFrom<Encoding>('der', 'pem', 'pem-noisy', 'base64', 'utf16-pem'), weight: 1 }),
    label: pemLabel,
  });
  return fc.record({
    source: fc.oneof({ arbitrary: seedSource, weight: 8 }, { arbitrary: treeSource, weight: 1 }, { arbitrary: armorSource, weight: 1 }),
    bytes: fc.oneof({ arbitrary: fc.constant<ByteEdit[]>([]), weight: 1 }, { arbitrary: fc.array(byteEdit, { minLength: 1, maxLength: 3 }), weight: 1 }),
    password,
    dnsSuffixes: fc.array(dnsSuffix, { maxLength: 2 }),
    trustRootHashes: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 3 }, { arbitrary: fc.array(rootHash, { maxLength: 2 }), weight: 1 }),
    json: fc.boolean(),
  });
}
