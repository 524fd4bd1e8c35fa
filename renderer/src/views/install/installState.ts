// The Install wizard's state as one reducer: every transition the wizard makes, as a pure function (no React,
// no window), so the step rules (what "Next" requires, what going back forgets) are tested in Node
// (test/unit/renderer/install-state.test.ts). useInstallWizard.ts runs the engine calls and dispatches here.
import type { Output } from '../../../../shared/api';
import type { OpenedFile } from '../../../../shared/bridge';
import type { AmtReport, CertSummary } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import type { DryRunResult, ElevationResult, windowsOperations } from '../../../../shared/contract/windows';
import { passwordStrength, type StrengthHint } from '../../lib/password';

export const STEPS = ['Choose the PFX', 'Password', 'Import', 'Service account', 'Grant key access', 'Verify', 'Associate'] as const;

export const STEP = { choose: 0, password: 1, import: 2, account: 3, grant: 4, verify: 5, associate: 6 } as const;

export type WindowsOp = keyof typeof windowsOperations;

/** One Windows step: the dry-run preview (script + redacted input) and, on Windows, the real result. */
export interface StepRun<K extends WindowsOp> {
  busy: boolean;
  preview?: DryRunResult;
  result?: Exclude<Output<K>, DryRunResult>;
  error?: ErrorInfo;
}

/** What a finished run brings back: the preview and, unless in dry-run mode, the real result. */
export type RunOutcome<K extends WindowsOp> = Omit<StepRun<K>, 'busy'>;

/** The wizard's Windows steps and the operation each runs. */
export const RUN_OPS = {
  import: 'store.import',
  services: 'service.list',
  grant: 'acl.grant',
  verify: 'verify',
  association: 'association.detect',
} as const satisfies Record<string, WindowsOp>;

export type RunName = keyof typeof RUN_OPS;

export type Runs = { [N in RunName]: StepRun<(typeof RUN_OPS)[N]> | null };

export type Mode = { kind: 'checking' } | { kind: 'dry-run'; reason: string } | { kind: 'windows'; elevation: ElevationResult };

export type Source = { kind: 'file' } | { kind: 'request' };

/** What store.import gets: a PFX file's bytes, or a completed request the engine exports at import time. */
export type ImportSource = { kind: 'file'; contentBase64: string } | { kind: 'request'; requestId: string };

export interface Pfx {
  fileName: string;
  source: ImportSource;
  /** The certificate with the key first, root last. */
  chain: CertSummary[];
  /** Certificates in a PFX file that are not on the chain. */
  others: CertSummary[];
  /** AMT readiness of a PFX file (the engine's inspect); a request's was shown when it was completed. */
  amt?: AmtReport;
  /** The certificate with the key (its SHA-1 is the Windows thumbprint). */
  thumbprint: string;
}

export type Account = { kind: 'service'; name: string } | { kind: 'account'; name: string };

export interface PasswordStep {
  busy: boolean;
  /** The engine's refusal (wrong password, no key). */
  error: string | null;
  /** What is wrong with the boxes before anything is asked (empty, the two differ). */
  problem: string | null;
  hint: StrengthHint;
}

export interface InstallState {
  step: number;
  /** Counts arrivals at a step (also at the same one), so the view focuses the step's heading after each. */
  visit: number;
  mode: Mode;
  source: Source;
  file: OpenedFile | null;
  requestId: string;
  pfx: Pfx | null;
  password: PasswordStep;
  runs: Runs;
  allServices: boolean;
  account: Account;
  suffixText: string;
  suffixRefused: boolean;
  importAnyway: boolean;
  launch: string | null;
  stepError: string | null;
  finished: boolean;
}

const NO_RUNS: Runs = { import: null, services: null, grant: null, verify: null, association: null };

export const initialInstallState: InstallState = {
  step: STEP.choose,
  visit: 0,
  mode: { kind: 'checking' },
  source: { kind: 'file' },
  file: null,
  requestId: '',
  pfx: null,
  password: { busy: false, error: null, problem: null, hint: passwordStrength('') },
  runs: NO_RUNS,
  allServices: false,
  account: { kind: 'service', name: '' },
  suffixText: '',
  suffixRefused: false,
  importAnyway: false,
  launch: null,
  stepError: null,
  finished: false,
};

export type InstallAction =
  | { type: 'mode'; mode: Mode }
  | { type: 'go'; step: number }
  | { type: 'next' }
  | { type: 'finish' }
  | { type: 'handed-over'; file: OpenedFile }
  | { type: 'source'; source: Source }
  | { type: 'request'; requestId: string }
  | { type: 'file-read'; file: OpenedFile }
  | { type: 'file-unreadable'; fileName: string }
  | { type: 'password-edited'; hint?: StrengthHint }
  | { type: 'password-problem'; problem: string }
  | { type: 'password-busy' }
  | { type: 'password-refused'; error: string }
  | { type: 'pfx-opened'; pfx: Pfx }
  | { type: 'run-started'; run: RunName }
  | { type: 'run-finished'; run: RunName; outcome: RunOutcome<WindowsOp> }
  | { type: 'run-failed'; run: RunName; error: ErrorInfo }
  | { type: 'all-services'; all: boolean }
  | { type: 'account'; account: Account }
  | { type: 'suffix-text'; text: string }
  | { type: 'suffix-refused' }
  | { type: 'import-anyway'; allow: boolean }
  | { type: 'launched'; text: string };

function goTo(state: InstallState, step: number): InstallState {
  return { ...state, step, visit: state.visit + 1, stepError: null };
}

/** "Next": what each step requires before the wizard moves on (the password step is the hook's: it asks the engine). */
function next(state: InstallState): InstallState {
  const s: InstallState = { ...state, stepError: null, finished: false };
  const dryRun = s.mode.kind !== 'windows';
  switch (s.step) {
    case STEP.choose:
      if (s.source.kind === 'file' && !s.file) return { ...s, stepError: 'Choose the PFX file first (or drop it here).' };
      if (s.source.kind === 'request' && !s.requestId) return { ...s, stepError: 'Choose a completed request.' };
      return goTo(s, STEP.password);
    case STEP.password:
      return s;
    case STEP.import:
      if (!s.runs.import?.preview && !s.runs.import?.result) return { ...s, stepError: dryRun ? 'Show the import first (Import, dry run).' : 'Import the PFX first.' };
      return goTo(s, s.step + 1);
    case STEP.account:
      if (!s.account.name.trim()) return { ...s, stepError: s.account.kind === 'service' ? 'Choose or type the provisioning service.' : 'Type the account (e.g. CORP\\svc-scs).' };
      // Another account: the grant and the verdict of the previous one do not apply to it.
      return goTo({ ...s, runs: { ...s.runs, grant: null, verify: null } }, s.step + 1);
    default:
      return goTo(s, s.step + 1);
  }
}

/** What a run's result changes beyond the run itself. */
function afterRun(state: InstallState, run: RunName, outcome: RunOutcome<WindowsOp>): InstallState {
  if (run === 'import') {
    // Windows reports the thumbprint of the certificate it attached the key to: the steps after use that one.
    const keyThumbprint = (outcome.result as { keyThumbprint?: string } | undefined)?.keyThumbprint;
    if (keyThumbprint && state.pfx) return { ...state, pfx: { ...state.pfx, thumbprint: keyThumbprint } };
  }
  if (run === 'services') {
    // Preselect the service found by name (or the first listed), unless one is chosen or typed already.
    const services = (outcome as RunOutcome<'service.list'>).result?.services;
    const first = services?.find((s) => s.matched) ?? services?.[0];
    if (first && state.account.kind === 'service' && !state.account.name) return { ...state, account: { kind: 'service', name: first.name } };
  }
  return state;
}

function withRun(state: InstallState, run: RunName, value: StepRun<WindowsOp> | null): InstallState {
  return { ...state, runs: { ...state.runs, [run]: value } };
}

export function installReducer(state: InstallState, action: InstallAction): InstallState {
  switch (action.type) {
    case 'mode':
      return { ...state, mode: action.mode };
    case 'go':
      return goTo(state, action.step);
    case 'next':
      return next(state);
    case 'finish':
      // The wizard starts again empty (the password was forgotten after the import already); what stays is the
      // mode, the "Show all services" choice and "Import anyway", as before.
      return goTo(
        {
          ...state,
          file: null,
          requestId: '',
          source: { kind: 'file' },
          pfx: null,
          runs: NO_RUNS,
          account: { kind: 'service', name: '' },
          suffixText: '',
          suffixRefused: false,
          launch: null,
          finished: true,
        },
        STEP.choose,
      );
    case 'handed-over':
      return goTo({ ...state, source: { kind: 'file' }, file: action.file, pfx: null, runs: { ...state.runs, import: null } }, STEP.password);
    case 'source':
      return { ...state, source: action.source };
    case 'request':
      return { ...state, requestId: action.requestId };
    case 'file-read':
      return { ...state, file: action.file, pfx: null, runs: { ...state.runs, import: null }, stepError: null };
    case 'file-unreadable':
      return { ...state, stepError: `CertDesk could not read ${action.fileName}.` };
    case 'password-edited':
      return { ...state, password: { ...state.password, problem: null, error: null, hint: action.hint ?? state.password.hint } };
    case 'password-problem':
      return { ...state, password: { ...state.password, problem: action.problem, error: null } };
    case 'password-busy':
      return { ...state, password: { ...state.password, problem: null, error: null, busy: true } };
    case 'password-refused':
      return { ...state, password: { ...state.password, busy: false, error: action.error } };
    case 'pfx-opened':
      return goTo(
        { ...state, pfx: action.pfx, runs: { ...state.runs, import: null }, password: { ...state.password, busy: false, hint: passwordStrength('') } },
        STEP.import,
      );
    case 'run-started':
      return withRun(state, action.run, { busy: true });
    case 'run-finished':
      return afterRun(withRun(state, action.run, { busy: false, ...action.outcome }), action.run, action.outcome);
    case 'run-failed':
      return withRun(state, action.run, { busy: false, error: action.error });
    case 'all-services':
      return { ...state, allServices: action.all };
    case 'account':
      return { ...state, account: action.account, stepError: null };
    case 'suffix-text':
      // A verdict for other suffixes must not stay beside the new text.
      return { ...state, suffixText: action.text, suffixRefused: false, runs: { ...state.runs, verify: null } };
    case 'suffix-refused':
      return { ...state, suffixRefused: true };
    case 'import-anyway':
      return { ...state, importAnyway: action.allow };
    case 'launched':
      return { ...state, launch: action.text };
  }
}
