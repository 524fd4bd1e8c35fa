// One IPC handler for every operation of the contract (shared/api.ts). For each call it checks the
// sender (main frame of our own page only), the operation name, the input's size and depth (before anything
// looks at it), then hands over to dispatch(), which validates the input with the contract's schema, runs the
// handler and maps failures to { code, message }.
// File-producing operations (shared/contract/files.ts, e.g. export.pfx) never answer with their bytes: the
// injected saveFile (main.ts: native save dialog + atomic write) puts them on disk and the page gets
// `saved: { path }`, or the error `cancelled`.
// It takes an ipcMain-like object so tests pass a stand-in; it does not import 'electron' itself.
import type { SavedFile } from '../../shared/contract/requests';
import { toErrorInfo, type ErrorInfo } from '../../shared/errors';
import { INVOKE_CHANNEL } from './channels';
import { dispatch as realDispatch, isOperationName, type DispatchResult } from '../operations/dispatch';
import { takeFile, type ProducedFile } from '../operations/file-results';
import { isTrustedSender, type SenderFrameLike } from './page-security';

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
  /** Defaults to electron/operations/dispatch.ts; tests inject a stub. */
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
 * The largest input one call may carry, measured before validation: the preview's body limit (a 10 MiB file
 * in base64 plus the JSON around it). The schemas bound each field too; this stops a 100 MB string or a
 * billion-slot array before any of it is looked at.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;
/** Contract inputs are shallow JSON-like trees; deeper (or cyclic: structured clone keeps cycles) is refused. */
export const MAX_INPUT_DEPTH = 32;

const TOO_LARGE: ErrorInfo = { code: 'too-large', message: `The request is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MiB.` };
const TOO_DEEP: ErrorInfo = { code: 'usage', message: `The request is nested more than ${MAX_INPUT_DEPTH} levels deep.` };

/**
 * Walks a structured-clone input without recursion and stops as soon as it is over `limit` (string lengths,
 * key lengths, array lengths and 8 per other value) or deeper than `maxDepth`. Never throws.
 */
export function checkInputSize(value: unknown, limit = MAX_INPUT_BYTES, maxDepth = MAX_INPUT_DEPTH): 'ok' | 'too-large' | 'too-deep' {
  let total = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (depth > maxDepth) return 'too-deep';
    total += 8;
    if (typeof item === 'string') total += item.length;
    else if (ArrayBuffer.isView(item)) total += item.byteLength;
    else if (item instanceof ArrayBuffer) total += item.byteLength;
    else if (Array.isArray(item)) {
      // The length first: a sparse array can claim billions of slots.
      total += item.length;
      if (total > limit) return 'too-large';
      for (const element of item) stack.push([element, depth + 1]);
    } else if (item instanceof Map || item instanceof Set) {
      total += item.size;
      if (total > limit) return 'too-large';
      for (const entry of item instanceof Map ? item.entries() : item.values()) stack.push([entry, depth + 1]);
    } else if (item !== null && typeof item === 'object') {
      for (const key of Object.keys(item)) {
        total += key.length + 8;
        if (total > limit) return 'too-large';
        stack.push([(item as Record<string, unknown>)[key], depth + 1]);
      }
    }
    if (total > limit) return 'too-large';
  }
  return 'ok';
}

/** A short, never-throwing description of what was sent as the operation name. */
function describeName(name: unknown): string {
  return typeof name === 'string' ? name.slice(0, 80) : typeof name;
}

/** isTrustedSender, but a frame whose properties throw (Electron: a disposed WebFrameMain) is untrusted. */
function trusted(frame: SenderFrameLike | null | undefined, pageUrl: string): { ok: boolean; url: string | undefined } {
  try {
    const ok = isTrustedSender(frame, pageUrl);
    const url = frame && typeof frame.url === 'string' ? frame.url.slice(0, 200) : undefined;
    return { ok, url };
  } catch {
    return { ok: false, url: undefined };
  }
}

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
    // Nothing below may throw: a rejected invoke would reach the page as Electron's own error text.
    try {
      const sender = trusted(event?.senderFrame, options.appPageUrl);
      if (!sender.ok) return refuse(FORBIDDEN, sender.url);
      if (!isOperationName(name)) return refuse({ code: 'usage', message: `Unknown operation: ${describeName(name)}` }, sender.url);
      const size = checkInputSize(input);
      if (size === 'too-large') return refuse(TOO_LARGE, sender.url);
      if (size === 'too-deep') return refuse(TOO_DEEP, sender.url);
      return await deliverFileResult(name, input, await run(name, input), options.saveFile);
    } catch (error) {
      // dispatch() never throws; a stub, a saver or a future change might. Never let a stack cross the bridge.
      return { ok: false, error: toErrorInfo(error) };
    }
  });
}
