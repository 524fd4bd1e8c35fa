// The Inspect view's state: which file is open, whether it waits for a password, the last result, and what that
// result was judged with (DNS suffixes, firmware versions, the device hash list, the trusted roots, CA bundles).
import { useCallback, useRef, useState } from 'react';
import type { OpenedFile } from '../../../../shared/bridge';
import type { InspectResult } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import { toUiError } from '../../lib/errors';
import { activeDeviceList, useSettings } from '../../hooks/useSettings';
import type { Judging, Outcome } from '../../components/readiness/judging';

export type { Judging, Outcome } from '../../components/readiness/judging';

export type InspectState =
  | { phase: 'empty' }
  | { phase: 'loading'; file: OpenedFile }
  | { phase: 'password'; file: OpenedFile; wrong: boolean; busy: boolean; tries: number }
  | { phase: 'error'; file: OpenedFile; error: ErrorInfo }
  | {
      phase: 'loaded';
      file: OpenedFile;
      result: InspectResult;
      /** What `result` was judged with. */
      applied: Judging;
      busy: boolean;
      error?: ErrorInfo;
      /** The saved device hash list could not be used (the file was judged without it): why. */
      deviceListProblem?: { fileName: string; error: ErrorInfo };
    };

interface Attempt {
  file: OpenedFile;
  password?: string;
  judging: Judging;
}


const STALE: Outcome = { ok: false, error: { code: 'cancelled', message: 'Superseded by a newer check.' } };

export function useInspect() {
  const settings = useSettings();
  const [state, setState] = useState<InspectState>({ phase: 'empty' });
  // The panel's inputs carry over from one file to the next; the settings part is read at each open.
  const session = useRef<Pick<Judging, 'dnsSuffixes' | 'amtVersions'>>({ dnsSuffixes: [], amtVersions: [] });
  const last = useRef<Attempt | null>(null);
  // Each run has a number; answers to superseded runs are dropped.
  const run = useRef(0);

  const call = (next: Attempt) =>
    window.certdesk.inspect({
      fileName: next.file.fileName,
      contentBase64: next.file.contentBase64,
      ...(next.password !== undefined ? { password: next.password } : {}),
      ...(next.judging.dnsSuffixes.length ? { dnsSuffixes: next.judging.dnsSuffixes } : {}),
      ...(next.judging.amtVersions.length ? { amtVersions: next.judging.amtVersions } : {}),
      ...(next.judging.trustRootHashes.length ? { trustRootHashes: next.judging.trustRootHashes } : {}),
      ...(next.judging.deviceHashes ? { deviceHashes: next.judging.deviceHashes } : {}),
      ...(next.judging.caBundles.length ? { caBundles: next.judging.caBundles } : {}),
      includeViews: true,
    });

  const attempt = useCallback(async (next: Attempt, kind: 'open' | 'password' | 'recheck'): Promise<Outcome> => {
    const id = ++run.current;
    setState((prev) => {
      if (kind === 'password' && prev.phase === 'password') return { ...prev, busy: true };
      if (kind === 'recheck' && prev.phase === 'loaded') return { ...prev, busy: true, error: undefined };
      return { phase: 'loading', file: next.file };
    });
    let deviceListProblem: { fileName: string; error: ErrorInfo } | undefined;
    try {
      let result: InspectResult;
      try {
        result = await call(next);
      } catch (raw) {
        const error = toUiError(raw);
        // A saved device hash list that no longer reads must not stop the file from opening: judge without it
        // and say why. (On a re-check the panel shows the error beside the list instead.)
        if (kind === 'recheck' || !next.judging.deviceHashes || error.code === 'wrong-password' || id !== run.current) throw raw;
        const without: Attempt = { ...next, judging: { ...next.judging, deviceHashes: null } };
        result = await call(without);
        deviceListProblem = { fileName: next.judging.deviceHashes.fileName, error };
        next = without;
      }
      if (id !== run.current) return STALE;
      last.current = next;
      setState({ phase: 'loaded', file: next.file, result, applied: next.judging, busy: false, ...(deviceListProblem ? { deviceListProblem } : {}) });
      return { ok: true };
    } catch (raw) {
      if (id !== run.current) return STALE;
      const error = toUiError(raw);
      if (error.code === 'wrong-password') {
        // First time: ask. After a password was tried: say it was wrong, keep the prompt.
        setState((prev) => ({
          phase: 'password',
          file: next.file,
          wrong: next.password !== undefined,
          busy: false,
          tries: prev.phase === 'password' ? prev.tries + 1 : 0,
        }));
        return { ok: false, error };
      }
      // A failed re-check keeps the verdict of the input it was made for (`applied`), with the error.
      setState((prev) => (kind === 'recheck' && prev.phase === 'loaded' ? { ...prev, busy: false, error } : { phase: 'error', file: next.file, error }));
      return { ok: false, error };
    }
  }, []);

  /** The judging a newly opened file gets: the session's inputs and the saved settings. */
  const freshJudging = useCallback(async (): Promise<Judging> => {
    await settings.ready;
    const saved = settings.current();
    return {
      ...session.current,
      trustRootHashes: saved?.trustedRoots.map((r) => r.hash) ?? [],
      deviceHashes: activeDeviceList(saved),
      caBundles: [],
    };
  }, [settings]);

  const open = useCallback(
    (file: OpenedFile) => {
      run.current++;
      setState({ phase: 'loading', file });
      void freshJudging().then((judging) => attempt({ file, judging }, 'open'));
    },
    [attempt, freshJudging],
  );

  const submitPassword = useCallback(
    (password: string) => {
      if (state.phase !== 'password') return;
      const file = state.file;
      void freshJudging().then((judging) => attempt({ file, password, judging }, 'password'));
    },
    [attempt, state, freshJudging],
  );

  /** Judges the open file again with some inputs changed; answers whether it worked (the error to show in place). */
  const recheck = useCallback(
    async (change: Partial<Judging>): Promise<Outcome> => {
      if (change.dnsSuffixes) session.current = { ...session.current, dnsSuffixes: change.dnsSuffixes };
      if (change.amtVersions) session.current = { ...session.current, amtVersions: change.amtVersions };
      const prev = last.current;
      if (!prev) return { ok: false, error: { code: 'usage', message: 'No file is open.' } };
      return attempt({ ...prev, judging: { ...prev.judging, ...change } }, 'recheck');
    },
    [attempt],
  );

  const close = useCallback(() => {
    run.current++;
    last.current = null;
    setState({ phase: 'empty' });
  }, []);

  const cancelPassword = close;

  return { state, settings, open, submitPassword, recheck, close, cancelPassword };
}
