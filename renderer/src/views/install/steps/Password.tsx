// Step 2: the PFX file's password (CertDesk opens the file to find the certificate with the key), or a new
// password for the PFX exported from a completed request. The boxes are uncontrolled: the password is never state.
import { FormError } from '../../../components/Progress';
import { PfxPasswordFields, StrengthMeter } from '../../../components/PasswordFields';
import type { InstallWizard } from '../useInstallWizard';
import { STEP } from '../installState';
import { NavButtons } from './parts';

export function Password({ wizard, id }: { wizard: InstallWizard; id: string }) {
  const { state, refs } = wizard;
  const { busy, problem, error, hint } = state.password;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) wizard.next();
      }}
      noValidate
    >
      {state.source.kind === 'file' ? (
        <>
          <p className="rw-intro">
            Enter the password that protects <strong>{state.file?.fileName}</strong>. CertDesk opens the file to check it and find the certificate with
            the key.
          </p>
          <label className="field" htmlFor={`${id}-pw`}>
            PFX password:
          </label>
          <input ref={refs.pw1} id={`${id}-pw`} className="text-input rw-input" type="password" autoComplete="off" onChange={() => wizard.passwordEdited()} />
        </>
      ) : (
        <div className="iw-export">
          <p className="rw-intro">
            Choose a password for the PFX CertDesk exports from the request when it imports it. To keep a copy of the PFX, use Export PFX on the
            Requests list.
          </p>
          <PfxPasswordFields idPrefix={id} first={refs.pw1} second={refs.pw2} onChange={(h) => wizard.passwordEdited(h)} />
          <StrengthMeter id={`${id}-strength`} hint={hint} />
          <p className="hint">
            This PFX is protected with 3DES/SHA-1, which every Windows Server reads (2016 included). It goes straight to the import and is
            never written to disk, so its weaker encryption is never stored anywhere.
          </p>
        </div>
      )}
      <FormError text={problem ?? error} />
      <NavButtons onBack={() => wizard.goTo(STEP.choose)} nextLabel={busy ? 'Opening…' : 'Next'} busy={busy} submit />
    </form>
  );
}
