// The preview's window.certdesk: one POST per operation with the token, errors as { code, message }.
import { describe, expect, it } from 'vitest';
import { operationNames } from '../../../shared/api';
import { toBridgeError } from '../../../shared/bridge-error';
import { createPreviewApi, takeToken, TOKEN_HEADER } from '../../../renderer/src/bridge/preview';

type Call = { url: string; init: RequestInit };

function fakeFetch(reply: (call: Call) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  const impl = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const { status, body } = reply({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { calls, impl };
}

describe('preview bridge', () => {
  it('has one function per operation of the contract', () => {
    const api = createPreviewApi('t', fakeFetch(() => ({ status: 200, body: { ok: true, result: 1 } })).impl);
    expect(Object.keys(api).sort()).toEqual([...operationNames].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('POSTs JSON with the token header and returns the result', async () => {
    const { calls, impl } = fakeFetch(() => ({ status: 200, body: { ok: true, result: { file: 'a.pfx' } } }));
    const api = createPreviewApi('tok123', impl);
    const input = { fileName: 'a.pfx', contentBase64: 'AA==', includeViews: true };
    await expect(api.inspect(input)).resolves.toEqual({ file: 'a.pfx' });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/inspect');
    expect(calls[0].init.method).toBe('POST');
    expect((calls[0].init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('tok123');
    expect(JSON.parse(String(calls[0].init.body))).toEqual(input);
  });

  it('rejects with { code, message } from the server', async () => {
    const api = createPreviewApi('t', fakeFetch(() => ({ status: 200, body: { ok: false, error: { code: 'wrong-password', message: 'The password is wrong.' } } })).impl);
    await expect(api.inspect({ fileName: 'a', contentBase64: '' })).rejects.toMatchObject({ code: 'wrong-password', message: 'The password is wrong.' });
  });

  it('rejects with the same plain object as the Electron bridge; a code the contract does not list becomes internal', async () => {
    const reply = (error: unknown) => createPreviewApi('t', fakeFetch(() => ({ status: 500, body: { ok: false, error } })).impl);
    const known = await reply({ code: 'disk-full', message: 'The disk is full.' }).inspect({ fileName: 'a', contentBase64: '' }).catch((e: unknown) => e);
    // toEqual on a plain object: an Error subclass (what the preview threw before) is not equal to it.
    expect(known).toEqual({ name: 'CertDeskError', code: 'disk-full', message: 'The disk is full.' });
    expect(known).toEqual(toBridgeError({ code: 'disk-full', message: 'The disk is full.' }));
    const unknown = await reply({ code: 'ENOSPC', message: 'no space' }).inspect({ fileName: 'a', contentBase64: '' }).catch((e: unknown) => e);
    expect(unknown).toEqual({ name: 'CertDeskError', code: 'internal', message: 'no space' });
    const empty = await reply(undefined).inspect({ fileName: 'a', contentBase64: '' }).catch((e: unknown) => e);
    expect(empty).toEqual({ name: 'CertDeskError', code: 'internal', message: 'Request failed (500).' });
  });

  it('explains a 401 and a missing token', async () => {
    const api = createPreviewApi('t', fakeFetch(() => ({ status: 401, body: { ok: false, error: { code: 'forbidden', message: 'x' } } })).impl);
    await expect(api.inspect({ fileName: 'a', contentBase64: '' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/token/) });
    const noToken = createPreviewApi(null, () => Promise.reject(new Error('must not be called')));
    await expect(noToken.inspect({ fileName: 'a', contentBase64: '' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reports an unreachable server', async () => {
    const api = createPreviewApi('t', () => Promise.reject(new TypeError('fetch failed')));
    await expect(api.inspect({ fileName: 'a', contentBase64: '' })).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/not reachable/) });
  });

  it('takes the token from the fragment, keeps it for the tab, and removes it from the address bar', () => {
    const store = new Map<string, string>();
    let replaced: string | null = null;
    const win = {
      location: { hash: '#token=AbC_-123', pathname: '/', search: '' },
      sessionStorage: { setItem: (k: string, v: string) => store.set(k, v), getItem: (k: string) => store.get(k) ?? null },
      history: { replaceState: (_s: unknown, _t: string, url: string) => (replaced = url) },
    } as unknown as Window;
    expect(takeToken(win)).toBe('AbC_-123');
    expect(replaced).toBe('/');
    (win.location as { hash: string }).hash = '';
    expect(takeToken(win)).toBe('AbC_-123');
  });
});
