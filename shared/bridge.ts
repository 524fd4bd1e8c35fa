// What the renderer may touch: `window.certdesk` (one function per operation, see shared/api.ts) and
// `window.certdeskHost` (events from the host: files opened from the OS, menu commands). Electron's
// preload and the preview's page script both provide exactly these two objects.
import type { CertDeskApi } from './api';

export interface OpenedFile {
  fileName: string;
  contentBase64: string;
}

export type MenuCommand = 'open' | 'close' | 'about';

export interface CertDeskHost {
  kind: 'electron' | 'preview';
  /** Files given on the command line, by a second double-click, by macOS open-file, or dropped. Returns an unsubscribe. */
  onOpenFile(listener: (file: OpenedFile) => void): () => void;
  /** Application menu commands (File > Open…, Close, Help > About). */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

declare global {
  interface Window {
    certdesk: CertDeskApi;
    certdeskHost?: CertDeskHost;
  }
}
