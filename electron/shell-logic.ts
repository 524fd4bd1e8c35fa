// The pure parts of the Electron shell (main.ts): which command-line arguments are files to open, the
// recent-files list, "is this IPC sender our own page", permission policy and the open-file queue.
// No electron import here, so all of it is unit-tested in plain Node (test/unit/electron/).
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpenedFile } from '../shared/bridge';
import { MAX_FILE_BYTES } from '../shared/contract/operation';
import { CertDeskError } from '../shared/errors';

/** The file associations of the installers (build/electron-builder.json). */
export const ASSOCIATED_EXTENSIONS = ['pfx', 'p12', 'cer', 'crt', 'der', 'p7b', 'csr'] as const;

/** What the app opens from the command line or a second instance: the associations plus PEM files. */
export const OPENABLE_EXTENSIONS: readonly string[] = [...ASSOCIATED_EXTENSIONS, 'pem'];

export function isOpenablePath(candidate: string): boolean {
  const ext = extname(candidate).slice(1).toLowerCase();
  return OPENABLE_EXTENSIONS.includes(ext);
}

/**
 * The files to open among command-line arguments. Chromium switches (`--foo`, also those Electron adds
 * to a second instance's argv), the executable and the app folder (`electron .`) are skipped because
 * only paths with a certificate extension are kept. Relative paths resolve against `cwd` (for a second
 * instance: its working directory, not ours). Duplicates are dropped, order is kept.
 */
export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const arg of argv.slice(1)) {
    if (typeof arg !== 'string' || arg.length === 0 || arg.startsWith('-')) continue;
    if (!isOpenablePath(arg)) continue;
    const full = resolve(cwd, arg);
    if (!files.includes(full)) files.push(full);
  }
  return files;
}

// ---------------------------------------------------------------------------------------------- recent

export const RECENT_LIMIT = 10;

/** A new list with `filePath` first, without duplicates, at most `limit` long. */
export function addRecent(list: readonly string[], filePath: string, limit = RECENT_LIMIT): string[] {
  return [filePath, ...list.filter((item) => item !== filePath)].slice(0, limit);
}

export function removeRecent(list: readonly string[], filePath: string): string[] {
  return list.filter((item) => item !== filePath);
}

/** Parses the stored recent list; anything malformed gives an empty list (it is only a convenience). */
export function parseRecentList(text: string, limit = RECENT_LIMIT): string[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    const paths = value.filter((item): item is string => typeof item === 'string' && item.length > 0 && item.length < 4096);
    return [...new Set(paths)].slice(0, limit);
  } catch {
    return [];
  }
}

export function serializeRecentList(list: readonly string[]): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}

// ------------------------------------------------------------------------------------------ the page

/** The file:// URL of the built renderer page, the only page the app ever shows. */
export function appPageUrl(indexHtmlPath: string): string {
  return pathToFileURL(indexHtmlPath).href;
}

function withoutFragmentAndQuery(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    parsed.search = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/** True when `url` is our page (any #route or ?query of it), never for another file, host or scheme. */
export function isAppPageUrl(url: unknown, pageUrl: string): boolean {
  if (typeof url !== 'string' || !url.startsWith('file:')) return false;
  const actual = withoutFragmentAndQuery(url);
  return actual !== null && actual === withoutFragmentAndQuery(pageUrl);
}

/** The parts of an IPC event's sender frame the check needs (Electron's WebFrameMain has them). */
export interface SenderFrameLike {
  url: string;
  /** `null` for a main frame. */
  parent: unknown;
}

/** An IPC sender is trusted only when it is the main frame of our own page. */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, pageUrl: string): boolean {
  if (!frame || typeof frame !== 'object') return false;
  if (frame.parent !== null) return false;
  return isAppPageUrl(frame.url, pageUrl);
}

/**
 * Requests the app's session lets through: files of the built renderer folder, and data:/blob: URLs the
 * page makes itself (devtools: for the developer tools of unpackaged runs). Everything else, in
 * particular any http(s)/ws(s) URL and any other file on disk, is cancelled: no remote content.
 */
export function isAllowedRequestUrl(url: string, rendererDirUrl: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'devtools:') return true;
  if (parsed.protocol !== 'file:') return false;
  const dir = rendererDirUrl.endsWith('/') ? rendererDirUrl : `${rendererDirUrl}/`;
  parsed.hash = '';
  parsed.search = '';
  // URL parsing resolves ../ segments, so a path cannot climb out of the folder.
  return parsed.href.startsWith(dir);
}

// ---------------------------------------------------------------------------------------- permissions

/**
 * Permissions the page may use. Everything else (camera, geolocation, notifications, HID, serial,
 * openExternal, …) is refused. Copying a thumbprint with navigator.clipboard.writeText needs
 * 'clipboard-sanitized-write', which writes plain text only and cannot read the clipboard.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, pageUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppPageUrl(requestingUrl, pageUrl);
}

// ------------------------------------------------------------------------------------ reading a file

/**
 * Reads a file the user chose (dialog, command line, second instance, macOS open-file) into what the
 * renderer gets. Files over 10 MiB are refused before reading; failures become CertDeskErrors.
 */
export async function readOpenedFile(filePath: string, maxBytes = MAX_FILE_BYTES): Promise<OpenedFile> {
  const fileName = basename(filePath);
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new CertDeskError('unreadable', `${fileName} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof CertDeskError) throw error;
    throw new CertDeskError('unreadable', `${fileName} cannot be read: ${describeFsError(error)}.`);
  }
  if (size > maxBytes) {
    throw new CertDeskError('too-large', `${fileName} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; certificate files are much smaller.`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    throw new CertDeskError('unreadable', `${fileName} cannot be read: ${describeFsError(error)}.`);
  }
  if (bytes.length > maxBytes) {
    throw new CertDeskError('too-large', `${fileName} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
  }
  return { fileName, contentBase64: bytes.toString('base64') };
}

const fsErrorWords: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  EBUSY: 'it is in use',
};

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && fsErrorWords[code]) || 'an I/O error occurred';
}

// ------------------------------------------------------------------------------------ open-file queue

/**
 * Paths to open that arrive before the window can take them (command line at start, macOS open-file
 * before `ready`, a second instance while loading) wait here; `ready()` delivers them in order and
 * every later `push()` is delivered at once.
 */
export interface OpenFileQueue {
  push(filePath: string): void;
  /** Starts delivery (window loaded). */
  ready(deliver: (filePath: string) => void): void;
  /** Stops delivery again (window closed; a new window calls ready() again). */
  pause(): void;
  pending(): readonly string[];
}

export function createOpenFileQueue(): OpenFileQueue {
  let waiting: string[] = [];
  let deliver: ((filePath: string) => void) | null = null;
  return {
    push(filePath) {
      if (deliver) deliver(filePath);
      else if (!waiting.includes(filePath)) waiting.push(filePath);
    },
    ready(fn) {
      deliver = fn;
      const queued = waiting;
      waiting = [];
      for (const filePath of queued) fn(filePath);
    },
    pause() {
      deliver = null;
    },
    pending() {
      return [...waiting];
    },
  };
}
