// One view hands a file to another: Inspect's "Install Certificate..." gives the open file to the Install
// wizard. Every view stays mounted (App.tsx), so a listener is normally there; when it is not yet, the file
// waits in `pending` until the receiving view subscribes. Only the file's bytes travel, never a password.
import { useEffect, useRef } from 'react';
import type { OpenedFile } from '../../../shared/bridge';

type Listener = (file: OpenedFile) => void;

let pending: OpenedFile | null = null;
const listeners = new Set<Listener>();

/** Gives `file` to the Install wizard (it starts at its password step with that file). */
export function handOffToInstall(file: OpenedFile): void {
  if (listeners.size === 0) {
    pending = file;
    return;
  }
  pending = null;
  for (const listener of listeners) listener(file);
}

/** The Install wizard's side: `onFile` runs for each file handed over (and for one that waited). */
export function useInstallHandoff(onFile: Listener): void {
  const latest = useRef(onFile);
  latest.current = onFile;
  useEffect(() => {
    const listener: Listener = (file) => latest.current(file);
    listeners.add(listener);
    if (pending) {
      const file = pending;
      pending = null;
      listener(file);
    }
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
