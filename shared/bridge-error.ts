// How a failed call reaches the page, the same from both bridges (Electron's preload, electron/desktop/renderer-bridge.ts,
// and the preview's fetch, renderer/src/bridge/preview.ts). A plain object, not an Error: contextBridge copies an
// Error as a new Error with only its message (custom properties such as `code` are dropped), so only a plain
// object arrives whole. `err.code` / `err.message`, toErrorInfo(err) and the renderer's toUiError(err) read it;
// `instanceof Error` does not hold.
import { isErrorCode, type ErrorCode } from './errors';

export interface BridgeError {
  name: 'CertDeskError';
  code: ErrorCode;
  message: string;
}

/** The rejection both bridges throw; a code the contract does not list (shared/errors.ts) becomes 'internal'. */
export function toBridgeError(info: { code?: unknown; message?: unknown } | undefined): BridgeError {
  const code = isErrorCode(info?.code) ? info.code : 'internal';
  const message = typeof info?.message === 'string' && info.message ? info.message : 'The operation failed.';
  return { name: 'CertDeskError', code, message };
}
