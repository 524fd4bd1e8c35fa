// The setup.bin reader: bytes → the file model (format.ts) plus every format problem, each with a stable id.
// Never throws on a bad file and never loops on a count the file claims: every loop is bounded by the bytes
// actually present (a record is at least 512 bytes, a variable at least 8), so a 10 MiB file is read in
// milliseconds whatever its header says.
import type { SetupBinHash, SetupBinProblem, SetupBinRecordView, SetupBinVariableView, SetupBinView } from '../../../../shared/contract/setupbin';
import {
  CHUNK_BYTES,
  FILE_FLAG_DO_NOT_CONSUME,
  FILE_TYPE_GUIDS,
  FIXED_LENGTH,
  FORMAT_VERSIONS,
  HASH_ALGORITHMS,
  HASH_NAME_MAX,
  HEADER_FIXED_BYTES,
  MAX_RECORD_CHUNKS,
  MODULE_NAMES,
  RECORD_FLAG_SCRAMBLED,
  RECORD_FLAG_VALID,
  RECORD_HEADER_BYTES,
  RECORD_TYPE_DATA,
  RECORD_TYPE_INVALID,
  SCRAMBLE_ADD,
  VARIABLE_HEADER_BYTES,
  headerBytesFor,
  variableDef,
  variableSpan,
  type FormatVersion,
  type SetupBinFile,
  type SetupBinRecord,
  type SetupBinVariable,
  type VariableDef,
} from './format';

/**
 * Problem ids (stable: tests and scripts match on them; add, never rename).
 *  too-short            the file is shorter than one 512-byte chunk (error; nothing else is read)
 *  file-type            the first 16 bytes are not one of the four setup.bin GUIDs (error; nothing else is read)
 *  file-size            the size is not a whole number of chunks/records; the tail is ignored (error)
 *  version              MajorVersion disagrees with the GUID's version, or an unknown minor (error)
 *  header-chunk-count   the header record does not say it is one chunk (error)
 *  header-bytes         RecordHeaderBytes is not 40 + 2 × (modules + terminator) (error)
 *  module-list          the module list is unterminated, or does not list exactly the modules the records use (error)
 *  record-count         DataRecordCount differs from the records in the file (error)
 *  consumed-count       DataRecordsConsumed exceeds DataRecordCount (error)
 *  record-chunk-count   DataRecordChunkCount is 0 or implausibly large (error; 1 is assumed)
 *  record-type          a record type other than 0 (invalid) or 1 (data) (error)
 *  record-header        a record's chunk count or header length differs from the file's (error)
 *  record-number        a record's number is not its position (warning)
 *  record-flags         unknown record flag bits (warning)
 *  variable-id          a variable entry with module or variable 0 that is not the 0/0 terminator (error; rest of record skipped)
 *  variable-overrun     a variable's length runs past the end of its record (error; rest of record skipped)
 *  variable-length      a value of the wrong length for its type (error)
 *  variable-value       a value outside its documented range, or text that is not printable ASCII (warning)
 *  variable-version     a variable the file's format version does not have (warning)
 *  unknown-variable     a module/variable identifier not in the table (warning)
 *  duplicate-variable   the same variable twice in one record (warning)
 *  variable-order       the order Intel's notes ask for is not kept (passwords first; halt/activate after the addresses) (warning)
 *  hash-algorithm       a certificate hash algorithm that is unknown, or newer than the file's format version (error)
 *  padding              non-zero bytes where the format has padding or reserved fields; a re-write drops them (warning)
 *  no-data-record       the file holds no data record (error)
 */
export type ProblemId =
  | 'too-short'
  | 'file-type'
  | 'file-size'
  | 'version'
  | 'header-chunk-count'
  | 'header-bytes'
  | 'module-list'
  | 'record-count'
  | 'consumed-count'
  | 'record-chunk-count'
  | 'record-type'
  | 'record-header'
  | 'record-number'
  | 'record-flags'
  | 'variable-id'
  | 'variable-overrun'
  | 'variable-length'
  | 'variable-value'
  | 'variable-version'
  | 'unknown-variable'
  | 'duplicate-variable'
  | 'variable-order'
  | 'hash-algorithm'
  | 'padding'
  | 'no-data-record';

const ERRORS: ReadonlySet<ProblemId> = new Set<ProblemId>([
  'too-short',
  'file-type',
  'file-size',
  'version',
  'header-chunk-count',
  'header-bytes',
  'module-list',
  'record-count',
  'consumed-count',
  'record-chunk-count',
  'record-type',
  'record-header',
  'variable-id',
  'variable-overrun',
  'variable-length',
  'hash-algorithm',
  'no-data-record',
]);

export function severityOf(id: ProblemId): 'error' | 'warning' {
  return ERRORS.has(id) ? 'error' : 'warning';
}

export interface DecodedSetupBin {
  /** Null when the file is not a setup.bin at all (too short, unknown GUID). */
  file: SetupBinFile | null;
  problems: SetupBinProblem[];
}

class Problems {
  readonly list: SetupBinProblem[] = [];
  add(id: ProblemId, message: string, where: { record?: number; offset?: number } = {}): void {
    // A hostile file could repeat one problem in every record: keep the first 200 problems, which say enough.
    if (this.list.length >= 200) return;
    this.list.push({ id, severity: severityOf(id), message, ...where });
  }
}

const hex = (bytes: Buffer): string => bytes.toString('hex').toUpperCase();
const name = (v: { module: number; id: number }): string => {
  const def = variableDef(v.module, v.id);
  return def ? `${def.name} (${v.module}/${v.id})` : `variable ${v.module}/${v.id}`;
};

export function descramble(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  for (let i = 0; i < body.length; i++) out[i] = (body[i] - SCRAMBLE_ADD) & 0xff;
  return out;
}

function allZero(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

function versionOf(guid: Buffer): FormatVersion | undefined {
  const text = guid.toString('hex');
  return FORMAT_VERSIONS.find((v) => FILE_TYPE_GUIDS[v] === text);
}

/** Reads a setup.bin. Format problems are reported, never thrown. */
export function decodeSetupBin(bytes: Buffer): DecodedSetupBin {
  const problems = new Problems();
  if (bytes.length < CHUNK_BYTES) {
    problems.add('too-short', `The file is ${bytes.length} bytes; a setup.bin is at least one ${CHUNK_BYTES}-byte header record.`);
    return { file: null, problems: problems.list };
  }
  const version = versionOf(bytes.subarray(0, 16));
  if (!version) {
    problems.add('file-type', `The file does not start with a setup.bin file-type GUID (found ${hex(bytes.subarray(0, 16))}).`, { offset: 0 });
    return { file: null, problems: problems.list };
  }

  const headerChunkCount = bytes.readUInt16LE(16);
  const headerBytes = bytes.readUInt16LE(18);
  const headerRecordNumber = bytes.readUInt32LE(20);
  const majorVersion = bytes[24];
  const minorVersion = bytes[25];
  const flags = bytes.readUInt16LE(26);
  const dataRecordCount = bytes.readUInt32LE(28);
  const dataRecordsConsumed = bytes.readUInt32LE(32);
  const dataRecordChunkCount = bytes.readUInt16LE(36);
  const headerReserved = bytes.readUInt16LE(38);

  if (majorVersion !== version) {
    problems.add('version', `The header says version ${majorVersion}.${minorVersion} but its file-type GUID is that of version ${version}.`, { offset: 24 });
  } else if (minorVersion > (version === 2 ? 1 : 0)) {
    problems.add('version', `Version ${majorVersion}.${minorVersion} is not a published setup.bin version (1.0, 2.0, 2.1, 3.0, 4.0).`, { offset: 25 });
  }
  if (headerChunkCount !== 1) problems.add('header-chunk-count', `The header record says it is ${headerChunkCount} chunks; it is always 1.`, { offset: 16 });
  if (headerRecordNumber !== 0) problems.add('padding', `The header's record number is ${headerRecordNumber}; it is always 0.`, { offset: 20 });
  if (headerReserved !== 0) problems.add('padding', `The header's reserved field is ${headerReserved}, not 0.`, { offset: 38 });

  // Module list: 2-byte identifiers from offset 40, ended by 0, within the header chunk.
  const moduleList: number[] = [];
  let listEnd = -1;
  for (let at = HEADER_FIXED_BYTES; at + 2 <= CHUNK_BYTES; at += 2) {
    const module = bytes.readUInt16LE(at);
    if (module === 0) {
      listEnd = at + 2;
      break;
    }
    moduleList.push(module);
  }
  if (listEnd < 0) {
    problems.add('module-list', 'The module list has no 0 terminator within the header record.', { offset: HEADER_FIXED_BYTES });
    listEnd = CHUNK_BYTES;
  } else if (headerBytes !== headerBytesFor(moduleList.length)) {
    problems.add(
      'header-bytes',
      `RecordHeaderBytes is ${headerBytes}, but the header holds ${moduleList.length} module${moduleList.length === 1 ? '' : 's'} and the terminator: ${headerBytesFor(moduleList.length)} bytes.`,
      { offset: 18 },
    );
  }
  if (!allZero(bytes.subarray(listEnd, CHUNK_BYTES))) problems.add('padding', 'The header record has non-zero bytes after its module list.', { offset: listEnd });

  let recordChunks = dataRecordChunkCount;
  if (recordChunks < 1 || recordChunks > MAX_RECORD_CHUNKS) {
    problems.add('record-chunk-count', `DataRecordChunkCount is ${dataRecordChunkCount}; CertDesk reads records of 1 to ${MAX_RECORD_CHUNKS} chunks (1 assumed).`, { offset: 36 });
    recordChunks = 1;
  }
  const recordSize = recordChunks * CHUNK_BYTES;
  const dataStart = CHUNK_BYTES;
  const present = Math.floor((bytes.length - dataStart) / recordSize);
  if ((bytes.length - dataStart) % recordSize !== 0) {
    problems.add('file-size', `The file is ${bytes.length} bytes: not the header plus whole ${recordSize}-byte records; the last ${(bytes.length - dataStart) % recordSize} bytes are ignored.`);
  }
  if (dataRecordCount !== present) {
    problems.add('record-count', `The header says ${dataRecordCount} data record${dataRecordCount === 1 ? '' : 's'}; the file holds ${present}.`, { offset: 28 });
  }
  if (dataRecordsConsumed > dataRecordCount) {
    problems.add('consumed-count', `The header says ${dataRecordsConsumed} records were consumed, of ${dataRecordCount}.`, { offset: 32 });
  }
  if (present === 0) problems.add('no-data-record', 'The file holds no data record: it configures nothing.');

  const records: SetupBinRecord[] = [];
  const modulesUsed = new Set<number>();
  for (let index = 0; index < present; index++) {
    const offset = dataStart + index * recordSize;
    const record = readRecord(bytes.subarray(offset, offset + recordSize), index + 1, offset, recordChunks, version, problems);
    for (const v of record.variables) modulesUsed.add(v.module);
    records.push(record);
  }

  const listed = new Set(moduleList);
  const missing = [...modulesUsed].filter((m) => !listed.has(m));
  // A listed module no record uses is only known when every record was read to its end.
  const cut = present === 0 || problems.list.some((q) => q.id === 'variable-id' || q.id === 'variable-overrun');
  const extra = cut ? [] : [...listed].filter((m) => !modulesUsed.has(m));
  if (listEnd !== CHUNK_BYTES && (missing.length || extra.length)) {
    const say = (ms: number[]) => ms.map((m) => `${m}${MODULE_NAMES[m] ? ` (${MODULE_NAMES[m]})` : ''}`).join(', ');
    problems.add(
      'module-list',
      [
        `The header's module list is [${moduleList.join(', ')}]`,
        missing.length ? `; the records use module${missing.length === 1 ? '' : 's'} ${say(missing)} it does not list` : '',
        extra.length ? `; it lists module${extra.length === 1 ? '' : 's'} ${say(extra)} no record uses` : '',
        '.',
      ].join(''),
      { offset: HEADER_FIXED_BYTES },
    );
  }

  return {
    file: {
      version,
      headerChunkCount,
      headerBytes,
      headerRecordNumber,
      majorVersion,
      minorVersion,
      flags,
      dataRecordCount,
      dataRecordsConsumed,
      dataRecordChunkCount,
      moduleList,
      records,
    },
    problems: problems.list,
  };
}

function readRecord(raw: Buffer, index: number, offset: number, recordChunks: number, version: FormatVersion, problems: Problems): SetupBinRecord {
  const at = { record: index, offset };
  const type = raw.readUInt32LE(0);
  const flags = raw.readUInt32LE(4);
  const chunkCount = raw.readUInt16LE(16);
  const headerBytes = raw.readUInt16LE(18);
  const number = raw.readUInt32LE(20);
  if (type !== RECORD_TYPE_DATA && type !== RECORD_TYPE_INVALID) problems.add('record-type', `Record ${index} has type ${type}; 1 is a data record, 0 an invalid one.`, at);
  if (flags & ~(RECORD_FLAG_VALID | RECORD_FLAG_SCRAMBLED)) problems.add('record-flags', `Record ${index} has unknown flag bits (0x${flags.toString(16)}).`, at);
  if (!allZero(raw.subarray(8, 16))) problems.add('padding', `Record ${index} has non-zero reserved bytes (offsets 8–15 of the record).`, at);
  if (chunkCount !== recordChunks || headerBytes !== RECORD_HEADER_BYTES) {
    problems.add('record-header', `Record ${index} says it is ${chunkCount} chunk${chunkCount === 1 ? '' : 's'} with a ${headerBytes}-byte header; the file's records are ${recordChunks} with ${RECORD_HEADER_BYTES}.`, at);
  }
  if (number !== index) problems.add('record-number', `Record ${index} is numbered ${number}.`, at);

  const stored = raw.subarray(RECORD_HEADER_BYTES);
  const body = flags & RECORD_FLAG_SCRAMBLED ? descramble(stored) : stored;
  const variables: SetupBinVariable[] = [];
  const seen = new Set<number>();
  let p = 0;
  let ended = false;
  while (p + VARIABLE_HEADER_BYTES <= body.length) {
    const module = body.readUInt16LE(p);
    const id = body.readUInt16LE(p + 2);
    const where = { record: index, offset: offset + RECORD_HEADER_BYTES + p };
    if (module === 0 && id === 0) {
      ended = true;
      break;
    }
    if (module === 0 || id === 0) {
      problems.add('variable-id', `Record ${index} has an entry for module ${module}, variable ${id} (0 ends the list only as 0/0); the rest of the record is not read.`, where);
      ended = true;
      break;
    }
    const length = body.readUInt16LE(p + 4);
    const reserved = body.readUInt16LE(p + 6);
    if (p + VARIABLE_HEADER_BYTES + length > body.length) {
      problems.add('variable-overrun', `${name({ module, id })} in record ${index} claims ${length} bytes; only ${body.length - p - VARIABLE_HEADER_BYTES} are left in the record.`, where);
      ended = true;
      break;
    }
    if (reserved !== 0) problems.add('padding', `${name({ module, id })} in record ${index} has a non-zero reserved field.`, where);
    const value = Buffer.from(body.subarray(p + VARIABLE_HEADER_BYTES, p + VARIABLE_HEADER_BYTES + length));
    const next = Math.min(body.length, p + variableSpan(length));
    if (!allZero(body.subarray(p + VARIABLE_HEADER_BYTES + length, next))) problems.add('padding', `${name({ module, id })} in record ${index} has non-zero padding.`, where);
    const key = module * 0x10000 + id;
    if (seen.has(key)) problems.add('duplicate-variable', `${name({ module, id })} appears twice in record ${index}.`, where);
    seen.add(key);
    checkVariable({ module, id, value }, version, problems, where);
    variables.push({ module, id, value });
    p = next;
  }
  if (ended && !allZero(body.subarray(p))) {
    // After the 0/0 terminator (or after a fatal entry) the record is padding.
    const fatal = problems.list.some((q) => q.record === index && (q.id === 'variable-id' || q.id === 'variable-overrun'));
    if (!fatal) problems.add('padding', `Record ${index} has non-zero bytes after its last variable.`, { record: index, offset: offset + RECORD_HEADER_BYTES + p });
  }
  checkOrder(variables, index, problems, offset);
  return { type, flags, chunkCount, headerBytes, number, variables };
}

function checkVariable(v: SetupBinVariable, version: FormatVersion, problems: Problems, where: { record: number; offset: number }): void {
  const def = variableDef(v.module, v.id);
  if (!def) {
    problems.add('unknown-variable', `Record ${where.record} sets variable ${v.module}/${v.id}, which CertDesk's table does not know (${v.value.length} bytes kept as they are).`, where);
    return;
  }
  if (def.since && def.since > version) problems.add('variable-version', `${name(v)} exists from setup.bin version ${def.since}; this file is version ${version}.`, where);
  const fixed = FIXED_LENGTH[def.type];
  if (fixed !== undefined && v.value.length !== fixed) {
    problems.add('variable-length', `${name(v)} is ${v.value.length} bytes; it is ${fixed}.`, where);
    return;
  }
  if (def.maxLength !== undefined && v.value.length > def.maxLength) {
    problems.add('variable-length', `${name(v)} is ${v.value.length} bytes; at most ${def.maxLength}.`, where);
  }
  if (def.type === 'text' && !/^[\x20-\x7e]*$/.test(v.value.toString('latin1'))) {
    problems.add('variable-value', `${name(v)} holds bytes that are not printable ASCII.`, where);
  }
  if (def.values && fixed === 1 && !(v.value[0] in def.values)) {
    problems.add('variable-value', `${name(v)} is ${v.value[0]}, not one of its values (${Object.entries(def.values).map(([k, s]) => `${k} = ${s}`).join(', ')}).`, where);
  }
  if (def.type === 'cert-hash') {
    const parsed = parseCertHash(v.value);
    if ('problem' in parsed) {
      problems.add(parsed.problem, `${name(v)}: ${parsed.message}`, where);
      return;
    }
    const algorithm = HASH_ALGORITHMS[v.value[0]];
    if (algorithm.since > version) problems.add('hash-algorithm', `${name(v)} holds a ${algorithm.name} hash; setup.bin version ${version} has SHA-1 only (${algorithm.name} from version ${algorithm.since}).`, where);
  }
}

/** Variable 2/8: algorithm(1) hash nameLength(1) name. */
export function parseCertHash(value: Buffer): SetupBinHash | { problem: 'hash-algorithm' | 'variable-length'; message: string } {
  if (value.length < 1) return { problem: 'variable-length', message: 'the value is empty.' };
  const algorithm = HASH_ALGORITHMS[value[0]];
  if (!algorithm) return { problem: 'hash-algorithm', message: `hash algorithm ${value[0]} is not SHA-1 (1), SHA-256 (2) or SHA-384 (3).` };
  const nameAt = 1 + algorithm.length;
  if (value.length < nameAt + 1) return { problem: 'variable-length', message: `${value.length} bytes cannot hold a ${algorithm.name} hash and its name length.` };
  const nameLength = value[nameAt];
  if (nameLength > HASH_NAME_MAX) return { problem: 'variable-length', message: `the hash's name is ${nameLength} bytes; at most ${HASH_NAME_MAX}.` };
  if (value.length !== nameAt + 1 + nameLength) {
    return { problem: 'variable-length', message: `the value is ${value.length} bytes; a ${algorithm.name} hash with a ${nameLength}-byte name is ${nameAt + 1 + nameLength}.` };
  }
  return { algorithm: algorithm.name, hash: hex(value.subarray(1, nameAt)), name: value.subarray(nameAt + 1).toString('latin1') };
}

/**
 * Order rules from Intel's notes as MeshCommander records them: a record starts with the current MEBx password, then
 * the new one; "ME Provision Halt/Active" comes after the PKI DNS suffix, the configuration server FQDN and the
 * provisioning server address.
 */
function checkOrder(variables: SetupBinVariable[], index: number, problems: Problems, offset: number): void {
  const position = (module: number, id: number) => variables.findIndex((v) => v.module === module && v.id === id);
  const current = position(1, 1);
  const next = position(1, 2);
  if (current > 0) problems.add('variable-order', `Record ${index}: the current MEBx password is not the first variable.`, { record: index, offset });
  if (next >= 0 && current >= 0 && next !== current + 1) problems.add('variable-order', `Record ${index}: the new MEBx password does not follow the current one.`, { record: index, offset });
  const halt = position(2, 28);
  if (halt >= 0 && [position(2, 3), position(2, 4), position(2, 17)].some((p) => p > halt)) {
    problems.add('variable-order', `Record ${index}: ME Provision Halt/Active comes before an address it should follow.`, { record: index, offset });
  }
}

// ------------------------------------------------------------------------------------------------ the view

const SECRET_DOTS = '••••••••';

function describeVariable(v: SetupBinVariable, showSecrets: boolean): SetupBinVariableView {
  const def: VariableDef | undefined = variableDef(v.module, v.id);
  const base = { module: v.module, id: v.id, length: v.value.length };
  if (!def) return { ...base, name: `Unknown variable ${v.module}/${v.id}`, value: hex(v.value), display: hex(v.value) || '(empty)' };
  const named = { ...base, key: def.key, name: def.name };
  if (def.secret && !showSecrets) {
    return { ...named, secret: true, value: null, display: `${SECRET_DOTS} (${v.value.length} character${v.value.length === 1 ? '' : 's'})` };
  }
  const secret = def.secret ? { secret: true } : {};
  const fixed = FIXED_LENGTH[def.type];
  if (fixed !== undefined && v.value.length !== fixed) return { ...named, ...secret, value: hex(v.value), display: `${hex(v.value)} (wrong length)` };
  switch (def.type) {
    case 'text': {
      const text = v.value.toString('latin1');
      return { ...named, ...secret, value: text, display: text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`) };
    }
    case 'u8':
    case 'u16':
    case 'u32': {
      const n = def.type === 'u8' ? v.value[0] : def.type === 'u16' ? v.value.readUInt16LE(0) : v.value.readUInt32LE(0);
      const label = def.values?.[n];
      return { ...named, ...secret, value: n, display: label ? `${label} (${n})` : String(n) };
    }
    case 'ipv4': {
      const text = [v.value[3], v.value[2], v.value[1], v.value[0]].join('.');
      return { ...named, value: text, display: text };
    }
    case 'guid':
      return { ...named, value: hex(v.value), display: guidText(v.value) };
    case 'cert-hash': {
      const parsed = parseCertHash(v.value);
      if ('problem' in parsed) return { ...named, value: hex(v.value), display: `${hex(v.value)} (${parsed.message})` };
      return { ...named, value: parsed, display: `${parsed.algorithm} ${parsed.hash} "${parsed.name}"` };
    }
    default:
      return { ...named, ...secret, value: hex(v.value), display: hex(v.value) || '(empty)' };
  }
}

/** A GUID's 16 bytes in the usual text form (first three fields little-endian). */
function guidText(b: Buffer): string {
  const h = (from: number, to: number, reverse: boolean) => {
    const part = Buffer.from(b.subarray(from, to));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return `${h(0, 4, true)}-${h(4, 6, true)}-${h(6, 8, true)}-${h(8, 10, false)}-${h(10, 16, false)}`.toUpperCase();
}

/** The structured view of a decoded file: what `setupbin show` prints and the app lists. Passwords hidden unless asked. */
export function describeSetupBin(fileName: string, size: number, decoded: DecodedSetupBin, options: { showSecrets?: boolean } = {}): SetupBinView {
  const { file, problems } = decoded;
  const showSecrets = options.showSecrets === true;
  const records: SetupBinRecordView[] = (file?.records ?? []).map((r, i) => ({
    index: i + 1,
    number: r.number,
    type: r.type === RECORD_TYPE_DATA ? 'data' : r.type === RECORD_TYPE_INVALID ? 'invalid' : 'unknown',
    valid: (r.flags & RECORD_FLAG_VALID) !== 0,
    scrambled: (r.flags & RECORD_FLAG_SCRAMBLED) !== 0,
    variables: r.variables.map((v) => describeVariable(v, showSecrets)),
  }));
  const first = file?.records.find((r) => r.type === RECORD_TYPE_DATA && (r.flags & RECORD_FLAG_VALID) !== 0);
  const text = (module: number, id: number) => first?.variables.find((v) => v.module === module && v.id === id)?.value.toString('latin1');
  const hashes = (first?.variables ?? [])
    .filter((v) => v.module === 2 && v.id === 8)
    .map((v) => parseCertHash(v.value))
    .filter((h): h is SetupBinHash => !('problem' in h));
  const suffix = text(2, 3);
  const fqdn = text(2, 4);
  return {
    file: fileName,
    size,
    version: file ? `${file.version}.${file.version === file.majorVersion ? file.minorVersion : 0}` : null,
    consumable: file ? (file.flags & FILE_FLAG_DO_NOT_CONSUME) === 0 : null,
    header: file
      ? {
          chunkCount: file.headerChunkCount,
          headerBytes: file.headerBytes,
          majorVersion: file.majorVersion,
          minorVersion: file.minorVersion,
          flags: file.flags,
          dataRecordCount: file.dataRecordCount,
          dataRecordsConsumed: file.dataRecordsConsumed,
          dataRecordChunkCount: file.dataRecordChunkCount,
          moduleList: file.moduleList,
        }
      : null,
    records,
    summary: {
      ...(suffix !== undefined ? { pkiDnsSuffix: suffix } : {}),
      ...(fqdn !== undefined ? { configServerFqdn: fqdn } : {}),
      hashes,
      setsCurrentMebxPassword: text(1, 1) !== undefined,
      setsNewMebxPassword: text(1, 2) !== undefined,
    },
    problems,
    ok: !problems.some((p) => p.severity === 'error'),
  };
}

/** Bytes → view in one call. */
export function readSetupBin(fileName: string, bytes: Buffer, options: { showSecrets?: boolean } = {}): SetupBinView {
  return describeSetupBin(fileName, bytes.length, decodeSetupBin(bytes), options);
}
