// Install wizard (issue [4]): choose the PFX (a file, or a completed request exported on the spot) → password
// → import into the Local Computer store → pick the provisioning service or an account → grant read access
// to the private key → verify → associate. Every step shows its result and "Show PowerShell" (the script and
// its stdin JSON, secrets redacted). Off Windows everything runs as a dry run, clearly labelled.
// A completed request is never exported to this page: store.import gets its id and the chosen password, and
// the engine exports the PFX in-process straight into the import script's stdin.
// This file lays the wizard out; its state and engine calls are useInstallWizard.ts, each step is in steps/.
import { useId, useRef } from 'react';
import type { ViewProps } from '../../app/types';
import { Steps } from '../../components/Steps';
import { useRequestList } from '../../hooks/useRequestList';
import { useViewActive } from '../../hooks/useViewActive';
import { STEP, STEPS } from './installState';
import { Associate } from './steps/Associate';
import { ChooseFile } from './steps/ChooseFile';
import { GrantAccess } from './steps/GrantAccess';
import { Import } from './steps/Import';
import { Password } from './steps/Password';
import { ServiceAccount } from './steps/ServiceAccount';
import { Verify } from './steps/Verify';
import { useInstallWizard } from './useInstallWizard';
import '../../styles/requests.css';
import './install.css';

export const DRY_RUN_BANNER = 'Dry run: this computer is not Windows; nothing is changed. The PowerShell below is what would run on the provisioning server.';

export function InstallWizardView({ navigate, hasView }: ViewProps) {
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const active = useViewActive(root);
  const { requests } = useRequestList(active);
  const completed = (requests ?? []).filter((r) => r.status === 'completed');
  const wizard = useInstallWizard();
  const { state } = wizard;
  const { step, mode, pfx } = state;

  return (
    <div className="iw" ref={root}>
      <Steps label="Install wizard steps" steps={STEPS} current={step} canGo={(i) => i < step} onGo={wizard.goTo} />
      <section className="panel iw-page" aria-labelledby={`${id}-h`}>
        {mode.kind === 'dry-run' && (
          <p className="iw-banner" role="note" data-testid="dry-run-banner">
            <strong>{DRY_RUN_BANNER.split(':')[0]}:</strong>
            {DRY_RUN_BANNER.slice(DRY_RUN_BANNER.indexOf(':') + 1)}
          </p>
        )}
        {mode.kind === 'windows' && !mode.elevation.elevated && (
          <p className="iw-banner iw-banner-warn" role="note">
            CertDesk is not running as administrator ({mode.elevation.user}). Importing into the Local Computer store and changing key permissions need
            it: close CertDesk and start it with &ldquo;Run as administrator&rdquo;.
          </p>
        )}
        <h1 id={`${id}-h`} ref={wizard.refs.heading} tabIndex={-1} className="rw-title">
          {STEPS[step]}
        </h1>

        {step === STEP.choose && <ChooseFile wizard={wizard} id={id} active={active} completed={completed} />}
        {step === STEP.password && <Password wizard={wizard} id={id} />}
        {step === STEP.import && pfx && <Import wizard={wizard} pfx={pfx} />}
        {step === STEP.account && <ServiceAccount wizard={wizard} id={id} />}
        {step === STEP.grant && pfx && <GrantAccess wizard={wizard} pfx={pfx} />}
        {step === STEP.verify && pfx && <Verify wizard={wizard} id={id} />}
        {step === STEP.associate && pfx && <Associate wizard={wizard} pfx={pfx} navigate={navigate} hasView={hasView} />}
      </section>
    </div>
  );
}
