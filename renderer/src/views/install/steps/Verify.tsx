// Step 6: check the end state (store, key, chain, the account's access, the AMT checks), optionally for the DNS
// suffixes the AMT clients get from DHCP.
import type { VerifyResult } from '../../../../../shared/contract/windows';
import { Busy, ErrorLine } from '../../../components/Progress';
import { StatusIcon } from '../../../components/StatusIcon';
import { STEP } from '../installState';
import { PowerShellDisclosure } from '../PowerShellDisclosure';
import type { InstallWizard } from '../useInstallWizard';
import { DryRunNote, NavButtons } from './parts';

export function Verify({ wizard, id }: { wizard: InstallWizard; id: string }) {
  const { state, dryRun, parsedSuffixes } = wizard;
  const verifyRun = state.runs.verify;
  return (
    <div>
      <p className="rw-intro">Check the end state: certificate and key in LocalMachine\My, the chain builds to a root AMT trusts, the account can read the key, and the AMT checks.</p>
      <label className="field" htmlFor={`${id}-sfx`}>
        DNS suffix (DHCP option 15), optional:
      </label>
      <input
        id={`${id}-sfx`}
        className="text-input rw-input"
        value={state.suffixText}
        placeholder="corp.example.com"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={!parsedSuffixes.ok || undefined}
        aria-describedby={`${id}-sfx-hint${!parsedSuffixes.ok ? ` ${id}-sfx-error` : ''}`}
        onChange={(e) => wizard.setSuffixText(e.target.value)}
      />
      <p id={`${id}-sfx-hint`} className="hint">
        One or more suffixes, separated by commas or spaces, as the AMT clients get them from DHCP (corp.example.com, without a leading dot).
      </p>
      {!parsedSuffixes.ok && (
        <p id={`${id}-sfx-error`} className={`form-error${state.suffixRefused ? ' is-refused' : ''}`} role="alert">
          {parsedSuffixes.message} Not verified.
        </p>
      )}
      <div className="form-buttons">
        <button type="button" className="btn btn-primary" disabled={verifyRun?.busy} onClick={wizard.runVerify}>
          {dryRun ? 'Verify (dry run)' : 'Verify'}
        </button>
      </div>
      {verifyRun?.busy && <Busy text="Verifying…" />}
      <ErrorLine error={verifyRun?.error} />
      {verifyRun?.result && <VerifyReport result={verifyRun.result} />}
      {verifyRun?.preview && !verifyRun.result && !verifyRun.error && (
        <DryRunNote>
          <p>Would check: in store · private key · chain builds · root in the AMT catalogue · the account can read the key · AMT checks (nothing was read).</p>
        </DryRunNote>
      )}
      {verifyRun?.preview && <PowerShellDisclosure preview={verifyRun.preview} />}
      <NavButtons onBack={() => wizard.goTo(STEP.grant)} onNext={wizard.next} />
    </div>
  );
}

function VerifyReport({ result }: { result: VerifyResult }) {
  return (
    <div className="iw-result">
      <p className={`verdict ${result.ok ? 'verdict-ready' : 'verdict-not-ready'}`} role="status">
        <StatusIcon status={result.ok ? 'pass' : 'fail'} />
        {result.ok ? 'The provisioning certificate is installed and usable.' : 'Something is not right yet: see the failed steps.'}
      </p>
      <ul className="checks" aria-label="Verification steps">
        {result.steps.map((s) => (
          <li key={s.id} className={`check check-${s.status}`} data-status={s.status}>
            <StatusIcon status={s.status} />
            <div className="check-text">
              <div className="check-message">{s.message}</div>
              {s.fix && s.status !== 'pass' && (
                <div className="check-fix">
                  <span className="check-fix-label">Fix: </span>
                  {s.fix}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
