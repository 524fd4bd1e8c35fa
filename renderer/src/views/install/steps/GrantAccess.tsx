// Step 5: give the account read access to the private key's file, then read the permissions back.
import type { AclGrantResult } from '../../../../../shared/contract/windows';
import { Busy, ErrorLine } from '../../../components/Progress';
import { StatusIcon } from '../../../components/StatusIcon';
import { STEP, type Pfx } from '../installState';
import { PowerShellDisclosure } from '../PowerShellDisclosure';
import type { InstallWizard } from '../useInstallWizard';
import { DryRunNote, NavButtons } from './parts';

export function GrantAccess({ wizard, pfx }: { wizard: InstallWizard; pfx: Pfx }) {
  const { state, dryRun } = wizard;
  const { account } = state;
  const grantRun = state.runs.grant;
  return (
    <div>
      <p className="rw-intro">
        Give <strong>{account.kind === 'service' ? `the logon account of the service ${account.name}` : account.name}</strong> read access to the
        private key of <code>{pfx.thumbprint}</code> (CNG or CAPI key file), then read the permissions back.
      </p>
      <button type="button" className="btn btn-primary" disabled={grantRun?.busy} onClick={wizard.runGrant}>
        {dryRun ? 'Grant read access (dry run)' : 'Grant read access'}
      </button>
      {grantRun?.busy && <Busy text="Granting…" />}
      <ErrorLine error={grantRun?.error} />
      {grantRun?.result && <GrantResult result={grantRun.result} />}
      {grantRun?.preview && !grantRun.result && !grantRun.error && (
        <DryRunNote>
          <p>Would add a Read rule for the account on the key file, then read the ACL back (nothing was changed).</p>
        </DryRunNote>
      )}
      {grantRun?.preview && <PowerShellDisclosure preview={grantRun.preview} />}
      <NavButtons onBack={() => wizard.goTo(STEP.account)} onNext={wizard.next} />
    </div>
  );
}

function GrantResult({ result }: { result: AclGrantResult }) {
  const ok = result.account.canRead && result.verified;
  return (
    <div className="iw-result">
      <p className={`verdict ${ok ? 'verdict-ready' : 'verdict-not-ready'}`} role="status">
        <StatusIcon status={ok ? 'pass' : 'fail'} />
        {ok
          ? `${result.account.name} can read the key${result.changed ? ' (rule added and read back)' : ' (it already could: nothing changed)'}.`
          : `${result.account.name} still cannot read the key.`}
      </p>
      <dl className="kv">
        <div>
          <dt>Key</dt>
          <dd>
            {result.key.provider} — {result.key.keyFile}
          </dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>
            {result.account.name} {result.account.sid ? `(${result.account.sid})` : ''}
          </dd>
        </div>
        <div>
          <dt>Rules after</dt>
          <dd>
            <ul className="iw-rules">
              {result.after.map((r, i) => (
                <li key={i}>
                  {r.type} {r.identity}: {r.rights}
                  {r.inherited ? ' (inherited)' : ''}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
    </div>
  );
}
