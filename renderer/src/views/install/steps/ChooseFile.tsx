// Step 1: what to install: a PFX file (chosen or dropped), or a completed request CertDesk exports at import time.
import { useRef } from 'react';
import type { RequestInfo } from '../../../../../shared/contract/requests';
import { FormError } from '../../../components/Progress';
import { fileDropProps } from '../../../hooks/useFileDrop';
import type { InstallWizard } from '../useInstallWizard';
import { NavButtons } from './parts';

export function ChooseFile({ wizard, id, active, completed }: { wizard: InstallWizard; id: string; active: boolean; completed: RequestInfo[] }) {
  const { state, dryRun } = wizard;
  const { source, file, requestId } = state;
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <div
      className="iw-choose"
      {...fileDropProps((f) => {
        wizard.setSource({ kind: 'file' });
        void wizard.chooseFile(f);
      })}
    >
      {state.finished && (
        <p className="iw-banner" role="status">
          {dryRun ? 'The dry run is finished: nothing was changed on this computer.' : 'The Install wizard is finished.'} Choose another PFX to install
          another certificate.
        </p>
      )}
      <p className="rw-intro">Install the provisioning certificate on the provisioning server: its key, its certificate and the chain.</p>
      <fieldset className="rw-keysize">
        <legend>What to install</legend>
        <label className="radio">
          <input type="radio" name={`${id}-src`} checked={source.kind === 'file'} onChange={() => wizard.setSource({ kind: 'file' })} />A PFX file
        </label>
        {source.kind === 'file' && (
          <div className="iw-file">
            <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
              Choose PFX file…
            </button>
            {active && (
              <input
                ref={fileInput}
                type="file"
                accept=".pfx,.p12"
                className="visually-hidden"
                tabIndex={-1}
                aria-label="PFX file to install"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f) void wizard.chooseFile(f);
                }}
              />
            )}
            <span className="iw-file-name" role="status">
              {file ? file.fileName : 'or drop a .pfx / .p12 file here'}
            </span>
          </div>
        )}
        <label className="radio">
          <input
            type="radio"
            name={`${id}-src`}
            checked={source.kind === 'request'}
            disabled={completed.length === 0}
            onChange={() => {
              wizard.setSource({ kind: 'request' });
              if (!requestId && completed[0]) wizard.setRequestId(completed[0].id);
            }}
          />
          A completed request in CertDesk{completed.length === 0 ? ' (none yet)' : ''}
        </label>
        {source.kind === 'request' && (
          <div className="iw-file">
            <label htmlFor={`${id}-req`} className="visually-hidden">
              Completed request
            </label>
            <select id={`${id}-req`} className="iw-select" value={requestId} onChange={(e) => wizard.setRequestId(e.target.value)}>
              {completed.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.cn} — {r.id}
                </option>
              ))}
            </select>
            <p className="hint">CertDesk exports it as a PFX with a password you choose next and hands that PFX straight to the import.</p>
          </div>
        )}
      </fieldset>
      <FormError text={state.stepError} />
      <NavButtons onNext={wizard.next} />
    </div>
  );
}
