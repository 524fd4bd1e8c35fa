// The settings kept in the data folder (settings.get / settings.set): trusted root hashes and saved device hash
// lists. Loaded once per window; `ready` resolves when the first answer is in (or failed), so a file opened at
// start-up is judged with them.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CertDeskSettings, SettingsSetInput } from '../../../shared/contract/settings';
import type { ErrorInfo } from '../../../shared/errors';
import { toUiError } from '../lib/errors';

export interface SettingsState {
  settings: CertDeskSettings | null;
  /** Why the settings could not be read (the app then works without them). */
  error: ErrorInfo | null;
}

export function useSettings() {
  const [state, setState] = useState<SettingsState>({ settings: null, error: null });
  const latest = useRef<CertDeskSettings | null>(null);
  // The promise and its resolver live together in one ref: a memo may be computed twice (StrictMode) and keep
  // the other result, which would leave `ready` pending forever.
  const deferred = useRef<{ promise: Promise<void>; resolve(): void } | null>(null);
  if (!deferred.current) {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    deferred.current = { promise, resolve };
  }
  const ready = deferred.current.promise;

  useEffect(() => {
    let live = true;
    window.certdesk['settings.get']({}).then(
      (settings) => {
        latest.current = settings;
        if (live) setState({ settings, error: null });
        deferred.current?.resolve();
      },
      (raw) => {
        if (live) setState({ settings: null, error: toUiError(raw) });
        deferred.current?.resolve();
      },
    );
    return () => {
      live = false;
    };
  }, []);

  /** Saves the fields given; answers the stored settings, or throws the { code, message } to show in place. */
  const save = useCallback(async (patch: SettingsSetInput): Promise<CertDeskSettings> => {
    try {
      const settings = await window.certdesk['settings.set'](patch);
      latest.current = settings;
      setState({ settings, error: null });
      return settings;
    } catch (raw) {
      throw toUiError(raw);
    }
  }, []);

  /** The settings as last read or saved, for code that runs outside a render (an inspect call). */
  const current = useCallback(() => latest.current, []);

  return { ...state, ready, save, current };
}

/** The saved device hash list in force, as inspect takes it. */
export function activeDeviceList(settings: CertDeskSettings | null): { fileName: string; text: string } | null {
  if (!settings?.activeDeviceHashList) return null;
  const list = settings.deviceHashLists.find((l) => l.fileName === settings.activeDeviceHashList);
  return list ? { fileName: list.fileName, text: list.text } : null;
}
