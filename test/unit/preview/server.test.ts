// The preview host's HTTP surface: token, Host/Origin checks, traversal, size limit, headers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { MAX_BODY_BYTES, resolveStaticPath, startPreviewServer, tokenMatches, type PreviewServer } from '../../../electron/preview/server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP (fetch would normalise `..` and refuse to set Host). */
function raw(server: PreviewServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${server.port}`, ...options.headers };
    if (options.body !== undefined && !options.chunked) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const req = request({ host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
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
