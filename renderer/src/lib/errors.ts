// Whatever the bridge throws (Electron's preload or the preview's fetch), the UI sees { code, message }.
import type { ErrorCode, ErrorInfo } from '../../../shared/errors';

export function toUiError(error: unknown): ErrorInfo {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      return { code: code as ErrorCode, message: typeof message === 'string' && message ? message : code };
    }
    if (typeof message === 'string') return { code: 'internal', message };
  }
  return { code: 'internal', message: String(error) };
}
