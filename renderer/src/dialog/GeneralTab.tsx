// General tab (reference §1): heading, purposes or status, Issued to / by, Valid from … to …, key line.
import type { CertView } from '../../../shared/dto';
import { CertIcon, KeyIcon } from './icons';
import { stateOf } from './status';

export function GeneralTab({ view, onInstall }: { view: CertView; onInstall?: () => void }) {
  const g = view.general;
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
        <button type="button" className="btn" onClick={onInstall} disabled={!onInstall}>
          Install Certificate...
        </button>
        <button type="button" className="btn" disabled title="The certificate has no issuer statement">
          Issuer Statement
        </button>
      </div>
    </div>
  );
}
