// Settings kept in the data folder (settings.json beside the requests database): the root hashes the user says
// are in their devices (a custom root entered in MEBx or a USB setup.bin), and the device hash lists they loaded
// (`rpc amtinfo --cert --json`, MeshCentral amthashes, or one SHA-256 per line), with the one in force. The app's
// readiness panel passes them to `inspect` (trustRootHashes, deviceHashes); the CLI shows them (`settings show`).
import { z } from 'zod';
import { operation } from './operation';

/** At most this many trusted root hashes (inspect's trustRootHashes takes 64). */
export const MAX_TRUSTED_ROOTS = 64;
/** At most this many saved device hash lists. */
export const MAX_DEVICE_HASH_LISTS = 8;
/** One device hash list's text (as inspect's deviceHashes.text). */
export const MAX_DEVICE_HASH_LIST_CHARS = 1024 * 1024;
/** settings.json as a whole: larger is refused on save and on read. */
export const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/**
 * A root fingerprint as a person types or copies it (any case; colons, spaces or dashes between digits) →
 * uppercase hex; null unless it is a SHA-1 (40 digits) or SHA-256 (64 digits), as --trust-root-hash takes.
 */
export function normalizeRootHash(text: string): string | null {
  const hex = String(text ?? '').replace(/[\s:-]/g, '').toUpperCase();
  return /^[0-9A-F]+$/.test(hex) && (hex.length === 40 || hex.length === 64) ? hex : null;
}

/** Not printable in a label: control and invisible format characters, lone surrogates, line separators. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

const Label = (max: number) =>
  z
    .string()
    .max(max * 4)
    .trim()
    .refine((s) => [...s].length <= max, `at most ${max} characters`)
    .refine((s) => !NON_PRINTABLE.test(s), 'printable characters only');

const RootHash = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const hex = normalizeRootHash(text);
    if (!hex) {
      ctx.addIssue({ code: 'custom', message: "a root's SHA-256 (64 hex digits) or SHA-1 (40 hex digits)" });
      return z.NEVER;
    }
    return hex;
  });

/** A root the user says is in their devices: its hash, the name they know it by, when it was added. */
export const TrustedRootInput = z
  .object({
    hash: RootHash,
    /** The root's name as shown when it was trusted (its CN), for the list; never used to match. */
    name: Label(256).optional(),
    /** Why it is trusted ("entered in MEBx on the lab fleet"): free text. */
    note: Label(500).optional(),
    /** ISO 8601; set by CertDesk when absent. */
    addedAt: z.iso.datetime().optional(),
  })
  .strict();

/** A device hash list to keep: the file's name and text (the engine reads it as inspect's deviceHashes does). */
export const DeviceHashListInput = z
  .object({
    fileName: Label(255).pipe(z.string().min(1)),
    text: z.string().max(MAX_DEVICE_HASH_LIST_CHARS),
    /** ISO 8601; set by CertDesk when absent. */
    savedAt: z.iso.datetime().optional(),
  })
  .strict();

/**
 * settings.set: each field given replaces the stored one, fields left out are kept. `activeDeviceHashList` is
 * the file name of a saved list (the list in force), or null for none.
 */
export const SettingsSetInput = z
  .object({
    trustedRoots: z.array(TrustedRootInput).max(MAX_TRUSTED_ROOTS).optional(),
    deviceHashLists: z.array(DeviceHashListInput).max(MAX_DEVICE_HASH_LISTS).optional(),
    activeDeviceHashList: Label(255).nullable().optional(),
  })
  .strict();
export type SettingsSetInput = z.input<typeof SettingsSetInput>;
export type ParsedSettingsSetInput = z.output<typeof SettingsSetInput>;

export interface TrustedRoot {
  /** Uppercase hex SHA-256 (or SHA-1). */
  hash: string;
  name?: string;
  note?: string;
  addedAt: string;
}

export interface SavedDeviceHashList {
  fileName: string;
  text: string;
  savedAt: string;
  /** How the engine read it ('rpc amtinfo --cert --json', 'MeshCentral amthashes', 'plain list'). */
  source: string;
  /** How many hashes it lists as active. */
  active: number;
}

export interface CertDeskSettings {
  trustedRoots: TrustedRoot[];
  deviceHashLists: SavedDeviceHashList[];
  /** The file name of the list in force, or null. */
  activeDeviceHashList: string | null;
  /** Where they are kept (settings.json in the data folder). */
  file: string;
}

export const settingsOperations = {
  /** The saved settings (defaults when nothing was saved yet). */
  'settings.get': operation<CertDeskSettings>()(z.object({}).strict()),
  /** Saves the fields given (each replaces the stored one) and answers the settings now stored. */
  'settings.set': operation<CertDeskSettings>()(SettingsSetInput),
};
