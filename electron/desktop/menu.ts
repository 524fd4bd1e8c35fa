// The application menu as data. Only a type comes from 'electron', so the template is unit-tested in Node;
// main.ts turns it into a Menu.
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export interface MenuActions {
  open(): void;
  openRecent(filePath: string): void;
  clearRecent(): void;
  close(): void;
  about(): void;
}

export interface MenuState {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly string[];
  /** Developer tools only in unpackaged runs. */
  devTools: boolean;
}

export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = state.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = state.recent.length
    ? [
        ...state.recent.map((filePath) => ({
          label: basename(filePath),
          toolTip: filePath,
          click: () => actions.openRecent(filePath),
        })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No recent files', enabled: false }];

  const about: MenuItemConstructorOptions = { label: `About ${state.appName}`, click: () => actions.about() };

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: state.appName,
      submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { label: 'Open &Recent', submenu: recentItems },
      { type: 'separator' },
      { label: '&Close', accelerator: 'CmdOrCtrl+W', click: () => actions.close() },
      ...(isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const, label: 'E&xit' }]),
    ],
  });
  // Copy/paste in text fields (passwords, DNS suffixes) and copying thumbprints need the Edit roles.
  template.push({
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  template.push({
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(state.devTools ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({ role: 'help', label: '&Help', submenu: [about] });
  return template;
}
