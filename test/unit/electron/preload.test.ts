// The preload's wiring, with 'electron' replaced by a stand-in (the real module only works inside Electron).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { operationNames } from '../../../shared/api';

const exposed = new Map<string, unknown>();
const ipcRenderer = {
  invoke: vi.fn(async () => ({ ok: true, result: 'pong' })),
  on: vi.fn(),
  send: vi.fn(),
  removeListener: vi.fn(),
};

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));

beforeAll(async () => {
  await import('../../../electron/desktop/preload');
});

describe('preload', () => {
  it('exposes exactly certdesk and certdeskHost', () => {
    expect([...exposed.keys()].sort()).toEqual(['certdesk', 'certdeskHost']);
  });

  it('certdesk has one function per operation and never the ipcRenderer', () => {
    const api = exposed.get('certdesk') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...operationNames].sort());
    for (const value of [...exposed.values()].flatMap((v) => Object.values(v as object))) {
      expect(value).not.toBe(ipcRenderer);
      expect(value).not.toBe(ipcRenderer.invoke);
      expect(value).not.toBe(ipcRenderer.on);
    }
  });

  it('certdesk calls go through ipcRenderer.invoke', async () => {
    const api = exposed.get('certdesk') as Record<string, (input: unknown) => Promise<unknown>>;
    await expect(api.roots({})).resolves.toBe('pong');
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('certdesk:op', 'roots', {});
  });

  it('certdeskHost subscribed to both host channels when the preload ran', () => {
    const channels = ipcRenderer.on.mock.calls.map((call) => (call as unknown[])[0]);
    expect(channels.sort()).toEqual(['certdesk:menu-command', 'certdesk:open-file']);
    const host = exposed.get('certdeskHost') as { kind: string; onOpenFile: unknown; onMenuCommand: unknown };
    expect(host.kind).toBe('electron');
    expect(typeof host.onOpenFile).toBe('function');
    expect(typeof host.onMenuCommand).toBe('function');
  });
});
