// The preview host: the renderer in an ordinary browser, talking to the same operations table as Electron's
// IPC, over HTTP on loopback. Security model (the page is as privileged as the Electron renderer, so the HTTP
// surface must be as closed as IPC):
//   - bound to 127.0.0.1 only, random free port;
//   - every API call carries a random per-run token (header, constant-time compare); the page learns it from
//     the URL fragment the server prints, which never reaches the server or a Referer;
//   - Host must be loopback:port (DNS rebinding) and Origin, when sent, must be this server (CSRF);
//   - an API body is a JSON object or nothing (null, arrays, numbers are refused), and Windows operations get
//     `dryRun: true` set after parsing, whatever the body said;
//   - at most MAX_CONNECTIONS sockets at once; headers must arrive within HEADERS_TIMEOUT_MS, checked every
//     second (a client trickling header bytes does not hold a socket for long);
//   - bodies over MAX_BODY_BYTES are refused with `too-large` (413) without being kept; the unread rest of any
//     refused body is thrown away up to a bound, then the connection is dropped (discardRest);
//   - static files only from the renderer build folder, no traversal, no symlinks out of it;
//   - the same CSP as Electron (shared/csp.ts) and no-sniff / no-referrer on every response;
//   - files an operation produces (shared/contract/files.ts: a PFX) never go into a JSON answer: the answer
//     carries `download: { url: '/download/<one-time id>', fileName }` and the bytes wait in this process's
//     memory for one GET within about a minute (downloads.ts); the page navigates a hidden <a download> to
//     it, so the bytes reach the browser's download manager and never page JavaScript. A GET that is not a
//     navigation (Sec-Fetch-Mode other than `navigate`: a fetch() or XHR of page script) is refused and does
//     not use up the link.
// Files reach the engine only as bytes uploaded by the page (InspectInput.contentBase64); this server never
// opens a path chosen by the page.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import type { ErrorCode } from '../../shared/errors';
import { windowsOperations } from '../../shared/contract/windows';
import { dispatch as realDispatch, isOperationName, type DispatchResult } from '../operations/dispatch';
import { takeFile } from '../operations/file-results';
import { createDownloadStore, DOWNLOAD_PATH_PREFIX, type DownloadStore } from './downloads';

/** 16 MiB: a 10 MiB file in base64 (13.4 MiB) plus the JSON around it. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Sockets open at once; more are refused (closed) by node until one ends. */
export const MAX_CONNECTIONS = 64;
/** The request line and headers must arrive within this time. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request (headers and body: one upload of at most MAX_BODY_BYTES on loopback) within this time. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** How often node checks the two timeouts above (its default, 30 s, lets a trickling client hold ~50 s). */
export const TIMEOUT_CHECK_MS = 1_000;
/** The header that carries the per-run token on every API call. */
export const TOKEN_HEADER = 'x-certdesk-token';

export interface PreviewServerOptions {
  /** 0 or absent: a random free port. */
  port?: number;
  /** Loopback only; the type keeps it that way. */
  host?: '127.0.0.1';
  /** The built renderer (default: renderer/dist of this checkout). */
  staticDir?: string;
  /** Tests pass a fixed token; otherwise 32 random bytes. */
  token?: string;
  /** How long a one-time download waits for its GET (default 60 s). */
  downloadTtlMs?: number;
  /** Clock for download expiry (tests); default Date.now. */
  now?: () => number;
  /** Time for the request line and headers (default HEADERS_TIMEOUT_MS; tests shorten it). */
  headersTimeoutMs?: number;
  /** Defaults to electron/operations/dispatch.ts; tests inject a stub. */
  dispatch?: (name: unknown, input: unknown) => Promise<DispatchResult>;
}

export interface PreviewServer {
  /** Open this in a browser: http://127.0.0.1:PORT/#token=… */
  url: string;
  /** http://127.0.0.1:PORT (no token). */
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The renderer build of this checkout: walks up from this file to the folder holding package.json. */
export function defaultStaticDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'renderer'))) return join(dir, 'renderer', 'dist');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve(process.cwd(), 'renderer', 'dist');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison (hashing first makes the lengths equal, so even the length does not leak). */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, head = false): void {
  discardRest(res.req);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(head ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/** The names this server answers to: loopback, this port. */
const loopbackHosts = (port: number): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];

/** Host header must name this server on loopback (defeats DNS rebinding). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return loopbackHosts(port).includes(host.toLowerCase());
}

/** A cross-origin Origin is refused; no Origin (same-origin GET, curl) is fine. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return loopbackHosts(port).some((host) => origin === `http://${host}`);
}

class BodyTooLarge extends Error {}

/** How much of a refused request's unread body (an oversize upload, a call without the token…) is thrown away before the connection is dropped. */
export const DISCARD_LIMIT_BYTES = 2 * MAX_BODY_BYTES;
const DISCARD_MS = 10_000;

/** Requests whose unread rest is already being thrown away (send may run once per answer path). */
const discarding = new WeakSet<IncomingMessage>();

/**
 * Called as a request is answered. When its body has not been read to the end (any refusal; an upload over
 * MAX_BODY_BYTES), the rest is read and thrown away — never kept — so that a client still sending (a browser
 * uploading a large file) gets to read the answer instead of a connection reset (RFC 9112 §9.6, lingering
 * close); past DISCARD_LIMIT_BYTES or DISCARD_MS the connection is dropped, so no body is read to its end.
 * It must run before the answer is written: once node sees an answered request nobody reads, it "dumps" the
 * body itself, without limit.
 */
function discardRest(req: IncomingMessage): void {
  if (req.complete || req.destroyed || discarding.has(req)) return;
  discarding.add(req);
  let discarded = 0;
  const timer = setTimeout(() => req.socket.destroy(), DISCARD_MS);
  timer.unref();
  const stop = () => clearTimeout(timer);
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) {
      stop();
      req.socket.destroy();
    }
  });
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolveBody(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) {
        failed = true;
        reject(error);
      }
    });
  });
}

/**
 * Maps a request path to a file inside `root`, or null. Decodes percent-escapes once, refuses NUL,
 * backslashes and any `..` segment (before and after decoding), then checks the resolved path is inside.
 */
export function resolveStaticPath(root: string, rawPath: string): string | null {
  const pathOnly = rawPath.split('?')[0].split('#')[0];
  if (pathOnly.split('/').some((s) => s === '..' || s === '.')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return null;
  const base = resolve(root);
  const target = resolve(base, ...(segments.length ? segments : ['index.html']));
  if (target !== base && !target.startsWith(base + sep)) return null;
  return target;
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string): Promise<void> {
  const head = req.method === 'HEAD';
  const target = resolveStaticPath(root, req.url ?? '/');
  if (!target) {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8', head);
    return;
  }
  try {
    // Symlinks must not lead out of the build folder either.
    const [realRoot, realTarget] = await Promise.all([fs.realpath(root), fs.realpath(target)]);
    if (!realTarget.startsWith(realRoot + sep)) throw new Error('outside');
    const stat = await fs.stat(realTarget);
    if (!stat.isFile()) throw new Error('not a file');
    const body = await fs.readFile(realTarget);
    send(res, 200, body, CONTENT_TYPES[extname(realTarget).toLowerCase()] ?? 'application/octet-stream', head);
  } catch {
    send(res, 404, 'Not found', 'text/plain; charset=utf-8', head);
  }
}

/** A dispatch answer as the page may see it: a produced file's bytes become a one-time download URL. */
function withDownloads(name: string, input: unknown, answer: DispatchResult, downloads: DownloadStore): DispatchResult {
  if (!answer.ok) return answer;
  const taken = takeFile(name, input, answer.result);
  if (!taken) return answer;
  const url = downloads.add(taken.file);
  return { ok: true, result: { ...taken.pageResult, download: { url, fileName: taken.file.fileName } } };
}

/** `attachment` with the name as a quoted string (ASCII, no quotes or backslashes) and as RFC 5987 UTF-8. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/**
 * GET /download/<id>: the file once, as an attachment; unknown, used or expired ids are 404. A browser
 * navigation cannot carry the API token: the unguessable one-time id is the capability. Requests another
 * site starts (Sec-Fetch-Site cross-site / same-site) are refused as well.
 */
function serveDownload(req: IncomingMessage, res: ServerResponse, id: string, downloads: DownloadStore): void {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    sendError(res, 405, 'usage', 'Downloads are GET requests.');
    return;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    sendError(res, 403, 'forbidden', 'Cross-site requests are refused.');
    return;
  }
  // Only a navigation (the hidden <a download> the page clicks, the address bar) gets the file: a fetch() or
  // XHR from page script would put the PFX into JavaScript. Browsers that send no Fetch metadata are let through.
  const mode = req.headers['sec-fetch-mode'];
  if (mode !== undefined && mode !== 'navigate') {
    sendError(res, 403, 'forbidden', 'A download is a navigation (a link), not a script request.');
    return;
  }
  const file = downloads.take(id);
  if (!file) {
    send(res, 404, 'Not found (a download link works once, for a minute).', 'text/plain; charset=utf-8');
    return;
  }
  const wipe = () => file.bytes.fill(0);
  // Zeroed once the response is done with them (not before: a socket write may still hold the buffer).
  res.once('close', wipe);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': file.mime,
    'Content-Disposition': contentDisposition(file.fileName),
    'Content-Length': file.bytes.length,
  });
  res.end(file.bytes);
}

interface ApiContext {
  token: string;
  downloads: DownloadStore;
  dispatch: (name: unknown, input: unknown) => Promise<DispatchResult>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function serveApi(req: IncomingMessage, res: ServerResponse, name: string, { token, downloads, dispatch }: ApiContext): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, 'usage', 'API calls are POST requests.');
    return;
  }
  if (!tokenMatches(token, req.headers[TOKEN_HEADER])) {
    sendError(res, 401, 'forbidden', 'Missing or wrong preview token.');
    return;
  }
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    sendError(res, 415, 'usage', 'API calls send application/json.');
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      // The rest of the upload is not kept: discardRest (in send) reads a bounded amount more and drops it.
      sendError(res, 413, 'too-large', `The request is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MiB.`);
      return;
    }
    sendError(res, 400, 'usage', 'The request could not be read.');
    return;
  }
  if (!isOperationName(name)) {
    sendError(res, 404, 'usage', `Unknown operation: ${name.slice(0, 80)}`);
    return;
  }
  let input: unknown;
  try {
    input = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    sendError(res, 400, 'usage', 'The request body is not valid JSON.');
    return;
  }
  // Every operation takes an object (or nothing): `null`, an array, a number or a string is refused here, so
  // nothing below can be skipped by a body that is not an object.
  if (!isPlainObject(input)) {
    sendError(res, 400, 'usage', 'The request body must be a JSON object.');
    return;
  }
  // A page in a browser must never change the machine: Windows operations always run as dry runs here
  // (the Electron app, a desktop program the user started, is where they run for real).
  if (Object.prototype.hasOwnProperty.call(windowsOperations, name)) input = { ...input, dryRun: true };
  const result = withDownloads(name, input, await dispatch(name, input), downloads);
  sendJson(res, 200, result);
}

export async function startPreviewServer(options: PreviewServerOptions = {}): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('The preview server listens on 127.0.0.1 only.');
  const token = options.token ?? randomBytes(32).toString('base64url');
  const staticDir = resolve(options.staticDir ?? defaultStaticDir());
  const downloads = createDownloadStore({ ttlMs: options.downloadTtlMs, now: options.now });
  const api: ApiContext = { token, downloads, dispatch: options.dispatch ?? realDispatch };
  let port = 0;

  const server = createServer({ connectionsCheckingInterval: TIMEOUT_CHECK_MS }, (req, res) => {
    void (async () => {
      try {
        if (!hostAllowed(req.headers.host, port)) {
          sendError(res, 421, 'forbidden', 'This server answers to 127.0.0.1 only.');
          return;
        }
        const origin = req.headers.origin;
        if (!originAllowed(typeof origin === 'string' ? origin : undefined, port)) {
          sendError(res, 403, 'forbidden', 'Cross-origin requests are refused.');
          return;
        }
        const url = req.url ?? '/';
        if (url === '/api' || url.startsWith('/api/')) {
          const name = url.slice('/api/'.length).split('?')[0];
          await serveApi(req, res, name, api);
          return;
        }
        if (url.startsWith(DOWNLOAD_PATH_PREFIX)) {
          serveDownload(req, res, url.slice(DOWNLOAD_PATH_PREFIX.length).split('?')[0], downloads);
          return;
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.setHeader('Allow', 'GET, HEAD');
          sendError(res, 405, 'usage', 'Only GET and HEAD for static files.');
          return;
        }
        await serveStatic(req, res, staticDir);
      } catch {
        if (!res.headersSent) sendError(res, 500, 'internal', 'Unexpected internal error.');
        else res.destroy();
      }
    })();
  });
  // The largest legitimate request is one upload on loopback; a slow or trickling client must not hold sockets.
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = Math.min(options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, HEADERS_TIMEOUT_MS);
  server.maxConnections = MAX_CONNECTIONS;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        downloads.clear();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
