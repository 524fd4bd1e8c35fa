// Which page, IPC sender and request URL the desktop shell trusts: only its own built renderer page.
import { pathToFileURL } from 'node:url';

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
