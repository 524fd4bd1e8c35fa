import { describe, expect, it, vi } from 'vitest';
import { operationNames } from '../../../shared/api';
import { toErrorInfo } from '../../../shared/errors';
import { INVOKE_CHANNEL, MENU_COMMAND_CHANNEL, OPEN_FILE_CHANNEL } from '../../../electron/desktop/channels';
import { createCertDeskApi, createHostBridge, toBridgeError, unwrapEnvelope } from '../../../electron/desktop/renderer-bridge';

function fakeIpcRenderer(answer: (channel: string, ...args: unknown[]) => unknown = () => ({ ok: true, result: null })) {
  const listeners = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  return {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => answer(channel, ...args)),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    }),
    emit(channel: string, value: unknown) {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: 'fake' }, value);
    },
  };
}

describe('window.certdesk (createCertDeskApi)', () => {
  it('has exactly one function per operation of the contract, and nothing else', () => {
    const api = createCertDeskApi(fakeIpcRenderer());
    expect(Object.keys(api).sort()).toEqual([...operationNames].sort());
    for (const name of operationNames) expect(typeof api[name]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('invoke');
  });

  it('calls the one channel with the operation name and input, and resolves the result', async () => {
    const ipc = fakeIpcRenderer(() => ({ ok: true, result: [{ name: 'r', sha256: 'AA', source: 's' }] }));
    const api = createCertDeskApi(ipc);
    await expect(api.roots({})).resolves.toEqual([{ name: 'r', sha256: 'AA', source: 's' }]);
    expect(ipc.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'roots', {});
  });

  it('rejects with { name, code, message } that toErrorInfo understands', async () => {
    const ipc = fakeIpcRenderer(() => ({ ok: false, error: { code: 'wrong-password', message: 'Wrong password.' } }));
    const api = createCertDeskApi(ipc);
    const error = await api.inspect({ fileName: 'a.pfx', contentBase64: '' }).catch((e: unknown) => e);
    expect(error).toEqual({ name: 'CertDeskError', code: 'wrong-password', message: 'Wrong password.' });
    expect(toErrorInfo(error)).toEqual({ code: 'wrong-password', message: 'Wrong password.' });
  });

  it('a broken answer or a failed invoke becomes internal', async () => {
    await expect(createCertDeskApi(fakeIpcRenderer(() => 'junk')).roots({})).rejects.toMatchObject({ code: 'internal' });
    const failing = fakeIpcRenderer(() => {
      throw new Error('An object could not be cloned.');
    });
    await expect(createCertDeskApi(failing).roots({})).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('could not be cloned') });
  });

  it('a code the contract does not list reaches the page as internal, in the shape the preview uses too', async () => {
    const ipc = fakeIpcRenderer(() => ({ ok: false, error: { code: 'ENOSPC', message: 'no space' } }));
    const error = await createCertDeskApi(ipc).roots({}).catch((e: unknown) => e);
    expect(error).toEqual({ name: 'CertDeskError', code: 'internal', message: 'no space' });
    expect(error).not.toBeInstanceOf(Error);
  });

  it('unknown error codes from the other side are not passed on', () => {
    expect(toBridgeError({ code: 'made-up' as never, message: 'x' })).toEqual({ name: 'CertDeskError', code: 'internal', message: 'x' });
    expect(() => unwrapEnvelope({ ok: false })).toThrow();
    expect(unwrapEnvelope({ ok: true, result: 5 })).toBe(5);
  });
});

describe('window.certdeskHost (createHostBridge)', () => {
  it('is an electron host', () => {
    expect(createHostBridge(fakeIpcRenderer()).kind).toBe('electron');
  });

  it('buffers files that arrive before the page subscribes, then delivers live', () => {
    const ipc = fakeIpcRenderer();
    const host = createHostBridge(ipc);
    ipc.emit(OPEN_FILE_CHANNEL, { fileName: 'a.pfx', contentBase64: 'AA==', extra: 'dropped' });
    const seen: unknown[] = [];
    const unsubscribe = host.onOpenFile((file) => seen.push(file));
    expect(seen).toEqual([{ fileName: 'a.pfx', contentBase64: 'AA==' }]);
    ipc.emit(OPEN_FILE_CHANNEL, { fileName: 'b.cer', contentBase64: 'BB==' });
    expect(seen).toHaveLength(2);
    unsubscribe();
    ipc.emit(OPEN_FILE_CHANNEL, { fileName: 'c.cer', contentBase64: 'CC==' });
    expect(seen).toHaveLength(2);
  });

  it('ignores malformed events', () => {
    const ipc = fakeIpcRenderer();
    const host = createHostBridge(ipc);
    const files: unknown[] = [];
    const commands: unknown[] = [];
    host.onOpenFile((file) => files.push(file));
    host.onMenuCommand((command) => commands.push(command));
    ipc.emit(OPEN_FILE_CHANNEL, { fileName: 1 });
    ipc.emit(OPEN_FILE_CHANNEL, null);
    ipc.emit(MENU_COMMAND_CHANNEL, 'format-disk');
    ipc.emit(MENU_COMMAND_CHANNEL, 'about');
    expect(files).toEqual([]);
    expect(commands).toEqual(['about']);
  });

  it('delivers menu commands to every listener, with working unsubscribe', () => {
    const ipc = fakeIpcRenderer();
    const host = createHostBridge(ipc);
    const a: string[] = [];
    const b: string[] = [];
    const offA = host.onMenuCommand((c) => a.push(c));
    host.onMenuCommand((c) => b.push(c));
    ipc.emit(MENU_COMMAND_CHANNEL, 'close');
    offA();
    ipc.emit(MENU_COMMAND_CHANNEL, 'about');
    expect(a).toEqual(['close']);
    expect(b).toEqual(['close', 'about']);
  });
});
