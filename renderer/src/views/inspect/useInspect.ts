// The Inspect view's state: which file is open, whether it waits for a password, the last result.
import { useCallback, useRef, useState } from 'react';
import type { OpenedFile } from '../../../../shared/bridge';
import type { ErrorInfo } from '../../../../shared/errors';
import type { InspectResult } from '../../../../shared/dto';
import { toUiError } from '../../lib/errors';

export type InspectState =
  | { phase: 'empty' }
  | { phase: 'loading'; file: OpenedFile }
  | { phase: 'password'; file: OpenedFile; wrong: boolean; busy: boolean; tries: number }
  | { phase: 'error'; file: OpenedFile; error: ErrorInfo }
  | { phase: 'loaded'; file: OpenedFile; result: InspectResult; busy: boolean; error?: ErrorInfo };

interface Attempt {
  file: OpenedFile;
  password?: string;
  dnsSuffixes: string[];
}

export function useInspect() {
  const [state, setState] = useState<InspectState>({ phase: 'empty' });
  const [dnsSuffixes, setDnsSuffixes] = useState<string[]>([]);
  const last = useRef<Attempt | null>(null);
  // Each run has a number; answers to superseded runs are dropped.
  const run = useRef(0);

  const attempt = useCallback(async (next: Attempt, kind: 'open' | 'password' | 'recheck') => {
    const id = ++run.current;
    setState((prev) => {
      if (kind === 'password' && prev.phase === 'password') return { ...prev, busy: true };
      if (kind === 'recheck' && prev.phase === 'loaded') return { ...prev, busy: true, error: undefined };
      return { phase: 'loading', file: next.file };
    });
    try {
      const result = await window.certdesk.inspect({
        fileName: next.file.fileName,
        contentBase64: next.file.contentBase64,
        ...(next.password !== undefined ? { password: next.password } : {}),
        ...(next.dnsSuffixes.length ? { dnsSuffixes: next.dnsSuffixes } : {}),
        includeViews: true,
      });
      if (id !== run.current) return;
      last.current = next;
      setState({ phase: 'loaded', file: next.file, result, busy: false });
    } catch (raw) {
      if (id !== run.current) return;
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
        return;
      }
      setState((prev) =>
        kind === 'recheck' && prev.phase === 'loaded'
          ? { ...prev, busy: false, error }
          : { phase: 'error', file: next.file, error },
      );
    }
  }, []);

  const open = useCallback(
    (file: OpenedFile) => {
      void attempt({ file, dnsSuffixes }, 'open');
    },
    [attempt, dnsSuffixes],
  );

  const submitPassword = useCallback(
    (password: string) => {
      if (state.phase !== 'password') return;
      void attempt({ file: state.file, password, dnsSuffixes }, 'password');
    },
    [attempt, state, dnsSuffixes],
  );

  const recheck = useCallback(
    (suffixes: string[]) => {
      setDnsSuffixes(suffixes);
      const prev = last.current;
      if (!prev || state.phase !== 'loaded') return;
      void attempt({ ...prev, dnsSuffixes: suffixes }, 'recheck');
    },
    [attempt, state.phase],
  );

  const close = useCallback(() => {
    run.current++;
    last.current = null;
    setState({ phase: 'empty' });
  }, []);

  const cancelPassword = close;

  return { state, dnsSuffixes, open, submitPassword, recheck, close, cancelPassword };
}
