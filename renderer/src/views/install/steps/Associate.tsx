// Step 7: tell the provisioning software which certificate to use (Intel SCS 3.x's LoadCert.exe when found),
// with the service account's own store as the way out when the key cannot be shared.
import type { AssociationDetectResult } from '../../../../../shared/contract/windows';
import type { ViewProps } from '../../../app/types';
import { Busy, ErrorLine } from '../../../components/Progress';
import { STEP, type Pfx } from '../installState';
import { SERVICE_ACCOUNT_STORE_FALLBACK } from '../placement';
import { PowerShellDisclosure } from '../PowerShellDisclosure';
import type { InstallWizard } from '../useInstallWizard';
import { DryRunNote } from './parts';

export function Associate({ wizard, pfx, navigate, hasView }: { wizard: InstallWizard; pfx: Pfx } & ViewProps) {
  const { state, dryRun } = wizard;
  const assocRun = state.runs.association;
  return (
    <div>
      <p className="rw-intro">
        Tell the provisioning software to use the certificate <code>{pfx.thumbprint}</code>.
      </p>
      {assocRun?.busy && <Busy text="Looking for Intel SCS LoadCert.exe…" />}
      <ErrorLine error={assocRun?.error} />
      {assocRun?.result && <Association result={assocRun.result} dryRun={dryRun} onLaunch={() => void wizard.launchLoadCert()} />}
      {state.launch && <p role="status">{state.launch}</p>}
      {assocRun?.preview && !assocRun.result && !assocRun.error && (
        <DryRunNote>
          <p>
            On the server, CertDesk looks for Intel SCS 3.x&apos;s LoadCert.exe (under Program Files\Intel\AMTConfServer\Tools) and offers to
            start it. Newer Intel SCS (Remote Configuration Service) and other toolkits choose the certificate in their own console: select the
            certificate with thumbprint <code>{pfx.thumbprint}</code> in Local Computer › Personal.
          </p>
        </DryRunNote>
      )}
      {assocRun?.preview && <PowerShellDisclosure preview={assocRun.preview} />}
      <Fallback steps={assocRun?.result?.fallback ?? SERVICE_ACCOUNT_STORE_FALLBACK} />
      <div className="form-buttons rw-buttons">
        <button type="button" className="btn" onClick={() => wizard.goTo(STEP.verify)}>
          Back
        </button>
        {hasView('requests') && (
          <button type="button" className="btn" onClick={() => navigate('requests')}>
            Requests
          </button>
        )}
        <button type="button" className="btn btn-default" onClick={wizard.finish}>
          Finish
        </button>
      </div>
    </div>
  );
}

function Association({ result, dryRun, onLaunch }: { result: AssociationDetectResult; dryRun: boolean; onLaunch(): void }) {
  return (
    <div className="iw-result">
      {result.guidance.map((g, i) => (
        <p key={i}>{g}</p>
      ))}
      {result.loadCert.found && !dryRun && (
        <button type="button" className="btn btn-primary" onClick={onLaunch}>
          Start LoadCert.exe
        </button>
      )}
    </div>
  );
}

function Fallback({ steps }: { steps: readonly string[] }) {
  const [lead, ...rest] = steps;
  return (
    <details className="iw-fallback">
      <summary>If the service cannot be given access to the key: use the service account&apos;s own store</summary>
      <p>{lead}</p>
      <ol>
        {rest.map((s, i) => (
          <li key={i}>{s.replace(/^\d+\.\s*/, '')}</li>
        ))}
      </ol>
    </details>
  );
}
