// Electron main process: a thin shell. One window showing the built renderer (renderer/dist/index.html)
// from file, locked down (sandbox, context isolation, CSP, no navigation, no new windows, no permissions);
// the application menu; files from the command line, a second instance and macOS open-file; one IPC
// channel (ipc.ts → dispatch.ts); files an operation produces (a PFX) saved from here, never sent to the page. Decisions worth testing live in argv.ts, recent-files.ts, page-security.ts, permissions.ts, opened-file.ts and open-file-queue.ts and menu.ts.
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, type Session, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { toErrorInfo } from '../../shared/errors';
import { MENU_COMMAND_CHANNEL, OPEN_FILE_CHANNEL, type HostEventChannel, type HostEvents } from './channels';
import { setupIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { createDialogSaver } from './save-file';
import { OPENABLE_EXTENSIONS, filesFromArgv } from './argv';
import { createOpenFileQueue } from './open-file-queue';
import { readOpenedFile } from './opened-file';
import { appPageUrl, isAllowedRequestUrl } from './page-security';
import { isPermissionAllowed } from './permissions';
import { addRecent, parseRecentList, removeRecent, serializeRecentList } from './recent-files';

const APP_NAME = 'CertDesk';
app.setName(APP_NAME);
// Chromium's profile (caches, storage) and the recent list go to their own folder, never into the engine's
// data folder (%APPDATA%\CertDesk, ~/Library/Application Support/CertDesk: database and encrypted keys,
// which must stay free of anything else). The same folder for `npm start` and the installed app.
app.setPath('userData', join(app.getPath('appData'), 'CertDesk Desktop'));

// The app root is the project folder in development (`electron .`) and resources/app.asar when packaged.
const INDEX_HTML = join(app.getAppPath(), 'renderer', 'dist', 'index.html');
const PAGE_URL = appPageUrl(INDEX_HTML);
const RENDERER_DIR_URL = pathToFileURL(dirname(INDEX_HTML)).href;

const openQueue = createOpenFileQueue();
let mainWindow: BrowserWindow | null = null;
let recent: string[] = [];

// Every renderer is sandboxed, whatever its webPreferences say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another CertDesk is running: it receives our argv in 'second-instance' and opens the files.
  app.quit();
} else {
  start();
}

function start(): void {
  process.on('uncaughtException', (error) => reportFatal(error));

  for (const filePath of filesFromArgv(process.argv, process.cwd())) openQueue.push(filePath);

  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const filePath of filesFromArgv(argv, workingDirectory)) openQueue.push(filePath);
    showWindow();
  });

  // macOS: double-clicked files arrive here, possibly before 'ready'; the queue holds them.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    openQueue.push(filePath);
    if (app.isReady()) showWindow();
  });

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showWindow());

  app.whenReady().then(onReady).catch(reportFatal);
}

async function onReady(): Promise<void> {
  lockDownSession(session.defaultSession);
  setupIpc(ipcMain, {
    appPageUrl: PAGE_URL,
    onRefused: (error, senderUrl) => console.warn(`Refused IPC call (${error.code}) from ${senderUrl ?? 'an unknown frame'}`),
    // File-producing operations (a PFX): main asks where to save and writes the file; the page gets the path only.
    saveFile: createDialogSaver((options) =>
      mainWindow && !mainWindow.isDestroyed() ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options),
    ),
  });
  recent = await loadRecent();
  refreshMenu();
  if (!existsSync(INDEX_HTML)) {
    dialog.showErrorBox(`${APP_NAME} cannot start`, `The window's page is not built (${INDEX_HTML} is missing). Run \`npm run build:renderer\`, then start again.`);
    app.exit(1);
    return;
  }
  createWindow();
}

// ---------------------------------------------------------------------------------------------- window

function createWindow(): BrowserWindow {
  const work = screen.getPrimaryDisplay().workAreaSize;
  const win = new BrowserWindow({
    title: APP_NAME,
    width: Math.min(1280, work.width),
    height: Math.min(860, work.height),
    // Designed to be usable at 1024×768 and to grow from there.
    minWidth: Math.min(1024, work.width),
    minHeight: Math.min(768, work.height),
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Middle-click (auxclick) on a link would ask for a new window; denied anyway, and off here.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  // Queued files go out once the page (and so the preload's listeners) exists; the preload buffers them
  // until the React app subscribes.
  win.webContents.on('did-finish-load', () => openQueue.ready((filePath) => void openPath(filePath)));
  win.on('closed', () => {
    openQueue.pause();
    if (mainWindow === win) mainWindow = null;
  });
  win.loadFile(INDEX_HTML).catch(reportFatal);
  return win;
}

function showWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow || mainWindow.isDestroyed()) {
    createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function send<C extends HostEventChannel>(channel: C, payload: HostEvents[C]): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
}

// ------------------------------------------------------------------------------------------- security

/** Applied to every WebContents the app ever creates (the window, devtools, anything unexpected). */
function lockDownContents(contents: WebContents): void {
  // The page is loaded with loadFile(), which does not emit will-navigate; any navigation the page or a
  // dropped file asks for does, and is refused. In-page (#route) changes are not navigations.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function lockDownSession(ses: Session): void {
  // No remote content: only the renderer's own files (and data:/blob:) load.
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, RENDERER_DIR_URL) });
  });
  // The CSP of shared/csp.ts as a header (the page also carries it in a meta tag, which is what applies
  // to file:// documents).
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, PAGE_URL));
  });
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) => isPermissionAllowed(permission, details.requestingUrl, PAGE_URL));
  ses.setDevicePermissionHandler(() => false);
}

// --------------------------------------------------------------------------------------- opening files

async function openPath(filePath: string): Promise<void> {
  try {
    const file = await readOpenedFile(filePath);
    send(OPEN_FILE_CHANNEL, file);
    app.addRecentDocument(filePath);
    await setRecent(addRecent(recent, filePath));
  } catch (error) {
    const info = toErrorInfo(error);
    if (info.code === 'unreadable' && recent.includes(filePath)) await setRecent(removeRecent(recent, filePath));
    const options = { type: 'error' as const, title: APP_NAME, message: `Cannot open ${basename(filePath)}`, detail: info.message };
    if (mainWindow && !mainWindow.isDestroyed()) await dialog.showMessageBox(mainWindow, options);
    else await dialog.showMessageBox(options);
  }
}

async function chooseFiles(): Promise<void> {
  if (!mainWindow || mainWindow.isDestroyed()) createWindow();
  const win = mainWindow as BrowserWindow;
  const result = await dialog.showOpenDialog(win, {
    title: 'Open certificate or request',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Certificates and requests', extensions: [...OPENABLE_EXTENSIONS] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  if (result.canceled) return;
  for (const filePath of result.filePaths) openQueue.push(filePath);
}

// ------------------------------------------------------------------------------------- menu and recent

function refreshMenu(): void {
  const template = buildMenuTemplate(
    { platform: process.platform, appName: APP_NAME, recent, devTools: !app.isPackaged },
    {
      open: () => void chooseFiles().catch(reportError),
      openRecent: (filePath) => {
        openQueue.push(filePath);
        showWindow();
      },
      clearRecent: () => {
        app.clearRecentDocuments();
        void setRecent([]);
      },
      close: () => send(MENU_COMMAND_CHANNEL, 'close'),
      about: () => {
        showWindow();
        send(MENU_COMMAND_CHANNEL, 'about');
      },
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function recentFile(): string {
  return join(app.getPath('userData'), 'recent-files.json');
}

async function loadRecent(): Promise<string[]> {
  try {
    return parseRecentList(await readFile(recentFile(), 'utf8'));
  } catch {
    return [];
  }
}

async function setRecent(list: string[]): Promise<void> {
  recent = list;
  refreshMenu();
  try {
    await mkdir(dirname(recentFile()), { recursive: true });
    await writeFile(recentFile(), serializeRecentList(list), 'utf8');
  } catch (error) {
    console.warn(`Could not save the recent files list: ${toErrorInfo(error).message}`);
  }
}

// -------------------------------------------------------------------------------------------- failures

function reportError(error: unknown): void {
  dialog.showErrorBox(APP_NAME, toErrorInfo(error).message);
}

/** No stack in front of the user; the console keeps it for developers. */
function reportFatal(error: unknown): void {
  console.error(error);
  dialog.showErrorBox(`${APP_NAME} stopped`, toErrorInfo(error).message);
  app.exit(1);
}
