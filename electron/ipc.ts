// One IPC handler for every operation of the contract (shared/api.ts). For each call it checks the
// sender (main frame of our own page only), the operation name, then hands over to dispatch(), which
// validates the input with the contract's schema, runs the handler and maps failures to { code, message }.
// File-producing operations (shared/contract/files.ts, e.g. export.pfx) never answer with their bytes: the
// injected saveFile (main.ts: native save dialog + atomic write) puts them on disk and the page gets
// `saved: { path }`, or the error `cancelled`.
// It takes an ipcMain-like object so tests pass a stand-in; it does not import 'electron' itself.
import type { SavedFile } from '../shared/contract/requests';
import { toErrorInfo, type ErrorInfo } from '../shared/errors';
import { INVOKE_CHANNEL } from './channels';
import { dispatch as realDispatch, isOperationName, type DispatchResult } from './dispatch';
import { takeFile, type ProducedFile } from './file-results';
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
  /**
   * Saves a file-producing operation's bytes where the user chooses (main.ts: dialog.showSaveDialog, then
   * writeFileAtomic); null when the user cancelled. Without it those operations are refused: their bytes
   * never go to the page instead.
   */
  saveFile?: SaveFile;
}

export type SaveFile = (file: ProducedFile) => Promise<SavedFile | null>;

/** The envelope the preload unwraps. */
export type IpcEnvelope = DispatchResult;

const FORBIDDEN: ErrorInfo = { code: 'forbidden', message: 'This call did not come from the CertDesk window.' };
const CANCELLED: ErrorInfo = { code: 'cancelled', message: 'Saving was cancelled; no file was written.' };
const CANNOT_SAVE: ErrorInfo = { code: 'internal', message: 'This window has no way to save files.' };

/**
 * A dispatch answer as the page may see it: for a file-producing operation the bytes are saved through
 * `saveFile` and replaced by `saved: { path }`; every other answer passes unchanged.
 */
export async function deliverFileResult(name: string, input: unknown, answer: DispatchResult, saveFile: SaveFile | undefined): Promise<IpcEnvelope> {
  if (!answer.ok) return answer;
  const taken = takeFile(name, input, answer.result);
  if (!taken) return answer;
  try {
    if (!saveFile) return { ok: false, error: CANNOT_SAVE };
    const saved = await saveFile(taken.file);
    if (!saved) return { ok: false, error: CANCELLED };
    return { ok: true, result: { ...taken.pageResult, saved: { path: saved.path } } };
  } finally {
    taken.file.bytes.fill(0);
  }
}

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
      return await deliverFileResult(name, input, await run(name, input), options.saveFile);
    } catch (error) {
      // dispatch() never throws; a stub or a future change might. Never let a stack cross the bridge.
      return { ok: false, error: toErrorInfo(error) };
    }
  });
}
