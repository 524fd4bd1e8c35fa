import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { operationNames } from '../../../shared/api';
import { CertDeskError, errorCodes } from '../../../shared/errors';
import { INVOKE_CHANNEL } from '../../../electron/desktop/channels';
import { dispatch as realDispatch, type DispatchResult } from '../../../electron/operations/dispatch';
import type { ProducedFile } from '../../../electron/operations/file-results';
import { checkInputSize, MAX_INPUT_BYTES, MAX_INPUT_DEPTH, setupIpc, type InvokeListener, type IpcInvokeEventLike, type SetupIpcOptions } from '../../../electron/desktop/ipc';
import { appPageUrl } from '../../../electron/desktop/page-security';

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
      ['http://evil.example', ourPage('http://evil.example/')],
      ['a file:// URL climbing out of the renderer folder', ourPage(PAGE_URL.replace('/dist/index.html', '/dist/../../evil/index.html'))],
      ['a file:// URL climbing out with %2e%2e', ourPage(PAGE_URL.replace('/dist/index.html', '/dist/%2e%2e/%2e%2e/evil/index.html'))],
      ['a file:// URL of our path on another host (UNC)', ourPage(PAGE_URL.replace('file:///', 'file://evil.example/'))],
      ['the renderer folder itself', ourPage(PAGE_URL.replace('index.html', ''))],
      ['a blob: URL of our page', ourPage(`blob:${PAGE_URL}`)],
      ['a javascript: URL', ourPage('javascript:alert(1)')],
      ['a frame whose url is not a string', { senderFrame: { url: 42 as unknown as string, parent: null } }],
      [
        'a disposed frame (its getters throw)',
        {
          senderFrame: Object.defineProperties({} as { url: string; parent: unknown }, {
            url: { get: () => { throw new Error('Render frame was disposed before WebFrameMain could be accessed'); } },
            parent: { get: () => { throw new Error('Render frame was disposed before WebFrameMain could be accessed'); } },
          }),
        },
      ],
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
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'ROOTS', 'roots ', 'x'.repeat(1_000_000), 42, undefined, null, { name: 'roots' }, Object.create(null), Symbol('roots'), ['roots']]) {
      const result = await ipc.invoke(ourPage(), name, {});
      expect(result).toEqual({ ok: false, error: { code: 'usage', message: expect.stringMatching(/^Unknown operation: /) } });
      if (!result.ok) expect(result.error.message.length).toBeLessThan(120);
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
      // Valid input, bytes that are no certificate: the engine itself refuses them.
      const ipc = setup();
      const result = await ipc.invoke(ourPage(), 'inspect', { fileName: 'x.cer', contentBase64: 'AAAA' });
      expect(result).toEqual({ ok: false, error: { code: 'unreadable', message: expect.any(String) } });
      expect(JSON.stringify(result)).not.toMatch(/\n\s+at |\.[jt]s:\d+/);
    });

    it('a saver that throws a plain Error becomes internal, message only', async () => {
      const exporting = async (): Promise<DispatchResult> => ({ ok: true, result: { requestId: 'abcdef123456', cn: 'x', pfxBase64: 'AAAA' } });
      const saveFile = async (): Promise<null> => {
        throw new TypeError('disk on fire');
      };
      const result = await setup({ dispatch: exporting, saveFile }).invoke(ourPage(), 'export.pfx', { idOrThumbprint: 'abcdef123456', password: 'pw' });
      expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('disk on fire') } });
      expect(JSON.stringify(result)).not.toMatch(/\n\s+at /);
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

describe('hostile input from our own page (real dispatch behind a spy)', () => {
  /** The real dispatch, recording what reached it. */
  function realWithSpy() {
    const reached: Array<[unknown, unknown]> = [];
    const dispatch = async (name: unknown, input: unknown) => {
      reached.push([name, input]);
      return realDispatch(name, input);
    };
    return { reached, ipc: setup({ dispatch }) };
  }

  /** A refusal as the page gets it: { ok: false, error: { code, message } }, a stable code, no stack. */
  function expectRefusal(result: DispatchResult, code: string) {
    expect(result).toEqual({ ok: false, error: { code, message: expect.any(String) } });
    if (result.ok) return;
    expect(errorCodes).toContain(result.error.code);
    expect(result.error.message.length).toBeLessThan(600);
    expect(result.error.message).not.toMatch(/\n\s+at |\.[jt]s:\d+/);
  }

  it('wrong types are usage, naming the field', async () => {
    const { ipc } = realWithSpy();
    const cases: Array<[string, unknown, RegExp]> = [
      ['inspect', { fileName: 42, contentBase64: '' }, /fileName/],
      ['inspect', { fileName: 'a.cer', contentBase64: ['AAAA'] }, /contentBase64/],
      ['inspect', { fileName: 'a.cer', contentBase64: 'AAAA', password: { toString: 'x' } }, /password/],
      ['inspect', { fileName: 'a.cer', contentBase64: 'AAAA', dnsSuffixes: 'corp.example.com' }, /dnsSuffixes/],
      ['plan', { suffixes: [1, 2] }, /suffixes/],
      ['request.new', { cn: 'a.example.com', org: 'example.com', keySize: '2048' }, /keySize/],
      ['request.show', { id: 7 }, /id/],
      ['roots', 'roots', /roots/],
      ['roots', [1], /roots/],
      ['inspect', 42, /inspect/],
    ];
    for (const [name, input, where] of cases) {
      const result = await ipc.invoke(ourPage(), name, input);
      expectRefusal(result, 'usage');
      if (!result.ok) expect(result.error.message, name).toMatch(where);
    }
  });

  it('extra keys are refused where the schema is strict (roots, request.list)', async () => {
    const { ipc } = realWithSpy();
    expectRefusal(await ipc.invoke(ourPage(), 'roots', { evil: true }), 'usage');
    expectRefusal(await ipc.invoke(ourPage(), 'request.list', { all: true }), 'usage');
  });

  it('a 100 MB string field is too-large before dispatch; the handler keeps answering', async () => {
    const { ipc, reached } = realWithSpy();
    const huge = 'A'.repeat(100 * 1024 * 1024);
    expectRefusal(await ipc.invoke(ourPage(), 'inspect', { fileName: 'a.pfx', contentBase64: huge }), 'too-large');
    expectRefusal(await ipc.invoke(ourPage(), 'inspect', { fileName: huge, contentBase64: '' }), 'too-large');
    // An unknown key is stripped by the schema, but the limit applies to the whole input.
    expectRefusal(await ipc.invoke(ourPage(), 'plan', { suffixes: ['corp.example.com'], junk: huge }), 'too-large');
    // A key name counts too.
    expectRefusal(await ipc.invoke(ourPage(), 'roots', { [huge.slice(0, MAX_INPUT_BYTES + 1)]: 1 }), 'too-large');
    expect(reached).toEqual([]);
    const roots = await ipc.invoke(ourPage(), 'roots', {});
    expect(roots.ok).toBe(true);
  });

  it('a string just under the limit but over the field bound is usage (the schema), not a crash', async () => {
    const { ipc, reached } = realWithSpy();
    const result = await ipc.invoke(ourPage(), 'inspect', { fileName: 'a.pfx', contentBase64: 'A'.repeat(MAX_INPUT_BYTES - 1024) });
    expect(reached).toHaveLength(1);
    expectRefusal(result, 'usage');
    if (!result.ok) expect(result.error.message).toMatch(/contentBase64/);
  });

  it('huge and sparse arrays are refused without walking them', async () => {
    const { ipc, reached } = realWithSpy();
    const sparse: string[] = [];
    sparse.length = 2 ** 31;
    // Slots looked at, counted instead of timed (a walk of 2^31 slots takes seconds); past 1,000 the proxy
    // throws, so a walking check fails here at once instead of running on.
    let slotsRead = 0;
    const slot = (key: string | symbol) => {
      if (typeof key === 'string' && /^\d+$/.test(key) && ++slotsRead > 1_000) throw new Error('walked the sparse array');
    };
    const watched = new Proxy(sparse, {
      get: (target, key, receiver) => (slot(key), Reflect.get(target, key, receiver) as unknown),
      has: (target, key) => (slot(key), Reflect.has(target, key)),
    });
    expectRefusal(await ipc.invoke(ourPage(), 'plan', { suffixes: watched }), 'too-large');
    expect(slotsRead).toBe(0);
    expectRefusal(await ipc.invoke(ourPage(), 'plan', { suffixes: new Array(3_000_000).fill('s.example.com') }), 'too-large');
    expect(reached).toEqual([]);
    // Within the size limit, the schema's own bound (256 suffixes) answers.
    expectRefusal(await ipc.invoke(ourPage(), 'plan', { suffixes: new Array(10_000).fill('s.example.com') }), 'usage');
  });

  it('deeply nested and cyclic inputs are usage, never a stack overflow', async () => {
    const { ipc, reached } = realWithSpy();
    let deep: unknown = 'corp.example.com';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expectRefusal(await ipc.invoke(ourPage(), 'plan', { suffixes: deep }), 'usage');
    const cyclic: Record<string, unknown> = { suffixes: ['corp.example.com'] };
    cyclic.self = cyclic;
    expectRefusal(await ipc.invoke(ourPage(), 'plan', cyclic), 'usage');
    expect(reached).toEqual([]);
  });

  it('prototype-pollution payloads pollute nothing and change no input', async () => {
    const { ipc } = realWithSpy();
    const payloads = [
      '{"suffixes":["corp.example.com"],"__proto__":{"polluted":"yes","organization":"EVIL","servers":["evil.example"]}}',
      '{"suffixes":["corp.example.com"],"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"suffixes":["corp.example.com"],"__proto__":{"__proto__":{"polluted":"yes"}}}',
    ];
    for (const payload of payloads) {
      const result = await ipc.invoke(ourPage(), 'plan', JSON.parse(payload));
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(JSON.stringify(result)).not.toMatch(/EVIL|evil\.example|polluted/);
    }
    expectRefusal(await ipc.invoke(ourPage(), 'roots', JSON.parse('{"__proto__":{"polluted":"yes"}}')), 'usage');
    expectRefusal(await ipc.invoke(ourPage(), 'request.list', JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}')), 'usage');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('organization');
  });

  it('a hostile key name is not echoed whole in the message', async () => {
    const { ipc } = realWithSpy();
    const result = await ipc.invoke(ourPage(), 'roots', { ['k'.repeat(100_000)]: 1 });
    expectRefusal(result, 'usage');
  });
});

describe('checkInputSize', () => {
  it('measures strings, keys, arrays and nesting, and stops early', () => {
    expect(checkInputSize({ a: 'x'.repeat(100) }, 200)).toBe('ok');
    expect(checkInputSize({ a: 'x'.repeat(300) }, 200)).toBe('too-large');
    expect(checkInputSize({ ['k'.repeat(300)]: 1 }, 200)).toBe('too-large');
    expect(checkInputSize(new Uint8Array(300), 200)).toBe('too-large');
    expect(checkInputSize(new Map([['k', 'v'.repeat(300)]]), 200)).toBe('too-large');
    const sparse: unknown[] = [];
    sparse.length = 1e9;
    expect(checkInputSize(sparse)).toBe('too-large');
    let nested: unknown = 1;
    for (let i = 0; i <= MAX_INPUT_DEPTH; i++) nested = { n: nested };
    expect(checkInputSize(nested)).toBe('too-deep');
    expect(checkInputSize(undefined)).toBe('ok');
    expect(checkInputSize(null)).toBe('ok');
  });
});
