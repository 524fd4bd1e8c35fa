// The setup.bin writer. `encodeSetupBin` writes a file model exactly as given (header fields, module list, record
// fields, variables in their order): decode → encode gives the same bytes for every file whose padding and
// reserved fields are zero (the reader reports `padding` otherwise). `buildCustomRootSetupBin` makes the one-record
// file of the custom-root kit with the header fields computed as Intel's writers compute them.
import { CertDeskError } from '../../../../shared/errors';
import {
  CHUNK_BYTES,
  FILE_FLAG_DO_NOT_CONSUME,
  FILE_TYPE_GUIDS,
  HASH_ALGORITHM_SHA256,
  HASH_ALGORITHMS,
  HASH_NAME_MAX,
  HEADER_FIXED_BYTES,
  RECORD_FLAG_SCRAMBLED,
  RECORD_FLAG_VALID,
  RECORD_HEADER_BYTES,
  RECORD_TYPE_DATA,
  SCRAMBLE_ADD,
  VARIABLE_HEADER_BYTES,
  WRITE_VERSION,
  headerBytesFor,
  variableByKey,
  variableSpan,
  type FormatVersion,
  type SetupBinFile,
  type SetupBinVariable,
} from './format';

export function scramble(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  for (let i = 0; i < body.length; i++) out[i] = (body[i] + SCRAMBLE_ADD) & 0xff;
  return out;
}

/** Bytes of a record body holding `variables` (without the 0/0 terminator, which the zero padding provides). */
export function recordBodyLength(variables: SetupBinVariable[]): number {
  return variables.reduce((sum, v) => sum + variableSpan(v.value.length), 0);
}

/** The file model as bytes. Throws `internal` when the model cannot be written (a value too long for its record). */
export function encodeSetupBin(file: SetupBinFile): Buffer {
  const chunks = Math.max(1, file.dataRecordChunkCount);
  const recordSize = chunks * CHUNK_BYTES;
  const out = Buffer.alloc(CHUNK_BYTES + file.records.length * recordSize);

  Buffer.from(FILE_TYPE_GUIDS[file.version], 'hex').copy(out, 0);
  out.writeUInt16LE(file.headerChunkCount, 16);
  out.writeUInt16LE(file.headerBytes, 18);
  out.writeUInt32LE(file.headerRecordNumber, 20);
  out[24] = file.majorVersion;
  out[25] = file.minorVersion;
  out.writeUInt16LE(file.flags, 26);
  out.writeUInt32LE(file.dataRecordCount, 28);
  out.writeUInt32LE(file.dataRecordsConsumed, 32);
  out.writeUInt16LE(file.dataRecordChunkCount, 36);
  // 38: reserved (0). 40: the module list, ended by 0 (the zeroed buffer supplies the terminator).
  if (HEADER_FIXED_BYTES + 2 * (file.moduleList.length + 1) > CHUNK_BYTES) throw new CertDeskError('internal', 'Too many modules for a setup.bin header.');
  file.moduleList.forEach((module, i) => out.writeUInt16LE(module, HEADER_FIXED_BYTES + 2 * i));

  file.records.forEach((record, index) => {
    const at = CHUNK_BYTES + index * recordSize;
    out.writeUInt32LE(record.type, at);
    out.writeUInt32LE(record.flags, at + 4);
    // at + 8 .. at + 16: two reserved 4-byte fields (0).
    out.writeUInt16LE(record.chunkCount, at + 16);
    out.writeUInt16LE(record.headerBytes, at + 18);
    out.writeUInt32LE(record.number, at + 20);
    const body = Buffer.alloc(recordSize - RECORD_HEADER_BYTES);
    if (recordBodyLength(record.variables) > body.length) {
      throw new CertDeskError('internal', `Record ${index + 1} does not fit in ${recordSize} bytes.`);
    }
    let p = 0;
    for (const v of record.variables) {
      if (v.value.length > 0xffff) throw new CertDeskError('internal', `Variable ${v.module}/${v.id} is too long.`);
      body.writeUInt16LE(v.module, p);
      body.writeUInt16LE(v.id, p + 2);
      body.writeUInt16LE(v.value.length, p + 4);
      // p + 6: reserved (0).
      v.value.copy(body, p + VARIABLE_HEADER_BYTES);
      p += variableSpan(v.value.length);
    }
    (record.flags & RECORD_FLAG_SCRAMBLED ? scramble(body) : body).copy(out, at + RECORD_HEADER_BYTES);
  });
  return out;
}

// ------------------------------------------------------------------------------------------------ the custom-root file

export interface CustomRootOptions {
  /** The device's MEBx password now ("admin" on a device never set up). */
  currentMebxPassword: string;
  /** The MEBx password to set; absent = keep the current one. */
  newMebxPassword?: string;
  /** PKI DNS suffix (2/3). */
  suffix: string;
  /** SHA-256 of the root certificate's DER. */
  rootSha256: Buffer;
  /** Friendly name stored with the hash (≤ 32 ASCII bytes). */
  hashName: string;
  /** Store the record scrambled (as Intel ACU does). */
  scramble?: boolean;
  version?: FormatVersion;
}

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const u8 = (n: number): Buffer => Buffer.from([n]);

/**
 * One record, not consumed (every machine takes it), in the order Intel's notes ask for: current MEBx password,
 * new MEBx password, Manageability Feature Selection = Intel AMT, PKI DNS suffix, Remote Configuration = On, the
 * root's SHA-256 hash with its name. The same layout as the custom-root file in the corpus (jclab) and the
 * variables MeshCentral's GetSetupBinFile writes (it adds 2/28 = Stop, which CertDesk leaves to the firmware).
 */
export function customRootModel(options: CustomRootOptions): SetupBinFile {
  if (options.rootSha256.length !== HASH_ALGORITHMS[HASH_ALGORITHM_SHA256].length) throw new CertDeskError('internal', 'A SHA-256 hash is 32 bytes.');
  const name = ascii(options.hashName);
  if (name.length > HASH_NAME_MAX || !/^[\x20-\x7e]*$/.test(options.hashName)) throw new CertDeskError('usage', `The hash name must be at most ${HASH_NAME_MAX} printable ASCII characters.`);
  const v = (key: string, value: Buffer): SetupBinVariable => {
    const def = variableByKey(key);
    return { module: def.module, id: def.id, value };
  };
  const variables: SetupBinVariable[] = [
    v('current-mebx-password', ascii(options.currentMebxPassword)),
    ...(options.newMebxPassword !== undefined ? [v('new-mebx-password', ascii(options.newMebxPassword))] : []),
    v('manageability-feature-selection', u8(1)),
    v('pki-dns-suffix', ascii(options.suffix)),
    v('remote-configuration', u8(1)),
    v('user-defined-certificate-addition', Buffer.concat([u8(HASH_ALGORITHM_SHA256), options.rootSha256, u8(name.length), name])),
  ];
  const modules = [...new Set(variables.map((x) => x.module))];
  const version = options.version ?? WRITE_VERSION;
  return {
    version,
    headerChunkCount: 1,
    headerBytes: headerBytesFor(modules.length),
    headerRecordNumber: 0,
    majorVersion: version,
    minorVersion: 0,
    flags: FILE_FLAG_DO_NOT_CONSUME,
    dataRecordCount: 1,
    dataRecordsConsumed: 0,
    dataRecordChunkCount: 1,
    moduleList: modules,
    records: [
      {
        type: RECORD_TYPE_DATA,
        flags: RECORD_FLAG_VALID | (options.scramble ? RECORD_FLAG_SCRAMBLED : 0),
        chunkCount: 1,
        headerBytes: RECORD_HEADER_BYTES,
        number: 1,
        variables,
      },
    ],
  };
}

export function buildCustomRootSetupBin(options: CustomRootOptions): Buffer {
  return encodeSetupBin(customRootModel(options));
}
