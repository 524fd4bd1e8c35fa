import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { operationNames } from '../../../shared/api';
import { CertDeskError } from '../../../shared/errors';
import { INVOKE_CHANNEL } from '../../../electron/channels';
import type { DispatchResult } from '../../../electron/dispatch';
import type { ProducedFile } from '../../../electron/file-results';
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

describe('file-producing operations (export.pfx): saved by main, never sent to the page', () => {
  const PFX_BYTES = Buffer.concat([Buffer.from([0x30, 0x82]), Buffer.from('PRIVATE-KEY-MATERIAL '.repeat(30))]);
  const PFX_BASE64 = PFX_BYTES.toString('base64');
  const exported = { requestId: 'abcdef123456', cn: 'prov.corp.example.com', certificates: 3, friendlyName: 'prov', pfxBase64: PFX_BASE64 };
  const dispatch = vi.fn(async (name: unknown): Promise<DispatchResult> => (name === 'export.pfx' ? { ok: true, result: { ...exported } } : { ok: true, result: { echo: name } }));
  const input = { idOrThumbprint: 'abcdef123456', password: 'Correct-Horse-42!' };

  /** A stand-in for main's dialog saver: records what it got (a copy: ipc zeroes the buffer afterwards). */
  function saver(answer: { path: string } | null | Error) {
    const got: Array<Omit<ProducedFile, 'bytes'> & { bytes: Buffer }> = [];
    const saveFile = vi.fn(async (file: ProducedFile) => {
      got.push({ ...file, bytes: Buffer.from(file.bytes) });
      if (answer instanceof Error) throw answer;
      return answer;
    });
    return { got, saveFile };
  }

  it('replaces the bytes by saved.path; the saver gets the bytes, the suggested name and the PFX filter', async () => {
    const { got, saveFile } = saver({ path: '/home/admin/prov.corp.example.com.pfx' });
    const ipc = setup({ dispatch, saveFile });
    const answer = await ipc.invoke(ourPage(), 'export.pfx', input);
    expect(answer).toEqual({
      ok: true,
      result: { requestId: 'abcdef123456', cn: 'prov.corp.example.com', certificates: 3, friendlyName: 'prov', saved: { path: '/home/admin/prov.corp.example.com.pfx' } },
    });
    const text = JSON.stringify(answer);
    expect(text).not.toContain(PFX_BASE64.slice(0, 40));
    expect(text).not.toContain('PRIVATE-KEY-MATERIAL');
    expect(text).not.toContain('pfxBase64');
    expect(saveFile).toHaveBeenCalledTimes(1);
    expect(got[0].bytes.equals(PFX_BYTES)).toBe(true);
    expect(got[0]).toMatchObject({ fileName: 'prov.corp.example.com.pfx', mime: 'application/x-pkcs12', filter: { extensions: ['pfx', 'p12'] } });
    // The buffer main wrote from is zeroed once the answer is made.
    expect((saveFile.mock.calls[0] as [ProducedFile])[0].bytes.every((b) => b === 0)).toBe(true);
  });

  it('cancelling the save dialog → cancelled, no bytes', async () => {
    const { saveFile } = saver(null);
    const ipc = setup({ dispatch, saveFile });
    const answer = await ipc.invoke(ourPage(), 'export.pfx', input);
    expect(answer).toEqual({ ok: false, error: { code: 'cancelled', message: expect.any(String) } });
    expect(JSON.stringify(answer)).not.toContain(PFX_BASE64.slice(0, 40));
  });

  it('a failed write becomes its error; without a saver the call is refused — never the bytes instead', async () => {
    const failing = saver(new CertDeskError('unreadable', 'Cannot write /root/x.pfx (EACCES).'));
    const failed = await setup({ dispatch, saveFile: failing.saveFile }).invoke(ourPage(), 'export.pfx', input);
    expect(failed).toEqual({ ok: false, error: { code: 'unreadable', message: 'Cannot write /root/x.pfx (EACCES).' } });
    const none = await setup({ dispatch }).invoke(ourPage(), 'export.pfx', input);
    expect(none).toMatchObject({ ok: false, error: { code: 'internal' } });
    for (const answer of [failed, none]) expect(JSON.stringify(answer)).not.toContain(PFX_BASE64.slice(0, 40));
  });

  it('a result without its bytes is an internal error, not an empty file', async () => {
    const { saveFile } = saver({ path: '/tmp/x.pfx' });
    const noBytes = vi.fn(async (): Promise<DispatchResult> => ({ ok: true, result: { requestId: 'abcdef123456', cn: 'x' } }));
    const answer = await setup({ dispatch: noBytes, saveFile }).invoke(ourPage(), 'export.pfx', input);
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(saveFile).not.toHaveBeenCalled();
  });

  it('a failed export passes through without asking where to save; other operations are untouched', async () => {
    const { saveFile } = saver({ path: '/tmp/x.pfx' });
    const failing = vi.fn(async (name: unknown): Promise<DispatchResult> =>
      name === 'export.pfx' ? { ok: false, error: { code: 'wrong-password', message: 'no' } } : { ok: true, result: { echo: name } },
    );
    const ipc = setup({ dispatch: failing, saveFile });
    expect(await ipc.invoke(ourPage(), 'export.pfx', input)).toEqual({ ok: false, error: { code: 'wrong-password', message: 'no' } });
    expect(await ipc.invoke(ourPage(), 'request.list', {})).toEqual({ ok: true, result: { echo: 'request.list' } });
    expect(saveFile).not.toHaveBeenCalled();
  });

  it('a foreign sender never reaches the saver', async () => {
    const { saveFile } = saver({ path: '/tmp/x.pfx' });
    const answer = await setup({ dispatch, saveFile }).invoke(ourPage('https://example.com/'), 'export.pfx', input);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(saveFile).not.toHaveBeenCalled();
  });
});
