// Saves bytes as a file from the page (Blob + <a download>): works in the browser preview and in Electron.
// Only for public material (CSR, certificates); a PFX never comes to the page: see deliverFile below.
import type { FileDownload, SavedFile } from '../../../shared/contract/requests';

/** Starts a download the way a user's click on an <a download> link does. */
function clickDownloadLink(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadBytes(fileName: string, data: Uint8Array | string, mimeType: string): void {
  const part: BlobPart = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type: mimeType }));
  clickDownloadLink(url, fileName);
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a certificate's display name: letters, digits, dot, dash, underscore. */
export { safeFileName } from '../../../shared/contract/files';

/**
 * The end of a file-producing operation (shared/contract/files.ts), whose bytes never come to this page:
 * in the preview, navigates a hidden <a download> to the server's one-time URL (the browser's download
 * manager fetches it; no script here reads it); in Electron, main has already saved the file. Returns the
 * sentence to show. Throws when the host delivered neither (never falls back to bytes).
 */
export function deliverFile(result: { download?: FileDownload; saved?: SavedFile }): string {
  if (result.saved) return `Saved to ${result.saved.path}`;
  if (result.download) {
    const { url, fileName } = result.download;
    // Only the server's own one-time path, same origin: never an arbitrary URL from an answer.
    if (!/^\/download\/[A-Za-z0-9_-]+$/.test(url)) throw new Error('The host answered with an unexpected download address.');
    clickDownloadLink(url, fileName);
    return `Saved ${fileName}`;
  }
  throw new Error('The host did not deliver the file.');
}
