// Saves bytes as a file from the page (Blob + <a download>): works in the browser preview and in Electron.
export function downloadBytes(fileName: string, data: Uint8Array | string, mimeType: string): void {
  const part: BlobPart = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a certificate's display name: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string, fallback = 'certificate'): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 80);
  return cleaned || fallback;
}
