// One IPC handler for every operation of the contract (shared/api.ts). For each call it checks the
// sender (main frame of our own page only), the operation name, then hands over to dispatch(), which
// validates the input with the contract's schema, runs the handler and maps failures to { code, message }.
// It takes an ipcMain-like object so tests pass a stand-in; it does not import 'electron' itself.
import { toErrorInfo, type ErrorInfo } from '../shared/errors';
import { INVOKE_CHANNEL } from './channels';
import { dispatch as realDispatch, isOperationName, type DispatchResult } from './dispatch';
import { isTrustedSender, type SenderFrameLike } from './shell-logic';

/** What setupIpc needs from an IPC event: Electron's IpcMainInvokeEvent has `senderFrame`. */
export interface IpcInvokeEventLike {
  senderFrame?: SenderFrameLike | null;
}

export type InvokeListener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<DispatchResult>;

/** The one method of ipcMain that setupIpc uses. */
export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void;
}

export interface SetupIpcOptions {
  /** file:// URL of renderer/dist/index.html: the only page allowed to call. */
  appPageUrl: string;
  /** Defaults to electron/dispatch.ts; tests inject a stub. */
  dispatch?: (name: unknown, input: unknown) => Promise<DispatchResult>;
  /** Called with every refused call (logging); never with the input, which may hold a password. */
  onRefused?: (reason: ErrorInfo, senderUrl: string | undefined) => void;
}

/** The envelope the preload unwraps. */
export type IpcEnvelope = DispatchResult;

const FORBIDDEN: ErrorInfo = { code: 'forbidden', message: 'This call did not come from the CertDesk window.' };

export function setupIpc(ipcMain: IpcMainLike, options: SetupIpcOptions): void {
  const run = options.dispatch ?? realDispatch;
  const refuse = (error: ErrorInfo, senderUrl: string | undefined): IpcEnvelope => {
    options.onRefused?.(error, senderUrl);
    return { ok: false, error };
  };

  ipcMain.handle(INVOKE_CHANNEL, async (event, name, input) => {
    const frame = event?.senderFrame;
    if (!isTrustedSender(frame, options.appPageUrl)) return refuse(FORBIDDEN, frame?.url);
    if (!isOperationName(name)) {
      return refuse({ code: 'usage', message: `Unknown operation: ${String(name).slice(0, 80)}` }, frame?.url);
    }
    try {
      return await run(name, input);
    } catch (error) {
      // dispatch() never throws; a stub or a future change might. Never let a stack cross the bridge.
      return { ok: false, error: toErrorInfo(error) };
    }
  });
}
