// A device's root hash list (--device-hashes): the hashes an AMT device reports as its trusted roots, read from the
// outputs people actually have. Pure: text in, a DeviceHashList out, or a CertDeskError naming the file and line.
//
// Formats, each learned from its tool's source (cited; no code copied):
//  - 'rpc amtinfo --cert --json' (Device Management Toolkit rpc-go). device-management-toolkit/rpc-go at commit
//    596559d9301d19fcf3257719edbdba2eea54fdcd: internal/commands/amtinfo.go, InfoResult has
//    `CertificateHashes map[string]amt.CertHashEntry` with JSON tag "certificateHashes" (keyed by the entry's Name),
//    printed by json.MarshalIndent; pkg/amt/commands.go, CertHashEntry has no JSON tags, so its keys are the Go field
//    names "Hash" (lower-case hex), "Name", "Algorithm", "IsActive", "IsDefault"; pkg/utils/helper.go,
//    InterpretHashAlgorithm: 0 "MD5" (16 bytes), 1 "SHA1" (20), 2 "SHA256" (32), 3 "SHA384" (48), 5 "SHA512" (64),
//    anything else "UNKNOWN" with an empty hash. The older layout (internal/local/info.go at 0324579a) is the same.
//  - 'MeshCentral amthashes' (meshcmd). Ylianst/MeshCentral agents/meshcmd.js at commit
//    c621c80d3f0169fc808673cb585b13bcad03e4b5: `meshcmd amthashes --json` prints JSON.stringify of an array of
//    amt-mei getCertHashEntry results; agents/modules_meshcore/amt-mei.js at dea0d96adde9ef35921fa9c6de3ca99718605910:
//    { isDefault: 0|1, isActive: 0|1, hashAlgorithm: n, hashAlgorithmStr, hashAlgorithmSize, certificateHash (hex),
//    name }. Its label table is ["MD5","SHA1","SHA256","SHA512"] by index, so algorithm 3 is labelled "SHA512" and
//    64 bytes are read — yet the same file sends "SHA256 = 2, SHA384 = 3" in startConfigurationHBased, and rpc-go
//    reads 3 as SHA-384: the number decides, and for 3 the first 48 bytes are the hash (as rpc-go reads them).
//    agents/modules_meshcore/amt-manage.js (15b685629937970967f81f5ddaf94a64fdf4be43) puts the same array under
//    "Hashes" in the MEI state (`meshcmd amtinfojson`); Ylianst/MeshCentral issue #2805 shows such a dump with
//    upper-case hex. Without --json meshcmd prints "<name>, (Default, Active)" then "  SHA256: <hex>" per entry.
//  - 'certHashes list': the plain array rpc-go sends to RPS (internal/rps/message.go, `certHashes`, every entry's
//    Hash) and device-management-toolkit/rps src/utils/clientMsgJsonParser.test.ts shows (AMT 11.8.50). No flags:
//    every hash counts as active.
//  - 'plain list': one hex hash per line, any case, colons/spaces/dashes allowed, '#' comments (a comment after a
//    hash becomes its name), blank lines, CRLF, BOM.
// Inactive hashes are kept and marked; the readiness check uses the active ones only.
import { CertDeskError } from '../../../shared/errors';

export type DeviceHashAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface DeviceHash {
  /** Uppercase hex, no separators. */
  hash: string;
  algorithm: DeviceHashAlgorithm;
  name?: string;
  active: boolean;
  isDefault?: boolean;
}

export interface DeviceHashList {
  /** What the file was read as: 'rpc amtinfo --cert --json' | 'MeshCentral amthashes' | 'certHashes list' | 'plain list'. */
  source: string;
  fileName: string;
  hashes: DeviceHash[];
  /** Entries the device lists with an algorithm CertDesk cannot compare (MD5, unknown): shown, never matched. */
  skipped?: { name?: string; reason: string }[];
}

export const DEVICE_HASH_LIMITS = { maxBytes: 1024 * 1024, maxHashes: 1024 } as const;

/** Hex digits per algorithm: the length a hash must have. */
const HEX_LENGTH: Record<DeviceHashAlgorithm, number> = { 'SHA-1': 40, 'SHA-256': 64, 'SHA-384': 96, 'SHA-512': 128 };
const BY_LENGTH = new Map<number, DeviceHashAlgorithm>(Object.entries(HEX_LENGTH).map(([a, n]) => [n, a as DeviceHashAlgorithm]));

/** AMT's CERT_HASH_ALGORITHM numbers (rpc-go pkg/utils/helper.go; MeshCentral amt-mei.js startConfigurationHBased). */
const BY_NUMBER: Record<number, DeviceHashAlgorithm | 'MD5'> = { 0: 'MD5', 1: 'SHA-1', 2: 'SHA-256', 3: 'SHA-384', 5: 'SHA-512' };

/** Algorithm names as tools print them ("SHA256", "sha-256", "SHA1") → ours; MD5 kept to be reported, not matched. */
function algorithmFromName(text: string): DeviceHashAlgorithm | 'MD5' | undefined {
  const key = text.toUpperCase().replace(/[\s_-]/g, '');
  const table: Record<string, DeviceHashAlgorithm | 'MD5'> = { MD5: 'MD5', SHA1: 'SHA-1', SHA256: 'SHA-256', SHA384: 'SHA-384', SHA512: 'SHA-512' };
  return table[key];
}

/** An entry as read, before validation. `line` (text formats) or `needle` (JSON: a string to find) locate it for errors. */
type Raw = {
  hash: string;
  algorithm?: DeviceHashAlgorithm | 'MD5' | 'unknown';
  name?: string;
  active: boolean;
  isDefault?: boolean;
  line?: number;
  needle?: string;
};

class Reader {
  constructor(
    readonly fileName: string,
    readonly text: string,
  ) {}

  fail(line: number | undefined, sentence: string, code: 'unreadable' | 'usage' = 'unreadable'): never {
    throw new CertDeskError(code, `${this.fileName}${line ? `, line ${line}` : ''}: ${sentence}`);
  }

  /** Fails about one entry; its line is looked up only now (errors are rare, lookups cost a scan). */
  failAt(raw: Raw, sentence: string): never {
    return this.fail(raw.line ?? (raw.needle ? this.lineOf(raw.needle) : undefined), sentence);
  }

  /** 1-based line of a character offset. */
  lineAt(offset: number): number {
    let line = 1;
    for (let i = 0; i < offset && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return line;
  }

  /** The line where a value (a hash string from a JSON document) first appears; 0 when it cannot be found. */
  lineOf(needle: string): number {
    if (!needle) return 0;
    const at = this.text.indexOf(needle);
    return at < 0 ? 0 : this.lineAt(at);
  }
}

/**
 * Undo what a text decoder did to the file: a UTF-8 BOM, or a UTF-16 file (PowerShell 5.1's `>` writes UTF-16LE)
 * read as UTF-8 — its BOM becomes two U+FFFD and every ASCII character is followed (or preceded) by a NUL.
 */
function normalizeText(text: string): string {
  let t = text.replace(/^\uFEFF/, '');
  const nuls = (t.match(/\0/g) ?? []).length;
  if (nuls > 0 && nuls * 3 >= t.length) {
    t = t.replace(/^\uFFFD\uFFFD/, '').replace(/\0/g, '');
    t = t.replace(/^\uFEFF/, '');
  }
  return t;
}

/** Firmware-reported names: control characters dropped (they reach a terminal), length capped. */
function cleanName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const name = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().slice(0, 200);
  return name || undefined;
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** A JSON object's value by key, any case (Go's encoder writes "IsActive"; people retype it as "isActive"). */
function field(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** rpc-go: { ..., "certificateHashes": { "<name>": { Hash, Name, Algorithm, IsActive, IsDefault } } }. */
function fromRpcGo(r: Reader, map: unknown): Raw[] {
  const entries = Array.isArray(map) ? map.map((v) => ['', v] as const) : isObject(map) ? Object.entries(map) : null;
  if (!entries) r.fail(r.lineOf('certificateHashes'), '"certificateHashes" is not a list of hash entries.');
  return entries.map(([key, value]) => {
    if (!isObject(value)) return r.fail(r.lineOf(key ? JSON.stringify(key) : 'certificateHashes'), `the entry "${cleanName(key) ?? '?'}" is not an object with Hash and Algorithm.`);
    const hash = field(value, 'Hash');
    const algorithmText = field(value, 'Algorithm');
    const text = typeof hash === 'string' ? hash : '';
    return {
      hash: text,
      algorithm: typeof algorithmText === 'string' ? (algorithmFromName(algorithmText) ?? 'unknown') : undefined,
      name: cleanName(field(value, 'Name')) ?? cleanName(key),
      active: truthy(field(value, 'IsActive')),
      isDefault: truthy(field(value, 'IsDefault')),
      needle: text || (key ? JSON.stringify(key) : undefined),
    };
  });
}

/** MeshCentral: [{ isDefault, isActive, hashAlgorithm, hashAlgorithmStr, hashAlgorithmSize, certificateHash, name }]. */
function fromMeshCentral(r: Reader, list: unknown[]): Raw[] {
  return list.map((value, index) => {
    if (!isObject(value)) return r.fail(undefined, `entry ${index + 1} of the hash list is not an object.`);
    const hashValue = field(value, 'certificateHash');
    let hash = typeof hashValue === 'string' ? hashValue : '';
    const number = field(value, 'hashAlgorithm');
    const label = field(value, 'hashAlgorithmStr');
    let algorithm: Raw['algorithm'];
    if (typeof number === 'number') algorithm = BY_NUMBER[number] ?? 'unknown';
    else if (typeof label === 'string') algorithm = algorithmFromName(label) ?? 'unknown';
    // amt-mei.js reads 64 bytes for algorithm 3 (its table says SHA512); the SHA-384 is the first 48 of them.
    const compact = hash.replace(/[\s:]/g, '');
    if (algorithm === 'SHA-384' && compact.length === 128) hash = compact.slice(0, 96);
    return {
      hash,
      algorithm,
      name: cleanName(field(value, 'name')),
      active: truthy(field(value, 'isActive')),
      isDefault: truthy(field(value, 'isDefault')),
      needle: typeof hashValue === 'string' && hashValue ? hashValue : undefined,
    };
  });
}

/** RPS payload / rpc-go sync: a plain array of hex strings. */
function fromStrings(r: Reader, list: unknown[]): Raw[] {
  return list.map((value, index) => {
    if (typeof value !== 'string') return r.fail(undefined, `entry ${index + 1} of "certHashes" is not a hex string.`);
    return { hash: value, active: true, needle: value };
  });
}

/** Deepest bracket nesting outside strings: hash lists are 3 levels deep; a hostile file is refused before parsing. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

const MAX_JSON_DEPTH = 32;

function parseJson(r: Reader): { source: string; raws: Raw[] } {
  if (nestingDepth(r.text) > MAX_JSON_DEPTH) {
    return r.fail(undefined, `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep; no hash list tool writes that.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(r.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const lineCol = /line (\d+)/.exec(message);
    const line = at ? r.lineAt(Number(at[1])) : lineCol ? Number(lineCol[1]) : undefined;
    return r.fail(line, 'this is not valid JSON (a hash list is plain text, `rpc amtinfo --cert --json` or `meshcmd amthashes --json` output).');
  }
  if (Array.isArray(doc)) {
    if (doc.length === 0) return r.fail(undefined, 'the list is empty: the device reported no root hashes.');
    if (doc.every((v) => typeof v === 'string')) return { source: 'certHashes list', raws: fromStrings(r, doc) };
    return { source: 'MeshCentral amthashes', raws: fromMeshCentral(r, doc) };
  }
  if (!isObject(doc)) return r.fail(undefined, 'this JSON is neither a hash list nor `rpc amtinfo --cert --json` output.');
  const rpc = field(doc, 'certificateHashes');
  if (rpc !== undefined) return { source: 'rpc amtinfo --cert --json', raws: fromRpcGo(r, rpc) };
  const mei = field(doc, 'Hashes');
  if (Array.isArray(mei)) return { source: 'MeshCentral amthashes', raws: fromMeshCentral(r, mei) };
  const payload = field(doc, 'certHashes') ?? (isObject(field(doc, 'payload')) ? field(field(doc, 'payload') as Record<string, unknown>, 'certHashes') : undefined);
  if (Array.isArray(payload)) return { source: 'certHashes list', raws: fromStrings(r, payload) };
  if (field(doc, 'amt') !== undefined || field(doc, 'buildNumber') !== undefined || field(doc, 'uuid') !== undefined) {
    return r.fail(
      undefined,
      'this `rpc amtinfo` output has no "certificateHashes": run `rpc amtinfo --cert --json` (as administrator/root, so rpc can reach the firmware) and give that output.',
      'usage',
    );
  }
  return r.fail(undefined, 'this JSON has none of "certificateHashes" (rpc amtinfo --cert --json), "Hashes" or an amthashes array (meshcmd), or "certHashes".', 'usage');
}

/**
 * "<name>, (Default, Active)" / "<name>  (Default, Active)" then "  SHA256: <hex>": meshcmd and rpc-go text output.
 * Patterns are anchored and greedy without overlapping parts, so a hostile 1 MiB line costs one pass.
 */
const TEXT_HASH_LINE = /^\s*(MD5|SHA-?1|SHA-?256|SHA-?384|SHA-?512)\s*:([0-9A-Fa-f:\s]*)$/i;
const FLAG_WORDS = new Set(['', 'default', 'active', 'disabled']);

/** A name line: the name, and the flags when the last parentheses hold only Default/Active/Disabled. */
function nameLine(trimmed: string): { name?: string; active: boolean; isDefault: boolean } {
  const open = trimmed.lastIndexOf('(');
  if (open >= 0 && trimmed.endsWith(')')) {
    const words = trimmed.slice(open + 1, -1).split(',').map((w) => w.trim().toLowerCase());
    if (words.every((w) => FLAG_WORDS.has(w))) {
      let end = open;
      while (end > 0 && (trimmed[end - 1] === ',' || trimmed[end - 1] === ' ' || trimmed[end - 1] === '\t')) end--;
      return { name: cleanName(trimmed.slice(0, end)), active: words.includes('active'), isDefault: words.includes('default') };
    }
  }
  // No flags: rpc-go prints none for an entry that is neither default nor active.
  return { name: cleanName(trimmed), active: false, isDefault: false };
}

function parseToolText(lines: string[]): Raw[] {
  const raws: Raw[] = [];
  let pending: { name?: string; active: boolean; isDefault: boolean } | undefined;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || /^-{3}[^-]*-{3}$/.test(trimmed)) return; // rpc-go's "---Certificate Hashes---"
    const hashLine = TEXT_HASH_LINE.exec(line);
    if (hashLine) {
      const algorithm = algorithmFromName(hashLine[1]);
      // No name line before it (a hand-written "SHA256: <hex>" list): nothing says it is disabled.
      raws.push({ hash: hashLine[2].trim(), algorithm, name: pending?.name, active: pending?.active ?? true, isDefault: pending?.isDefault, line: i + 1 });
      pending = undefined;
      return;
    }
    pending = nameLine(trimmed);
  });
  return raws;
}

/** One hash per line; '#' starts a comment, and a comment after a hash is its name. */
function parsePlain(r: Reader, lines: string[]): Raw[] {
  const raws: Raw[] = [];
  lines.forEach((line, i) => {
    const hashAt = line.indexOf('#');
    const body = (hashAt >= 0 ? line.slice(0, hashAt) : line).trim();
    if (!body) return;
    if (/^-----BEGIN /.test(body)) {
      r.fail(i + 1, 'this is a PEM certificate, not a device hash list. To trust a custom root, give its SHA-256 with --trust-root-hash.', 'usage');
    }
    const hex = body.replace(/[\s:-]/g, '');
    if (!/^[0-9A-Fa-f]+$/.test(hex)) {
      r.fail(i + 1, `"${body.slice(0, 40)}" is not a hex hash: give one SHA-256 (64 hex digits), SHA-1 (40), SHA-384 (96) or SHA-512 (128) per line.`);
    }
    raws.push({ hash: hex, name: hashAt >= 0 ? cleanName(line.slice(hashAt + 1)) : undefined, active: true, line: i + 1 });
  });
  return raws;
}

/**
 * Validates and normalises raw entries: hex only, the length its algorithm demands (or, without an algorithm, one of
 * the four lengths), uppercase; MD5/unknown entries set aside; duplicates merged (active if any copy is).
 */
function finish(r: Reader, raws: Raw[]): { hashes: DeviceHash[]; skipped: { name?: string; reason: string }[] } {
  const hashes: DeviceHash[] = [];
  const skipped: { name?: string; reason: string }[] = [];
  const seen = new Map<string, DeviceHash>();
  if (raws.length > DEVICE_HASH_LIMITS.maxHashes) {
    throw new CertDeskError('too-large', `${r.fileName}: ${raws.length} hashes, more than ${DEVICE_HASH_LIMITS.maxHashes}; an AMT device holds a few dozen.`);
  }
  for (const raw of raws) {
    const who = raw.name ? `"${raw.name}"` : 'this entry';
    if (raw.algorithm === 'MD5' || raw.algorithm === 'unknown') {
      skipped.push({ ...(raw.name ? { name: raw.name } : {}), reason: raw.algorithm === 'MD5' ? 'MD5 hash: AMT roots are matched by SHA-1, SHA-256 or SHA-384' : 'hash algorithm not known' });
      continue;
    }
    const hex = raw.hash.replace(/[\s:-]/g, '').toUpperCase();
    if (!hex) r.failAt(raw, `${who} has no hash.`);
    if (!/^[0-9A-F]+$/.test(hex)) r.failAt(raw, `the hash of ${who} is not hex: "${raw.hash.slice(0, 40)}".`);
    const algorithm = raw.algorithm ?? BY_LENGTH.get(hex.length);
    if (!algorithm) {
      r.failAt(raw, `the hash of ${who} has ${hex.length} hex digits; a SHA-1 has 40, a SHA-256 64, a SHA-384 96, a SHA-512 128.`);
    }
    if (hex.length !== HEX_LENGTH[algorithm]) {
      r.failAt(raw, `the ${algorithm} hash of ${who} has ${hex.length} hex digits; a ${algorithm} has ${HEX_LENGTH[algorithm]}.`);
    }
    const key = `${algorithm}:${hex}`;
    const earlier = seen.get(key);
    if (earlier) {
      earlier.active ||= raw.active;
      if (!earlier.name && raw.name) earlier.name = raw.name;
      continue;
    }
    const entry: DeviceHash = { hash: hex, algorithm, ...(raw.name ? { name: raw.name } : {}), active: raw.active, ...(raw.isDefault !== undefined ? { isDefault: raw.isDefault } : {}) };
    seen.set(key, entry);
    hashes.push(entry);
  }
  return { hashes, skipped };
}

/**
 * Reads a device's root hash list: `rpc amtinfo --cert --json`, meshcmd `amthashes` (JSON or text), a certHashes
 * array, or a plain list. Errors: 'too-large' past 1 MiB or 1024 hashes; 'unreadable' for malformed content (with
 * the line); 'usage' when the file is something else (a certificate, amtinfo output without the hashes).
 */
export function parseDeviceHashes(text: string, fileName: string): DeviceHashList {
  if (Buffer.byteLength(text, 'utf8') > DEVICE_HASH_LIMITS.maxBytes) {
    throw new CertDeskError('too-large', `${fileName} is over 1 MiB: a device hash list is a few kilobytes.`);
  }
  const r = new Reader(fileName, normalizeText(text));
  const start = r.text.trimStart()[0];
  let source: string;
  let raws: Raw[];
  if (start === '{' || start === '[') {
    ({ source, raws } = parseJson(r));
  } else {
    const lines = r.text.split(/\r\n|\r|\n/);
    if (lines.some((l) => TEXT_HASH_LINE.test(l))) {
      source = 'meshcmd amthashes or rpc amtinfo --cert (text)';
      raws = parseToolText(lines);
    } else {
      source = 'plain list';
      raws = parsePlain(r, lines);
    }
  }
  const { hashes, skipped } = finish(r, raws);
  if (hashes.length === 0) {
    r.fail(undefined, skipped.length ? 'no SHA-1, SHA-256, SHA-384 or SHA-512 hash in the list (only MD5 or unknown algorithms).' : 'no hash in the file: it is empty or only comments.');
  }
  return { source, fileName, hashes, ...(skipped.length ? { skipped } : {}) };
}
