import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { operationNames } from '../../../shared/api';
import { CertDeskError } from '../../../shared/errors';
import { INVOKE_CHANNEL } from '../../../electron/channels';
import type { DispatchResult } from '../../../electron/dispatch';
import { setupIpc, type InvokeListener, type IpcInvokeEventLike, type SetupIpcOptions } from '../../../electron/ipc';
import { appPageUrl } from '../../../electron/shell-logic';

const PAGE_URL = appPageUrl(join('/opt', 'CertDesk', 'resources', 'app.asar', 'renderer', 'dist', 'index.html'));

/** A stand-in for ipcMain: records handlers, lets the test invoke them like Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, InvokeListener>();
  return {
    handlers,
    handle(channel: string, listener: InvokeListener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    invoke(event: IpcInvokeEventLike, ...args: unknown[]): Promise<DispatchResult> {
      const listener = handlers.get(INVOKE_CHANNEL);
      if (!listener) throw new Error('no handler');
      return listener(event, ...args);
    },
  };
}

const ourPage = (url = PAGE_URL): IpcInvokeEventLike => ({ senderFrame: { url, parent: null } });

function setup(options: Partial<SetupIpcOptions> = {}) {
  const ipc = fakeIpcMain();
  setupIpc(ipc, { appPageUrl: PAGE_URL, ...options });
  return ipc;
}

describe('setupIpc', () => {
  it('registers exactly one handler, on the invoke channel', () => {
    const ipc = setup();
    expect([...ipc.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
  });

  describe('refuses callers that are not our page', () => {
    const foreign: Array<[string, IpcInvokeEventLike]> = [
      ['another local file', ourPage(appPageUrl('/tmp/evil/index.html'))],
      ['a sibling file in the renderer folder', ourPage(PAGE_URL.replace('index.html', 'other.html'))],
      ['an http URL', ourPage('http://localhost:5173/index.html')],
      ['an https URL', ourPage('https://example.com/')],
      ['a subframe of our page', { senderFrame: { url: PAGE_URL, parent: { url: PAGE_URL } } }],
      ['a frame without parent information', { senderFrame: { url: PAGE_URL, parent: undefined } }],
      ['a destroyed frame (senderFrame null)', { senderFrame: null }],
      ['an event without senderFrame', {}],
      ['a data: URL', ourPage('data:text/html,<script>1</script>')],
      ['about:blank', ourPage('about:blank')],
    ];
    it.each(foreign)('%s → forbidden, dispatch never called', async (_label, event) => {
      const dispatch = vi.fn();
      const onRefused = vi.fn();
      const ipc = setup({ dispatch, onRefused });
      const result = await ipc.invoke(event, 'roots', {});
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      expect(dispatch).not.toHaveBeenCalled();
      expect(onRefused).toHaveBeenCalledTimes(1);
    });
  });

  it('accepts our page with a #route or ?query', async () => {
    const dispatch = vi.fn(async (): Promise<DispatchResult> => ({ ok: true, result: [] }));
    const ipc = setup({ dispatch });
    await expect(ipc.invoke(ourPage(`${PAGE_URL}#/inspect`), 'roots', {})).resolves.toEqual({ ok: true, result: [] });
    await expect(ipc.invoke(ourPage(`${PAGE_URL}?x=1`), 'roots', {})).resolves.toEqual({ ok: true, result: [] });
  });

  it('rejects unknown operation names with usage, without calling dispatch', async () => {
    const dispatch = vi.fn();
    const ipc = setup({ dispatch });
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, undefined, null, { name: 'roots' }]) {
      const result = await ipc.invoke(ourPage(), name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'usage' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('a valid call from our page reaches dispatch with the name and the raw input', async () => {
    const dispatch = vi.fn(async (): Promise<DispatchResult> => ({ ok: true, result: [{ name: 'root', sha256: 'AB', source: 's' }] }));
    const ipc = setup({ dispatch });
    const result = await ipc.invoke(ourPage(), 'roots', {});
    expect(dispatch).toHaveBeenCalledWith('roots', {});
    expect(result).toEqual({ ok: true, result: [{ name: 'root', sha256: 'AB', source: 's' }] });
  });

  it('every operation of the contract is reachable through the one channel', async () => {
    const dispatch = vi.fn(async (): Promise<DispatchResult> => ({ ok: true, result: null }));
    const ipc = setup({ dispatch });
    for (const name of operationNames) await ipc.invoke(ourPage(), name, {});
    expect(dispatch.mock.calls.map((call) => (call as unknown[])[0])).toEqual(operationNames);
  });

  describe('with the real dispatch()', () => {
    it('invalid input is rejected with usage (inspect with a number as fileName)', async () => {
      const ipc = setup();
      const result = await ipc.invoke(ourPage(), 'inspect', { fileName: 42, contentBase64: '' });
      expect(result).toMatchObject({ ok: false, error: { code: 'usage' } });
      if (!result.ok) expect(result.error.message).toMatch(/fileName/);
    });

    it('extra keys on an empty input are rejected with usage', async () => {
      const ipc = setup();
      const result = await ipc.invoke(ourPage(), 'roots', { evil: true });
      expect(result).toMatchObject({ ok: false, error: { code: 'usage' } });
    });

    it('a foreign sender is refused before input validation', async () => {
      const ipc = setup();
      const result = await ipc.invoke(ourPage('https://example.com/'), 'inspect', { fileName: 42 });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    });
  });

  describe('errors become { code, message } with no stack', () => {
    it('a CertDeskError thrown by the injected dispatch keeps its code', async () => {
      const ipc = setup({
        dispatch: async () => {
          throw new CertDeskError('wrong-password', 'The password is wrong.');
        },
      });
      const result = await ipc.invoke(ourPage(), 'roots', {});
      expect(result).toEqual({ ok: false, error: { code: 'wrong-password', message: 'The password is wrong.' } });
    });

    it('an unexpected Error becomes internal, message only', async () => {
      const ipc = setup({
        dispatch: async () => {
          throw new TypeError('boom');
        },
      });
      const result = await ipc.invoke(ourPage(), 'roots', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
      const text = JSON.stringify(result);
      expect(text).not.toMatch(/\n\s+at |\.ts:\d+|\.js:\d+|stack/);
      expect(Object.keys(result.ok ? {} : result.error).sort()).toEqual(['code', 'message']);
    });

    it('a handler failure through the real dispatch is mapped, no stack text', async () => {
      // The inspect handler is reached with valid input; whatever it throws must come back as { code, message }.
      const ipc = setup();
      const result = await ipc.invoke(ourPage(), 'inspect', { fileName: 'x.cer', contentBase64: 'AAAA' });
      if (result.ok) return; // a finished engine may answer; the shape check below is for failures
      expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
      expect(result.error.message).not.toMatch(/\n\s+at /);
    });
  });
});
