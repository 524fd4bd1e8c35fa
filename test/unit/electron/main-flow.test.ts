// Runs electron/desktop/main.ts against a stand-in 'electron' module (the real one needs the Electron binary):
// start-up, the window's webPreferences, the session and WebContents lock-down, files from the command
// line / a second instance / macOS open-file reaching the page, the menu, and one IPC round trip.
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const state = {
    appPath: '',
    appData: '',
    userData: '',
    windows: [] as Array<{ options: Record<string, unknown>; win: InstanceType<typeof Emitter> & Record<string, unknown> }>,
    sent: [] as Array<[string, unknown]>,
    handlers: new Map<string, (...args: unknown[]) => unknown>(),
    session: {} as Record<string, (...args: unknown[]) => unknown>,
    menus: [] as unknown[],
    dialogs: [] as Array<[string, unknown]>,
    openDialogAnswer: { canceled: true, filePaths: [] as string[] },
    recentDocuments: [] as string[],
    exited: null as number | null,
    resolveReady: () => undefined as void,
  };
  const app = new Emitter() as InstanceType<typeof Emitter> & Record<string, unknown>;
  let ready = false;
  const readyPromise = new Promise<void>((resolve) => {
    state.resolveReady = () => {
      ready = true;
      resolve();
    };
  });
  Object.assign(app, {
    isPackaged: false,
    setName: () => undefined,
    getAppPath: () => state.appPath,
    getPath: (name: string) => (name === 'userData' ? state.userData : name === 'appData' ? state.appData : '/nonexistent'),
    setPath: (name: string, value: string) => {
      if (name === 'userData') state.userData = value;
    },
    enableSandbox: () => undefined,
    requestSingleInstanceLock: () => true,
    whenReady: () => readyPromise,
    isReady: () => ready,
    quit: () => undefined,
    exit: (code: number) => {
      state.exited = code;
    },
    addRecentDocument: (p: string) => state.recentDocuments.push(p),
    clearRecentDocuments: () => {
      state.recentDocuments = [];
    },
  });

  class BrowserWindow extends Emitter {
    webContents: InstanceType<typeof Emitter> & Record<string, unknown>;
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      const contents = new Emitter() as InstanceType<typeof Emitter> & Record<string, unknown>;
      contents.send = (channel: string, payload: unknown) => state.sent.push([channel, payload]);
      this.webContents = contents;
      state.windows.push({ options, win: this as never });
    }
    loadFile = vi.fn(async () => undefined);
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    isDestroyed = () => this.destroyed;
    static getAllWindows = () => state.windows.map((w) => w.win);
  }

  const electron = {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => state.handlers.set(channel, fn) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => state.menus.push(m) },
    screen: { getPrimaryDisplay: () => ({ workAreaSize: { width: 1920, height: 1040 } }) },
    dialog: {
      showErrorBox: (title: string, body: string) => state.dialogs.push(['error', `${title}: ${body}`]),
      showMessageBox: async (...args: unknown[]) => {
        state.dialogs.push(['message', args[args.length - 1]]);
        return { response: 0 };
      },
      showOpenDialog: async () => state.openDialogAnswer,
    },
    session: {
      defaultSession: {
        webRequest: {
          onBeforeRequest: (fn: (...args: unknown[]) => unknown) => (state.session.onBeforeRequest = fn),
          onHeadersReceived: (fn: (...args: unknown[]) => unknown) => (state.session.onHeadersReceived = fn),
        },
        setPermissionRequestHandler: (fn: (...args: unknown[]) => unknown) => (state.session.request = fn),
        setPermissionCheckHandler: (fn: (...args: unknown[]) => unknown) => (state.session.check = fn),
        setDevicePermissionHandler: (fn: (...args: unknown[]) => unknown) => (state.session.device = fn),
      },
    },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;
const dir = mkdtempSync(join(tmpdir(), 'certdesk-main-'));
const indexHtml = join(dir, 'app', 'renderer', 'dist', 'index.html');
const pageUrl = pathToFileURL(indexHtml).href;
const argvFile = join(dir, 'from-argv.cer');
const savedArgv = process.argv;
const listenersBefore = process.listeners('uncaughtException');

beforeAll(async () => {
  mkdirSync(join(dir, 'app', 'renderer', 'dist'), { recursive: true });
  mkdirSync(join(dir, 'appData'));
  writeFileSync(indexHtml, '<!doctype html>');
  writeFileSync(argvFile, Buffer.from([1, 2, 3]));
  state.appPath = join(dir, 'app');
  state.appData = join(dir, 'appData');
  process.argv = ['/opt/CertDesk/certdesk', '--some-switch', argvFile, 'readme.txt'];
  await import('../../../electron/desktop/main');
  state.resolveReady();
  await vi.waitFor(() => expect(state.windows).toHaveLength(1));
});

afterAll(() => {
  process.argv = savedArgv;
  for (const listener of process.listeners('uncaughtException')) {
    if (!listenersBefore.includes(listener)) process.off('uncaughtException', listener);
  }
  rmSync(dir, { recursive: true, force: true });
});

const win = () => state.windows[0].win as unknown as EventEmitter & { webContents: EventEmitter; loadFile: ReturnType<typeof vi.fn> };
const openFileEvents = () => state.sent.filter(([channel]) => channel === 'certdesk:open-file').map(([, payload]) => payload);

describe('electron/desktop/main.ts with a stand-in electron', () => {
  it('creates one locked-down window on the built renderer page', () => {
    const { options } = state.windows[0];
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String((options.webPreferences as { preload: string }).preload)).toMatch(/preload\.js$/);
    expect(options).toMatchObject({ minWidth: 1024, minHeight: 768, show: false });
    expect(win().loadFile).toHaveBeenCalledWith(indexHtml);
    expect(state.exited).toBeNull();
    // Chromium's profile stays out of the engine's data folder (…/CertDesk).
    expect(state.userData).toBe(join(dir, 'appData', 'CertDesk Desktop'));
  });

  it('sends the command-line file once the page has loaded, and remembers it', async () => {
    expect(openFileEvents()).toEqual([]);
    win().webContents.emit('did-finish-load');
    await vi.waitFor(() => expect(openFileEvents()).toEqual([{ fileName: 'from-argv.cer', contentBase64: 'AQID' }]));
    expect(state.recentDocuments).toContain(argvFile);
    await vi.waitFor(() => expect(JSON.stringify(state.menus.at(-1))).toContain('from-argv.cer'));
    await vi.waitFor(() => expect(readFileSync(join(state.userData, 'recent-files.json'), 'utf8')).toContain('from-argv.cer'));
  });

  it('opens files from a second instance (relative to its cwd) and from macOS open-file', async () => {
    const second = join(dir, 'second.pfx');
    writeFileSync(second, 'pfx');
    (fake.electron.app as unknown as EventEmitter).emit('second-instance', {}, ['/opt/CertDesk/certdesk', 'second.pfx'], dir);
    await vi.waitFor(() => expect(openFileEvents()).toContainEqual({ fileName: 'second.pfx', contentBase64: Buffer.from('pfx').toString('base64') }));
    const macFile = join(dir, 'mac.p7b');
    writeFileSync(macFile, 'p7b');
    const event = { preventDefault: vi.fn() };
    (fake.electron.app as unknown as EventEmitter).emit('open-file', event, macFile);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(openFileEvents()).toContainEqual({ fileName: 'mac.p7b', contentBase64: Buffer.from('p7b').toString('base64') }));
  });

  it('refuses files over 10 MiB with a message, sending nothing', async () => {
    const huge = join(dir, 'huge.pfx');
    writeFileSync(huge, '');
    truncateSync(huge, 10 * 1024 * 1024 + 1);
    const before = openFileEvents().length;
    (fake.electron.app as unknown as EventEmitter).emit('second-instance', {}, ['exe', huge], dir);
    await vi.waitFor(() => expect(JSON.stringify(state.dialogs)).toContain('huge.pfx'));
    expect(openFileEvents()).toHaveLength(before);
  });

  it('File > Open… reads the chosen file in main and sends its bytes', async () => {
    const chosen = join(dir, 'chosen.crt');
    writeFileSync(chosen, 'crt');
    state.openDialogAnswer = { canceled: false, filePaths: [chosen] };
    const template = state.menus.at(-1) as Array<{ label?: string; submenu?: Array<{ label?: string; click?: () => void }> }>;
    const file = template.find((m) => m.label === '&File');
    file?.submenu?.find((i) => i.label === '&Open…')?.click?.();
    await vi.waitFor(() => expect(openFileEvents()).toContainEqual({ fileName: 'chosen.crt', contentBase64: Buffer.from('crt').toString('base64') }));
  });

  it('locks down every WebContents: no navigation, redirects, webviews or new windows', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: ReturnType<typeof vi.fn> };
    contents.setWindowOpenHandler = vi.fn();
    (fake.electron.app as unknown as EventEmitter).emit('web-contents-created', {}, contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, 'https://example.com/');
      expect(event.preventDefault).toHaveBeenCalled();
    }
    const handler = contents.setWindowOpenHandler.mock.calls[0][0] as () => unknown;
    expect(handler()).toEqual({ action: 'deny' });
  });

  it('the session cancels remote requests, sets the CSP header and refuses permissions', () => {
    const decide = (url: string) => {
      let answer: unknown;
      state.session.onBeforeRequest({ url }, (response: unknown) => (answer = response));
      return answer;
    };
    expect(decide('https://example.com/x.js')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:8080/api/roots')).toEqual({ cancel: true });
    expect(decide('ws://127.0.0.1:8080/')).toEqual({ cancel: true });
    expect(decide(pathToFileURL(join(dir, 'secret.txt')).href)).toEqual({ cancel: true });
    expect(decide(pageUrl.replace('/dist/index.html', '/dist/../../secret.txt'))).toEqual({ cancel: true });
    expect(decide(pageUrl)).toEqual({ cancel: false });
    expect(decide(pageUrl.replace('index.html', 'assets/index.js'))).toEqual({ cancel: false });
    let headers: { responseHeaders: Record<string, string[]> } | undefined;
    state.session.onHeadersReceived({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': ["default-src *"] } }, (r: typeof headers) => (headers = r));
    // Exactly the shared policy, replacing whatever a response brought.
    expect(headers?.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers?.responseHeaders['X-Other']).toEqual(['1']);
    const granted: boolean[] = [];
    state.session.request({}, 'media', (ok: boolean) => granted.push(ok), { requestingUrl: pageUrl });
    state.session.request({}, 'notifications', (ok: boolean) => granted.push(ok), { requestingUrl: pageUrl });
    expect(granted).toEqual([false, false]);
    expect(state.session.check({}, 'geolocation', 'file://', { requestingUrl: pageUrl })).toBe(false);
    expect(state.session.device({})).toBe(false);
  });

  it('registers the IPC channel: our page gets through to dispatch, others are forbidden', async () => {
    const handler = state.handlers.get('certdesk:op');
    expect(handler).toBeTypeOf('function');
    const foreign = await handler?.({ senderFrame: { url: 'https://example.com/', parent: null } }, 'roots', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const invalid = await handler?.({ senderFrame: { url: pageUrl, parent: null } }, 'inspect', { fileName: 5 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'usage' } });
    for (const event of [{ senderFrame: { url: pageUrl, parent: { url: pageUrl } } }, { senderFrame: null }, {}, { senderFrame: { url: 'data:text/html,x', parent: null } }]) {
      expect(await handler?.(event, 'roots', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await handler?.({ senderFrame: { url: pageUrl, parent: null } }, 'nope', {})).toMatchObject({ ok: false, error: { code: 'usage' } });
    const huge = await handler?.({ senderFrame: { url: pageUrl, parent: null } }, 'inspect', { fileName: 'a.pfx', contentBase64: 'A'.repeat(20 * 1024 * 1024) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(await handler?.({ senderFrame: { url: pageUrl, parent: null } }, 'roots', {})).toMatchObject({ ok: true });
  });

  it('Help > About and File > Close go to the page as menu commands', () => {
    const template = state.menus.at(-1) as Array<{ label?: string; submenu?: Array<{ label?: string; click?: () => void }> }>;
    template.find((m) => m.label === '&File')?.submenu?.find((i) => i.label === '&Close')?.click?.();
    template.find((m) => m.label === '&Help')?.submenu?.find((i) => i.label === 'About CertDesk')?.click?.();
    const commands = state.sent.filter(([channel]) => channel === 'certdesk:menu-command').map(([, c]) => c);
    expect(commands).toEqual(['close', 'about']);
  });
});
