// The USB provisioning file `setup.bin` of Intel AMT: its constants and the table of variables a record can set.
// One place for the facts; read.ts and write.ts hold no number of their own.
//
// Sources (read, not copied; docs/setupbin.md has the byte map):
//  - Intel AMT SDK, Implementation and Reference Guide: "Intel AMT and USB Versions" (intelamtandusbversions1.htm):
//    format 2.0 from AMT 3.0 (current + new MEBx password, PKI DNS suffix or configuration server FQDN, remote
//    configuration, up to three certificate hashes, non-consumable records), 2.1 from AMT 4.0 (every MEBx setting),
//    3.0 from AMT 6.0; "Entering the PID-PPS Pair Using a USB Storage Device" (the BIOS validates the file, reads the
//    next record, authenticates the current password, optionally marks the record used).
//  - Intel AMT SDK USBFile module readme ("USBfile -create <file> <current MEBx password> <new MEBx password>",
//    `-v 1|2|2.1|3|4`, 4 by default; SHA-256/SHA-384 hashes need OpenSSL).
//  - MeshCentral amt/amt-setupbin.js and MeshCommander amt-setupbin-0.1.0.js (Apache-2.0, Ylian Saint-Hilaire /
//    Intel): the header and record field comments (taken from Intel's file specification), the four file-type
//    GUIDs, the variable identifiers, the scrambling, and MeshCentral certoperations.js GetSetupBinFile (a v3
//    custom-root file: 1/1, 1/2, 2/8 SHA-256 hash, 2/3 suffix, 2/28).
//  - The corpus in ../shared/corpus/setupbin (files written by Intel ACU 12.1 and by an unknown v4 writer): the
//    layout below is checked against them byte for byte (test/unit/amt/setupbin.test.ts).

/** Every part of the file is a whole number of 512-byte chunks: the header record, then the data records. */
export const CHUNK_BYTES = 512;

/** Header record: the fixed fields before the module list (FileTypeUUID … Reserved). */
export const HEADER_FIXED_BYTES = 40;

/** Data record: RecordTypeIdentifier(4) RecordFlags(4) Reserved(4) Reserved(4) ChunkCount(2) HeaderByteCount(2) RecordNumber(4). */
export const RECORD_HEADER_BYTES = 24;

/** Variable entry: ModuleIdentifier(2) VariableIdentifier(2) VariableLength(2) Reserved(2), then the value padded to 4 bytes. */
export const VARIABLE_HEADER_BYTES = 8;
export const VARIABLE_ALIGN = 4;

/** Header flags. Bit 0: records are not consumed (one record configures every machine). */
export const FILE_FLAG_DO_NOT_CONSUME = 0x0001;

/** Record type identifiers. */
export const RECORD_TYPE_INVALID = 0;
export const RECORD_TYPE_DATA = 1;

/** Record flags. Bit 0: the record is valid (not yet consumed); bit 1: its body is scrambled. */
export const RECORD_FLAG_VALID = 0x0001;
export const RECORD_FLAG_SCRAMBLED = 0x0002;

/** Scrambling: every byte of a record after its 24-byte header is stored plus 0x11 (mod 256). Obfuscation, not encryption. */
export const SCRAMBLE_ADD = 0x11;

/** Largest data record a reader accepts, in chunks: Intel's writers use 1; this only bounds hostile files. */
export const MAX_RECORD_CHUNKS = 64;

/**
 * File-type GUIDs per format version, as the bytes stored at offset 0 (hex). The header's MajorVersion repeats
 * the version; 2.1 is major 2, minor 1 under the version-2 GUID.
 */
export const FILE_TYPE_GUIDS: Readonly<Record<1 | 2 | 3 | 4, string>> = {
  1: 'b516fb7187cbf94ab441ca7b383578f9',
  2: '96b28158cf6b724c8b91a15e512e99c4',
  3: 'a7f7f6c689c4f64793ede2e5020da51d',
  4: 'aaa93452e129a9448d4d081c07b96353',
};

export type FormatVersion = keyof typeof FILE_TYPE_GUIDS;
export const FORMAT_VERSIONS: readonly FormatVersion[] = [1, 2, 3, 4];

/** The version CertDesk writes: the one Intel's USBFile and ACU write by default, and the one that carries SHA-256 hashes (3+). */
export const WRITE_VERSION: FormatVersion = 4;

/** Modules (ModuleIdentifier). */
export const MODULE_ME = 1;
export const MODULE_AMT = 2;
export const MODULE_NAMES: Readonly<Record<number, string>> = { [MODULE_ME]: 'ME', [MODULE_AMT]: 'AMT' };

/**
 * How a value is stored:
 *  - `text`: ASCII bytes, no terminator; `bytes`: opaque bytes shown as hex;
 *  - `u8`/`u16`/`u32`: little-endian integers of exactly 1/2/4 bytes;
 *  - `guid`: 16 bytes;
 *  - `cert-hash`: algorithm(1) hash(20/32/48) nameLength(1) name(nameLength, ≤ 32 ASCII);
 *  - `ipv4`: 4 bytes, least significant octet first (MeshCentral GetBareMetalSetupBinFile).
 */
export type VariableType = 'text' | 'bytes' | 'u8' | 'u16' | 'u32' | 'guid' | 'cert-hash' | 'ipv4';

export const FIXED_LENGTH: Partial<Record<VariableType, number>> = { u8: 1, u16: 2, u32: 4, guid: 16, ipv4: 4 };

export interface VariableDef {
  module: number;
  id: number;
  /** A stable key for JSON and code (`current-mebx-password`). */
  key: string;
  /** The name Intel's tools show. */
  name: string;
  type: VariableType;
  /** Longest value, bytes (text and bytes types). */
  maxLength?: number;
  /** Named values of an enumeration. */
  values?: Readonly<Record<number, string>>;
  /** The value is a password or key: never shown unless asked for. */
  secret?: boolean;
  /** First format version that has it, when later than 1. */
  since?: FormatVersion;
}

const ON_OFF = { 0: 'Off', 1: 'On' } as const;
const DISABLED_ENABLED = { 0: 'Disabled', 1: 'Enabled' } as const;

/** The variable table. Identifiers, names and value meanings: Intel USB file specification as MeshCentral's amt-setupbin.js records it. */
export const VARIABLES: readonly VariableDef[] = [
  { module: 1, id: 1, key: 'current-mebx-password', name: 'Current MEBx Password', type: 'text', maxLength: 32, secret: true },
  { module: 1, id: 2, key: 'new-mebx-password', name: 'New MEBx Password', type: 'text', maxLength: 32, secret: true },
  { module: 1, id: 3, key: 'manageability-feature-selection', name: 'Manageability Feature Selection', type: 'u8', values: { 0: 'None', 1: 'Intel AMT' } },
  { module: 1, id: 4, key: 'firmware-local-update', name: 'Firmware Local Update', type: 'u8', values: { 0: 'Disabled', 1: 'Enabled', 2: 'Password Protected' } },
  { module: 1, id: 5, key: 'firmware-update-qualifier', name: 'Firmware Update Qualifier', type: 'u8', values: { 0: 'Always', 1: 'Never', 2: 'Restricted' } },
  { module: 1, id: 6, key: 'power-package', name: 'Power Package', type: 'guid' },
  { module: 2, id: 1, key: 'pid', name: 'Provisioning Preshared Key ID (PID)', type: 'text', secret: true },
  { module: 2, id: 2, key: 'pps', name: 'Provisioning Preshared Key (PPS)', type: 'text', secret: true },
  { module: 2, id: 3, key: 'pki-dns-suffix', name: 'PKI DNS Suffix', type: 'text', maxLength: 255 },
  { module: 2, id: 4, key: 'config-server-fqdn', name: 'Configuration Server FQDN', type: 'text', maxLength: 255 },
  { module: 2, id: 5, key: 'remote-configuration', name: 'Remote Configuration Enabled (RCFG)', type: 'u8', values: ON_OFF },
  { module: 2, id: 6, key: 'pre-installed-certificates', name: 'Pre-Installed Certificates Enabled', type: 'u8', values: ON_OFF },
  { module: 2, id: 7, key: 'user-defined-certificate-configuration', name: 'User Defined Certificate Configuration', type: 'u8', values: { 0: 'Disabled', 1: 'Enabled', 2: 'Delete' } },
  { module: 2, id: 8, key: 'user-defined-certificate-addition', name: 'User Defined Certificate Addition', type: 'cert-hash' },
  {
    module: 2,
    id: 10,
    key: 'sol-ider',
    name: 'SOL/IDER Redirection Configuration',
    type: 'u8',
    values: {
      0: 'None',
      1: 'SOL only - User/Pass Disabled',
      2: 'IDER only - User/Pass Disabled',
      3: 'SOL+IDER - User/Pass Disabled',
      4: 'None - User/Pass Enabled',
      5: 'SOL only - User/Pass Enabled',
      6: 'IDER only - User/Pass Enabled',
      7: 'SOL+IDER - User/Pass Enabled',
    },
  },
  { module: 2, id: 11, key: 'hostname', name: 'Hostname', type: 'text', maxLength: 63 },
  { module: 2, id: 12, key: 'domain-name', name: 'Domain Name', type: 'text', maxLength: 255 },
  { module: 2, id: 13, key: 'dhcp', name: 'DHCP', type: 'u8', values: { 1: 'Disabled', 2: 'Enabled' } },
  { module: 2, id: 14, key: 'secure-firmware-update', name: 'Secure Firmware Update (SFWU)', type: 'u8', values: DISABLED_ENABLED },
  { module: 2, id: 15, key: 'ito', name: 'ITO', type: 'bytes' },
  { module: 2, id: 16, key: 'provisioning-mode', name: 'Provisioning Mode (PM)', type: 'u8', values: { 0: 'Enterprise', 1: 'Small Business' } },
  { module: 2, id: 17, key: 'provisioning-server-address', name: 'Provisioning Server Address', type: 'ipv4' },
  { module: 2, id: 18, key: 'provisioning-server-port', name: 'Provision Server Port Number (PSPO)', type: 'u16' },
  { module: 2, id: 19, key: 'static-ipv4', name: 'Static IPv4 Parameters', type: 'bytes' },
  { module: 2, id: 20, key: 'vlan', name: 'VLAN', type: 'bytes' },
  { module: 2, id: 21, key: 'pass-policy-flag', name: 'PASS Policy Flag', type: 'bytes' },
  { module: 2, id: 22, key: 'ipv6', name: 'IPv6', type: 'bytes', since: 3 },
  { module: 2, id: 23, key: 'shared-fqdn', name: 'Shared/Dedicated FQDN', type: 'u8', values: { 0: 'Dedicated', 1: 'Shared' } },
  { module: 2, id: 24, key: 'dynamic-dns-update', name: 'Dynamic DNS Update', type: 'u8', values: DISABLED_ENABLED },
  { module: 2, id: 25, key: 'kvm-state', name: 'Remote Desktop (KVM) State', type: 'u8', values: DISABLED_ENABLED },
  { module: 2, id: 26, key: 'user-consent', name: 'Opt-in User Consent Option', type: 'u8', values: { 0: 'Disabled', 1: 'KVM', 255: 'All' } },
  { module: 2, id: 27, key: 'remote-it-consent-policy', name: 'Opt-in Remote IT Consent Policy', type: 'u8', values: DISABLED_ENABLED },
  { module: 2, id: 28, key: 'provision-halt-activate', name: 'ME Provision Halt/Active', type: 'u8', values: { 0: 'Stop', 1: 'Start' } },
  { module: 2, id: 29, key: 'manual-setup', name: 'Manual Setup and Configuration', type: 'u8', values: { 0: 'Automated', 1: 'Manual' } },
  { module: 2, id: 30, key: 'support-channel-id', name: 'Support Channel Identifier', type: 'u32' },
  { module: 2, id: 31, key: 'support-channel-description', name: 'Support Channel Description', type: 'text', maxLength: 60 },
  { module: 2, id: 32, key: 'service-account-number', name: 'Service Account Number', type: 'text', maxLength: 32 },
  { module: 2, id: 33, key: 'enrollment-passcode', name: 'Enrollment Passcode', type: 'text', maxLength: 32, secret: true },
  { module: 2, id: 34, key: 'service-type', name: 'Service Type', type: 'u32' },
  { module: 2, id: 35, key: 'service-provider-id', name: 'Service Provider Identifier', type: 'guid' },
];

const BY_ID = new Map(VARIABLES.map((v) => [v.module * 0x10000 + v.id, v]));
const BY_KEY = new Map(VARIABLES.map((v) => [v.key, v]));

export function variableDef(module: number, id: number): VariableDef | undefined {
  return BY_ID.get(module * 0x10000 + id);
}

export function variableByKey(key: string): VariableDef {
  const def = BY_KEY.get(key);
  if (!def) throw new Error(`No setup.bin variable "${key}"`);
  return def;
}

/** Certificate hash algorithms of variable 2/8: the byte, its name, the hash length. SHA-256 and SHA-384 from format 3. */
export const HASH_ALGORITHMS: Readonly<Record<number, { name: 'SHA-1' | 'SHA-256' | 'SHA-384'; length: number; since: FormatVersion }>> = {
  1: { name: 'SHA-1', length: 20, since: 1 },
  2: { name: 'SHA-256', length: 32, since: 3 },
  3: { name: 'SHA-384', length: 48, since: 3 },
};
export const HASH_ALGORITHM_SHA256 = 2;

/** Longest friendly name of a certificate hash, bytes. */
export const HASH_NAME_MAX = 32;

/** Bytes a variable occupies in a record: its header and its value padded to 4. */
export function variableSpan(valueLength: number): number {
  return VARIABLE_HEADER_BYTES + Math.ceil(valueLength / VARIABLE_ALIGN) * VARIABLE_ALIGN;
}

/** RecordHeaderBytes of the header record for `modules` listed modules: the fixed part, each module, the 0 terminator. */
export function headerBytesFor(moduleCount: number): number {
  return HEADER_FIXED_BYTES + 2 * (moduleCount + 1);
}

// ------------------------------------------------------------------------------------------------ the file model

/** A decoded variable: identifiers and the raw value bytes (descrambled). */
export interface SetupBinVariable {
  module: number;
  id: number;
  value: Buffer;
}

export interface SetupBinRecord {
  type: number;
  flags: number;
  chunkCount: number;
  headerBytes: number;
  number: number;
  variables: SetupBinVariable[];
}

/** Everything a setup.bin holds, as numbers and bytes: what encodeSetupBin writes and decodeSetupBin reads. */
export interface SetupBinFile {
  /** The file-type GUID's version (1–4). */
  version: FormatVersion;
  headerChunkCount: number;
  headerBytes: number;
  headerRecordNumber: number;
  majorVersion: number;
  minorVersion: number;
  flags: number;
  dataRecordCount: number;
  dataRecordsConsumed: number;
  dataRecordChunkCount: number;
  /** The module list as stored (without its 0 terminator). */
  moduleList: number[];
  records: SetupBinRecord[];
}
