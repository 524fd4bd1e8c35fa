// The preview's stand-in for Electron's preload: window.certdesk with one function per operation of the
// contract (each a POST to /api/<name> carrying the per-run token), and a certdeskHost of kind 'preview'.
// Installed only when the host has not provided window.certdesk (in Electron the preload has).
import { operationNames, type CertDeskApi, type OperationName } from '../../../shared/api';
import type { CertDeskHost, MenuCommand, OpenedFile } from '../../../shared/bridge';
import { toBridgeError } from '../../../shared/bridge-error';

export const TOKEN_HEADER = 'X-CertDesk-Token';
const TOKEN_KEY = 'certdesk.previewToken';

/**
 * The token comes in the URL fragment (#token=…), which browsers never send to a server or in a Referer.
 * It is kept in sessionStorage (this tab only) so a reload still works, and removed from the address bar.
 */
export function takeToken(win: Window = window): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(win.location.hash);
  if (match) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, match[1]);
    } catch {
      // Storage disabled: the token lives only in memory for this page.
    }
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return match[1];
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export function createPreviewApi(token: string | null, fetchImpl: Fetch = (i, init) => fetch(i, init)): CertDeskApi {
  const call = async (name: OperationName, input: unknown): Promise<unknown> => {
    if (!token) {
      throw toBridgeError({ code: 'forbidden', message: 'This page was opened without its access token: open the URL printed by `npm run preview`.' });
    }
    let response: Response;
    try {
      response = await fetchImpl(`/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(input ?? {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw toBridgeError({ code: 'internal', message: 'The CertDesk preview server is not reachable. Is `npm run preview` still running?' });
    }
    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      throw toBridgeError({ code: 'internal', message: `The preview server answered ${response.status} without a result.` });
    }
    const body = payload as { ok?: boolean; result?: unknown; error?: { code?: unknown; message?: unknown } };
    if (body.ok === true) return body.result;
    if (response.status === 401) {
      throw toBridgeError({ code: body.error?.code, message: 'The preview token is missing or wrong: open the URL printed by `npm run preview`.' });
    }
    throw toBridgeError({ code: body.error?.code, message: body.error?.message ?? `Request failed (${response.status}).` });
  };
  const api = {} as Record<OperationName, (input: unknown) => Promise<unknown>>;
  for (const name of operationNames) api[name] = (input: unknown) => call(name, input);
  return Object.freeze(api) as unknown as CertDeskApi;
}

/** Host events in a browser tab: nothing opens files from outside the page; Ctrl/Cmd+O is "File > Open…". */
export function createPreviewHost(win: Window = window): CertDeskHost {
  const fileListeners = new Set<(file: OpenedFile) => void>();
  const menuListeners = new Set<(command: MenuCommand) => void>();
  win.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'o') {
      event.preventDefault();
      for (const listener of menuListeners) listener('open');
    }
  });
  return Object.freeze({
    kind: 'preview' as const,
    onOpenFile(listener: (file: OpenedFile) => void) {
      fileListeners.add(listener);
      return () => fileListeners.delete(listener);
    },
    onMenuCommand(listener: (command: MenuCommand) => void) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
  });
}

/** Installs window.certdesk / window.certdeskHost unless the host (Electron's preload) already did. */
export function installPreviewBridge(win: Window = window): boolean {
  if (win.certdesk !== undefined) return false;
  const token = takeToken(win);
  Object.defineProperty(win, 'certdesk', { value: createPreviewApi(token), configurable: false, writable: false });
  if (win.certdeskHost === undefined) {
    Object.defineProperty(win, 'certdeskHost', { value: createPreviewHost(win), configurable: false, writable: false });
  }
  return true;
}
