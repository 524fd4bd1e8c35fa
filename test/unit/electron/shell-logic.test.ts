import { mkdtemp, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSOCIATED_EXTENSIONS, filesFromArgv } from '../../../electron/desktop/argv';
import { createOpenFileQueue } from '../../../electron/desktop/open-file-queue';
import { readOpenedFile } from '../../../electron/desktop/opened-file';
import { appPageUrl, isAllowedRequestUrl, isAppPageUrl, isTrustedSender } from '../../../electron/desktop/page-security';
import { isPermissionAllowed } from '../../../electron/desktop/permissions';
import { addRecent, parseRecentList, removeRecent, serializeRecentList } from '../../../electron/desktop/recent-files';

const PAGE = appPageUrl('/opt/CertDesk/resources/app.asar/renderer/dist/index.html');
const DIR = 'file:///opt/CertDesk/resources/app.asar/renderer/dist';

describe('filesFromArgv', () => {
  it('keeps certificate files, resolved against the given cwd, and skips the rest', () => {
    const argv = ['/opt/CertDesk/certdesk', '.', '--inspect=9229', '--allow-file-access-from-files', 'a.pfx', '/abs/b.CER', 'notes.txt', 'dir/c.p7b', ''];
    expect(filesFromArgv(argv, '/home/me')).toEqual([resolve('/home/me', 'a.pfx'), resolve('/abs/b.CER'), resolve('/home/me', 'dir/c.p7b')]);
  });

  it('never takes the executable itself, even if its name looked like a file', () => {
    expect(filesFromArgv(['/weird/app.crt'], '/')).toEqual([]);
  });

  it('accepts every associated extension plus .pem, case-insensitively, without duplicates', () => {
    const names = [...ASSOCIATED_EXTENSIONS, 'pem'].map((ext) => `x.${ext.toUpperCase()}`);
    const files = filesFromArgv(['exe', ...names, ...names], '/w');
    expect(files).toHaveLength(ASSOCIATED_EXTENSIONS.length + 1);
  });

  it('skips switches even when they end in a certificate extension', () => {
    expect(filesFromArgv(['exe', '--file=x.pfx', '-x.cer'], '/w')).toEqual([]);
  });
});

describe('recent list', () => {
  it('adds to the front, de-duplicates, caps the length', () => {
    let list: string[] = [];
    for (let i = 0; i < 15; i += 1) list = addRecent(list, `/f${i}.pfx`);
    expect(list).toHaveLength(10);
    expect(list[0]).toBe('/f14.pfx');
    list = addRecent(list, '/f10.pfx');
    expect(list[0]).toBe('/f10.pfx');
    expect(list.filter((item) => item === '/f10.pfx')).toHaveLength(1);
    expect(addRecent(['/a', '/b'], '/c', 2)).toEqual(['/c', '/a']);
  });

  it('removes an entry', () => {
    expect(removeRecent(['/a', '/b'], '/a')).toEqual(['/b']);
  });

  it('round-trips and survives garbage', () => {
    expect(parseRecentList(serializeRecentList(['/a.pfx', '/b.cer']))).toEqual(['/a.pfx', '/b.cer']);
    expect(parseRecentList('not json')).toEqual([]);
    expect(parseRecentList('{"a":1}')).toEqual([]);
    expect(parseRecentList('[1, "", "/x", "/x", null]')).toEqual(['/x']);
  });
});

describe('our page and trusted senders', () => {
  it('the page URL is a file URL with an encoded path', () => {
    expect(appPageUrl('/A B/index.html')).toBe('file:///A%20B/index.html');
  });

  it('matches the page with any #route or ?query, nothing else', () => {
    expect(isAppPageUrl(PAGE, PAGE)).toBe(true);
    expect(isAppPageUrl(`${PAGE}#/requests`, PAGE)).toBe(true);
    expect(isAppPageUrl(`${PAGE}?a=b`, PAGE)).toBe(true);
    expect(isAppPageUrl(PAGE.replace('index.html', 'evil.html'), PAGE)).toBe(false);
    expect(isAppPageUrl(PAGE.replace('file://', 'http://'), PAGE)).toBe(false);
    expect(isAppPageUrl('file:///opt/CertDesk/resources/app.asar/renderer/dist/../dist/index.html', PAGE)).toBe(true);
    expect(isAppPageUrl('file:///tmp/index.html', PAGE)).toBe(false);
    expect(isAppPageUrl('https://example.com/', PAGE)).toBe(false);
    expect(isAppPageUrl('', PAGE)).toBe(false);
    expect(isAppPageUrl(undefined, PAGE)).toBe(false);
  });

  it('trusts only the main frame of our page', () => {
    expect(isTrustedSender({ url: PAGE, parent: null }, PAGE)).toBe(true);
    expect(isTrustedSender({ url: PAGE, parent: {} }, PAGE)).toBe(false);
    expect(isTrustedSender({ url: PAGE, parent: undefined }, PAGE)).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com', parent: null }, PAGE)).toBe(false);
    expect(isTrustedSender(null, PAGE)).toBe(false);
    expect(isTrustedSender(undefined, PAGE)).toBe(false);
  });
});

describe('session policy', () => {
  it('lets through the renderer folder, data: and blob:, and cancels remote and other files', () => {
    expect(isAllowedRequestUrl(`${DIR}/index.html`, DIR)).toBe(true);
    expect(isAllowedRequestUrl(`${DIR}/assets/index-abc.js`, DIR)).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA', DIR)).toBe(true);
    expect(isAllowedRequestUrl('blob:file:///1234', DIR)).toBe(true);
    expect(isAllowedRequestUrl('https://example.com/x.js', DIR)).toBe(false);
    expect(isAllowedRequestUrl('http://127.0.0.1:5173/', DIR)).toBe(false);
    expect(isAllowedRequestUrl('wss://example.com/', DIR)).toBe(false);
    expect(isAllowedRequestUrl('file:///etc/passwd', DIR)).toBe(false);
    expect(isAllowedRequestUrl(`${DIR}/../../secret.txt`, DIR)).toBe(false);
    expect(isAllowedRequestUrl(`${DIR}/%2e%2e/%2e%2e/secret.txt`, DIR)).toBe(false);
    expect(isAllowedRequestUrl(`${DIR}-evil/index.html`, DIR)).toBe(false);
    expect(isAllowedRequestUrl('not a url', DIR)).toBe(false);
  });

  it('allows only plain-text clipboard writes, only for our page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', PAGE, PAGE)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com', PAGE)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, PAGE)).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'fileSystem']) {
      expect(isPermissionAllowed(permission, PAGE, PAGE)).toBe(false);
    }
  });
});

describe('readOpenedFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certdesk-shell-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the base name and base64 bytes', async () => {
    const file = join(dir, 'server.cer');
    await writeFile(file, Buffer.from([0x30, 0x82, 0x01, 0x00]));
    await expect(readOpenedFile(file)).resolves.toEqual({ fileName: 'server.cer', contentBase64: 'MIIBAA==' });
  });

  it('refuses files over the limit with too-large, without reading them', async () => {
    const file = join(dir, 'huge.pfx');
    await writeFile(file, '');
    await truncate(file, 10 * 1024 * 1024 + 1);
    await expect(readOpenedFile(file)).rejects.toMatchObject({ code: 'too-large' });
    const small = join(dir, 'small.pfx');
    await writeFile(small, Buffer.alloc(11));
    await expect(readOpenedFile(small, 10)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('a missing file or a folder is unreadable, with a plain sentence', async () => {
    await expect(readOpenedFile(join(dir, 'missing.cer'))).rejects.toMatchObject({ code: 'unreadable', message: 'missing.cer cannot be read: it does not exist.' });
    await mkdir(join(dir, 'folder.cer'));
    await expect(readOpenedFile(join(dir, 'folder.cer'))).rejects.toMatchObject({ code: 'unreadable' });
  });
});

describe('open-file queue', () => {
  it('holds paths until ready, then delivers in order and immediately afterwards', () => {
    const queue = createOpenFileQueue();
    const delivered: string[] = [];
    queue.push('/a.pfx');
    queue.push('/b.cer');
    queue.push('/a.pfx');
    expect(queue.pending()).toEqual(['/a.pfx', '/b.cer']);
    queue.ready((p) => delivered.push(p));
    expect(delivered).toEqual(['/a.pfx', '/b.cer']);
    expect(queue.pending()).toEqual([]);
    queue.push('/c.p7b');
    expect(delivered).toEqual(['/a.pfx', '/b.cer', '/c.p7b']);
  });

  it('queues again while paused (window closed) and flushes to the next window', () => {
    const queue = createOpenFileQueue();
    const first: string[] = [];
    const second: string[] = [];
    queue.ready((p) => first.push(p));
    queue.pause();
    queue.push('/x.crt');
    expect(first).toEqual([]);
    queue.ready((p) => second.push(p));
    expect(second).toEqual(['/x.crt']);
  });
});
