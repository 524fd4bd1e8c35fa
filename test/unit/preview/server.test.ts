// The preview host's HTTP surface: token, Host/Origin checks, traversal, size limit, headers, and the one-time
// downloads that carry a PFX instead of the JSON answer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import type { DispatchResult } from '../../../electron/operations/dispatch';
import type { ProducedFile } from '../../../electron/operations/file-results';
import { createDownloadStore } from '../../../electron/preview/downloads';
import { contentDisposition, hostAllowed, MAX_BODY_BYTES, originAllowed, resolveStaticPath, startPreviewServer, tokenMatches, type PreviewServer } from '../../../electron/preview/server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: Buffer;
}

/** Raw HTTP (fetch would normalise `..` and refuse to set Host). */
function raw(server: PreviewServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${server.port}`, ...options.headers };
    if (options.body !== undefined && !options.chunked) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const req = request({ host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
    });
    // The server may answer and close before an oversize upload is fully written.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

function api(server: PreviewServer, name: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return raw(server, {
    method: 'POST',
    path: `/api/${name}`,
    headers: { 'Content-Type': 'application/json', 'X-CertDesk-Token': server.token, ...headers },
    body: JSON.stringify(body),
  });
}

describe('preview server', () => {
  let server: PreviewServer;
  let base: string;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'certdesk-preview-'));
    const dist = join(base, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>CertDesk</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
    writeFileSync(join(base, 'package.json'), '{"name":"SECRET-PACKAGE"}');
    server = await startPreviewServer({ staticDir: dist });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a random port and a long random token in the URL fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{40,}$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.url.endsWith(server.token)).toBe(true);
  });

  it('serves the page with the CSP and hardening headers', async () => {
    const reply = await raw(server, { path: '/' });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>CertDesk</title>');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    const js = await raw(server, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('puts the CSP header on errors and API answers too', async () => {
    for (const reply of [await raw(server, { path: '/missing.js' }), await api(server, 'inspect', {}, { 'X-CertDesk-Token': 'nope' }), await api(server, 'inspect', {})]) {
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('refuses API calls without the token or with a wrong one (401)', async () => {
    const missing = await raw(server, { method: 'POST', path: '/api/inspect', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    const wrong = await api(server, 'inspect', {}, { 'X-CertDesk-Token': `${server.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    const short = await api(server, 'inspect', {}, { 'X-CertDesk-Token': 'a' });
    expect(short.status).toBe(401);
    // A token in the query string is not a token.
    const query = await raw(server, { method: 'POST', path: `/api/inspect?token=${server.token}`, headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(query.status).toBe(401);
  });

  it('passes a call with the token to dispatch (validation errors come back as { ok: false })', async () => {
    const reply = await api(server, 'inspect', { fileName: '' });
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('usage');
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
  });

  it('runs Windows operations as dry runs only, whatever the page asks', async () => {
    const reply = await api(server, 'service.list', { all: true, dryRun: false });
    const body = JSON.parse(reply.body);
    expect(body.ok, reply.body).toBe(true);
    expect(body.result.dryRun).toBe(true);
    expect(body.result.scriptText).toContain('Set-StrictMode -Version Latest');
  });

  it('answers an unknown operation with an error', async () => {
    const reply = await api(server, 'rm-rf', {});
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'usage' } });
    const proto = await api(server, '__proto__', {});
    expect(JSON.parse(proto.body).ok).toBe(false);
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    for (const host of ['evil.example.com', `evil.example.com:${server.port}`, `127.0.0.1:${server.port + 1}`, `[::1]:${server.port}`]) {
      const page = await raw(server, { path: '/', headers: { Host: host } });
      expect(page.status, host).toBe(421);
      const call = await api(server, 'inspect', {}, { Host: host });
      expect(call.status, host).toBe(421);
    }
    expect((await raw(server, { path: '/', headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('rejects cross-origin Origin headers and accepts its own', async () => {
    for (const origin of ['http://evil.example.com', `http://127.0.0.1:${server.port + 1}`, 'null', `https://127.0.0.1:${server.port}`]) {
      const reply = await api(server, 'inspect', {}, { Origin: origin });
      expect(reply.status, origin).toBe(403);
    }
    const same = await api(server, 'inspect', { fileName: '' }, { Origin: server.origin });
    expect(same.status).toBe(200);
  });

  it('never serves a file outside the build folder', async () => {
    const attempts = [
      '/../package.json',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%252e%252e/secret.txt',
      '/..%5csecret.txt',
      '/%5c..%5csecret.txt',
      '/assets/..%00/secret.txt',
      '/.%2e/secret.txt',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/C:%5cWindows%5cwin.ini',
    ];
    for (const path of attempts) {
      const reply = await raw(server, { path });
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toMatch(/TOP-SECRET|SECRET-PACKAGE|root:/);
    }
  });

  it('refuses an oversize body with too-large (declared length and streamed)', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x61);
    const declared = await raw(server, {
      method: 'POST',
      path: '/api/inspect',
      headers: { 'Content-Type': 'application/json', 'X-CertDesk-Token': server.token },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    const streamed = await raw(server, {
      method: 'POST',
      path: '/api/inspect',
      headers: { 'Content-Type': 'application/json', 'X-CertDesk-Token': server.token, 'Transfer-Encoding': 'chunked' },
      body: big,
      chunked: true,
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe('too-large');
  });

  it('only POSTs JSON to the API and only GETs static files', async () => {
    expect((await raw(server, { path: '/api/inspect' })).status).toBe(405);
    const text = await raw(server, { method: 'POST', path: '/api/inspect', headers: { 'Content-Type': 'text/plain', 'X-CertDesk-Token': server.token }, body: '{}' });
    expect(text.status).toBe(415);
    expect((await raw(server, { method: 'PUT', path: '/index.html', body: 'x' })).status).toBe(405);
    const bad = await raw(server, { method: 'POST', path: '/api/inspect', headers: { 'Content-Type': 'application/json', 'X-CertDesk-Token': server.token }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('usage');
  });

  it('refuses to listen anywhere but 127.0.0.1', async () => {
    await expect(startPreviewServer({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1/);
  });
});

describe('preview server helpers', () => {
  it('compares tokens in constant time and rejects empties', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
    expect(tokenMatches('abc', ['abc'])).toBe(false);
  });

  it('maps request paths inside the root only', () => {
    const root = join(tmpdir(), 'root');
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a.js?x=1')).toBe(join(root, 'assets', 'a.js'));
    expect(resolveStaticPath(root, '/a%20b.js')).toBe(join(root, 'a b.js'));
    for (const bad of ['/../x', '/%2e%2e/x', '/a/%2e%2e/%2e%2e/x', '/%E0%A4%A', '/..\\x', '/%5c..%5cx', '/x%00', '/.env', 'x']) {
      expect(resolveStaticPath(root, bad), bad).toBeNull();
    }
  });
});

// ---------------------------------------------------------------------------------- one-time downloads

/** Stand-in PFX bytes: not a real PFX (the transport never parses them), but recognisable in any encoding. */
const PFX_BYTES = Buffer.concat([Buffer.from([0x30, 0x82, 0x0a, 0x01]), Buffer.from('PRIVATE-KEY-MATERIAL '.repeat(40))]);
const PFX_BASE64 = PFX_BYTES.toString('base64');

/** A dispatch that answers export.pfx as the engine does in-process (bytes in pfxBase64), everything else with an error. */
function exportDispatch(calls: Array<[unknown, unknown]> = []) {
  return async (name: unknown, input: unknown): Promise<DispatchResult> => {
    calls.push([name, input]);
    if (name === 'export.pfx') {
      if ((input as { idOrThumbprint?: string }).idOrThumbprint === 'dead') return { ok: false, error: { code: 'not-found', message: 'No request dead.' } };
      return {
        ok: true,
        result: { requestId: 'abcdef123456', cn: 'prov.corp.example.com', certificates: 3, friendlyName: 'prov', encryption: 'aes-256-cbc/pbkdf2-sha256/mac-sha256', pfxBase64: PFX_BASE64 },
      };
    }
    return { ok: true, result: { echo: name } };
  };
}

describe('preview server: file-producing operations (export.pfx) as one-time downloads', () => {
  let server: PreviewServer;
  let clock = 1_000_000;
  const exportPfx = (s: PreviewServer = server, id = 'abcdef123456') => api(s, 'export.pfx', { idOrThumbprint: id, password: 'pw' });
  const download = (s: PreviewServer, url: string, headers: Record<string, string> = {}) => raw(s, { path: url, headers });

  beforeAll(async () => {
    server = await startPreviewServer({ staticDir: tmpdir(), dispatch: exportDispatch(), now: () => clock });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers export.pfx with download: { url, fileName } and without the PFX bytes', async () => {
    const reply = await exportPfx();
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body);
    expect(body.ok).toBe(true);
    expect(body.result).not.toHaveProperty('pfxBase64');
    expect(body.result).not.toHaveProperty('saved');
    expect(body.result.download).toEqual({ url: expect.stringMatching(/^\/download\/[A-Za-z0-9_-]{43}$/), fileName: 'prov.corp.example.com.pfx' });
    expect(body.result).toMatchObject({ requestId: 'abcdef123456', certificates: 3, cn: 'prov.corp.example.com' });
    expect(reply.body).not.toContain(PFX_BASE64.slice(0, 40));
    expect(reply.body).not.toContain('PRIVATE-KEY-MATERIAL');
    // Every export gets its own id.
    const again = JSON.parse((await exportPfx()).body);
    expect(again.result.download.url).not.toBe(body.result.download.url);
  });

  it('GET of the URL gives the bytes once, as an attachment with the hardening headers; the second GET is 404', async () => {
    const { url } = JSON.parse((await exportPfx()).body).result.download;
    const first = await download(server, url);
    expect(first.status).toBe(200);
    expect(first.bytes.equals(PFX_BYTES)).toBe(true);
    expect(first.headers['content-type']).toBe('application/x-pkcs12');
    expect(first.headers['content-disposition']).toBe(`attachment; filename="prov.corp.example.com.pfx"; filename*=UTF-8''prov.corp.example.com.pfx`);
    expect(first.headers['content-length']).toBe(String(PFX_BYTES.length));
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    const second = await download(server, url);
    expect(second.status).toBe(404);
    expect(second.body).not.toContain('PRIVATE-KEY-MATERIAL');
  });

  it('unknown, malformed and tampered ids are 404', async () => {
    const { url } = JSON.parse((await exportPfx()).body).result.download as { url: string };
    const id = url.slice('/download/'.length);
    const flipped = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    for (const path of [`/download/${'A'.repeat(43)}`, `/download/${flipped}`, `/download/${id.slice(0, 20)}`, '/download/', '/download/../index.html', `/download/${id}x`]) {
      const reply = await download(server, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain('PRIVATE-KEY-MATERIAL');
    }
    // None of those used up the real one.
    expect((await download(server, url)).status).toBe(200);
  });

  it('applies the Host, Origin and method checks to downloads too, without using up the link', async () => {
    const { url } = JSON.parse((await exportPfx()).body).result.download as { url: string };
    expect((await download(server, url, { Host: `evil.example.com:${server.port}` })).status).toBe(421);
    expect((await download(server, url, { Origin: 'http://evil.example.com' })).status).toBe(403);
    expect((await download(server, url, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await raw(server, { method: 'POST', path: url, body: '' })).status).toBe(405);
    expect((await raw(server, { method: 'HEAD', path: url })).status).toBe(405);
    const ok = await download(server, url, { 'Sec-Fetch-Site': 'same-origin', Origin: server.origin });
    expect(ok.status).toBe(200);
    expect(ok.bytes.equals(PFX_BYTES)).toBe(true);
  });

  it('a link expires after the TTL (injected clock)', async () => {
    const { url } = JSON.parse((await exportPfx()).body).result.download as { url: string };
    clock += 60_001;
    expect((await download(server, url)).status).toBe(404);
  });

  it('a link is wiped by its timer even if nobody asks (short TTL)', async () => {
    const short = await startPreviewServer({ staticDir: tmpdir(), dispatch: exportDispatch(), downloadTtlMs: 30 });
    try {
      const { url } = JSON.parse((await exportPfx(short)).body).result.download as { url: string };
      await new Promise((r) => setTimeout(r, 80));
      expect((await download(short, url)).status).toBe(404);
    } finally {
      await short.close();
    }
  });

  it('an export that fails answers the error, with no download; other operations are untouched', async () => {
    const failed = JSON.parse((await exportPfx(server, 'dead')).body);
    expect(failed).toEqual({ ok: false, error: { code: 'not-found', message: 'No request dead.' } });
    const other = JSON.parse((await api(server, 'request.list', {})).body);
    expect(other).toEqual({ ok: true, result: { echo: 'request.list' } });
  });

  it('a download link is not a token: API calls still need the header', async () => {
    const { url } = JSON.parse((await exportPfx()).body).result.download as { url: string };
    const id = url.slice('/download/'.length);
    const reply = await raw(server, { method: 'POST', path: '/api/request.list', headers: { 'Content-Type': 'application/json', 'X-CertDesk-Token': id }, body: '{}' });
    expect(reply.status).toBe(401);
  });
});

describe('download store', () => {
  const file = (text = 'secret bytes'): ProducedFile => ({
    fileName: 'x.pfx',
    mime: 'application/x-pkcs12',
    filter: { name: 'PFX', extensions: ['pfx'] },
    bytes: Buffer.from(text),
  });

  it('zeroes the bytes of an expired link when it is asked for', () => {
    let now = 0;
    const store = createDownloadStore({ ttlMs: 1000, now: () => now });
    const f = file();
    const url = store.add(f);
    now = 1001;
    expect(store.take(url.slice('/download/'.length))).toBeUndefined();
    expect(f.bytes.every((b) => b === 0)).toBe(true);
    expect(store.size()).toBe(0);
  });

  it('drops (and zeroes) the oldest file beyond maxPending, and everything on clear()', () => {
    const store = createDownloadStore({ maxPending: 2 });
    const [a, b, c] = [file('a-bytes'), file('b-bytes'), file('c-bytes')];
    const urlA = store.add(a);
    store.add(b);
    store.add(c);
    expect(store.size()).toBe(2);
    expect(a.bytes.every((x) => x === 0)).toBe(true);
    expect(store.take(urlA.slice('/download/'.length))).toBeUndefined();
    store.clear();
    expect(store.size()).toBe(0);
    expect(b.bytes.every((x) => x === 0) && c.bytes.every((x) => x === 0)).toBe(true);
  });

  it('names the file safely in Content-Disposition', () => {
    expect(contentDisposition('a.pfx')).toBe(`attachment; filename="a.pfx"; filename*=UTF-8''a.pfx`);
    expect(contentDisposition('é"\\\r\n(x).pfx')).toBe(`attachment; filename="_____(x).pfx"; filename*=UTF-8''%C3%A9%22%5C%0D%0A%28x%29.pfx`);
  });
});

describe('hostAllowed / originAllowed', () => {
  it('Host: 127.0.0.1 or localhost with this port, in any case; nothing else', () => {
    expect(hostAllowed('127.0.0.1:8123', 8123)).toBe(true);
    expect(hostAllowed('LocalHost:8123', 8123)).toBe(true);
    for (const host of [undefined, '', '127.0.0.1', '127.0.0.1:8124', 'localhost', 'evil.example:8123', '[::1]:8123', '127.0.0.1:8123.evil']) {
      expect(hostAllowed(host, 8123)).toBe(false);
    }
  });

  it('Origin: absent, or exactly http:// and an allowed host (case as sent by browsers)', () => {
    expect(originAllowed(undefined, 8123)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8123', 8123)).toBe(true);
    expect(originAllowed('http://localhost:8123', 8123)).toBe(true);
    for (const origin of ['null', '', 'https://127.0.0.1:8123', 'http://127.0.0.1:8124', 'http://LOCALHOST:8123', 'http://localhost:8123/', 'http://evil.example']) {
      expect(originAllowed(origin, 8123)).toBe(false);
    }
  });
});
