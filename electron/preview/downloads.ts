// One-time downloads of the preview server: the bytes of a file-producing operation (shared/contract/files.ts,
// e.g. a PFX) wait here, in this process's memory only, for one GET of /download/<id> within the TTL. The id
// is 32 random bytes (base64url): the capability itself, since a browser navigation cannot carry the API token.
// Used, expired or evicted entries are zeroed and forgotten.
import { createHash, randomBytes } from 'node:crypto';
import type { ProducedFile } from '../operations/file-results';

export const DOWNLOAD_PATH_PREFIX = '/download/';
/** About a minute: the page navigates to the URL as soon as it has the answer. */
export const DEFAULT_DOWNLOAD_TTL_MS = 60_000;
/** Files waiting at once; the oldest is dropped beyond this (a page never needs more than one or two). */
export const MAX_PENDING_DOWNLOADS = 8;

export interface DownloadStoreOptions {
  ttlMs?: number;
  /** Milliseconds since the epoch; tests pass a clock they move. */
  now?: () => number;
  maxPending?: number;
}

export interface DownloadStore {
  /** Keeps the file for one take(); returns the URL path `/download/<id>`. */
  add(file: ProducedFile): string;
  /** The file for this id, once: later calls (and unknown or expired ids) give undefined. The caller zeroes the bytes after sending. */
  take(id: string): ProducedFile | undefined;
  /** How many files are waiting (tests). */
  size(): number;
  /** Zeroes and forgets everything (server close). */
  clear(): void;
}

interface Entry {
  file: ProducedFile;
  expires: number;
  timer: NodeJS.Timeout;
}

/** The map is keyed by a hash of the id, so looking one up does not compare secrets byte by byte. */
function key(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

export function createDownloadStore(options: DownloadStoreOptions = {}): DownloadStore {
  const ttlMs = options.ttlMs ?? DEFAULT_DOWNLOAD_TTL_MS;
  const now = options.now ?? Date.now;
  const maxPending = options.maxPending ?? MAX_PENDING_DOWNLOADS;
  const entries = new Map<string, Entry>();

  const drop = (k: string): void => {
    const entry = entries.get(k);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.file.bytes.fill(0);
    entries.delete(k);
  };

  return {
    add(file) {
      while (entries.size >= maxPending) drop(entries.keys().next().value as string);
      const id = randomBytes(32).toString('base64url');
      const k = key(id);
      // The wipe after the TTL does not depend on anyone asking; unref: it never keeps the process alive.
      const timer = setTimeout(() => drop(k), ttlMs);
      timer.unref();
      entries.set(k, { file, expires: now() + ttlMs, timer });
      return `${DOWNLOAD_PATH_PREFIX}${id}`;
    },
    take(id) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
      const k = key(id);
      const entry = entries.get(k);
      if (!entry) return undefined;
      if (now() > entry.expires) {
        drop(k);
        return undefined;
      }
      clearTimeout(entry.timer);
      entries.delete(k);
      return entry.file;
    },
    size: () => entries.size,
    clear() {
      for (const k of [...entries.keys()]) drop(k);
    },
  };
}
