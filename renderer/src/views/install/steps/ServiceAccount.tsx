// Step 4: whose logon account needs the key: a provisioning service found by name (or any, with "Show all
// services"), a service typed by name, or an account.
import type { ServiceInfo, ServiceListResult } from '../../../../../shared/contract/windows';
import { Busy, ErrorLine, FormError } from '../../../components/Progress';
import { STEP, type Account } from '../installState';
import { PowerShellDisclosure } from '../PowerShellDisclosure';
import type { InstallWizard } from '../useInstallWizard';
import { NavButtons } from './parts';

export function ServiceAccount({ wizard, id }: { wizard: InstallWizard; id: string }) {
  const { state, dryRun } = wizard;
  const servicesRun = state.runs.services;
  return (
    <div>
      <p className="rw-intro">
        The provisioning service&apos;s logon account needs read access to the private key. Pick the service (CertDesk looks for Intel SCS / RCS /
        AMT configuration services by name) or type the account.
      </p>
      <label className="check-label">
        <input type="checkbox" checked={state.allServices} onChange={(e) => wizard.showAllServices(e.target.checked)} />
        Show all services
      </label>
      {servicesRun?.busy && <Busy text="Looking for services…" />}
      <ErrorLine error={servicesRun?.error} />
      <AccountPicker idPrefix={id} services={servicesRun?.result} dryRun={dryRun} account={state.account} onChange={wizard.setAccount} />
      {servicesRun?.preview && <PowerShellDisclosure preview={servicesRun.preview} />}
      <FormError text={state.stepError} />
      <NavButtons onBack={() => wizard.goTo(STEP.import)} onNext={wizard.next} />
    </div>
  );
}

function AccountPicker(props: { idPrefix: string; services?: ServiceListResult; dryRun: boolean; account: Account; onChange(a: Account): void }) {
  const { idPrefix, services, account } = props;
  const list: ServiceInfo[] = services?.services ?? [];
  return (
    <fieldset className="rw-keysize iw-account">
      <legend>Who needs the key</legend>
      {list.length > 0 ? (
        <div className="iw-services" role="radiogroup" aria-label="Services">
          {list.map((s) => (
            <label key={s.name} className="radio iw-service">
              <input type="radio" name={`${idPrefix}-svc`} checked={account.kind === 'service' && account.name === s.name} onChange={() => props.onChange({ kind: 'service', name: s.name })} />
              <span>
                <strong>{s.displayName || s.name}</strong> ({s.name}) — {s.state}, logs on as {s.account.name}
                {s.account.sid ? ` (${s.account.sid})` : ''}
              </span>
            </label>
          ))}
        </div>
      ) : (
        services && <p className="hint">No provisioning service found by name. Tick &ldquo;Show all services&rdquo;, or type the service or account.</p>
      )}
      {props.dryRun && <p className="hint">In a dry run the services of this computer are not read: type the service name or the account.</p>}
      <label className="radio">
        <input
          type="radio"
          name={`${idPrefix}-svc`}
          checked={account.kind === 'service' && !list.some((s) => s.name === account.name)}
          onChange={() => props.onChange({ kind: 'service', name: '' })}
        />
        Service name:
      </label>
      <input
        className="text-input rw-input iw-indent"
        aria-label="Service name"
        value={account.kind === 'service' && !list.some((s) => s.name === account.name) ? account.name : ''}
        placeholder="AMTconfig"
        spellCheck={false}
        onChange={(e) => props.onChange({ kind: 'service', name: e.target.value })}
      />
      <label className="radio">
        <input type="radio" name={`${idPrefix}-svc`} checked={account.kind === 'account'} onChange={() => props.onChange({ kind: 'account', name: account.kind === 'account' ? account.name : '' })} />
        Account:
      </label>
      <input
        className="text-input rw-input iw-indent"
        aria-label="Account"
        value={account.kind === 'account' ? account.name : ''}
        placeholder="CORP\svc-scs, NT SERVICE\AMTconfig or NetworkService"
        spellCheck={false}
        onChange={(e) => props.onChange({ kind: 'account', name: e.target.value })}
      />
    </fieldset>
  );
}
