// The Install wizard's reducer (renderer/src/views/install/installState.ts): what "Next" requires on each step,
// what a run's result changes, and what Finish forgets. Pure: no React, no window.
import { describe, expect, it } from 'vitest';
import type { DryRunResult } from '../../../shared/contract/windows';
import {
  initialInstallState,
  installReducer,
  STEP,
  type InstallAction,
  type InstallState,
  type Pfx,
} from '../../../renderer/src/views/install/installState';

const file = { fileName: 'prov.pfx', contentBase64: 'AAAA' };
const pfx: Pfx = { fileName: 'prov.pfx', source: { kind: 'file', contentBase64: 'AAAA' }, chain: [], others: [], thumbprint: 'AB12' };
const preview = { dryRun: true } as unknown as DryRunResult;

function play(...actions: InstallAction[]): InstallState {
  return actions.reduce(installReducer, initialInstallState);
}

/** A wizard on `step` with a PFX opened (the steps after Password need one). */
function at(step: number, extra: Partial<InstallState> = {}): InstallState {
  return { ...play({ type: 'file-read', file }, { type: 'pfx-opened', pfx }), step, ...extra };
}

describe('Install wizard state', () => {
  it('does not leave Choose without a file or a request, and says which', () => {
    expect(play({ type: 'next' })).toMatchObject({ step: STEP.choose, stepError: 'Choose the PFX file first (or drop it here).' });
    expect(play({ type: 'source', source: { kind: 'request' } }, { type: 'next' })).toMatchObject({ step: STEP.choose, stepError: 'Choose a completed request.' });
    const moved = play({ type: 'file-read', file }, { type: 'next' });
    expect(moved).toMatchObject({ step: STEP.password, stepError: null });
    expect(moved.visit).toBe(1);
  });

  it('leaves the password step only through pfx-opened, which forgets the strength hint and any earlier import', () => {
    const onPassword = play({ type: 'file-read', file }, { type: 'next' }, { type: 'password-busy' });
    expect(installReducer(onPassword, { type: 'next' }).step).toBe(STEP.password);
    const refused = installReducer(onPassword, { type: 'password-refused', error: 'The password is incorrect.' });
    expect(refused.password).toMatchObject({ busy: false, error: 'The password is incorrect.' });
    const edited = installReducer(refused, { type: 'password-edited' });
    expect(edited.password.error).toBeNull();
    const opened = installReducer({ ...onPassword, runs: { ...onPassword.runs, import: { busy: false, preview } } }, { type: 'pfx-opened', pfx });
    expect(opened).toMatchObject({ step: STEP.import, pfx, password: { busy: false, hint: { strength: 'empty' } } });
    expect(opened.runs.import).toBeNull();
  });

  it('requires the import (or its dry run) before the service step', () => {
    expect(installReducer(at(STEP.import), { type: 'next' }).stepError).toBe('Show the import first (Import, dry run).');
    const onWindows = at(STEP.import, { mode: { kind: 'windows', elevation: { elevated: true, user: 'admin' } as never } });
    expect(installReducer(onWindows, { type: 'next' }).stepError).toBe('Import the PFX first.');
    const imported = installReducer(at(STEP.import), { type: 'run-finished', run: 'import', outcome: { preview } });
    expect(installReducer(imported, { type: 'next' }).step).toBe(STEP.account);
  });

  it('takes the thumbprint Windows reports after the import', () => {
    const state = installReducer(at(STEP.import), { type: 'run-finished', run: 'import', outcome: { preview, result: { keyThumbprint: 'CD34' } as never } });
    expect(state.pfx?.thumbprint).toBe('CD34');
    expect(state.runs.import).toMatchObject({ busy: false, preview });
  });

  it('runs every step the same way: busy, then the outcome or the error', () => {
    const busy = installReducer(at(STEP.grant), { type: 'run-started', run: 'grant' });
    expect(busy.runs.grant).toEqual({ busy: true });
    const failed = installReducer(busy, { type: 'run-failed', run: 'grant', error: { code: 'not-elevated', message: 'no' } });
    expect(failed.runs.grant).toEqual({ busy: false, error: { code: 'not-elevated', message: 'no' } });
  });

  it('preselects the service found by name, but never over a chosen or typed one', () => {
    const services = [
      { name: 'Other', matched: false },
      { name: 'AMTconfig', matched: true },
    ];
    const outcome = { result: { services } as never };
    expect(installReducer(at(STEP.account), { type: 'run-finished', run: 'services', outcome }).account).toEqual({ kind: 'service', name: 'AMTconfig' });
    const typed = at(STEP.account, { account: { kind: 'account', name: 'CORP\\svc' } });
    expect(installReducer(typed, { type: 'run-finished', run: 'services', outcome }).account).toEqual({ kind: 'account', name: 'CORP\\svc' });
  });

  it('needs an account to go on, and forgets the previous grant and verdict when it does', () => {
    expect(installReducer(at(STEP.account), { type: 'next' }).stepError).toBe('Choose or type the provisioning service.');
    expect(installReducer(at(STEP.account, { account: { kind: 'account', name: ' ' } }), { type: 'next' }).stepError).toBe('Type the account (e.g. CORP\\svc-scs).');
    const done = { busy: false, preview };
    const state = at(STEP.account, { account: { kind: 'service', name: 'AMTconfig' }, runs: { ...initialInstallState.runs, grant: done, verify: done } });
    const next = installReducer(state, { type: 'next' });
    expect(next).toMatchObject({ step: STEP.grant, runs: { grant: null, verify: null } });
  });

  it('drops the verdict when the suffixes change', () => {
    const state = at(STEP.verify, { suffixRefused: true, runs: { ...initialInstallState.runs, verify: { busy: false, preview } } });
    const typed = installReducer(state, { type: 'suffix-text', text: 'corp.example.com' });
    expect(typed).toMatchObject({ suffixText: 'corp.example.com', suffixRefused: false, runs: { verify: null } });
  });

  it('Finish starts again empty on Choose, keeping the mode and the "Import anyway" choice', () => {
    const state = at(STEP.associate, {
      mode: { kind: 'dry-run', reason: 'not Windows' },
      importAnyway: true,
      account: { kind: 'service', name: 'AMTconfig' },
      suffixText: 'corp.example.com',
      launch: 'Started.',
      runs: { ...initialInstallState.runs, association: { busy: false, preview } },
    });
    const finished = installReducer(state, { type: 'finish' });
    expect(finished).toMatchObject({
      step: STEP.choose,
      finished: true,
      file: null,
      pfx: null,
      account: { kind: 'service', name: '' },
      suffixText: '',
      launch: null,
      importAnyway: true,
      mode: { kind: 'dry-run', reason: 'not Windows' },
      runs: initialInstallState.runs,
    });
    expect(installReducer(installReducer(finished, { type: 'file-read', file }), { type: 'next' }).finished).toBe(false);
  });

  it('a handed-over file starts at the password step, forgetting the PFX opened before', () => {
    const state = installReducer(at(STEP.verify), { type: 'handed-over', file: { fileName: 'other.pfx', contentBase64: 'BBBB' } });
    expect(state).toMatchObject({ step: STEP.password, source: { kind: 'file' }, file: { fileName: 'other.pfx' }, pfx: null, runs: { import: null } });
  });
});
