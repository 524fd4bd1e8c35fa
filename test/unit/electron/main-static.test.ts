// Reads electron/desktop/main.ts as text: simple, but it keeps the security settings from being dropped or
// weakened by a later edit. (The file cannot be run here: it needs Electron.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const main = readFileSync(join(root, 'electron', 'desktop', 'main.ts'), 'utf8');
const preload = readFileSync(join(root, 'electron', 'desktop', 'preload.ts'), 'utf8');

/** The webPreferences object literal of the BrowserWindow. */
function webPreferences(): string {
  const start = main.indexOf('webPreferences: {');
  expect(start).toBeGreaterThan(-1);
  return main.slice(start, main.indexOf('}', start));
}

describe('electron/desktop/main.ts', () => {
  it.each([
    ['contextIsolation', 'true'],
    ['sandbox', 'true'],
    ['nodeIntegration', 'false'],
    ['nodeIntegrationInWorker', 'false'],
    ['nodeIntegrationInSubFrames', 'false'],
    ['webSecurity', 'true'],
    ['allowRunningInsecureContent', 'false'],
    ['webviewTag', 'false'],
    ['experimentalFeatures', 'false'],
    ['navigateOnDragDrop', 'false'],
  ])('sets webPreferences.%s explicitly to %s', (key, value) => {
    expect(webPreferences()).toMatch(new RegExp(`\\b${key}: ${value},`));
  });

  it('never enables remote content or node features anywhere', () => {
    expect(main).not.toMatch(/nodeIntegration(InWorker|InSubFrames)?: true/);
    expect(main).not.toMatch(/contextIsolation: false|sandbox: false|webSecurity: false/);
    expect(main).not.toMatch(/enableRemoteModule|enableBlinkFeatures|openExternal|loadURL\(\s*['"`]https?:/);
    expect(main).not.toMatch(/appendSwitch/);
  });

  it('denies navigation, redirects, webviews and new windows', () => {
    expect(main).toMatch(/on\('will-navigate', \(event\) => event\.preventDefault\(\)\)/);
    expect(main).toMatch(/on\('will-redirect', \(event\) => event\.preventDefault\(\)\)/);
    expect(main).toMatch(/on\('will-attach-webview', \(event\) => event\.preventDefault\(\)\)/);
    expect(main).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(main).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => lockDownContents\(contents\)\)/);
  });

  it('answers permission requests and checks through the deny-by-default policy', () => {
    expect(main).toMatch(/setPermissionRequestHandler\(\(_contents, permission, callback, details\) => \{\s*callback\(isPermissionAllowed\(/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(_contents, permission, _origin, details\) => isPermissionAllowed\(/);
    expect(main).toMatch(/setDevicePermissionHandler\(\(\) => false\)/);
  });

  it('applies the shared CSP as a header and cancels requests outside the renderer folder', () => {
    expect(main).toMatch(/import \{ CONTENT_SECURITY_POLICY \} from '\.\.\/\.\.\/shared\/csp'/);
    expect(main).toMatch(/onHeadersReceived\([\s\S]*'Content-Security-Policy': \[CONTENT_SECURITY_POLICY\]/);
    expect(main).toMatch(/onBeforeRequest\([\s\S]*cancel: !isAllowedRequestUrl\(/);
  });

  it('loads the built renderer from file, sandboxes everything, holds the single-instance lock', () => {
    expect(main).toMatch(/join\(app\.getAppPath\(\), 'renderer', 'dist', 'index\.html'\)/);
    expect(main).toMatch(/loadFile\(INDEX_HTML\)/);
    expect(main).toMatch(/app\.enableSandbox\(\)/);
    expect(main).toMatch(/requestSingleInstanceLock\(\)/);
    expect(main).toMatch(/app\.on\('second-instance'/);
    expect(main).toMatch(/app\.on\('open-file'/);
    expect(main).toMatch(/setupIpc\(ipcMain, \{/);
  });
});

describe('electron/desktop/preload.ts', () => {
  it('exposes the two bridge objects and not ipcRenderer', () => {
    expect(preload).toMatch(/exposeInMainWorld\('certdesk', createCertDeskApi\(ipcRenderer\)\)/);
    expect(preload).toMatch(/exposeInMainWorld\('certdeskHost', createHostBridge\(ipcRenderer\)\)/);
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(2);
    expect(preload).not.toMatch(/exposeInMainWorld\([^,]+,\s*ipcRenderer\s*\)/);
  });
});

// Which files may import 'electron' is a lint rule now (eslint.config.mjs zones): test/unit/lint/boundaries.test.ts.
