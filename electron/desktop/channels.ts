// The IPC channels between main and preload, in one place (no electron import, so both bundles and the
// tests can use it). Renderer code never sees these names: it only has window.certdesk / certdeskHost.
import type { MenuCommand, OpenedFile } from '../../shared/bridge';

/** renderer → main, ipcRenderer.invoke(channel, operationName, input) → IpcEnvelope. */
export const INVOKE_CHANNEL = 'certdesk:op';

/** main → renderer events, keyed by channel (GitHub Desktop style: one map types both sides). */
export interface HostEvents {
  'certdesk:open-file': OpenedFile;
  'certdesk:menu-command': MenuCommand;
}
export type HostEventChannel = keyof HostEvents;

export const OPEN_FILE_CHANNEL = 'certdesk:open-file' satisfies HostEventChannel;
export const MENU_COMMAND_CHANNEL = 'certdesk:menu-command' satisfies HostEventChannel;

export const menuCommands: readonly MenuCommand[] = ['open', 'close', 'about'];
