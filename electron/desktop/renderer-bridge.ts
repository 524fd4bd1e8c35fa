// What preload.ts exposes, built from an ipcRenderer-like object so it is tested without Electron.
// No electron import and no Node modules: this is bundled into the sandboxed preload.
import { operationNames, type CertDeskApi, type OperationName } from '../../shared/api';
import type { CertDeskHost, MenuCommand, OpenedFile } from '../../shared/bridge';
import { toBridgeError } from '../../shared/bridge-error';
import type { ErrorInfo } from '../../shared/errors';
import { INVOKE_CHANNEL, MENU_COMMAND_CHANNEL, OPEN_FILE_CHANNEL, menuCommands, type HostEventChannel } from './channels';

/** The ipcRenderer methods the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

// A failed call rejects with shared/bridge-error.ts's plain object, the same as the preview's bridge.
export { toBridgeError, type BridgeError } from '../../shared/bridge-error';

/** Unwraps main's `{ ok, result } | { ok: false, error }` envelope. */
export function unwrapEnvelope(envelope: unknown): unknown {
  if (envelope && typeof envelope === 'object' && 'ok' in envelope) {
    const value = envelope as { ok: unknown; result?: unknown; error?: Partial<ErrorInfo> };
    if (value.ok === true) return value.result;
    throw toBridgeError(value.error);
  }
  throw toBridgeError({ code: 'internal', message: 'The app returned an unexpected answer.' });
}

/** `window.certdesk`: one named async function per operation of the contract. */
export function createCertDeskApi(ipc: Pick<IpcRendererLike, 'invoke'>, names: readonly OperationName[] = operationNames): CertDeskApi {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of names) {
    api[name] = async (input: unknown) => {
      let envelope: unknown;
      try {
        envelope = await ipc.invoke(INVOKE_CHANNEL, name, input);
      } catch (error) {
        // The input could not be cloned, or the main process is gone.
        const detail = error instanceof Error ? error.message : String(error);
        throw toBridgeError({ code: 'internal', message: `The call to ${name} could not be made: ${detail}` });
      }
      return unwrapEnvelope(envelope);
    };
  }
  return Object.freeze(api) as CertDeskApi;
}

/**
 * A host event stream that keeps what arrives before the page subscribes (files from the command line
 * are sent as soon as the page loads, React subscribes a little later) and hands it to the first
 * listener. Later events go to every listener.
 */
export function createBufferedEvent<T>() {
  const listeners = new Set<(value: T) => void>();
  let buffered: T[] = [];
  return {
    emit(value: T) {
      if (listeners.size === 0) {
        buffered.push(value);
        return;
      }
      for (const listener of [...listeners]) listener(value);
    },
    subscribe(listener: (value: T) => void): () => void {
      listeners.add(listener);
      const backlog = buffered;
      buffered = [];
      for (const value of backlog) listener(value);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

function isOpenedFile(value: unknown): value is OpenedFile {
  const file = value as OpenedFile | null;
  return !!file && typeof file === 'object' && typeof file.fileName === 'string' && typeof file.contentBase64 === 'string';
}

function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (menuCommands as readonly string[]).includes(value);
}

/** `window.certdeskHost`: listens to main from the moment the preload runs. */
export function createHostBridge(ipc: Pick<IpcRendererLike, 'on'>): CertDeskHost {
  const openFile = createBufferedEvent<OpenedFile>();
  const menuCommand = createBufferedEvent<MenuCommand>();
  const listen = (channel: HostEventChannel, accept: (value: unknown) => void) => {
    ipc.on(channel, (_event, value) => accept(value));
  };
  listen(OPEN_FILE_CHANNEL, (value) => {
    if (isOpenedFile(value)) openFile.emit({ fileName: value.fileName, contentBase64: value.contentBase64 });
  });
  listen(MENU_COMMAND_CHANNEL, (value) => {
    if (isMenuCommand(value)) menuCommand.emit(value);
  });
  return Object.freeze({
    kind: 'electron' as const,
    onOpenFile: (listener: (file: OpenedFile) => void) => openFile.subscribe(listener),
    onMenuCommand: (listener: (command: MenuCommand) => void) => menuCommand.subscribe(listener),
  });
}
