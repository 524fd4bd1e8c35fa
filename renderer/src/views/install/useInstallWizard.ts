// The Install wizard's behaviour: installState.ts's reducer plus the engine calls. Every Windows step goes
// through run(): busy, then the outcome or the error, in one place. The PFX password never enters the state:
// it is in the password boxes, then in a ref until the import call, then gone.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { Input, Output } from '../../../../shared/api';
import { isDryRun, type DryRunResult } from '../../../../shared/contract/windows';
import { useInstallHandoff } from '../../app/handoff';
import { safeFileName } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { parseSuffixList } from '../../lib/suffixes';
import { passwordPairProblem, type StrengthHint } from '../../lib/password';
import { readOpenedFile } from '../../lib/readFile';
import {
  initialInstallState,
  installReducer,
  RUN_OPS,
  STEP,
  type Account,
  type InstallState,
  type Pfx,
  type RunName,
  type RunOutcome,
  type Source,
  type WindowsOp,
} from './installState';

/** Runs an operation's dry run (always: it feeds "Show PowerShell") and, unless in dry-run mode, the real thing. */
async function runWindows<K extends WindowsOp>(op: K, input: Input<K>, dryRunOnly: boolean): Promise<RunOutcome<K>> {
  const call = window.certdesk[op] as unknown as (i: Input<K>) => Promise<Output<K>>;
  const previewOut = await call({ ...input, dryRun: true });
  const preview = isDryRun(previewOut) ? previewOut : undefined;
  if (dryRunOnly) return { preview };
  const out = await call({ ...input, dryRun: false });
  return { preview, result: isDryRun(out) ? undefined : (out as Exclude<Output<K>, DryRunResult>) };
}

export function useInstallWizard() {
  const [state, dispatch] = useReducer(installReducer, initialInstallState);
  const password = useRef('');
  const pw1 = useRef<HTMLInputElement>(null);
  const pw2 = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const dryRun = state.mode.kind !== 'windows';

  useEffect(() => {
    let live = true;
    window.certdesk['elevation.check']({}).then(
      (out) => {
        if (!live) return;
        dispatch({ type: 'mode', mode: isDryRun(out) ? { kind: 'dry-run', reason: 'The engine answered with a dry run.' } : { kind: 'windows', elevation: out } });
      },
      (raw) => {
        if (!live) return;
        const err = toUiError(raw);
        dispatch({ type: 'mode', mode: { kind: 'dry-run', reason: err.code === 'not-windows' ? err.message : `Windows bridge unavailable (${err.code}): ${err.message}` } });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  // Each arrival at a step (not the first render) moves the keyboard to the step's heading.
  useEffect(() => {
    if (state.visit > 0) window.setTimeout(() => heading.current?.focus(), 0);
  }, [state.visit]);

  // Inspect's "Install Certificate..." hands over the open PFX (app/handoff.ts): start at the password step.
  useInstallHandoff((file) => dispatch({ type: 'handed-over', file }));

  /** The one way a Windows step runs: busy, then its outcome or its error. */
  const run = useCallback(
    async <N extends RunName>(name: N, input: Input<(typeof RUN_OPS)[N]>): Promise<RunOutcome<(typeof RUN_OPS)[N]>> => {
      dispatch({ type: 'run-started', run: name });
      try {
        const outcome = await runWindows(RUN_OPS[name], input, dryRun);
        dispatch({ type: 'run-finished', run: name, outcome });
        return outcome;
      } catch (raw) {
        const error = toUiError(raw);
        dispatch({ type: 'run-failed', run: name, error });
        return { error };
      }
    },
    [dryRun],
  );

  const chooseFile = async (file: File) => {
    try {
      dispatch({ type: 'file-read', file: await readOpenedFile(file) });
    } catch {
      dispatch({ type: 'file-unreadable', fileName: file.name });
    }
  };

  // Step 2: open the PFX with the password (file), or export the completed request with a new password.
  const submitPassword = async () => {
    const first = pw1.current?.value ?? '';
    const second = pw2.current?.value ?? '';
    const { source, requestId, file } = state;
    if (source.kind === 'request') {
      const pair = passwordPairProblem(first, second);
      if (pair) {
        dispatch({ type: 'password-problem', problem: pair === 'empty' ? 'Enter a password: an empty PFX password is refused.' : 'The two passwords do not match.' });
        return;
      }
    } else if (!first) {
      dispatch({ type: 'password-problem', problem: 'Enter the password that protects the PFX.' });
      return;
    }
    dispatch({ type: 'password-busy' });
    try {
      let pfx: Pfx;
      if (source.kind === 'request') {
        // The request's certificates (no key, no PFX): what the import will place. The PFX itself is made by the
        // engine when store.import runs, from the id and this password.
        const shown = await window.certdesk['request.show']({ id: requestId });
        const leaf = shown.chain[0];
        if (shown.status !== 'completed' || !leaf) throw new Error(`Request ${shown.id} is not completed yet: complete it with the CA's certificate first.`);
        pfx = {
          fileName: `${safeFileName(shown.cn, 'certificate')}.pfx`,
          source: { kind: 'request', requestId: shown.id },
          chain: shown.chain,
          others: [],
          thumbprint: leaf.sha1.toUpperCase(),
        };
      } else {
        if (!file) throw new Error('no file');
        const inspect = await window.certdesk.inspect({ fileName: file.fileName, contentBase64: file.contentBase64, password: first });
        const thumbprint = inspect.hasPrivateKey && inspect.leaf ? inspect.leaf.sha1.toUpperCase() : '';
        if (!thumbprint) {
          dispatch({ type: 'password-refused', error: 'This PFX has no private key for its certificate: the provisioning server needs the key. Export the PFX with its key.' });
          return;
        }
        pfx = { fileName: file.fileName, source: { kind: 'file', contentBase64: file.contentBase64 }, chain: inspect.chain, others: inspect.others, amt: inspect.amt, thumbprint };
      }
      password.current = first;
      if (pw1.current) pw1.current.value = '';
      if (pw2.current) pw2.current.value = '';
      dispatch({ type: 'pfx-opened', pfx });
    } catch (raw) {
      const err = toUiError(raw);
      dispatch({ type: 'password-refused', error: err.code === 'wrong-password' ? 'The password is incorrect.' : err.message });
      pw1.current?.select();
    }
  };

  const runImport = async () => {
    const { pfx } = state;
    if (!pfx) return;
    const what = pfx.source.kind === 'file' ? { contentBase64: pfx.source.contentBase64 } : { requestId: pfx.source.requestId };
    const outcome = await run('import', { fileName: pfx.fileName, ...what, password: password.current, ...(state.importAnyway ? { allowIncompleteChain: true } : {}) });
    // The password is not needed after the import call, whatever its outcome; except after incomplete-chain,
    // which is refused before anything runs: the user may still choose "Import anyway".
    if (outcome.error?.code !== 'incomplete-chain') password.current = '';
  };

  const loadServices = useCallback((all: boolean) => void run('services', { all }), [run]);

  useEffect(() => {
    if (state.step === STEP.account && state.runs.services === null) loadServices(state.allServices);
  }, [state.step, state.runs.services, loadServices, state.allServices]);

  const who = () => (state.account.kind === 'service' ? { service: state.account.name.trim() } : { account: state.account.name.trim() });

  const runGrant = () => {
    if (state.pfx) void run('grant', { thumbprint: state.pfx.thumbprint, ...who() });
  };

  // The suffix box uses the engine's rule: an invalid suffix is refused in place, never rewritten.
  const parsedSuffixes = parseSuffixList(state.suffixText);

  const runVerify = () => {
    if (!state.pfx) return;
    if (!parsedSuffixes.ok) {
      dispatch({ type: 'suffix-refused' });
      return;
    }
    const suffixes = parsedSuffixes.suffixes;
    void run('verify', { thumbprint: state.pfx.thumbprint, ...who(), ...(suffixes.length ? { dnsSuffixes: suffixes } : {}) });
  };

  const thumbprint = state.pfx?.thumbprint;
  useEffect(() => {
    if (state.step === STEP.associate && state.runs.association === null && thumbprint) void run('association', { thumbprint });
  }, [state.step, state.runs.association, run, thumbprint]);

  const launchLoadCert = async () => {
    try {
      const out = await window.certdesk['association.launch']({});
      dispatch({ type: 'launched', text: isDryRun(out) ? 'Dry run: nothing launched.' : out.launched ? `Started ${out.path}.` : `Could not start ${out.path}.` });
    } catch (raw) {
      dispatch({ type: 'launched', text: toUiError(raw).message });
    }
  };

  const next = () => {
    dispatch({ type: 'next' });
    if (state.step === STEP.password) void submitPassword();
  };

  return {
    state,
    dryRun,
    parsedSuffixes,
    refs: { pw1, pw2, heading },
    goTo: (step: number) => dispatch({ type: 'go', step }),
    next,
    finish: () => dispatch({ type: 'finish' }),
    setSource: (source: Source) => dispatch({ type: 'source', source }),
    setRequestId: (requestId: string) => dispatch({ type: 'request', requestId }),
    chooseFile,
    passwordEdited: (hint?: StrengthHint) => dispatch({ type: 'password-edited', hint }),
    runImport,
    setImportAnyway: (allow: boolean) => dispatch({ type: 'import-anyway', allow }),
    showAllServices: (all: boolean) => {
      dispatch({ type: 'all-services', all });
      loadServices(all);
    },
    setAccount: (account: Account) => dispatch({ type: 'account', account }),
    runGrant,
    setSuffixText: (text: string) => dispatch({ type: 'suffix-text', text }),
    runVerify,
    launchLoadCert,
  };
}

export type InstallWizard = ReturnType<typeof useInstallWizard>;
export type { InstallState };
