// General tab (reference §1): heading, purposes or status, Issued to / by, Valid from … to …, key line.
import type { CertView } from '../../../shared/dto';
import { CertIcon, KeyIcon } from './icons';
import { useId } from 'react';
import { stateOf } from './status';

/**
 * "Install Certificate..." starts CertDesk's install flow for the open file, or says why it cannot. Windows would
 * run its Certificate Import Wizard for any certificate; CertDesk's flow exists to put a provisioning certificate
 * *with its private key* into the Local Computer store and give the provisioning service read access to that
 * key, and it takes a PFX. A certificate without its key cannot provision anything, and importing a lone CA
 * certificate into LocalMachine\Root is exactly the silent trust change the install flow guards against, so a
 * keyless file gets the button disabled with the reason and the way forward, not a keyless import.
 */
export type InstallAction = { onInstall(): void } | { reason: string };

export function GeneralTab({ view, install }: { view: CertView; install: InstallAction }) {
  const id = useId();
  const g = view.general;
  const reason = 'reason' in install ? install.reason : null;
  return (
    <div className="general">
      <div className="general-box">
        <div className="general-head">
          <CertIcon state={stateOf(g.statusText)} />
          <h3 className="general-title">Certificate Information</h3>
        </div>
        <hr className="general-rule" />
        {g.statusText ? (
          <p className="general-status">{g.statusText}</p>
        ) : (
          <div className="general-purposes">
            <p className="general-purpose-head">This certificate is intended for the following purpose(s):</p>
            <ul>
              {g.purposes.map((purpose, i) => (
                <li key={`${i}-${purpose}`}>{purpose}</li>
              ))}
            </ul>
          </div>
        )}
        <hr className="general-rule" />
        <dl className="general-names">
          <div>
            <dt>Issued to: </dt>
            <dd>{g.issuedTo}</dd>
          </div>
          <div>
            <dt>Issued by: </dt>
            <dd>{g.issuedBy}</dd>
          </div>
          <div className="general-validity">
            <dt>Valid from </dt>
            <dd>
              {g.validFrom}
              <b> to </b>
              {g.validTo}
            </dd>
          </div>
        </dl>
        {g.hasPrivateKey && (
          <p className="general-key">
            <KeyIcon />
            <span>You have a private key that corresponds to this certificate.</span>
          </p>
        )}
      </div>
      <div className="general-buttons">
        <button
          type="button"
          className="btn"
          onClick={'onInstall' in install ? install.onInstall : undefined}
          disabled={reason !== null}
          title={reason ?? undefined}
          aria-describedby={reason ? `${id}-install` : undefined}
        >
          Install Certificate...
        </button>
        <button type="button" className="btn" disabled title="The certificate has no issuer statement">
          Issuer Statement
        </button>
      </div>
      {reason && (
        <p id={`${id}-install`} className="general-install-reason hint">
          {reason}
        </p>
      )}
    </div>
  );
}
