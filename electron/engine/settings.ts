// Settings kept in the data folder: settings.json beside the requests database (CERTDESK_HOME, else the per-user
// app-data folder). What it holds is in shared/contract/settings.ts. Written atomically (temp file, fsync, rename:
// a crash leaves the old file or the new one), owner-only; a disk that is full or read-only answers disk-full /
// not-writable with the file named, and the stored settings stay as they were. A settings.json that cannot be
// read (not JSON, not the expected shape, too large) is never replaced silently: the answer says what is wrong and
// to fix or delete the file, because replacing it would drop the user's trusted roots.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type CertDeskSettings,
  MAX_DEVICE_HASH_LIST_CHARS,
  MAX_DEVICE_HASH_LISTS,
  MAX_SETTINGS_BYTES,
  MAX_TRUSTED_ROOTS,
  normalizeRootHash,
  type ParsedSettingsSetInput,
  type SavedDeviceHashList,
  type TrustedRoot,
} from '../../shared/contract/settings';
import { CertDeskError } from '../../shared/errors';
import { parseDeviceHashes } from './amt/device-hashes';
import { writeFileAtomic } from './requests/files';
import { dataDir, ensureDataDir } from './requests/paths';

export const SETTINGS_FILE = 'settings.json';
const VERSION = 1;

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), SETTINGS_FILE);
}

// The stored document, checked as strictly as input: a hand-edited file must not smuggle in anything else.
const StoredRoot = z
  .object({
    hash: z.string().max(64).refine((h) => normalizeRootHash(h) === h, 'uppercase hex SHA-256 or SHA-1'),
    name: z.string().max(1024).optional(),
    note: z.string().max(2000).optional(),
    addedAt: z.string().max(40),
  })
  .strict();
const StoredList = z
  .object({
    fileName: z.string().min(1).max(1024),
    text: z.string().max(MAX_DEVICE_HASH_LIST_CHARS),
    savedAt: z.string().max(40),
    source: z.string().max(200),
    active: z.number().int().min(0),
  })
  .strict();
const Stored = z
  .object({
    version: z.literal(VERSION),
    trustedRoots: z.array(StoredRoot).max(MAX_TRUSTED_ROOTS),
    deviceHashLists: z.array(StoredList).max(MAX_DEVICE_HASH_LISTS),
    activeDeviceHashList: z.string().max(1024).nullable(),
  })
  .strict();
type Stored = z.infer<typeof Stored>;

const EMPTY: Stored = { version: VERSION, trustedRoots: [], deviceHashLists: [], activeDeviceHashList: null };

function unreadable(path: string, why: string): CertDeskError {
  return new CertDeskError(
    'unreadable',
    `The CertDesk settings file ${path} ${why}. Fix it or delete it (CertDesk then starts with no trusted roots and no device hash lists); it was left as it is.`,
  );
}

function load(path: string): Stored {
  if (!existsSync(path)) return EMPTY;
  let text: string;
  try {
    if (statSync(path).size > MAX_SETTINGS_BYTES) throw unreadable(path, `is larger than ${MAX_SETTINGS_BYTES / (1024 * 1024)} MiB`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CertDeskError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CertDeskError('unreadable', `Cannot read the CertDesk settings file ${path} (${code}): make it readable for this user.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw unreadable(path, 'is not valid JSON');
  }
  const parsed = Stored.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.map(String).join('.').slice(0, 80)}` : '';
    throw unreadable(path, `is not a CertDesk settings file${where} (${(issue?.message ?? 'unexpected content').slice(0, 120)})`);
  }
  return parsed.data;
}

function view(stored: Stored, path: string): CertDeskSettings {
  return {
    trustedRoots: stored.trustedRoots.map((r) => ({ ...r })),
    deviceHashLists: stored.deviceHashLists.map((l) => ({ ...l })),
    activeDeviceHashList: stored.activeDeviceHashList,
    file: path,
  };
}

/** The saved settings; the defaults (nothing trusted, no lists) when nothing was saved yet. Never writes. */
export function getSettings(env: NodeJS.ProcessEnv = process.env): CertDeskSettings {
  const path = settingsPath(env);
  return view(load(path), path);
}

/** Trusted roots as given: one entry per hash (the last one given wins), the date kept or set now. */
function mergeRoots(given: NonNullable<ParsedSettingsSetInput['trustedRoots']>, previous: TrustedRoot[], now: string): TrustedRoot[] {
  const byHash = new Map<string, TrustedRoot>();
  for (const root of given) {
    const before = previous.find((p) => p.hash === root.hash);
    byHash.delete(root.hash);
    byHash.set(root.hash, {
      hash: root.hash,
      ...(root.name ? { name: root.name } : {}),
      ...(root.note ? { note: root.note } : {}),
      addedAt: root.addedAt ?? before?.addedAt ?? now,
    });
  }
  return [...byHash.values()];
}

/** Device lists as given, each read by the engine (a list inspect would refuse is refused here, with its message). */
function mergeLists(given: NonNullable<ParsedSettingsSetInput['deviceHashLists']>, previous: SavedDeviceHashList[], now: string): SavedDeviceHashList[] {
  const byName = new Map<string, SavedDeviceHashList>();
  for (const list of given) {
    const read = parseDeviceHashes(list.text, list.fileName);
    const before = previous.find((p) => p.fileName === list.fileName && p.text === list.text);
    byName.delete(list.fileName);
    byName.set(list.fileName, {
      fileName: list.fileName,
      text: list.text,
      savedAt: list.savedAt ?? before?.savedAt ?? now,
      source: read.source,
      active: read.hashes.filter((h) => h.active).length,
    });
  }
  return [...byName.values()];
}

/**
 * Saves the fields given (each replaces the stored one; the others are kept) and answers what is now stored.
 * `activeDeviceHashList` must name a saved list; removing the list in force clears it.
 */
export function setSettings(input: ParsedSettingsSetInput, env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): CertDeskSettings {
  const path = settingsPath(env);
  const current = load(path);
  const stamp = now.toISOString();
  const next: Stored = {
    version: VERSION,
    trustedRoots: input.trustedRoots ? mergeRoots(input.trustedRoots, current.trustedRoots, stamp) : current.trustedRoots,
    deviceHashLists: input.deviceHashLists ? mergeLists(input.deviceHashLists, current.deviceHashLists, stamp) : current.deviceHashLists,
    activeDeviceHashList: input.activeDeviceHashList !== undefined ? input.activeDeviceHashList : current.activeDeviceHashList,
  };
  if (next.activeDeviceHashList !== null && !next.deviceHashLists.some((l) => l.fileName === next.activeDeviceHashList)) {
    if (input.activeDeviceHashList !== undefined && input.activeDeviceHashList !== null) {
      throw new CertDeskError('usage', `No saved device hash list is named "${input.activeDeviceHashList.slice(0, 80)}": save the list first, then put it in force.`);
    }
    next.activeDeviceHashList = null;
  }
  const json = `${JSON.stringify(next, null, 2)}\n`;
  if (Buffer.byteLength(json, 'utf8') > MAX_SETTINGS_BYTES) {
    throw new CertDeskError(
      'too-large',
      `The settings would take more than ${MAX_SETTINGS_BYTES / (1024 * 1024)} MiB: forget a saved device hash list first. Nothing was saved.`,
    );
  }
  ensureDataDir(env);
  writeFileAtomic(path, json, { force: true, mode: 0o600 });
  return view(next, path);
}
