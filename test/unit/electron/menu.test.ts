import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuActions } from '../../../electron/desktop/menu';

function actions(): MenuActions & Record<string, ReturnType<typeof vi.fn>> {
  return { open: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), close: vi.fn(), about: vi.fn() };
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const plain = (l?: string) => (l ?? '').replace(/&/g, '');
  for (const item of items) {
    if (plain(item.label) === label) return item;
    if (Array.isArray(item.submenu)) {
      try {
        return find(item.submenu, label);
      } catch {
        // keep looking
      }
    }
  }
  throw new Error(`no menu item ${label}`);
}

const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)();

describe('application menu', () => {
  it('File has Open…, Open Recent and Close; Help has About', () => {
    const a = actions();
    const template = buildMenuTemplate({ platform: 'win32', appName: 'CertDesk', recent: ['/certs/a.pfx'], devTools: false }, a);
    const file = find(template, 'File');
    expect((file.submenu as MenuItemConstructorOptions[]).map((i) => (i.label ?? i.type ?? i.role ?? '').replace(/&/g, ''))).toEqual([
      'Open…',
      'Open Recent',
      'separator',
      'Close',
      'separator',
      'Exit',
    ]);
    expect(find(template, 'Open…').accelerator).toBe('CmdOrCtrl+O');
    click(find(template, 'Open…'));
    click(find(template, 'a.pfx'));
    click(find(template, 'Clear Recent'));
    click(find(template, 'Close'));
    click(find(find(template, 'Help').submenu as MenuItemConstructorOptions[], 'About CertDesk'));
    expect(a.open).toHaveBeenCalled();
    expect(a.openRecent).toHaveBeenCalledWith('/certs/a.pfx');
    expect(a.clearRecent).toHaveBeenCalled();
    expect(a.close).toHaveBeenCalled();
    expect(a.about).toHaveBeenCalled();
  });

  it('an empty recent list shows a disabled placeholder', () => {
    const template = buildMenuTemplate({ platform: 'linux', appName: 'CertDesk', recent: [], devTools: false }, actions());
    expect(find(template, 'No recent files').enabled).toBe(false);
  });

  it('macOS gets the app menu, others get File > Exit; devtools only when asked', () => {
    const mac = buildMenuTemplate({ platform: 'darwin', appName: 'CertDesk', recent: [], devTools: false }, actions());
    expect(mac[0].label).toBe('CertDesk');
    expect(JSON.stringify(mac)).not.toContain('toggleDevTools');
    const dev = buildMenuTemplate({ platform: 'linux', appName: 'CertDesk', recent: [], devTools: true }, actions());
    expect(JSON.stringify(dev)).toContain('toggleDevTools');
  });
});
