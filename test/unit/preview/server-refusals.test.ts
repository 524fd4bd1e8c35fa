// The preview host against hostile callers, with the real dispatch and engine behind it (no stubs): every
// refusal answers a stable { code, message } with the CSP header, has no side effect in the data folder,
// and leaves the server responsive — including an upload far larger than the limit, streamed.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { errorCodes } from '../../../shared/errors';
import { DISCARD_LIMIT_BYTES, MAX_BODY_BYTES, startPreviewServer, TOKEN_HEADER, type PreviewServer } from '../../../electron/preview/server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (Host included: node would otherwise add its own). */
function raw(server: PreviewServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${server.port}`, ...options.headers };
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    let answered = false;
    const req = request({ host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers, setHost: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // A refusal may come while the body is still being written; once the answer is in, a reset of the rest of
    // the upload (the server stops discarding past its bound) is not the server's answer.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(options.body);
  });
}

/** Bytes on a socket, for requests node's client will not send (no Host, HTTP/1.0, odd request targets). */
function socketRequest(port: number, text: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    // write, not end: a half-closed socket would let the server drop a response it has not sent yet.
    const socket = connect({ host, port }, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);

const json = { 'Content-Type': 'application/json' };

describe('preview server refusals (real dispatch and engine)', () => {
  let server: PreviewServer;
  let base: string;
  let home: string;
  const saved = { home: process.env.CERTDESK_HOME, vault: process.env.CERTDESK_VAULT, pass: process.env.CERTDESK_PASSPHRASE };
  // A Buffer is sent as its bytes (an oversize upload of MAX_BODY_BYTES + 1), not as JSON.stringify's 4× larger text,
  // which went past the server's discard bound and raced a connection reset against the 413.
  const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(server, { method: 'POST', path: `/api/${name}`, headers: { ...json, [TOKEN_HEADER]: server.token, ...headers }, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });
  const validRequest = { cn: 'prov1.corp.example.com', org: 'corp.example.com', name: 'refusal test' };
  const dataFolder = () => readdirSync(home).sort();

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'certdesk-refusals-'));
    home = join(base, 'home');
    mkdirSync(home);
    // The engine's data folder for this file; passphrase mode so no keychain is needed.
    process.env.CERTDESK_HOME = home;
    process.env.CERTDESK_VAULT = 'passphrase';
    process.env.CERTDESK_PASSPHRASE = 'refusal tests, not a secret';
    const dist = join(base, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>CertDesk</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
    symlinkSync(join(base, 'secret.txt'), join(dist, 'assets', 'link.js'));
    symlinkSync(base, join(dist, 'up'));
    server = await startPreviewServer({ staticDir: dist });
  });

  afterAll(async () => {
    await server?.close();
    for (const [key, value] of [['CERTDESK_HOME', saved.home], ['CERTDESK_VAULT', saved.vault], ['CERTDESK_PASSPHRASE', saved.pass]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only: the same port on another loopback address refuses the connection', async () => {
    expect(statusOf(await socketRequest(server.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`))).toBe(200);
    // Linux routes all of 127/8 to lo: a server on 0.0.0.0 (or 127/8) would answer here.
    await expect(socketRequest(server.port, 'GET / HTTP/1.0\r\n\r\n', '127.0.0.2')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refused calls change nothing in the data folder; the same call with the token creates the request (control)', async () => {
    expect(dataFolder()).toEqual([]);
    const refused = [
      await raw(server, { method: 'POST', path: '/api/request.new', headers: json, body: JSON.stringify(validRequest) }),
      await call('request.new', validRequest, { [TOKEN_HEADER]: `${server.token}x` }),
      await raw(server, { method: 'POST', path: `/api/request.new?token=${server.token}`, headers: json, body: JSON.stringify(validRequest) }),
      await call('request.new', validRequest, { Origin: 'http://evil.example' }),
      await call('request.new', validRequest, { Host: `evil.example:${server.port}` }),
      await call('request.new', validRequest, { 'Content-Type': 'text/plain' }),
      await raw(server, { method: 'PUT', path: '/api/request.new', headers: { ...json, [TOKEN_HEADER]: server.token }, body: JSON.stringify(validRequest) }),
      await call('request.new', `${JSON.stringify(validRequest)}x`),
      await call('request.new', { ...validRequest, keySize: '2048' }),
      await call('request.new', { ...validRequest, cn: 'x'.repeat(10_000) }),
      await call('request.new', Buffer.alloc(MAX_BODY_BYTES + 1, 0x20)),
    ];
    for (const reply of refused) {
      expect(JSON.parse(reply.body), reply.body.slice(0, 200)).toEqual({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
      expect(errorCodes).toContain(JSON.parse(reply.body).error.code);
    }
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 403, 421, 415, 405, 400, 200, 200, 413]);
    expect(dataFolder()).toEqual([]);
    // request.list creates the empty database but no request.
    expect(JSON.parse((await call('request.list', {})).body)).toMatchObject({ ok: true, result: { requests: [] } });

    const created = JSON.parse((await call('request.new', validRequest)).body);
    expect(created.ok, JSON.stringify(created)).toBe(true);
    const listed = JSON.parse((await call('request.list', {})).body);
    expect(listed.result.requests).toHaveLength(1);
  });

  it('answers every refusal with the CSP and hardening headers (static, API, downloads, errors)', async () => {
    const replies = {
      page: await raw(server, { path: '/' }),
      script: await raw(server, { path: '/assets/app.js' }),
      missing: await raw(server, { path: '/nope.js' }),
      traversal: await raw(server, { path: '/%2e%2e/secret.txt' }),
      staticPost: await raw(server, { method: 'POST', path: '/index.html', body: 'x' }),
      noToken: await raw(server, { method: 'POST', path: '/api/roots', headers: json, body: '{}' }),
      foreignOrigin: await call('roots', {}, { Origin: 'http://evil.example' }),
      foreignHost: await raw(server, { path: '/', headers: { Host: `evil.example:${server.port}` } }),
      wrongType: await call('roots', {}, { 'Content-Type': 'text/plain' }),
      badJson: await call('roots', '{'),
      tooLarge: await call('roots', Buffer.alloc(MAX_BODY_BYTES + 1, 0x20)),
      unknownOperation: await call('nope', {}),
      invalidInput: await call('roots', { extra: 1 }),
      apiGet: await raw(server, { path: '/api/roots' }),
      download: await raw(server, { path: `/download/${'A'.repeat(43)}` }),
      ok: await call('roots', {}),
    };
    for (const [label, reply] of Object.entries(replies)) {
      expect(reply.headers['content-security-policy'], label).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.headers['x-content-type-options'], label).toBe('nosniff');
      expect(reply.headers['x-frame-options'], label).toBe('DENY');
      expect(reply.headers['cache-control'], label).toBe('no-store');
    }
    expect(Object.fromEntries(Object.entries(replies).map(([label, reply]) => [label, reply.status]))).toEqual({
      page: 200,
      script: 200,
      missing: 404,
      traversal: 404,
      staticPost: 405,
      noToken: 401,
      foreignOrigin: 403,
      foreignHost: 421,
      wrongType: 415,
      badJson: 400,
      tooLarge: 413,
      unknownOperation: 404,
      invalidInput: 200,
      apiGet: 405,
      download: 404,
      ok: 200,
    });
    // The JSON errors name a stable code and never a stack.
    for (const label of ['noToken', 'foreignOrigin', 'foreignHost', 'wrongType', 'badJson', 'tooLarge', 'unknownOperation', 'invalidInput', 'apiGet'] as const) {
      const body = JSON.parse(replies[label].body);
      expect(Object.keys(body.error).sort(), label).toEqual(['code', 'message']);
      expect(replies[label].body, label).not.toMatch(/\n\s+at |\.[jt]s:\d+/);
    }
    expect(JSON.parse(replies.tooLarge.body).error.code).toBe('too-large');
    expect(JSON.parse(replies.invalidInput.body).error.code).toBe('usage');
  });

  it('a missing Host header is refused (HTTP/1.0: 421 from the server; HTTP/1.1: 400 from node itself)', async () => {
    const old = await socketRequest(server.port, 'GET / HTTP/1.0\r\n\r\n');
    expect(statusOf(old)).toBe(421);
    expect(old).toContain('"code":"forbidden"');
    const api10 = await socketRequest(server.port, `POST /api/roots HTTP/1.0\r\nContent-Type: application/json\r\n${TOKEN_HEADER}: ${server.token}\r\nContent-Length: 2\r\n\r\n{}`);
    expect(statusOf(api10)).toBe(421);
    expect(statusOf(await socketRequest(server.port, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'))).toBe(400);
  });

  it('the token counts only in its header: not in the query, a cookie, Authorization, the body or the fragment', async () => {
    const attempts = [
      await raw(server, { method: 'POST', path: `/api/roots?token=${server.token}`, headers: json, body: '{}' }),
      await raw(server, { method: 'POST', path: `/api/roots?${TOKEN_HEADER}=${server.token}`, headers: json, body: '{}' }),
      await raw(server, { method: 'POST', path: '/api/roots', headers: { ...json, Cookie: `token=${server.token}` }, body: '{}' }),
      await raw(server, { method: 'POST', path: '/api/roots', headers: { ...json, Authorization: `Bearer ${server.token}` }, body: '{}' }),
      await raw(server, { method: 'POST', path: '/api/roots', headers: json, body: JSON.stringify({ token: server.token }) }),
      await raw(server, { method: 'POST', path: `/api/roots#token=${server.token}`, headers: json, body: '{}' }),
      // Two token headers (node joins them): not the token.
      await call('roots', {}, { [TOKEN_HEADER]: `${server.token}, ${server.token}` }),
    ];
    for (const reply of attempts) {
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body).error.code).toBe('forbidden');
    }
    expect((await call('roots', {})).status).toBe(200);
  });

  it('invalid input per the schema is usage, with the field named and no echo of a huge value', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['inspect', { fileName: 42, contentBase64: '' }, /fileName/],
      ['inspect', { fileName: 'a.cer', contentBase64: 'AAAA', dnsSuffixes: 'corp.example.com' }, /dnsSuffixes/],
      ['plan', { suffixes: Array.from({ length: 10_000 }, (_, i) => `s${i}.example.com`) }, /suffixes/],
      ['plan', { suffixes: ['corp.example.com'], organization: 'o'.repeat(1_000_000) }, /organization/],
      ['roots', { ['k'.repeat(100_000)]: 1 }, /Invalid input for roots/],
      // Bodies that are not objects are refused before the schema (issue [8] item 12).
      ['roots', [], /must be a JSON object/],
      ['roots', JSON.stringify('roots'), /must be a JSON object/],
      ['inspect', null, /must be a JSON object/],
      ['request.show', { id: '../../etc/passwd' }, /id/],
    ];
    for (const [name, input, where] of cases) {
      const reply = await call(name, input);
      const body = JSON.parse(reply.body);
      expect(body, `${name} ${reply.body.slice(0, 200)}`).toEqual({ ok: false, error: { code: 'usage', message: expect.stringMatching(where) } });
      expect(body.error.message.length, name).toBeLessThan(600);
    }
  });

  it('prototype-pollution payloads neither pollute this process nor change the input', async () => {
    const payloads = [
      '{"suffixes":["corp.example.com"],"__proto__":{"polluted":"yes","organization":"EVIL"}}',
      '{"suffixes":["corp.example.com"],"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"suffixes":["corp.example.com"],"__proto__":{"__proto__":{"polluted":"yes"}}}',
    ];
    for (const payload of payloads) {
      const body = JSON.parse((await call('plan', payload)).body);
      expect(body.ok, JSON.stringify(body)).toBe(true);
      expect(JSON.stringify(body.result)).not.toMatch(/EVIL|polluted/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // A strict schema refuses the extra key outright.
    expect(JSON.parse((await call('roots', '{"__proto__":{"polluted":"yes"}}')).body)).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(JSON.parse((await call('request.list', '{"constructor":{"prototype":{"x":1}}}')).body)).toMatchObject({ ok: false, error: { code: 'usage' } });
  });

  it('deeply nested JSON is refused as usage, and the server keeps answering', async () => {
    const depth = 200_000;
    const nested = `{"suffixes":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const reply = await call('plan', nested);
    expect(reply.status).toBeLessThan(500);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect((await call('roots', {})).status).toBe(200);
  });

  it('unknown operations and paths under /api: 404 usage (also prototype names)', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'hasOwnProperty', 'roots/extra', '', '..%2froots', 'ROOTS']) {
      const reply = await call(name, {});
      expect(reply.status, name).toBe(404);
      expect(JSON.parse(reply.body), name).toMatchObject({ ok: false, error: { code: 'usage' } });
    }
  });

  it('wrong methods: only POST for the API, GET/HEAD for files, GET for downloads', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const reply = await raw(server, { method, path: '/api/roots', headers: { ...json, [TOKEN_HEADER]: server.token } });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow, method).toBe('POST');
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const reply = await raw(server, { method, path: '/index.html', body: '' });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow, method).toBe('GET, HEAD');
    }
    const head = await raw(server, { method: 'HEAD', path: '/index.html' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('static files: no traversal by backslash, encoded slash, absolute-form target or symlink', async () => {
    const targets = [
      '/..\\secret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%2e%2e%5csecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/%2e%2e%2f%2e%2e%2fsecret.txt',
      `http://127.0.0.1:${server.port}/../secret.txt`,
      '/assets/link.js',
      '/up/secret.txt',
    ];
    for (const target of targets) {
      const response = await socketRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      expect(response, target).not.toContain('TOP-SECRET');
      expect([400, 404], target).toContain(statusOf(response));
    }
  });

  it('a declared Content-Length over the limit is refused at once, before any body is sent', async () => {
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: server.port }, () =>
        // Headers only: a server that waited for the body would never answer.
        socket.write(`POST /api/inspect HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n${TOKEN_HEADER}: ${server.token}\r\nContent-Length: ${1024 ** 4}\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        if (text.includes('"too-large"')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy(new Error(`no answer: ${text}`)));
    });
    expect(statusOf(response)).toBe(413);
  });

  it('a streamed body far over the limit is answered 413 and cut off early (not read to the end); the server stays responsive', async () => {
    let duringUpload: number | undefined;
    const upload = await streamUpload(server, '/api/inspect', { [TOKEN_HEADER]: server.token }, (written) => {
      if (written > MAX_BODY_BYTES / 2 && duringUpload === undefined) {
        duringUpload = 0;
        void raw(server, { path: '/' }).then((r) => (duringUpload = r.status));
      }
    });
    // The client got to write the limit, the bounded discard and what socket buffers hold — not the whole body.
    expect(upload.written).toBeGreaterThan(MAX_BODY_BYTES);
    expect(upload.written).toBeLessThan(MAX_BODY_BYTES + DISCARD_LIMIT_BYTES + 16 * 1024 * 1024);
    expect(upload.status).toBe(413);
    expect(JSON.parse(upload.answer)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    await expect.poll(() => duringUpload, { timeout: 5000 }).toBe(200);
    expect((await call('roots', {})).status).toBe(200);
  });

  it('the body of a refused call (no token) is not read to the end either', async () => {
    const upload = await streamUpload(server, '/api/inspect', {});
    expect(upload.status).toBe(401);
    expect(upload.written).toBeLessThan(DISCARD_LIMIT_BYTES + 16 * 1024 * 1024);
    expect((await call('roots', {})).status).toBe(200);
  });

  it('a browser-sized oversize upload (a 20 MiB file as JSON) gets the too-large answer, not a connection reset', async () => {
    const body = JSON.stringify({ fileName: 'big.pfx', contentBase64: Buffer.alloc(20 * 1024 * 1024, 1).toString('base64') });
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.origin}/api/inspect`, { method: 'POST', headers: { ...json, [TOKEN_HEADER]: server.token }, body });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'too-large' } });
    }
  });
});

/**
 * Streams a chunked body of spaces on a raw socket (node's HTTP client stops writing once a response has
 * arrived) until the server stops reading and closes, or `cap` bytes are sent; returns the bytes sent and the
 * server's answer.
 */
async function streamUpload(
  server: PreviewServer,
  path: string,
  headers: Record<string, string>,
  onProgress: (written: number) => void = () => undefined,
  cap = 32 * MAX_BODY_BYTES,
): Promise<{ written: number; status: number; answer: string }> {
  const size = 256 * 1024;
  const frame = Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 0x20), Buffer.from('\r\n')]);
  const head = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  let written = 0;
  let received = '';
  await new Promise<void>((resolve) => {
    let closed = false;
    const socket = connect({ host: '127.0.0.1', port: server.port });
    socket.on('data', (c: Buffer) => (received += c.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      resolve();
    });
    const pump = (): void => {
      while (!closed && written < cap) {
        written += size;
        onProgress(written);
        if (!socket.write(frame)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!closed) socket.end('0\r\n\r\n');
    };
    socket.once('connect', () => {
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      pump();
    });
  });
  const status = statusOf(received);
  const answer = received.slice(received.indexOf('\r\n\r\n') + 4);
  return { written, status, answer };
}

describe('preview server: one-time download links', () => {
  const pfx = Buffer.from('PFX-BYTES-FOR-THE-TEST');
  const dispatch = async (name: unknown) =>
    name === 'export.pfx'
      ? { ok: true as const, result: { requestId: 'abcdef123456', cn: 'prov.corp.example.com', certificates: 1, friendlyName: 'p', pfxBase64: pfx.toString('base64') } }
      : { ok: true as const, result: null };
  let a: PreviewServer;
  let b: PreviewServer;

  beforeAll(async () => {
    a = await startPreviewServer({ staticDir: tmpdir(), dispatch });
    b = await startPreviewServer({ staticDir: tmpdir(), dispatch });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const exportUrl = async (server: PreviewServer): Promise<string> => {
    const reply = await raw(server, { method: 'POST', path: '/api/export.pfx', headers: { ...json, [TOKEN_HEADER]: server.token }, body: JSON.stringify({ idOrThumbprint: 'abcdef123456', password: 'pw' }) });
    return JSON.parse(reply.body).result.download.url as string;
  };

  it("a link belongs to the server (token) that made it: another run's server answers 404 and the link still works once", async () => {
    const url = await exportUrl(a);
    const elsewhere = await raw(b, { path: url });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).not.toContain('PFX-BYTES');
    const first = await raw(a, { path: url });
    expect(first.status).toBe(200);
    expect(first.body).toBe('PFX-BYTES-FOR-THE-TEST');
    expect((await raw(a, { path: url })).status).toBe(404);
  });

  it('the API token is not a download id, and a download id with the API token header is still one-time', async () => {
    expect((await raw(a, { path: `/download/${a.token}` })).status).toBe(404);
    const url = await exportUrl(a);
    expect((await raw(a, { path: url, headers: { [TOKEN_HEADER]: b.token } })).status).toBe(200);
    expect((await raw(a, { path: url, headers: { [TOKEN_HEADER]: a.token } })).status).toBe(404);
  });
});
