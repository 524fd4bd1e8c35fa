// "Certificates in this file": chain (leaf first) then the others; choosing one shows it in the dialog.
import type { CertSummary, CertView } from '../../../../shared/dto';
import { expiryLevel, expiryText } from '../../lib/expiry';

export interface ListedCert {
  sha256: string;
  view: CertView;
  summary?: CertSummary;
  role: string;
}

export function CertificateList({ certs, current, onSelect, omitted = 0 }: { certs: ListedCert[]; current: string; onSelect(sha256: string): void; omitted?: number }) {
  return (
    <section className="panel cert-list" aria-labelledby="cert-list-title">
      <h2 id="cert-list-title" className="panel-title">
        Certificates in this file ({certs.length + omitted})
      </h2>
      {omitted > 0 && (
        <p className="cert-list-omitted" role="note">
          The first {certs.length} are shown here; {omitted} more are in the file (use <code>certdesk inspect --json</code> to list them all).
        </p>
      )}
      <ul>
        {certs.map((c) => {
          const level = expiryLevel(c.view.daysLeft);
          return (
            <li key={c.sha256}>
              <button
                type="button"
                className={`cert-list-item${c.sha256 === current ? ' is-current' : ''}`}
                aria-current={c.sha256 === current ? 'true' : undefined}
                onClick={() => onSelect(c.sha256)}
              >
                <span className="cert-list-name">{c.view.general.issuedTo}</span>
                <span className="cert-list-meta">
                  {c.role}
                  <span className={`chip expiry-${level}`}>{expiryText(c.view.daysLeft)}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
