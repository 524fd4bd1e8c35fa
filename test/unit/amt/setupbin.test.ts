// The setup.bin reader and writer against the files other tools wrote (../shared/corpus/setupbin, read in place,
// never copied here), plus the writer's own files read back, and hostile input for the reader.
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CHUNK_BYTES, FILE_TYPE_GUIDS, RECORD_HEADER_BYTES, VARIABLES, headerBytesFor, variableDef } from '../../../electron/engine/amt/setupbin/format';
import { decodeSetupBin, descramble, readSetupBin } from '../../../electron/engine/amt/setupbin/read';
import { buildCustomRootSetupBin, customRootModel, encodeSetupBin, scramble } from '../../../electron/engine/amt/setupbin/write';

const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'setupbin');
const present = existsSync(join(CORPUS, 'SOURCES.md'));
const corpus = (name: string) => readFileSync(join(CORPUS, name));

const JCLAB_BIN = 'jclab-intel-vpro-hbased-problem-01-setup.bin';
const JCLAB_CA = 'jclab-intel-vpro-hbased-problem-01-ca.crt';
const RGL_DEFAULT = 'rgl-intel-amt-notes-Setup-default.bin';
const RGL_MESHCOMMANDER = 'rgl-intel-amt-notes-Setup.bin';

const errorIds = (bytes: Buffer) => [...new Set(decodeSetupBin(bytes).problems.filter((p) => p.severity === 'error').map((p) => p.id))].sort();
const allIds = (bytes: Buffer) => [...new Set(decodeSetupBin(bytes).problems.map((p) => p.id))].sort();

describe('format table', () => {
  test('identifiers are unique and every variable has a key', () => {
    const ids = VARIABLES.map((v) => `${v.module}/${v.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(VARIABLES.map((v) => v.key)).size).toBe(VARIABLES.length);
    expect(variableDef(2, 8)?.type).toBe('cert-hash');
    expect(variableDef(1, 1)?.secret).toBe(true);
  });
  test('four distinct 16-byte GUIDs; header bytes = 40 + 2 per module + terminator', () => {
    const guids = Object.values(FILE_TYPE_GUIDS);
    expect(new Set(guids).size).toBe(4);
    for (const g of guids) expect(g).toMatch(/^[0-9a-f]{32}$/);
    expect(headerBytesFor(2)).toBe(46);
    expect(headerBytesFor(0)).toBe(42);
  });
  test('scrambling adds 0x11 to every byte and is undone exactly', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(scramble(Buffer.from([0x00, 0xef, 0xff]))).toEqual(Buffer.from([0x11, 0x00, 0x10]));
    expect(descramble(scramble(all))).toEqual(all);
  });
});

describe.skipIf(!present)('corpus: files written by Intel ACU, MeshCommander and an unknown v4 writer', () => {
  test.each([JCLAB_BIN, RGL_DEFAULT, RGL_MESHCOMMANDER])('%s: read, re-write, same bytes', (name) => {
    const bytes = corpus(name);
    const decoded = decodeSetupBin(bytes);
    expect(decoded.file).not.toBeNull();
    // Byte-identical: every header field, the module list (even the wrong one of RGL_MESHCOMMANDER), record
    // fields, variable order, value padding and scrambling come from the model; the files' padding is all zero.
    expect(encodeSetupBin(decoded.file!).equals(bytes)).toBe(true);
    expect(decoded.problems.filter((p) => p.id === 'padding')).toEqual([]);
  });

  test('jclab setup.bin: v4.0, plain, the SHA-256 (DER) of its ca.crt with suffix amt-provisioning.test.com', () => {
    const view = readSetupBin(JCLAB_BIN, corpus(JCLAB_BIN));
    const der = new X509Certificate(corpus(JCLAB_CA)).raw;
    const sha256 = createHash('sha256').update(der).digest('hex').toUpperCase();
    expect(sha256.startsWith('E835AC6D')).toBe(true);
    expect(view.version).toBe('4.0');
    expect(view.consumable).toBe(false);
    expect(view.records).toHaveLength(1);
    expect(view.records[0].scrambled).toBe(false);
    expect(view.summary.pkiDnsSuffix).toBe('amt-provisioning.test.com');
    expect(view.summary.hashes).toEqual([{ algorithm: 'SHA-256', hash: sha256, name: 'AMT Test CA' }]);
    expect(view.records[0].variables.map((v) => `${v.module}/${v.id}`)).toEqual(['1/1', '1/2', '1/3', '2/3', '2/5', '2/8']);
    expect(view.problems).toEqual([]);
    // Passwords never in the view unless asked for.
    expect(JSON.stringify(view)).not.toContain('P@ssw0rd');
    expect(view.records[0].variables[1]).toMatchObject({ key: 'new-mebx-password', secret: true, value: null, length: 8 });
    const shown = readSetupBin(JCLAB_BIN, corpus(JCLAB_BIN), { showSecrets: true });
    expect(shown.records[0].variables.slice(0, 2).map((v) => v.value)).toEqual(['admin', 'P@ssw0rd']);
  });

  test('jclab setup.bin is exactly what CertDesk builds from the same inputs', () => {
    const der = new X509Certificate(corpus(JCLAB_CA)).raw;
    const built = buildCustomRootSetupBin({
      currentMebxPassword: 'admin',
      newMebxPassword: 'P@ssw0rd',
      suffix: 'amt-provisioning.test.com',
      rootSha256: createHash('sha256').update(der).digest(),
      hashName: 'AMT Test CA',
    });
    expect(built.equals(corpus(JCLAB_BIN))).toBe(true);
  });

  test('ACU default file: v4.0, scrambled, manual setup, no problems', () => {
    const bytes = corpus(RGL_DEFAULT);
    const view = readSetupBin(RGL_DEFAULT, bytes, { showSecrets: true });
    expect(view.version).toBe('4.0');
    expect(view.records[0].scrambled).toBe(true);
    const byKey = Object.fromEntries(view.records[0].variables.map((v) => [v.key, v.value]));
    expect(byKey['current-mebx-password']).toBe('admin');
    expect(byKey['manual-setup']).toBe(1);
    expect(allIds(bytes)).toEqual([]);
    // Scrambled on disk: the password is not there in clear.
    expect(bytes.includes(Buffer.from('admin'))).toBe(false);
  });

  test('MeshCommander re-save: errors header-bytes and module-list only', () => {
    const bytes = corpus(RGL_MESHCOMMANDER);
    expect(errorIds(bytes)).toEqual(['header-bytes', 'module-list']);
    expect(allIds(bytes)).toEqual(['header-bytes', 'module-list']);
    const view = readSetupBin(RGL_MESHCOMMANDER, bytes);
    expect(view.ok).toBe(false);
    const byKey = Object.fromEntries(view.records[0].variables.map((v) => [v.key, v.display]));
    expect(byKey['manageability-feature-selection']).toBe('Intel AMT (1)');
    expect(byKey['sol-ider']).toBe('SOL+IDER - User/Pass Enabled (7)');
  });

  test('the MeshCommander file with its header repaired reads clean', () => {
    const decoded = decodeSetupBin(corpus(RGL_MESHCOMMANDER));
    const repaired = { ...decoded.file!, moduleList: [1, 2], headerBytes: headerBytesFor(2) };
    expect(allIds(encodeSetupBin(repaired))).toEqual([]);
  });
});

if (!present) {
  test('the setup.bin corpus is beside the repository', () => {
    if (process.env.CI) throw new Error(`CI must have ../shared/corpus/setupbin (looked in ${CORPUS})`);
    console.warn(`setup.bin corpus not found at ${CORPUS}: the corpus round trips are skipped outside CI`);
  });
}

const ROOT_HASH = createHash('sha256').update('a root').digest();
const base = { currentMebxPassword: 'admin', newMebxPassword: 'N3w-Passw0rd!', suffix: 'corp.example.com', rootSha256: ROOT_HASH, hashName: 'Corp Root CA' };

describe('writer → reader', () => {
  test.each([false, true])('scramble=%s: one 1024-byte file, read back clean, same model', (scrambled) => {
    const bytes = buildCustomRootSetupBin({ ...base, scramble: scrambled });
    expect(bytes.length).toBe(2 * CHUNK_BYTES);
    expect(allIds(bytes)).toEqual([]);
    const decoded = decodeSetupBin(bytes);
    expect(decoded.file).toEqual(customRootModel({ ...base, scramble: scrambled }));
    expect(encodeSetupBin(decoded.file!).equals(bytes)).toBe(true);
    const view = readSetupBin('x', bytes);
    expect(view.summary).toEqual({
      pkiDnsSuffix: 'corp.example.com',
      hashes: [{ algorithm: 'SHA-256', hash: ROOT_HASH.toString('hex').toUpperCase(), name: 'Corp Root CA' }],
      setsCurrentMebxPassword: true,
      setsNewMebxPassword: true,
    });
    expect(bytes.includes(Buffer.from('N3w-Passw0rd!'))).toBe(!scrambled);
  });

  test('without a new password the record has no 1/2 and the header still matches its modules', () => {
    const bytes = buildCustomRootSetupBin({ ...base, currentMebxPassword: 'Old-Passw0rd!', newMebxPassword: undefined });
    const view = readSetupBin('x', bytes);
    expect(view.records[0].variables.map((v) => v.key)).not.toContain('new-mebx-password');
    expect(view.header).toMatchObject({ headerBytes: 46, moduleList: [1, 2], majorVersion: 4, flags: 1, dataRecordCount: 1, dataRecordChunkCount: 1 });
  });

  test('the largest inputs still fit one record: 32-character passwords, 255-byte suffix, 32-byte name', () => {
    const bytes = buildCustomRootSetupBin({ ...base, currentMebxPassword: 'A'.repeat(32), newMebxPassword: 'B'.repeat(32), suffix: 'x'.repeat(255), hashName: 'N'.repeat(32) });
    expect(bytes.length).toBe(1024);
    expect(errorIds(bytes)).toEqual([]);
  });

  test('a hash name over 32 bytes or not ASCII is refused', () => {
    expect(() => customRootModel({ ...base, hashName: 'N'.repeat(33) })).toThrow(/32/);
    expect(() => customRootModel({ ...base, hashName: 'Zürich CA' })).toThrow(/ASCII/);
  });
});

describe('hostile input: clear problem ids, never a hang or a throw', () => {
  const good = () => buildCustomRootSetupBin(base);

  test('empty, truncated and foreign files', () => {
    expect(errorIds(Buffer.alloc(0))).toEqual(['too-short']);
    expect(errorIds(good().subarray(0, 511))).toEqual(['too-short']);
    expect(errorIds(Buffer.alloc(1024, 0x41))).toEqual(['file-type']);
    expect(decodeSetupBin(Buffer.alloc(1024)).file).toBeNull();
  });

  test('a header alone: no data record, record count wrong', () => {
    expect(errorIds(good().subarray(0, 512))).toEqual(['no-data-record', 'record-count']);
  });

  test('a cut record: file-size and record-count', () => {
    expect(errorIds(good().subarray(0, 700))).toEqual(['file-size', 'no-data-record', 'record-count']);
  });

  test('huge counts in the header are reported, not followed', () => {
    const bytes = good();
    bytes.writeUInt32LE(0xffffffff, 28); // DataRecordCount
    bytes.writeUInt32LE(0xffffffff, 32); // DataRecordsConsumed
    bytes.writeUInt16LE(0xffff, 36); // DataRecordChunkCount
    bytes.writeUInt16LE(0xffff, 16); // header RecordChunkCount
    expect(errorIds(bytes)).toEqual(expect.arrayContaining(['record-count', 'record-chunk-count', 'header-chunk-count']));
    // Not followed: the records read are the one the file holds, in the one-chunk size assumed, not 2^32 of them.
    const decoded = decodeSetupBin(bytes);
    expect(decoded.file!.records).toHaveLength(1);
    expect(decoded.file!.records[0].chunkCount).toBe(1);
    const variables = (file: ReturnType<typeof decodeSetupBin>) => file.file!.records[0].variables.map((v) => `${v.module}/${v.id}`);
    expect(variables(decoded)).toEqual(variables(decodeSetupBin(good())));
  });

  test('a variable whose length runs past its record', () => {
    const bytes = good();
    bytes.writeUInt16LE(0xfff0, CHUNK_BYTES + RECORD_HEADER_BYTES + 4);
    expect(errorIds(bytes)).toEqual(['variable-overrun']);
  });

  test('wrong lengths: a 2-byte flag, a hash with a bad name length, an unknown hash algorithm', () => {
    const model = customRootModel(base);
    const flag = model.records[0].variables.find((v) => v.module === 2 && v.id === 5)!;
    flag.value = Buffer.from([1, 0]);
    expect(errorIds(encodeSetupBin(model))).toEqual(['variable-length']);

    const model2 = customRootModel(base);
    const hash = model2.records[0].variables.find((v) => v.module === 2 && v.id === 8)!;
    hash.value[33] = 200; // name length
    expect(errorIds(encodeSetupBin(model2))).toEqual(['variable-length']);
    hash.value[0] = 9;
    expect(errorIds(encodeSetupBin(model2))).toEqual(['hash-algorithm']);
  });

  test('a SHA-256 hash in a version 2 file', () => {
    expect(errorIds(buildCustomRootSetupBin({ ...base, version: 2 }))).toEqual(['hash-algorithm']);
  });

  test('wrong GUID version, module 0 entries, unknown variables, duplicates, order', () => {
    const bytes = good();
    bytes[24] = 3;
    expect(errorIds(bytes)).toEqual(['version']);

    const zero = good();
    zero.writeUInt16LE(0, CHUNK_BYTES + RECORD_HEADER_BYTES); // module 0, variable 1
    expect(errorIds(zero)).toContain('variable-id');

    const model = customRootModel(base);
    model.records[0].variables.push({ module: 2, id: 99, value: Buffer.from('x') }, { module: 2, id: 3, value: Buffer.from('again') });
    model.records[0].variables.reverse();
    const ids = allIds(encodeSetupBin(model));
    expect(ids).toEqual(expect.arrayContaining(['unknown-variable', 'duplicate-variable', 'variable-order']));
    expect(errorIds(encodeSetupBin(model))).toEqual([]);
  });

  test('non-zero padding is a warning, and the only reason a re-write differs', () => {
    const bytes = good();
    bytes[CHUNK_BYTES * 2 - 1] = 7;
    expect(allIds(bytes)).toEqual(['padding']);
    const again = encodeSetupBin(decodeSetupBin(bytes).file!);
    expect(again.equals(bytes)).toBe(false);
    expect(again.equals(good())).toBe(true);
  });

  test('10 MiB of records claiming a variable each: every record read, at most 200 problems kept', () => {
    const one = good();
    const records = 20_000;
    const big = Buffer.alloc(CHUNK_BYTES * (records + 1));
    one.copy(big, 0, 0, CHUNK_BYTES);
    for (let i = 0; i < records; i++) one.copy(big, CHUNK_BYTES * (i + 1), CHUNK_BYTES);
    // No time bound: a hang hits the test timeout, and speed is measured by `npm run bench`.
    const decoded = decodeSetupBin(big);
    expect(decoded.file!.records).toHaveLength(records);
    // Each copy is numbered 1: 19,999 record-number problems, of which the first 200 are kept.
    expect(decoded.problems.length).toBe(200);
  });

  test('random bytes after a valid GUID never throw', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff;
    for (let n = 0; n < 300; n++) {
      const bytes = Buffer.alloc(512 * (1 + (n % 4)) + (n % 7));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rand();
      Buffer.from(FILE_TYPE_GUIDS[4], 'hex').copy(bytes, 0);
      expect(() => readSetupBin('r', bytes)).not.toThrow();
    }
  });
});
